/**
 * The analyzer's public surface: run every best-practice and reachability check over a
 * deployment (model + plan), or one of them.
 */
export { analyzeDeployment, CHECKS } from './analyze-deployment.js';
export type { AnalyzeInput } from './analyze-input.js';
export { imageSource, type ImageSource } from './image-registry.js';
export { SENSITIVE_PORTS } from './check-open-to-internet.js';

/**
 * nftables as a typed object model: types, identifiers, validation, rendering, diffing,
 * backends (kernel and fake) and the per-namespace state keeper. See docs/internals.md,
 * "nftables object model".
 *
 * @module
 */
export * from './types.js';
export * from './identifiers.js';
export * from './values.js';
export * from './validate.js';
export * from './render.js';
export * from './diff.js';
export * from './backend.js';
export * from './fake.js';
export * from './trace.js';
export * from './state-keeper.js';

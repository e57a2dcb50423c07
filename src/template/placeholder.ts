/**
 * Values that stand in for what could not be resolved. Resolution reports the problem once and
 * goes on with a placeholder, so every error in a deployment is reported in one run; later layers
 * recognise placeholders and do not report them again.
 */
import type { CfnValue } from './types.js';

const PREFIX = '<unresolved ';

/** A placeholder string naming what it replaces (`<unresolved Ref MyVpc>`). */
export function placeholder(what: string): string {
  return `${PREFIX}${what}>`;
}

/** True when `value` is, or contains (after Join/Sub), a placeholder. */
export function isPlaceholder(value: CfnValue | undefined): boolean {
  if (typeof value === 'string') return value.includes(PREFIX);
  if (Array.isArray(value)) return value.some(isPlaceholder);
  return false;
}

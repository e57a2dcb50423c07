/**
 * Findings that make planning pointless or unsafe. The planner allocates every task, instance
 * and address one by one, so a desired count or capacity past AWS's quotas (10,000,000
 * instances from one parameter) would take minutes and gigabytes before saying anything;
 * AWS refuses such a stack anyway. Commands that plan (`plan`, `check`, `up`) report these
 * findings and stop instead. Pure.
 *
 * @module
 */
import type { Diagnostic } from '../diagnostics.js';

/** Codes of the findings that stop planning: quotas and Auto Scaling capacities AWS refuses. */
export const PLAN_BLOCKING_CODES: ReadonlySet<string> = new Set(['quota-exceeded', 'auto-scaling-size-order']);

/** The errors among `diagnostics` that the plan must not run past. */
export function planBlockers(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.severity === 'error' && PLAN_BLOCKING_CODES.has(d.code));
}

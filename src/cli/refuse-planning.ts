/**
 * The guard of every command that plans: a model past AWS's quotas (see
 * src/validate/plan-blockers.ts) is reported and not planned, so `plan`, `check` and `up` stop
 * in milliseconds with the located error instead of allocating millions of tasks.
 */
import type { Diagnostic } from '../diagnostics.js';
import { planBlockers } from '../validate/plan-blockers.js';
import type { Output } from './command.js';
import { renderDiagnostics } from './render-diagnostics.js';

/**
 * True (and the findings printed) when the plan must not run. `json` prints them as the
 * command's JSON answer; `printed` when the command has already listed the errors.
 */
export function refusePlanning(command: string, diagnostics: readonly Diagnostic[], output: Output, mode: 'text' | 'json' | 'printed'): boolean {
  const blockers = planBlockers(diagnostics);
  if (blockers.length === 0) return false;
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (mode === 'json') {
    // The key each command's JSON answer uses for findings: check's `findings`, plan's `diagnostics`.
    const key = command === 'check' ? 'findings' : 'diagnostics';
    output.out(JSON.stringify({ ok: false, planned: false, errors: errors.length, [key]: errors }, null, 2));
    return true;
  }
  if (mode === 'text') for (const line of renderDiagnostics(errors)) output.err(line);
  output.err(`ecsnet ${command}: not planned: ${blockers.length} finding(s) above are past AWS's quotas or Auto Scaling limits, which AWS refuses and the plan cannot allocate`);
  return true;
}

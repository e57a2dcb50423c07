/**
 * Findings as people read them: one missing export used by twenty resources is one problem,
 * so findings that say the same thing (same code, message and hint) are printed once with the
 * other places listed briefly after it. Scripts get every finding from `--json`. Pure.
 */
import type { Diagnostic } from '../diagnostics.js';
import { formatDiagnostic } from '../diagnostics.js';

/** How many other places of a repeated finding are named before "and N more". */
const PLACES_SHOWN = 4;

/** Lines to print for `list`, in its order, repeated findings folded into their first. */
export function renderDiagnostics(list: readonly Diagnostic[]): string[] {
  const groups = new Map<string, Diagnostic[]>();
  for (const d of list) {
    const key = `${d.severity}\u0000${d.code}\u0000${d.message}\u0000${d.hint ?? ''}`;
    const group = groups.get(key);
    if (group) group.push(d);
    else groups.set(key, [d]);
  }
  const lines: string[] = [];
  for (const [first, ...rest] of groups.values()) {
    if (!first) continue;
    lines.push(formatDiagnostic(first));
    if (rest.length === 0) continue;
    const places = rest.slice(0, PLACES_SHOWN).map((d) => `${d.line ? `${d.file?.split('/').pop()}:${d.line}` : (d.file ?? '?')}${d.logicalId ? ` (${d.logicalId})` : ''}`);
    const more = rest.length > PLACES_SHOWN ? ` and ${rest.length - PLACES_SHOWN} more` : '';
    lines.push(`  the same at ${places.join(', ')}${more}`);
  }
  return lines;
}

/**
 * Which lab a command means when the user does not say: `up` uses the default name; `down`,
 * `status` and `probe` take the only lab there is, and ask when there are several.
 *
 * @module
 */
import { EcsnetError } from '../diagnostics.js';
import { labNameProblem } from '../dataplane/names.js';
import { listLabs, type ListOptions } from '../dataplane/list-labs.js';

/** The lab `ecsnet up` creates when no --lab is given. */
export const DEFAULT_LAB = 'default';

/** Checks a lab name given on the command line. */
export function checkLabName(lab: string): string {
  const problem = labNameProblem(lab);
  if (problem) throw new EcsnetError(problem, [], 2);
  return lab;
}

/**
 * The lab a command acts on: the one named, else the only lab that exists, else the default
 * name (so `down` with nothing running says there was nothing to remove).
 */
export async function chooseLab(named: string | undefined, options: ListOptions = {}): Promise<string> {
  if (named !== undefined) return checkLabName(named);
  const labs = await listLabs(options);
  if (labs.length === 1) return (labs[0] as { lab: string }).lab;
  if (labs.length > 1) throw new EcsnetError(`${labs.length} labs exist (${labs.map((l) => l.lab).join(', ')}): say which with --lab NAME`, [], 2);
  return DEFAULT_LAB;
}

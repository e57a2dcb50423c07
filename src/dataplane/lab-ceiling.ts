/**
 * The most a lab may ask of this machine, checked before anything is created: a template that
 * plans a hundred thousand ENIs must be refused in milliseconds with the limit named, not found
 * out when the kernel runs out halfway through a bring-up. Two limits count: the kernel's
 * per-user limit on network namespaces (`/proc/sys/user/max_net_namespaces`, less those that
 * exist), and ecsnet's own ceiling per lab — a few thousand namespaces and ENIs is what one
 * machine brings up in reasonable time (docs/benchmarks.md: 1,120 ENIs in about ten seconds).
 *
 * @module
 */
import { readdir, readFile } from 'node:fs/promises';
import { LabError } from './lab-error.js';
import type { LabSpec } from './lab-spec.js';

/** ecsnet's own ceiling of one lab. */
export const LAB_CEILING = { namespaces: 10_000, veths: 20_000 } as const;

/** What the machine allows, for the error message and tests. */
export interface MachineLimits {
  /** The kernel's limit on network namespaces for this user. */
  maxNetNamespaces?: number;
  /** Named network namespaces that exist now. */
  existingNamespaces: number;
}

/** Named network namespaces, from `/run/netns` (where `ip netns` keeps them) without running a process. */
export async function countNamedNamespaces(): Promise<number> {
  return (await readdir('/run/netns').catch(() => [] as string[])).length;
}

/** The kernel's namespace limit, when the machine says. */
export async function readMachineLimits(existingNamespaces: number): Promise<MachineLimits> {
  const text = await readFile('/proc/sys/user/max_net_namespaces', 'utf8').catch(() => undefined);
  const max = text === undefined ? undefined : Number(text.trim());
  return { ...(max !== undefined && Number.isInteger(max) ? { maxNetNamespaces: max } : {}), existingNamespaces };
}

/**
 * The reason `spec` does not fit, or undefined. `alreadyHeld` is how many of the spec's
 * namespaces exist already (a live change adds only the difference).
 */
export function ceilingProblem(spec: LabSpec, limits: MachineLimits, alreadyHeld = 0): string | undefined {
  const namespaces = spec.namespaces.length;
  const veths = spec.veths?.length ?? 0;
  if (namespaces > LAB_CEILING.namespaces)
    return `lab "${spec.lab}" needs ${namespaces} network namespaces; ecsnet brings up at most ${LAB_CEILING.namespaces} per lab (lower the desired counts or the Auto Scaling capacities)`;
  if (veths > LAB_CEILING.veths)
    return `lab "${spec.lab}" needs ${veths} ENIs (veth pairs); ecsnet brings up at most ${LAB_CEILING.veths} per lab (lower the desired counts or the Auto Scaling capacities)`;
  if (limits.maxNetNamespaces !== undefined) {
    const free = limits.maxNetNamespaces - limits.existingNamespaces;
    const wanted = namespaces - alreadyHeld;
    if (wanted > free)
      return `lab "${spec.lab}" needs ${wanted} more network namespaces; this machine allows ${free} more (/proc/sys/user/max_net_namespaces = ${limits.maxNetNamespaces}, ${limits.existingNamespaces} exist)`;
  }
  return undefined;
}

/** Throws LabError `ECSNET_E_LAB_TOO_LARGE` when `spec` does not fit; see {@link ceilingProblem}. */
export function assertWithinCeiling(spec: LabSpec, limits: MachineLimits, alreadyHeld = 0): void {
  const problem = ceilingProblem(spec, limits, alreadyHeld);
  if (problem) throw new LabError('ECSNET_E_LAB_TOO_LARGE', problem);
}

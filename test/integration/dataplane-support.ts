/**
 * Shared helpers of the data-plane integration tests: the root gate, unique lab names, a
 * snapshot of everything on the host a lab could leak into, and a bring-up that always tears
 * down.
 *
 * Test address plan: workloads 10.<n>.<subnet>.0/24 (10.0.x for single-lab tests, 10.1.x
 * for the second of two labs when they differ), routers at .1, workloads at .10 and up;
 * "outside" destinations from TEST-NET-3 (203.0.113.0/24) and TEST-NET-2 (198.51.100.0/24).
 */
import { execFileSync } from 'node:child_process';
import { isRoot } from '../../src/dataplane/require-root.js';
import { applyLab, type LabHandle } from '../../src/dataplane/apply-lab.js';
import { destroyLab } from '../../src/dataplane/destroy-lab.js';
import type { LabSpec } from '../../src/dataplane/lab-spec.js';
import { listPids, processEnvironment } from '../../src/dataplane/proc.js';

function haveTools(): boolean {
  try {
    execFileSync('ip', ['-V'], { stdio: 'ignore' });
    execFileSync('nft', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** `node:test` options that skip a kernel test, with the reason, when it cannot run here. */
export const kernelTest: { skip: string | false; timeout: number } = {
  skip: !isRoot() ? 'needs root (network namespaces and nftables): run the integration tests with sudo' : !haveTools() ? 'needs iproute2 and nftables' : false,
  timeout: 60_000,
};

/** A lab name no other test run uses at the same time (≤ 16 characters). */
export function uniqueLab(tag: string): string {
  return `t${tag}-${process.pid.toString(36)}`.slice(0, 16).replace(/-$/, '');
}

function run(argv: string[]): string {
  return execFileSync(argv[0] as string, argv.slice(1), { encoding: 'utf8' });
}

/**
 * Named namespaces, minus those of ecsnet labs started by other processes (a developer's
 * running lab, a parallel test run): they come and go on their own and are not ours to judge.
 * Every other namespace, and all of this process's labs, must match exactly.
 */
function namespacesOfInterest(): string {
  const mine = `-${process.pid.toString(36)}`;
  return run(['ip', 'netns', 'list'])
    .split('\n')
    .filter((line) => !line.startsWith('ecsnet-') || (line.split('.')[0] ?? '').endsWith(mine))
    .join('\n');
}

/**
 * Everything of the host a lab could leave behind: named namespaces, host interfaces, host
 * nftables tables, host routes (both families, all tables) and rules. `down` must leave this
 * exactly as it was before `up`.
 */
export function hostSnapshot(): Record<string, string> {
  return {
    'ip netns list': namespacesOfInterest(),
    'ip -o link show': run(['ip', '-o', 'link', 'show']),
    'nft list tables': run(['nft', 'list', 'tables']),
    'ip route show table all': run(['ip', 'route', 'show', 'table', 'all']),
    'ip -6 route show table all': run(['ip', '-6', 'route', 'show', 'table', 'all']),
    'ip rule': run(['ip', 'rule', 'show']),
  };
}

/** Pids whose environment says they were started for `lab`. */
export async function pidsMarkedFor(lab: string): Promise<number[]> {
  const out: number[] = [];
  for (const pid of await listPids()) {
    if (pid !== process.pid && (await processEnvironment(pid))?.get('ECSNET_LAB') === lab) out.push(pid);
  }
  return out;
}

/** Brings a lab up, runs `fn`, and always destroys the lab, even when `fn` fails. */
export async function withLab<T>(spec: LabSpec, fn: (lab: LabHandle) => Promise<T>): Promise<T> {
  let lab: LabHandle | undefined;
  try {
    lab = await applyLab(spec);
    return await fn(lab);
  } finally {
    await destroyLab(spec.lab);
  }
}

/**
 * Two workloads `a` and `b` on one /24 through a single veth pair: the smallest lab that
 * carries packets.
 */
export function pairSpec(lab: string): LabSpec {
  return {
    lab,
    namespaces: [{ name: 'a' }, { name: 'b' }],
    veths: [{ a: { namespace: 'a', name: 'eth0', addresses: ['10.0.0.10/24'] }, b: { namespace: 'b', name: 'eth0', addresses: ['10.0.0.20/24'] } }],
  };
}

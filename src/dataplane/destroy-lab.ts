/**
 * Removes a lab completely, from its state file when there is one and from ownership markers
 * when there is not (a `kill -9` of `up`, a deleted /run/ecsnet). Idempotent: destroying a lab
 * that is already gone succeeds and reports nothing found.
 *
 * Order matters. The holder of the lab is asked to stop first (it tears down itself); then
 * every process of the lab is stopped, including an `ip -batch` a crashed `up` left running,
 * which would otherwise go on creating namespaces behind us; then the namespaces go (their
 * interfaces go with them, since every interface lives in one); last the state.
 *
 * @module
 */
import { SpawnCommandRunner, type CommandRunner } from './command-runner.js';
import { hostLinksOfLab, listNamedNamespaces } from './kernel-inventory.js';
import { LabError } from './lab-error.js';
import { acquireLabLock, liveLockHolder, type LockHolder } from './lab-lock.js';
import { defaultStateRoot, readLabState, removeLabStateDir, type LabOwner } from './lab-state.js';
import { isLabNamespace, labNameProblem } from './names.js';
import { findLabProcesses, terminateProcesses } from './processes.js';
import { isLabProcess, isSameProcessRunning, LAB_ENV, processEnvironment, processIdentity, signalProcess, waitForExit, type ProcessIdentity } from './proc.js';
import { progressReporter, type ProgressListener } from './progress.js';
import { renderNamespaceDeletion } from './render-ip.js';

/** Options of {@link destroyLab}. */
export interface DestroyOptions {
  runner?: CommandRunner;
  stateRoot?: string;
  onProgress?: ProgressListener;
  /** Time a process gets between SIGTERM and SIGKILL. @default 3000 */
  graceMs?: number;
  /** Time the lab's holder (foreground `up` or supervisor) gets to tear down itself. @default 30000 */
  ownerTimeoutMs?: number;
  /** The caller holds the lab's lock already (a bring-up rolling back). */
  lockHeld?: boolean;
  /** How long to wait for the lab's lock. @default 60000 */
  lockTimeoutMs?: number;
}

/** What a teardown found and removed. */
export interface DestroyReport {
  lab: string;
  /** False when nothing of the lab existed. */
  found: boolean;
  /** The holder that was asked to stop and did, if any. */
  ownerStopped?: LabOwner;
  /** Pids stopped by this call (not counting those the holder stopped itself). */
  processesStopped: number[];
  namespacesDeleted: string[];
  hostLinksDeleted: string[];
  stateRemoved: boolean;
  durationMs: number;
}

/** Tears a lab down; see the module documentation for the order and guarantees. */
export async function destroyLab(lab: string, options: DestroyOptions = {}): Promise<DestroyReport> {
  const problem = labNameProblem(lab);
  if (problem) throw new LabError('ECSNET_E_NO_SUCH_LAB', problem);
  const started = performance.now();
  const runner = options.runner ?? new SpawnCommandRunner({ env: { [LAB_ENV]: lab } });
  const stateRoot = options.stateRoot ?? defaultStateRoot();
  const graceMs = options.graceMs ?? 3000;
  const progress = progressReporter(lab, options.onProgress);
  const report: DestroyReport = { lab, found: false, processesStopped: [], namespacesDeleted: [], hostLinksDeleted: [], stateRemoved: false, durationMs: 0 };

  // Steps 0 and 1 ask whoever has the lab to let it go; then the lock makes us the only actor.
  // An owner can appear while we wait for the lock (a bring-up that finished meanwhile): it is
  // asked in turn, never torn down from under it.
  for (let round = 0; ; round++) {
    if (!options.lockHeld) await letGo(lab, stateRoot, options, progress, report);
    const lock = options.lockHeld
      ? undefined
      : await acquireLabLock(lab, 'down', {
          stateRoot,
          timeoutMs: options.lockTimeoutMs ?? 60_000,
          onWait: (h: LockHolder) => progress('owner', 0, 1, `waiting for ${h.operation} (pid ${h.pid}) to finish`),
        });
    try {
      const state = await readLabState(lab, stateRoot);
      if (lock && round < 5 && state && (await shouldSignalOwner(state.owner, lab))) continue;
      return await destroyLocked(lab, runner, stateRoot, graceMs, progress, report, started);
    } finally {
      await lock?.release();
    }
  }
}

/** 0. A bring-up in progress is cancelled (its holder rolls back on SIGTERM); 1. the lab's holder tears down in order and exits. */
async function letGo(lab: string, stateRoot: string, options: DestroyOptions, progress: ReturnType<typeof progressReporter>, report: DestroyReport): Promise<void> {
  const bringUp = await liveLockHolder(lab, stateRoot);
  // Only a holder that rolls back on SIGTERM is signalled, with the same checks as the lab's owner.
  if (bringUp && bringUp.operation === 'up' && bringUp.holderKind && (await shouldSignalOwner({ ...bringUp, kind: bringUp.holderKind }, lab))) {
    progress('owner', 0, 1, `cancelling the bring-up of pid ${bringUp.pid}`);
    signalProcess(bringUp.pid, 'SIGTERM');
    await waitForExit([bringUp], options.ownerTimeoutMs ?? 30_000);
  }
  const state = await readLabState(lab, stateRoot);
  if (state) report.found = true;
  if (state && (await shouldSignalOwner(state.owner, lab))) {
    progress('owner', 0, 1, `asking ${state.owner.kind} (pid ${state.owner.pid}) to tear the lab down`);
    signalProcess(state.owner.pid, 'SIGTERM');
    const left = await waitForExit([state.owner], options.ownerTimeoutMs ?? 30_000);
    if (left.length === 0) report.ownerStopped = state.owner;
    progress('owner', 1, 1, left.length === 0 ? 'holder stopped' : 'holder did not stop in time; tearing down here');
  }
}

async function destroyLocked(
  lab: string,
  runner: CommandRunner,
  stateRoot: string,
  graceMs: number,
  progress: ReturnType<typeof progressReporter>,
  report: DestroyReport,
  started: number,
): Promise<DestroyReport> {
  const state = await readLabState(lab, stateRoot);
  if (state) report.found = true;

  // 2. Processes: recorded ones after verification, and whatever /proc says belongs to the lab.
  let netns = await labNamespaces(runner, lab, state?.namespaces ?? []);
  const recorded: ProcessIdentity[] = [];
  for (const p of state?.processes ?? []) {
    if ((await isSameProcessRunning(p)) && (await isLabProcess(p.pid, lab))) recorded.push({ pid: p.pid, startTime: p.startTime });
  }
  const discovered = await findLabProcesses(lab, netns);
  const victims = uniqueIdentities([...recorded, ...discovered]);
  if (victims.length > 0) report.found = true;
  progress('processes', 0, victims.length, `stopping ${victims.length} process(es)`);
  const survivors = await terminateProcesses(victims, graceMs);
  report.processesStopped = victims.filter((v) => !survivors.includes(v)).map((v) => v.pid);
  progress('processes', victims.length - survivors.length, victims.length, 'processes stopped');

  // 3. Namespaces. Re-listed until none is left, in case something created one while we worked.
  for (let round = 0; round < 3; round++) {
    netns = await labNamespaces(runner, lab, []);
    if (netns.length === 0) break;
    report.found = true;
    progress('namespaces', 0, netns.length, `deleting ${netns.length} namespace(s)`);
    // Late processes (a crashed `up` that was still starting some) are stopped before their namespace goes.
    const late = await findLabProcesses(lab, netns);
    if (late.length > 0) {
      await terminateProcesses(late, graceMs);
      report.processesStopped.push(...late.map((p) => p.pid));
    }
    // -force: one namespace that vanished meanwhile must not stop the others from being deleted.
    await runner.run(['ip', '-force', '-batch', '-'], { stdin: renderNamespaceDeletion(netns), check: false });
    report.namespacesDeleted.push(...netns);
    progress('namespaces', netns.length, netns.length, 'namespaces deleted');
  }

  // 4. Host interfaces with the lab's alias (none unless something went very wrong).
  const hostLinks = await hostLinksOfLab(runner, lab);
  progress('host-links', 0, hostLinks.length, `deleting ${hostLinks.length} host interface(s)`);
  for (const link of hostLinks) {
    await runner.run(['ip', 'link', 'del', 'dev', link.name], { check: false });
    report.hostLinksDeleted.push(link.name);
  }
  if (hostLinks.length > 0) report.found = true;

  const leftNamespaces = await labNamespaces(runner, lab, []);
  const leftLinks = await hostLinksOfLab(runner, lab);
  if (leftNamespaces.length > 0 || leftLinks.length > 0) {
    throw new LabError(
      'ECSNET_E_DESTROY_INCOMPLETE',
      `lab "${lab}" could not be removed completely: namespaces left: ${leftNamespaces.join(', ') || 'none'}; host interfaces left: ${leftLinks.map((l) => l.name).join(', ') || 'none'}. Its state is kept; run \`ecsnet down ${lab}\` again.`,
    );
  }

  // 5. State, last: as long as anything was left, the state said so.
  progress('state', 0, 1, 'removing state');
  await removeLabStateDir(lab, stateRoot);
  report.stateRemoved = state !== undefined;
  report.durationMs = Math.round(performance.now() - started);
  progress('done', 1, 1, report.found ? `lab "${lab}" removed` : `lab "${lab}" did not exist`);
  return report;
}

/** The lab's namespaces that exist now (from markers), plus recorded ones that still exist. */
async function labNamespaces(runner: CommandRunner, lab: string, recorded: readonly string[]): Promise<string[]> {
  const live = await listNamedNamespaces(runner);
  const liveSet = new Set(live);
  const names = new Set(live.filter((n) => isLabNamespace(lab, n)));
  for (const n of recorded) if (liveSet.has(n) && isLabNamespace(lab, n)) names.add(n);
  return [...names].sort();
}

/**
 * Only a holder that tears down on SIGTERM is signalled (a foreground `up` or a supervisor),
 * never ourselves, never a pid reused by another process, and a supervisor only when /proc
 * shows it carries the lab's marker.
 */
async function shouldSignalOwner(owner: LabOwner, lab: string): Promise<boolean> {
  if (owner.pid === process.pid || owner.kind === 'library') return false;
  if (!(await isSameProcessRunning(owner))) return false;
  if (owner.kind === 'supervisor') return (await processEnvironment(owner.pid))?.get(LAB_ENV) === lab;
  return (await processIdentity(owner.pid)) !== undefined;
}

function uniqueIdentities(list: readonly ProcessIdentity[]): ProcessIdentity[] {
  const seen = new Map<number, ProcessIdentity>();
  for (const p of list) if (!seen.has(p.pid)) seen.set(p.pid, p);
  return [...seen.values()];
}

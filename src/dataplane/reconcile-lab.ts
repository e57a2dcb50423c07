/**
 * Changes a running lab into a new spec by applying only the difference (see spec-diff.ts and
 * render-delta.ts): processes that go are stopped, objects that go are removed, new ones are
 * created and configured with the same renderers a fresh bring-up uses, changed rulesets are
 * replaced in one nft transaction each, new processes start. An unchanged spec costs no kernel
 * write at all. The lab's lock is held throughout, so a `down` or another change waits.
 *
 * nftables go through each namespace's state keeper, so a security-group rule or membership
 * change is a few element operations and every untouched counter keeps counting.
 *
 * Undo: when a step fails, the difference back to the spec that was applied is computed and
 * applied best-effort (every batch with `-force`, failures ignored), which removes what this
 * run created and restores what it removed; every namespace whose tables the run touched is
 * brought back to its old tables by its keeper (which resyncs the namespace whole when the
 * difference does not apply). The lab is left as it was, and the error says which step failed.
 *
 * @module
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommandRunner } from './command-runner.js';
import { mapLimit } from './concurrency.js';
import { LabError } from './lab-error.js';
import { assertWithinCeiling, countNamedNamespaces, readMachineLimits } from './lab-ceiling.js';
import { acquireLabLock } from './lab-lock.js';
import type { LabSpec, ProcessSpec } from './lab-spec.js';
import type { NftUpdateReport } from './nft/state-keeper.js';
import type { NftTable } from './nft/types.js';
import { canonicalJson } from '../util/canonical-json.js';
import { writeLabSpec, writeLabState, writeStateFile, type LabProcessRecord, type LabState } from './lab-state.js';
import { namespaceName } from './names.js';
import { recordedArgv, startLabProcess, stopLabProcess, writeProcessConfig } from './processes.js';
import { renderDelta } from './render-delta.js';
import { describeDiff, diffSize, diffSpecs, type SpecDiff } from './spec-diff.js';
import { splitSysctls, sysctlArgv } from './sysctls.js';
import { assertValidLabSpec } from './validate-spec.js';

/** Per-namespace commands in flight at once. */
const PARALLEL = 8;

/** What a reconcile did, or would do with `dryRun`. */
export interface ReconcileReport {
  lab: string;
  /** One line per kind of object that differs (`routes: +1 -0 ~0`); empty when nothing does. */
  changes: string[];
  /** Objects added, removed or changed. */
  objects: number;
  /** Kernel writes made: batch lines, sysctl and nft commands, processes started and stopped. */
  kernelWrites: number;
  dryRun: boolean;
  durationMs: number;
}

/** What the reconciler needs of a running lab; the lab handle passes its own. */
export interface RunningLab {
  spec: LabSpec;
  state: LabState;
  runner: CommandRunner;
  stateRoot: string;
  stateDir: string;
  nextSeq(): number;
  /**
   * Brings one namespace's nftables tables to `tables` through its state keeper: only the
   * difference (set elements, changed chains) goes to the kernel; a failed transaction resyncs.
   */
  updateNftables(namespace: string, tables: readonly NftTable[]): Promise<NftUpdateReport>;
  /** Drops what the keeper of a deleted namespace remembers. */
  forgetNftables(namespace: string): void;
  /** Writes state.json (the process records) now: a crash mid-change must not lose a started process. */
  persistState(): Promise<void>;
}

/**
 * Applies a changed process to the running one when it can — a daemon told its new
 * configuration over its control channel — and says whether it did; otherwise the process is
 * restarted. Called after the new configuration file is written.
 */
export type LiveProcessUpdate = (before: ProcessSpec, after: ProcessSpec) => Promise<boolean>;

/** Options of {@link reconcileLab}. */
export interface ReconcileOptions {
  /** Live updates of changed processes (the lab controller's daemons). */
  liveUpdate?: LiveProcessUpdate;
  dryRun?: boolean;
  /** How long started processes must stay up to count as started. @default 150 */
  processSettleMs?: number;
  /** The caller holds the lab's lock already. */
  lockHeld?: boolean;
}

/**
 * Takes the running lab to `desired`. Returns the report; `lab.spec` and `lab.state` are
 * updated in place and written to the state directory.
 *
 * @throws LabError `ECSNET_E_APPLY_FAILED` after undoing, naming the failed step.
 */
export async function reconcileLab(lab: RunningLab, desired: LabSpec, options: ReconcileOptions = {}): Promise<ReconcileReport> {
  const started = performance.now();
  const diff = diffSpecs(lab.spec, desired);
  // What the diff left alone was validated when it was applied; only new and changed objects are checked again.
  assertValidLabSpec(desired, { trusted: unchangedObjects(desired, diff) });
  const report: ReconcileReport = { lab: desired.lab, changes: describeDiff(diff), objects: diffSize(diff), kernelWrites: 0, dryRun: options.dryRun ?? false, durationMs: 0 };
  if (report.objects === 0 || options.dryRun) {
    report.durationMs = Math.round(performance.now() - started);
    return report;
  }
  if (diff.namespaces.added.length > 0) assertWithinCeiling(desired, await readMachineLimits(await countNamedNamespaces()), lab.spec.namespaces.length);
  const lock = options.lockHeld ? undefined : await acquireLabLock(desired.lab, 'change', { stateRoot: lab.stateRoot });
  const before = lab.spec;
  try {
    // Written before the first kernel write, removed after the last state write: a controller
    // killed in between leaves it, and the next one puts the lab back (revertInterruptedChange).
    await writeStateFile(desired.lab, PENDING_FILE, JSON.stringify(desired), lab.stateRoot);
    try {
      report.kernelWrites = await applyDiff(lab, diff, desired, options, false);
    } catch (err) {
      await applyDiff(lab, diffSpecs(desired, before), before, options, true).catch(() => undefined);
      for (const ns of touchedRulesets(diff)) {
        if (!before.namespaces.some((n) => n.name === ns)) continue;
        await lab.updateNftables(ns, before.nftables?.find((r) => r.namespace === ns)?.tables ?? []).catch(() => undefined);
      }
      lab.spec = before;
      await persist(lab);
      const reason = err instanceof Error ? err.message : String(err);
      throw new LabError('ECSNET_E_APPLY_FAILED', `lab "${desired.lab}" could not be changed; it was put back as it was.\n${reason}`, { cause: err });
    }
    lab.spec = desired;
    await persist(lab);
  } finally {
    await rm(join(lab.stateDir, PENDING_FILE), { force: true });
    await lock?.release();
  }
  report.durationMs = Math.round(performance.now() - started);
  return report;
}

/** The spec a change was taking the lab to, while it runs. */
const PENDING_FILE = 'spec.pending.json';

/**
 * After a crash in the middle of a change (the pending spec is still there), takes the lab back
 * to the spec it had, best effort: what the change created is removed, what it removed is put
 * back, processes it started are stopped. The caller holds the lab's lock (adopting it) and
 * resyncs nftables from the applied spec afterwards. Returns whether there was anything to undo.
 */
export async function revertInterruptedChange(lab: RunningLab): Promise<boolean> {
  const path = join(lab.stateDir, PENDING_FILE);
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return false;
  let pending: LabSpec | undefined;
  try {
    pending = JSON.parse(text) as LabSpec;
  } catch {
    pending = undefined;
  }
  if (pending && pending.lab === lab.spec.lab) await applyDiff(lab, diffSpecs(pending, lab.spec), lab.spec, {}, true).catch(() => undefined);
  await rm(path, { force: true });
  await persist(lab);
  return true;
}

async function persist(lab: RunningLab): Promise<void> {
  lab.state.namespaces = lab.spec.namespaces.map((n) => namespaceName(lab.spec.lab, n.name));
  lab.state.specHash = await writeLabSpec(lab.spec, lab.stateRoot);
  await writeLabState(lab.state, lab.stateRoot);
}

/** Applies one difference; `bestEffort` (the undo) ignores every failure. Returns the kernel writes made. */
async function applyDiff(lab: RunningLab, diff: SpecDiff, desired: LabSpec, options: ReconcileOptions, bestEffort: boolean): Promise<number> {
  const name = desired.lab;
  const netns = (ns: string): string => namespaceName(name, ns);
  const check = !bestEffort;
  // The undo goes on past what is already gone or already there.
  const force = bestEffort ? ['-force'] : [];
  const batches = renderDelta(diff, desired);
  let writes = batches.writes;

  // 0. Processes whose change the process itself can take (a daemon's new zone): no restart.
  const liveUpdated = new Set<ProcessSpec>();
  if (options.liveUpdate && !bestEffort) {
    for (const [old, now] of diff.processes.changed) {
      const record = findRecord(lab.state.processes, old, lab.stateDir);
      if (!record || !now.configFile || recordedArgv(old, lab.stateDir).join('\0') !== recordedArgv(now, lab.stateDir).join('\0')) continue;
      await writeProcessConfig(lab.stateDir, now.configFile);
      if (await options.liveUpdate(old, now)) {
        liveUpdated.add(old).add(now);
        writes++;
      }
    }
  }

  // 1. Processes that go (or change) stop first: they may hold addresses that go.
  for (const proc of [...diff.processes.removed, ...diff.processes.changed.map(([old]) => old).filter((p) => !liveUpdated.has(p))]) {
    const record = findRecord(lab.state.processes, proc, lab.stateDir);
    if (!record) continue;
    await stopLabProcess(name, record.pid, 3000).catch((err: unknown) => {
      if (check) throw err;
    });
    lab.state.processes = lab.state.processes.filter((p) => p !== record);
    await lab.persistState();
    writes++;
  }

  // 2. Removals; then namespaces that go (their interfaces, routes and rulesets go with them).
  for (const [ns, text] of batches.removals) await lab.runner.run(['ip', '-n', netns(ns), '-force', '-batch', '-'], { stdin: text, check: false });
  if (batches.namespacesToDelete.length > 0)
    await lab.runner.run(['ip', '-force', '-batch', '-'], { stdin: batches.namespacesToDelete.map((n) => `netns del ${n}\n`).join(''), check: false });
  // Their tables went with them: a keeper that remembered them would see nothing to do if the namespace came back.
  for (const ns of diff.namespaces.removed) lab.forgetNftables(ns.name);
  for (const r of diff.nftables.removed) {
    if (diff.namespaces.removed.some((n) => n.name === r.namespace)) continue;
    const result = await lab.updateNftables(r.namespace, []).catch((err: unknown) => {
      if (check) throw err;
      return undefined;
    });
    writes += result?.operations ?? 0;
  }

  // 3. Additions, in bring-up order.
  // Namespaces and veths in one `ip -batch` (a process fewer per change) unless a new namespace
  // has namespace-wide sysctls, which must be set before its interfaces exist.
  const wideSysctls = [...diff.namespaces.added, ...diff.namespaces.changed.map(([, now]) => now)]
    .map((ns) => ({ ns, wide: splitSysctls(ns.sysctls ?? {}).namespaceWide }))
    .filter((s) => s.wide.length > 0);
  const setWide = async (): Promise<void> => {
    for (const { ns, wide } of wideSysctls) {
      await lab.runner.run(['ip', 'netns', 'exec', netns(ns.name), ...sysctlArgv(wide)], { check });
      writes++;
    }
  };
  if (wideSysctls.length === 0 && batches.namespaceCreation && batches.vethCreation) {
    await lab.runner.run(['ip', ...force, '-batch', '-'], { stdin: batches.namespaceCreation + batches.vethCreation, check });
  } else {
    if (batches.namespaceCreation) await lab.runner.run(['ip', ...force, '-batch', '-'], { stdin: batches.namespaceCreation, check });
    await setWide();
    if (batches.vethCreation) await lab.runner.run(['ip', ...force, '-batch', '-'], { stdin: batches.vethCreation, check });
  }
  // Namespaces are independent of each other from here on: their batches run side by side.
  await mapLimit([...batches.configs], PARALLEL, ([ns, text]) => lab.runner.run(['ip', '-n', netns(ns), ...(bestEffort ? ['-force'] : []), '-batch', '-'], { stdin: text, check }));
  const newInterfaces = new Set([...diff.veths.added, ...diff.recreatedVeths].flatMap((v) => [`${v.a.namespace}\0${v.a.name}`, `${v.b.namespace}\0${v.b.name}`]));
  const changedNs = new Set(diff.namespaces.changed.map(([, now]) => now.name));
  for (const ns of desired.namespaces) {
    const perInterface = splitSysctls(ns.sysctls ?? {}).perInterface.filter((s) => changedNs.has(ns.name) || newInterfaces.has(`${ns.name}\0${s.interface}`));
    if (perInterface.length === 0) continue;
    await lab.runner.run(['ip', 'netns', 'exec', netns(ns.name), ...sysctlArgv(perInterface)], { check });
    writes++;
  }

  // 4. nftables: per namespace whose tables are new or changed, one transaction of the difference.
  await mapLimit([...diff.nftables.added, ...diff.nftables.changed.map(([, now]) => now)], PARALLEL, async (r) => {
    try {
      const result = await lab.updateNftables(r.namespace, r.tables);
      if (result.failure && check) throw new Error(`nftables of namespace "${r.namespace}": ${result.failure} (the namespace was resynced whole)`);
      writes += result.operations;
    } catch (err) {
      if (check) throw err;
    }
  });

  // 5. Processes that come.
  for (const proc of [...diff.processes.added, ...diff.processes.changed.map(([, now]) => now).filter((p) => !liveUpdated.has(p))]) {
    try {
      const started = await startLabProcess(name, proc, lab.stateDir, lab.nextSeq());
      lab.state.processes.push(started.record);
      await lab.persistState();
      await new Promise((r) => setTimeout(r, options.processSettleMs ?? 150));
      if (started.exitCode() !== undefined) throw new Error(`process "${proc.role}" in namespace "${proc.namespace}" exited at once with code ${started.exitCode()}`);
    } catch (err) {
      if (check) throw err;
    }
    writes++;
  }
  return writes;
}

/** The objects of `desired` the diff found identical to what is applied. */
function unchangedObjects(desired: LabSpec, diff: SpecDiff): Set<object> {
  const fresh = new Set<object>([
    ...diff.veths.added,
    ...diff.veths.changed.map(([, now]) => now),
    ...diff.routes.added,
    ...diff.routes.changed.map(([, now]) => now),
    ...diff.rules.added,
    ...diff.rules.changed.map(([, now]) => now),
    ...diff.neighbors.added,
    ...diff.neighbors.changed.map(([, now]) => now),
    ...diff.nftables.added,
    ...diff.nftables.changed.map(([, now]) => now),
  ]);
  const all = [...(desired.veths ?? []), ...(desired.routes ?? []), ...(desired.rules ?? []), ...(desired.neighbors ?? []), ...(desired.nftables ?? [])];
  return new Set(all.filter((o) => !fresh.has(o)));
}

function touchedRulesets(diff: SpecDiff): string[] {
  return [...diff.nftables.added, ...diff.nftables.changed.map(([, now]) => now), ...diff.nftables.removed].map((r) => r.namespace);
}

function findRecord(records: readonly LabProcessRecord[], proc: ProcessSpec, stateDir: string): LabProcessRecord | undefined {
  const argv = canonicalJson(recordedArgv(proc, stateDir));
  return records.find((r) => r.namespace === proc.namespace && r.role === proc.role && canonicalJson(r.argv) === argv);
}

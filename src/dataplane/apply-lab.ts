/**
 * Makes a lab spec real, all or nothing. The number of processes it forks is fixed by the
 * shape of the lab, not by its size in objects:
 *
 *  1. one `ip -batch` creating every namespace;
 *  2. per namespace with namespace-wide sysctls, one `sysctl -w` with all of them (before any
 *     interface exists, so `conf.default.*` reaches the lab's interfaces);
 *  3. one `ip -batch` creating every veth pair, both ends placed directly in their namespaces;
 *  4. per namespace, one `ip -n <ns> -batch` for marks, bridges, addresses, links up, permanent neighbours, routes, rules;
 *  5. per namespace with interface sysctls, one `sysctl -w`;
 *  6. per namespace with nftables tables, one `nft -f -` transaction, through the namespace's
 *     state keeper (which the handle keeps, so later changes are diffs);
 *  7. the processes.
 *
 * Per-namespace steps run a few at a time. State is written before the first namespace
 * exists, so even a `kill -9` in the middle leaves a record next to the ownership markers.
 * On any failure everything created so far is removed and the error says which step failed.
 *
 * @module
 */
import { availableParallelism } from 'node:os';
import { SpawnCommandRunner, type CommandResult, type CommandRunner } from './command-runner.js';
import { mapLimit } from './concurrency.js';
import { destroyLab, type DestroyOptions, type DestroyReport } from './destroy-lab.js';
import { execInLab, type ExecOptions } from './exec.js';
import { listNamedNamespaces } from './kernel-inventory.js';
import { LabError } from './lab-error.js';
import { assertWithinCeiling, readMachineLimits } from './lab-ceiling.js';
import { acquireLabLock, type LockHolder } from './lab-lock.js';
import type { LabSpec, ProcessSpec } from './lab-spec.js';
import {
  claimLabStateDir,
  defaultStateRoot,
  removeLabStateDir,
  specHash,
  writeLabSpec,
  writeLabState,
  writeStateFile,
  type LabOwner,
  type LabProcessRecord,
  type LabState,
} from './lab-state.js';
import { isLabNamespace, namespaceName } from './names.js';
import { probe, probeMany, type ProbeOutcome, type ProbeTarget } from './probe.js';
import { LAB_ENV, processStartTime } from './proc.js';
import { logTail, startLabProcess, stopLabProcess, type StartedProcess, type StopOutcome } from './processes.js';
import { progressReporter, type ApplyPhase, type ProgressListener } from './progress.js';
import { renderNamespaceConfigs, renderNamespaceCreation, renderVethCreation } from './render-ip.js';
import { KernelNftBackend, type NftBackend } from './nft/backend.js';
import { NftStateKeeper, type NftUpdateReport } from './nft/state-keeper.js';
import type { NftTable } from './nft/types.js';
import { reconcileLab, revertInterruptedChange, type ReconcileOptions, type ReconcileReport, type RunningLab } from './reconcile-lab.js';
import { splitSysctls, sysctlArgv } from './sysctls.js';
import { assertValidLabSpec } from './validate-spec.js';

/** Options of {@link applyLab}. */
export interface ApplyOptions {
  onProgress?: ProgressListener;
  /** @default a SpawnCommandRunner whose commands carry `ECSNET_LAB=<lab>` */
  runner?: CommandRunner;
  stateRoot?: string;
  /** Per-namespace commands running at once. @default max(4, 2 × CPUs), at most 16 */
  concurrency?: number;
  /** Who will hold the lab; recorded so `down` knows whether it may ask the holder to stop. @default 'library' */
  ownerKind?: LabOwner['kind'];
  /** How long started processes must stay up to count as started. @default 150 */
  processSettleMs?: number;
  /** Aborting (a Ctrl-C during bring-up) stops at the next step and rolls back. */
  signal?: AbortSignal;
  /**
   * Files written into the lab's state directory with spec.json, under the lock (a compiler's
   * manifest): they exist exactly as long as the lab does, with no window for a racing `down`.
   */
  stateFiles?: Record<string, string>;
  /** Called when another operation holds the lab's lock and bring-up waits for it. */
  onLockWait?: (holder: LockHolder) => void;
}

/** Default number of per-namespace commands in flight. */
export function defaultConcurrency(): number {
  return Math.min(16, Math.max(4, 2 * availableParallelism()));
}

/**
 * Applies a spec and returns a handle on the running lab, holding the lab's lock while it
 * works. The lab must not exist yet; after a crash, `destroyLab` it first.
 *
 * @throws EcsnetError when the spec is invalid (nothing touched); LabError
 *   `ECSNET_E_LAB_EXISTS` when the lab or one of its namespaces exists;
 *   LabError `ECSNET_E_APPLY_FAILED` (cause: the failing command) after rolling back.
 */
export async function applyLab(spec: LabSpec, options: ApplyOptions = {}): Promise<LabHandle> {
  const progress = progressReporter(spec.lab, options.onProgress);
  progress('validate', 0, 1, 'checking the spec');
  assertValidLabSpec(spec);
  const runner = options.runner ?? new SpawnCommandRunner({ env: { [LAB_ENV]: spec.lab } });
  const stateRoot = options.stateRoot ?? defaultStateRoot();
  const concurrency = options.concurrency ?? defaultConcurrency();
  const lab = spec.lab;

  // One operation at a time on a lab: a `down` running now finishes before we look at what exists.
  const lock = await acquireLabLock(lab, 'up', {
    holderKind: options.ownerKind ?? 'library',
    stateRoot,
    ...(options.onLockWait ? { onWait: options.onLockWait } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  try {
    return await applyLocked(spec, options, { runner, stateRoot, concurrency, progress });
  } finally {
    await lock.release();
  }
}

interface ApplyContext {
  runner: CommandRunner;
  stateRoot: string;
  concurrency: number;
  progress: ReturnType<typeof progressReporter>;
}

async function applyLocked(spec: LabSpec, options: ApplyOptions, { runner, stateRoot, concurrency, progress }: ApplyContext): Promise<LabHandle> {
  const lab = spec.lab;
  const netnsOf = (name: string): string => namespaceName(lab, name);
  checkAborted(options.signal);
  const stateDir = await claimLabStateDir(lab, stateRoot);
  const state: LabState = {
    version: 1,
    lab,
    specHash: specHash(spec),
    createdAt: new Date().toISOString(),
    status: 'applying',
    owner: { kind: options.ownerKind ?? 'library', pid: process.pid, startTime: (await processStartTime(process.pid)) ?? -1 },
    namespaces: spec.namespaces.map((n) => netnsOf(n.name)),
    processes: [],
  };

  // Nothing of a lab of this name may exist: it would be a crashed run's, and a rollback (which
  // removes every namespace of the lab) would then destroy something this call did not create.
  try {
    const existing = await listNamedNamespaces(runner);
    // The machine's limits, before anything is created.
    assertWithinCeiling(spec, await readMachineLimits(existing.length));
    const clash = existing.filter((n) => isLabNamespace(lab, n));
    if (clash.length > 0) {
      throw new LabError(
        'ECSNET_E_LAB_EXISTS',
        `lab "${lab}" cannot be created: namespace(s) ${clash.slice(0, 5).join(', ')}${clash.length > 5 ? ', …' : ''} already exist (left by a crashed run?); run \`ecsnet down ${lab}\` first`,
      );
    }
    await writeLabSpec(spec, stateRoot);
    for (const [name, contents] of Object.entries(options.stateFiles ?? {})) await writeStateFile(lab, name, contents, stateRoot);
    await writeLabState(state, stateRoot);
  } catch (err) {
    await removeLabStateDir(lab, stateRoot);
    throw err;
  }

  const started: StartedProcess[] = [];
  let phase: ApplyPhase = 'namespaces';
  try {
    const nsCount = spec.namespaces.length;
    progress('namespaces', 0, nsCount, `creating ${nsCount} namespace(s)`);
    await runner.run(['ip', '-batch', '-'], { stdin: renderNamespaceCreation(spec) });
    progress('namespaces', nsCount, nsCount, `${nsCount} namespace(s) created`);

    const sysctls = spec.namespaces.map((ns) => ({ ns, split: splitSysctls(ns.sysctls ?? {}) }));
    checkAborted(options.signal);
    phase = 'sysctls';
    const early = sysctls.filter((s) => s.split.namespaceWide.length > 0);
    await forEachReported(
      early,
      concurrency,
      (s) => runner.run(['ip', 'netns', 'exec', netnsOf(s.ns.name), ...sysctlArgv(s.split.namespaceWide)]),
      (done) => progress('sysctls', done, early.length, `sysctls of ${done}/${early.length} namespace(s)`),
    );

    checkAborted(options.signal);
    phase = 'veths';
    const vethCount = spec.veths?.length ?? 0;
    progress('veths', 0, vethCount, `creating ${vethCount} veth pair(s)`);
    if (vethCount > 0) await runner.run(['ip', '-batch', '-'], { stdin: renderVethCreation(spec) });
    progress('veths', vethCount, vethCount, `${vethCount} veth pair(s) created`);

    checkAborted(options.signal);
    phase = 'addresses';
    const configs = [...renderNamespaceConfigs(spec)];
    await forEachReported(
      configs,
      concurrency,
      ([name, text]) => runner.run(['ip', '-n', netnsOf(name), '-batch', '-'], { stdin: text }),
      (done) => progress('addresses', done, configs.length, `addresses, links, routes and rules of ${done}/${configs.length} namespace(s)`),
    );

    checkAborted(options.signal);
    phase = 'interface-sysctls';
    const late = sysctls.filter((s) => s.split.perInterface.length > 0);
    await forEachReported(
      late,
      concurrency,
      (s) => runner.run(['ip', 'netns', 'exec', netnsOf(s.ns.name), ...sysctlArgv(s.split.perInterface)]),
      (done) => progress('interface-sysctls', done, late.length, `interface sysctls of ${done}/${late.length} namespace(s)`),
    );

    checkAborted(options.signal);
    phase = 'nftables';
    const nftBackend = new KernelNftBackend(runner, netnsOf);
    const nftKeepers = new Map<string, NftStateKeeper>();
    const nftEntries = spec.nftables ?? [];
    await forEachReported(
      nftEntries,
      concurrency,
      async (entry) => {
        const keeper = new NftStateKeeper(nftBackend, entry.namespace);
        await keeper.update(entry.tables);
        nftKeepers.set(entry.namespace, keeper);
      },
      (done) => progress('nftables', done, nftEntries.length, `nftables tables of ${done}/${nftEntries.length} namespace(s)`),
    );

    checkAborted(options.signal);
    phase = 'processes';
    const procs = spec.processes ?? [];
    progress('processes', 0, procs.length, `starting ${procs.length} process(es)`);
    for (const [i, proc] of procs.entries()) {
      const p = await startLabProcess(lab, proc, stateDir, i);
      started.push(p);
      state.processes.push(p.record);
    }
    await writeLabState(state, stateRoot);
    await checkStillRunning(started, options.processSettleMs ?? 150);
    progress('processes', procs.length, procs.length, `${procs.length} process(es) running`);

    checkAborted(options.signal);
    state.status = 'up';
    await writeLabState(state, stateRoot);
    progress('ready', 1, 1, `lab "${lab}" is up`);
    return new LabHandle(spec, state, { runner, stateRoot, stateDir, nextSeq: procs.length, nftBackend, nftKeepers });
  } catch (err) {
    progress('rollback', 0, 1, `${phase} failed; removing what was created`);
    // The recorded owner is this process, so destroyLab will not try to signal it; we hold the lock.
    const leftover = await destroyLab(lab, { runner, stateRoot, graceMs: 1000, lockHeld: true }).then(
      () => undefined,
      (e: unknown) => (e instanceof Error ? e.message : String(e)),
    );
    progress('rollback', 1, 1, leftover ? 'rollback incomplete' : 'rolled back');
    const reason = err instanceof Error ? err.message : String(err);
    const cleanup = leftover ? `removing what it had created failed too: ${leftover}` : 'everything it had created was removed.';
    throw new LabError('ECSNET_E_APPLY_FAILED', `lab "${lab}" could not be brought up (step: ${phase}); ${cleanup}\n${reason}`, { cause: err });
  }
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new LabError('ECSNET_E_APPLY_FAILED', 'bring-up was interrupted');
}

async function forEachReported<T>(items: readonly T[], limit: number, task: (item: T) => Promise<unknown>, onDone: (done: number) => void): Promise<void> {
  let done = 0;
  onDone(0);
  await mapLimit(items, limit, async (item) => {
    await task(item);
    onDone(++done);
  });
}

/** A process that exits at once (a typo in argv, a port in use) fails the bring-up with its log. */
async function checkStillRunning(started: readonly StartedProcess[], settleMs: number): Promise<void> {
  if (started.length === 0) return;
  await new Promise((r) => setTimeout(r, settleMs));
  for (const p of started) {
    const code = p.exitCode();
    if (code !== undefined || (await processStartTime(p.record.pid)) !== p.record.startTime) {
      const tail = await logTail(p.record.log);
      throw new Error(
        `process "${p.record.role}" (${p.record.argv.join(' ')}) in namespace "${p.record.namespace}" exited at once with code ${code ?? '?'}${tail ? `:\n${tail}` : ''}`,
      );
    }
  }
}

export interface HandleContext {
  runner: CommandRunner;
  stateRoot: string;
  stateDir: string;
  nextSeq: number;
  nftBackend: NftBackend;
  /** One state keeper per namespace that has nftables tables, holding what was applied. */
  nftKeepers: Map<string, NftStateKeeper>;
}

/**
 * A running lab, as returned by {@link applyLab}: what later layers (the runtime, probes,
 * live security-group updates) use to act on it. Its state is written through to state.json
 * on every change.
 */
export class LabHandle {
  private writes: Promise<void> = Promise.resolve();
  private current: LabSpec;

  constructor(
    spec: LabSpec,
    readonly state: LabState,
    private readonly ctx: HandleContext,
  ) {
    this.current = spec;
  }

  /** The spec the lab runs now (it changes with {@link reconcile}). */
  get spec(): LabSpec {
    return this.current;
  }

  /**
   * Takes the running lab to `desired`, applying only the difference (nothing at all when
   * nothing differs); see {@link reconcileLab}.
   */
  async reconcile(desired: LabSpec, options: ReconcileOptions = {}): Promise<ReconcileReport> {
    await this.writes;
    const running = this.running();
    try {
      return await reconcileLab(running, desired, options);
    } finally {
      this.current = running.spec;
    }
  }

  /**
   * Undoes a change a crashed holder left half-applied (see {@link revertInterruptedChange});
   * the caller holds the lab's lock. True when there was one.
   */
  async revertInterrupted(): Promise<boolean> {
    await this.writes;
    return revertInterruptedChange(this.running());
  }

  /** This lab as the reconciler acts on it. */
  private running(): RunningLab {
    return {
      spec: this.current,
      state: this.state,
      runner: this.ctx.runner,
      stateRoot: this.ctx.stateRoot,
      stateDir: this.ctx.stateDir,
      nextSeq: () => this.ctx.nextSeq++,
      // Namespaces the change creates are not in the current spec yet: no membership check here.
      updateNftables: (namespace, tables) => this.keeperFor(namespace).update(tables),
      forgetNftables: (namespace) => void this.ctx.nftKeepers.delete(namespace),
      persistState: () => this.persist(),
    };
  }

  /** The lab name. */
  get lab(): string {
    return this.spec.lab;
  }

  /** Kernel name of a logical namespace of this lab. */
  netns(name: string): string {
    return namespaceName(this.lab, name);
  }

  /** Starts one more process in the lab and records it. */
  async startProcess(proc: ProcessSpec, settleMs = 150): Promise<LabProcessRecord> {
    if (!this.spec.namespaces.some((n) => n.name === proc.namespace)) {
      throw new LabError('ECSNET_E_NO_SUCH_LAB', `lab "${this.lab}" has no namespace "${proc.namespace}"`);
    }
    const started = await startLabProcess(this.lab, proc, this.ctx.stateDir, this.ctx.nextSeq++);
    this.state.processes.push(started.record);
    await this.persist();
    try {
      await checkStillRunning([started], settleMs);
    } catch (err) {
      this.state.processes = this.state.processes.filter((p) => p !== started.record);
      await this.persist();
      throw err;
    }
    return started.record;
  }

  /** Stops a process of the lab (verified through /proc first) and forgets it. */
  async stopProcess(pid: number, graceMs = 3000): Promise<StopOutcome> {
    const outcome = await stopLabProcess(this.lab, pid, graceMs);
    this.state.processes = this.state.processes.filter((p) => p.pid !== pid);
    await this.persist();
    return outcome;
  }

  /** Runs a command inside a namespace of the lab; see {@link execInLab}. */
  exec(namespace: string, argv: readonly string[], options: ExecOptions = {}): Promise<CommandResult> {
    return execInLab(this.lab, namespace, argv, { runner: this.ctx.runner, ...options });
  }

  /** Probes one target from a namespace of the lab. */
  probe(from: string, target: ProbeTarget): Promise<ProbeOutcome> {
    return probe(this.lab, from, target, { runner: this.ctx.runner });
  }

  /** Probes several targets at once from a namespace of the lab. */
  probeMany(from: string, targets: readonly ProbeTarget[]): Promise<ProbeOutcome[]> {
    return probeMany(this.lab, from, targets, { runner: this.ctx.runner });
  }

  /**
   * Brings one namespace's nftables tables to `tables` (live security-group changes): only the
   * difference to what was applied goes to the kernel, so untouched counters keep counting;
   * after a failed transaction the namespace is resynced whole, and the report says so.
   * Tables the namespace had and `tables` lacks are deleted.
   */
  async updateNftables(namespace: string, tables: readonly NftTable[]): Promise<NftUpdateReport> {
    if (!this.spec.namespaces.some((n) => n.name === namespace)) {
      throw new LabError('ECSNET_E_NO_SUCH_LAB', `lab "${this.lab}" has no namespace "${namespace}"`);
    }
    return this.keeperFor(namespace).update(tables);
  }

  private keeperFor(namespace: string): NftStateKeeper {
    let keeper = this.ctx.nftKeepers.get(namespace);
    if (!keeper) {
      keeper = new NftStateKeeper(this.ctx.nftBackend, namespace);
      this.ctx.nftKeepers.set(namespace, keeper);
    }
    return keeper;
  }

  /** The nftables tables last applied in a namespace (undefined when it has none from ecsnet). */
  nftTables(namespace: string): readonly NftTable[] | undefined {
    return this.ctx.nftKeepers.get(namespace)?.tables;
  }

  /** Tears the lab down; see {@link destroyLab}. */
  async destroy(options: Omit<DestroyOptions, 'stateRoot'> = {}): Promise<DestroyReport> {
    await this.writes;
    return destroyLab(this.lab, { runner: this.ctx.runner, stateRoot: this.ctx.stateRoot, ...options });
  }

  private persist(): Promise<void> {
    this.writes = this.writes.then(() => writeLabState(this.state, this.ctx.stateRoot));
    return this.writes;
  }
}

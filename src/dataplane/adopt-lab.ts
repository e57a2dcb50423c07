/**
 * Taking over a running lab whose holder is gone — a controller killed with `kill -9`, a
 * machine's `ecsnet up` restarted — from what the lab's state directory says: the spec it was
 * built from and the processes it started. The lab's namespaces and processes outlive their
 * holder (processes run in sessions of their own), so nothing needs rebuilding: the new holder
 * checks that every namespace is there, starts again the processes of the spec that died, puts
 * every nftables ruleset back whole (a resync, in case a change was cut off midway), records
 * itself as the owner and carries on.
 *
 * @module
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { LabHandle } from './apply-lab.js';
import { KernelNftBackend } from './nft/backend.js';
import { NftStateKeeper } from './nft/state-keeper.js';
import { SpawnCommandRunner, type CommandRunner } from './command-runner.js';
import { listNamedNamespaces } from './kernel-inventory.js';
import { LabError } from './lab-error.js';
import { acquireLabLock } from './lab-lock.js';
import { defaultStateRoot, labStateDir, readLabSpec, readLabState, writeLabState, type LabOwner } from './lab-state.js';
import { namespaceName } from './names.js';
import { isSameProcessRunning, LAB_ENV, processStartTime } from './proc.js';
import { recordedArgv, startLabProcess } from './processes.js';

/** Options of {@link adoptLab}. */
export interface AdoptOptions {
  runner?: CommandRunner;
  stateRoot?: string;
  ownerKind?: LabOwner['kind'];
}

/** What adopting found and repaired. */
export interface AdoptReport {
  /** Processes of the spec that had died and were started again. */
  restarted: string[];
  /** Namespaces whose rulesets were put back whole. */
  resynced: string[];
  /** A change that was cut off midway was undone. */
  revertedChange: boolean;
}

/**
 * Adopts lab `lab`; the caller becomes its owner.
 *
 * @throws LabError `ECSNET_E_NO_SUCH_LAB` when there is no state to adopt, or when namespaces of
 *   the spec are missing (the lab is damaged: `ecsnet down` it and bring it up again).
 */
export async function adoptLab(lab: string, options: AdoptOptions = {}): Promise<{ handle: LabHandle; report: AdoptReport }> {
  const stateRoot = options.stateRoot ?? defaultStateRoot();
  const runner = options.runner ?? new SpawnCommandRunner({ env: { [LAB_ENV]: lab } });
  const lock = await acquireLabLock(lab, 'change', { stateRoot });
  try {
    const [spec, state] = [await readLabSpec(lab, stateRoot), await readLabState(lab, stateRoot)];
    if (state && state.owner.pid !== process.pid && (await isSameProcessRunning(state.owner))) {
      throw new LabError(
        'ECSNET_E_LAB_BUSY',
        `lab "${lab}" is held by ${state.owner.kind} pid ${state.owner.pid}${state.status === 'applying' ? ', which is still bringing it up' : ''}; it cannot be taken over while that runs`,
      );
    }
    if (!spec || !state || state.status !== 'up')
      throw new LabError('ECSNET_E_NO_SUCH_LAB', `lab "${lab}" has no complete state to resume from; remove it with \`ecsnet down ${lab}\` and bring it up again`);
    const live = new Set(await listNamedNamespaces(runner));
    const missing = spec.namespaces.map((n) => namespaceName(lab, n.name)).filter((n) => !live.has(n));
    if (missing.length > 0)
      throw new LabError(
        'ECSNET_E_NO_SUCH_LAB',
        `lab "${lab}" is damaged: namespace(s) ${missing.slice(0, 5).join(', ')} are gone; remove it with \`ecsnet down ${lab}\` and bring it up again`,
      );

    const stateDir = labStateDir(lab, stateRoot);
    let seq = (await readdir(join(stateDir, 'logs')).catch(() => [] as string[])).length;
    const report: AdoptReport = { restarted: [], resynced: [], revertedChange: false };
    const alive = [];
    for (const p of state.processes) if (await isSameProcessRunning(p)) alive.push(p);
    state.processes = alive;
    for (const proc of spec.processes ?? []) {
      const argv = JSON.stringify(recordedArgv(proc, stateDir));
      if (alive.some((r) => r.namespace === proc.namespace && r.role === proc.role && JSON.stringify(r.argv) === argv)) continue;
      const started = await startLabProcess(lab, proc, stateDir, seq++);
      state.processes.push(started.record);
      report.restarted.push(`${proc.role} in ${proc.namespace}`);
    }
    // A keeper that knows nothing resyncs on its first update: the tables are recreated whole from the spec.
    const nftBackend = new KernelNftBackend(runner, (ns) => namespaceName(lab, ns));
    const nftKeepers = new Map<string, NftStateKeeper>();
    for (const r of spec.nftables ?? []) {
      const keeper = new NftStateKeeper(nftBackend, r.namespace);
      await keeper.update(r.tables);
      nftKeepers.set(r.namespace, keeper);
      report.resynced.push(r.namespace);
    }
    state.owner = { kind: options.ownerKind ?? 'library', pid: process.pid, startTime: (await processStartTime(process.pid)) ?? -1 };
    await writeLabState(state, stateRoot);
    const handle = new LabHandle(spec, state, { runner, stateRoot, stateDir, nextSeq: seq, nftBackend, nftKeepers });
    // A change the crashed holder left half done is undone first: the lab is then exactly spec.json.
    report.revertedChange = await handle.revertInterrupted();
    return { handle, report };
  } finally {
    await lock.release();
  }
}

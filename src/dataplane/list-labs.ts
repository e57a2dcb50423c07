/**
 * Which labs exist on this machine, found both from state directories and from namespace
 * markers, so `ecsnet ls` also shows a lab whose state was lost (and that `down` can still
 * remove).
 *
 * @module
 */
import { SpawnCommandRunner, type CommandRunner } from './command-runner.js';
import { listNamedNamespaces } from './kernel-inventory.js';
import { defaultStateRoot, labStateDir, listStateDirs, readLabState, type LabOwner } from './lab-state.js';
import { LAB_NAME_PATTERN, parseNamespaceName } from './names.js';
import { isLabProcess, isSameProcessRunning } from './proc.js';

/**
 * `up`: held by a live process and fully applied; `applying`: held, bring-up in progress;
 * `crashed`: state present but its holder is gone; `orphaned`: namespaces with no state.
 * Labs in the last two are still there and are removed by `destroyLab`.
 */
export type LabStatus = 'up' | 'applying' | 'crashed' | 'orphaned';

/** One lab as `ecsnet ls` shows it. */
export interface LabSummary {
  lab: string;
  status: LabStatus;
  createdAt?: string;
  owner?: LabOwner & { alive: boolean };
  /** Kernel names of the lab's namespaces that exist now. */
  namespaces: string[];
  processes: Array<{ pid: number; role: string; namespace: string; alive: boolean }>;
  stateDir?: string;
}

/** Options of {@link listLabs}. */
export interface ListOptions {
  runner?: CommandRunner;
  stateRoot?: string;
}

/** Every lab found from state or markers, sorted by name. */
export async function listLabs(options: ListOptions = {}): Promise<LabSummary[]> {
  const runner = options.runner ?? new SpawnCommandRunner();
  const stateRoot = options.stateRoot ?? defaultStateRoot();
  const byLab = new Map<string, string[]>();
  for (const netns of await listNamedNamespaces(runner)) {
    const parsed = parseNamespaceName(netns);
    if (!parsed) continue;
    const list = byLab.get(parsed.lab) ?? [];
    list.push(netns);
    byLab.set(parsed.lab, list);
  }
  const names = new Set([...byLab.keys(), ...(await listStateDirs(stateRoot)).filter((n) => LAB_NAME_PATTERN.test(n))]);
  const summaries: LabSummary[] = [];
  for (const lab of [...names].sort()) {
    const state = await readLabState(lab, stateRoot);
    const namespaces = (byLab.get(lab) ?? []).sort();
    if (!state) {
      if (namespaces.length > 0) summaries.push({ lab, status: 'orphaned', namespaces, processes: [] });
      continue;
    }
    const alive = await isSameProcessRunning(state.owner);
    const processes = await Promise.all(
      state.processes.map(async (p) => ({
        pid: p.pid,
        role: p.role,
        namespace: p.namespace,
        alive: (await isSameProcessRunning(p)) && (await isLabProcess(p.pid, lab)),
      })),
    );
    summaries.push({
      lab,
      status: !alive ? 'crashed' : state.status === 'up' ? 'up' : 'applying',
      createdAt: state.createdAt,
      owner: { ...state.owner, alive },
      namespaces,
      processes,
      stateDir: labStateDir(lab, stateRoot),
    });
  }
  return summaries;
}

/**
 * A lab's state on disk: `/run/ecsnet/<lab>/state.json` (what exists, which processes are
 * ours, who holds the lab) and `spec.json` (the desired state it was built from, for `status`).
 * /run is a tmpfs, so state never outlives a reboot, and neither do namespaces. Files are
 * written to a temporary name and renamed, so a crash never leaves half a file: readers see the
 * old state or the new one.
 *
 * The directory is created with a non-recursive `mkdir`, which doubles as the lab's lock: two
 * `up` of the same lab cannot both succeed.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LabError } from './lab-error.js';
import type { LabSpec } from './lab-spec.js';
import type { ProcessIdentity } from './proc.js';

export { canonicalJson } from '../util/canonical-json.js';

/** Where lab state lives unless told otherwise (`ECSNET_STATE_DIR` overrides it, e.g. for tests). */
export function defaultStateRoot(): string {
  return process.env.ECSNET_STATE_DIR ?? '/run/ecsnet';
}

/** A process the lab started and will stop. */
export interface LabProcessRecord extends ProcessIdentity {
  role: string;
  /** Logical namespace. */
  namespace: string;
  argv: string[];
  startedAt: string;
  /** File receiving its stdout and stderr. */
  log: string;
}

/** Who holds a lab: the process that tears it down when told to. */
export interface LabOwner extends ProcessIdentity {
  /** `foreground`: an `ecsnet up` in a terminal; `supervisor`: the detached supervisor; `library`: any other caller. */
  kind: 'foreground' | 'supervisor' | 'library';
}

/** The contents of state.json. */
export interface LabState {
  version: 1;
  lab: string;
  /** sha256 of spec.json as written (see {@link specHash}), to tell whether a running lab matches a spec. */
  specHash: string;
  createdAt: string;
  /** `applying` until everything exists; a lab found `applying` with a dead owner crashed mid-way. */
  status: 'applying' | 'up';
  owner: LabOwner;
  /** Kernel names of the lab's namespaces. */
  namespaces: string[];
  processes: LabProcessRecord[];
}

/** The directory of one lab's state. */
export function labStateDir(lab: string, stateRoot = defaultStateRoot()): string {
  return join(stateRoot, lab);
}

/**
 * sha256 of a spec's JSON as spec.json holds it. Key order counts: the compiler emits a spec in
 * one deterministic order and JSON keeps it, and hashing the plain JSON keeps a live change of a
 * 1,000-ENI lab from paying for a key sort of every object (compare with {@link canonicalJson}
 * when order must not matter).
 */
export function specHash(spec: LabSpec): string {
  return createHash('sha256').update(JSON.stringify(spec)).digest('hex');
}

/**
 * Creates the lab's state directory, failing when it already exists: that is the lock against
 * a second `up` of the same lab, and against reusing the name of a crashed lab before `down`.
 */
export async function claimLabStateDir(lab: string, stateRoot = defaultStateRoot()): Promise<string> {
  await mkdir(stateRoot, { recursive: true, mode: 0o755 });
  const dir = labStateDir(lab, stateRoot);
  try {
    await mkdir(dir, { mode: 0o755 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new LabError('ECSNET_E_LAB_EXISTS', `lab "${lab}" already exists (state in ${dir}); run \`ecsnet down ${lab}\` first`);
    }
    throw err;
  }
  return dir;
}

let tmpCounter = 0;

/** Writes a file so readers see either the old or the new contents, never a mix. */
export async function writeFileAtomic(path: string, contents: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${++tmpCounter}`;
  await writeFile(tmp, contents, { mode: 0o644 });
  await rename(tmp, path);
}

/** Writes state.json atomically. */
export async function writeLabState(state: LabState, stateRoot = defaultStateRoot()): Promise<void> {
  await writeFileAtomic(join(labStateDir(state.lab, stateRoot), 'state.json'), `${JSON.stringify(state, null, 2)}\n`);
}

/** Writes spec.json atomically; returns its {@link specHash}. */
export async function writeLabSpec(spec: LabSpec, stateRoot = defaultStateRoot()): Promise<string> {
  // Compact, and serialised once for the file and its hash: a large lab's spec is rewritten on every live change.
  const text = JSON.stringify(spec);
  await writeFileAtomic(join(labStateDir(spec.lab, stateRoot), 'spec.json'), `${text}\n`);
  return createHash('sha256').update(text).digest('hex');
}

/** Writes another file of the lab's state directory atomically; `name` is a plain file name. */
export async function writeStateFile(lab: string, name: string, contents: string, stateRoot = defaultStateRoot()): Promise<void> {
  if (!/^[a-z0-9][a-z0-9_.-]*$/.test(name) || name.includes('..')) throw new LabError('ECSNET_E_NO_SUCH_LAB', `"${name}" is not a state file name`);
  await writeFileAtomic(join(labStateDir(lab, stateRoot), name), contents);
}

/** state.json of a lab, or undefined when absent or unreadable (a crash may have left anything). */
export async function readLabState(lab: string, stateRoot = defaultStateRoot()): Promise<LabState | undefined> {
  try {
    const parsed = JSON.parse(await readFile(join(labStateDir(lab, stateRoot), 'state.json'), 'utf8')) as LabState;
    return parsed && parsed.version === 1 && parsed.lab === lab ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** spec.json of a lab, or undefined. */
export function readLabSpec(lab: string, stateRoot = defaultStateRoot()): Promise<LabSpec | undefined> {
  return readStateFile<LabSpec>(lab, 'spec.json', stateRoot);
}

/**
 * A JSON file of the lab's state directory (see {@link writeStateFile}), or undefined when it is
 * absent or unreadable: a crash may have left anything, and every reader treats that as "none".
 */
export async function readStateFile<T>(lab: string, name: string, stateRoot = defaultStateRoot()): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(join(labStateDir(lab, stateRoot), name), 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Names of the labs that have a state directory. */
export async function listStateDirs(stateRoot = defaultStateRoot()): Promise<string[]> {
  try {
    const entries = await readdir(stateRoot, { withFileTypes: true });
    return entries
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

/** Removes a lab's state directory (logs included); no error when it is already gone. */
export async function removeLabStateDir(lab: string, stateRoot = defaultStateRoot()): Promise<void> {
  await rm(labStateDir(lab, stateRoot), { recursive: true, force: true });
}

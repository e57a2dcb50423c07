/**
 * One operation at a time on a lab: bring-up, a live change and teardown each hold the lab's
 * lock, so `ecsnet down` during `ecsnet up` cannot pull the state directory from under the
 * bring-up, and two changes never interleave their kernel writes. The result of any race is a
 * running lab or nothing, never half of one.
 *
 * The lock is a file, `<state root>/.locks/<lab>.lock` (a dot: no lab can be named that),
 * created atomically with its contents (a hard link of a written file, which fails like O_EXCL
 * when the lock exists) and holding the holder's pid, process start time and operation. It lives beside the lab's state directory,
 * not in it, because teardown removes that directory while holding the lock. A holder that
 * died (`kill -9`) leaves a file whose pid no longer runs with that start time: it is stale and
 * the next taker breaks it. Breaking is itself guarded by a short-lived O_EXCL file so two
 * takers cannot both break the lock and then both hold it.
 *
 * Node has no flock(2); a lock file with a process identity is what a crash-proof tool can
 * check from /proc without a helper process.
 *
 * @module
 */
import { link, mkdir, open, readFile, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { join } from 'node:path';
import { LabError } from './lab-error.js';
import { defaultStateRoot } from './lab-state.js';
import { isSameProcessRunning, processStartTime, type ProcessIdentity } from './proc.js';

/** What a lock holder is doing, shown to whoever waits. */
export type LabOperation = 'up' | 'change' | 'down';

/** The contents of a lock file. */
export interface LockHolder extends ProcessIdentity {
  operation: LabOperation;
  since: string;
  /** Who takes the lab for `up`: a foreground `up` or a detached holder tears down on SIGTERM; a library caller may not. */
  holderKind?: 'foreground' | 'supervisor' | 'library';
}

/** A held lock; release it exactly once (further calls do nothing). */
export interface LabLock {
  readonly lab: string;
  readonly holder: LockHolder;
  release(): Promise<void>;
}

/** Options of {@link acquireLabLock}. */
export interface AcquireOptions {
  stateRoot?: string;
  /** How long to wait for another holder. @default 60000 */
  timeoutMs?: number;
  /** Told once when the lock is busy, with who holds it (to print "waiting for …"). */
  onWait?: (holder: LockHolder) => void;
  /** Stops waiting. */
  signal?: AbortSignal;
  /** Recorded in the lock (see {@link LockHolder.holderKind}). */
  holderKind?: LockHolder['holderKind'];
}

const POLL_MS = 50;
/** A break guard older than this belongs to a taker that crashed while breaking. */
const BREAK_GUARD_STALE_MS = 10_000;

/** Path of a lab's lock file. */
export function labLockPath(lab: string, stateRoot = defaultStateRoot()): string {
  return join(stateRoot, '.locks', `${lab}.lock`);
}

/**
 * Takes the lab's lock for `operation`, waiting while a live process holds it.
 *
 * @throws LabError `ECSNET_E_LAB_BUSY` when the holder does not finish within the timeout.
 */
export async function acquireLabLock(lab: string, operation: LabOperation, options: AcquireOptions = {}): Promise<LabLock> {
  const stateRoot = options.stateRoot ?? defaultStateRoot();
  const path = labLockPath(lab, stateRoot);
  await mkdir(join(stateRoot, '.locks'), { recursive: true, mode: 0o700 });
  const holder: LockHolder = {
    pid: process.pid,
    startTime: (await processStartTime(process.pid)) ?? -1,
    operation,
    since: new Date().toISOString(),
    ...(options.holderKind ? { holderKind: options.holderKind } : {}),
  };
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let told = false;
  for (;;) {
    if (await tryCreate(path, holder)) return heldLock(lab, path, holder);
    const current = await readLockHolder(lab, stateRoot);
    if (current && !(await isSameProcessRunning(current))) {
      await breakStaleLock(path, current);
      continue;
    }
    if (current && !told) {
      told = true;
      options.onWait?.(current);
    }
    if (options.signal?.aborted) throw new LabError('ECSNET_E_LAB_BUSY', `gave up waiting for lab "${lab}"`);
    if (Date.now() > deadline) {
      const who = current ? `${current.operation} (pid ${current.pid}, since ${current.since})` : 'another operation';
      throw new LabError('ECSNET_E_LAB_BUSY', `lab "${lab}" is busy: ${who} still holds it after ${options.timeoutMs ?? 60_000} ms; try again when it is done`);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** Who holds the lab's lock, if a process does (a stale file is reported as it is; check liveness yourself). */
export async function readLockHolder(lab: string, stateRoot = defaultStateRoot()): Promise<LockHolder | undefined> {
  return parseHolder(await readFile(labLockPath(lab, stateRoot), 'utf8').catch(() => undefined));
}

/** A lock file's holder; undefined for a file still being written (empty) or damaged. */
function parseHolder(text: string | undefined): LockHolder | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as LockHolder;
    return typeof parsed.pid === 'number' && typeof parsed.startTime === 'number' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The live holder of the lab's lock, or undefined when it is free or stale. */
export async function liveLockHolder(lab: string, stateRoot = defaultStateRoot()): Promise<LockHolder | undefined> {
  const holder = await readLockHolder(lab, stateRoot);
  return holder && (await isSameProcessRunning(holder)) ? holder : undefined;
}

/**
 * Creates the lock file with its contents in one step: written under a temporary name, then
 * hard-linked into place (`link` fails when the lock exists, like O_EXCL). A lock file is never
 * seen empty, so a holder killed at any moment leaves a file whose holder can be checked.
 */
async function tryCreate(path: string, holder: LockHolder): Promise<boolean> {
  const tmp = `${path}.${holder.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(tmp, `${JSON.stringify(holder)}\n`, { mode: 0o600 });
    await link(tmp, path);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // The lock directory went away with the last lock (see release): make it again and retry.
    if (code === 'ENOENT') {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      return false;
    }
    throw new LabError('ECSNET_E_LAB_BUSY', `cannot take the lock of the lab (${path}): ${(err as Error).message}`);
  } finally {
    await rm(tmp, { force: true });
  }
}

/**
 * Removes a lock whose holder is dead — only if it is still that holder's, checked under a
 * guard file, so a lock taken meanwhile by a live process is never removed.
 */
async function breakStaleLock(path: string, stale: LockHolder): Promise<void> {
  const guard = `${path}.break`;
  let guarded = false;
  try {
    const file = await open(guard, 'wx', 0o600);
    await file.close();
    guarded = true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const age = await stat(guard).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (age > BREAK_GUARD_STALE_MS) await rm(guard, { force: true });
    await new Promise((r) => setTimeout(r, POLL_MS));
    return;
  }
  try {
    const current = parseHolder(await readFile(path, 'utf8').catch(() => undefined));
    if (current && current.pid === stale.pid && current.startTime === stale.startTime) await rm(path, { force: true });
  } finally {
    if (guarded) await rm(guard, { force: true });
  }
}

function heldLock(lab: string, path: string, holder: LockHolder): LabLock {
  let released = false;
  return {
    lab,
    holder,
    async release() {
      if (released) return;
      released = true;
      const current = parseHolder(await readFile(path, 'utf8').catch(() => undefined));
      // Only our own file: never remove a lock another process took after ours was broken.
      if (current && current.pid === holder.pid && current.startTime === holder.startTime) await rm(path, { force: true });
      // The last lock out removes the directory, so a state root with no lab is empty again; fails harmlessly while others hold locks.
      await rmdir(dirname(path)).catch(() => undefined);
    },
  };
}

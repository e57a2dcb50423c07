/**
 * Reading /proc to decide whether a pid is still the process we started. A pid alone can be
 * reused by an unrelated process after ours died; the pair (pid, start time) cannot, and the
 * `ECSNET_LAB=<lab>` entry in a process's initial environment proves it was started for that
 * lab. Nothing is ever signalled without one of these checks.
 *
 * @module
 */
import { readdir, readFile, stat } from 'node:fs/promises';

/** A process as identified across time: its pid and its start time in clock ticks since boot. */
export interface ProcessIdentity {
  pid: number;
  startTime: number;
}

/** The environment variable marking a process as started for a lab. */
export const LAB_ENV = 'ECSNET_LAB';
/** The environment variable carrying a lab process's role (`supervisor` for the supervisor). */
export const ROLE_ENV = 'ECSNET_ROLE';
/** The environment variable carrying the logical namespace a lab process runs in. */
export const NAMESPACE_ENV = 'ECSNET_NAMESPACE';

/** Fields of /proc/<pid>/stat after the command name, which may itself contain spaces and parentheses. */
async function statFields(pid: number): Promise<string[] | undefined> {
  try {
    const text = await readFile(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Start time of a running (not zombie) process, or undefined when there is none. */
export async function processStartTime(pid: number): Promise<number | undefined> {
  const fields = await statFields(pid);
  // fields[0] is the state (field 3 of stat); fields[19] is starttime (field 22).
  if (!fields || fields[0] === 'Z' || fields[0] === 'X') return undefined;
  const start = Number(fields[19]);
  return Number.isFinite(start) ? start : undefined;
}

/** The identity of a running process, or undefined. */
export async function processIdentity(pid: number): Promise<ProcessIdentity | undefined> {
  const startTime = await processStartTime(pid);
  return startTime === undefined ? undefined : { pid, startTime };
}

/** True while the very process identified is running (not reused, not a zombie). */
export async function isSameProcessRunning(identity: ProcessIdentity): Promise<boolean> {
  return (await processStartTime(identity.pid)) === identity.startTime;
}

/** The initial environment of a process (what it was exec'd with), or undefined when unreadable. */
export async function processEnvironment(pid: number): Promise<Map<string, string> | undefined> {
  try {
    const raw = await readFile(`/proc/${pid}/environ`);
    const env = new Map<string, string>();
    for (const entry of raw.toString('utf8').split('\0')) {
      const eq = entry.indexOf('=');
      if (eq > 0) env.set(entry.slice(0, eq), entry.slice(eq + 1));
    }
    return env;
  } catch {
    return undefined;
  }
}

/** True when the running process `pid` was started for `lab` (its environment carries `ECSNET_LAB=<lab>`). */
export async function isLabProcess(pid: number, lab: string): Promise<boolean> {
  if ((await processStartTime(pid)) === undefined) return false;
  return (await processEnvironment(pid))?.get(LAB_ENV) === lab;
}

/** Every pid in /proc. */
export async function listPids(): Promise<number[]> {
  const entries = await readdir('/proc');
  return entries.filter((e) => /^\d+$/.test(e)).map(Number);
}

/** Device and inode of a network namespace, the identity `ip netns pids` compares. */
export interface NetnsId {
  dev: number;
  ino: number;
}

/** The identity of a named namespace (its bind mount under /run/netns), or undefined when gone. */
export async function namedNetnsId(netns: string): Promise<NetnsId | undefined> {
  try {
    const s = await stat(`/run/netns/${netns}`);
    return { dev: s.dev, ino: s.ino };
  } catch {
    return undefined;
  }
}

/** The network namespace a process is in, or undefined when it is gone. */
export async function processNetnsId(pid: number): Promise<NetnsId | undefined> {
  try {
    const s = await stat(`/proc/${pid}/ns/net`);
    return { dev: s.dev, ino: s.ino };
  } catch {
    return undefined;
  }
}

/** Sends a signal, ignoring "no such process" (it has already gone, which is what we wanted). */
export function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

/** Resolves once none of the processes runs any more, or after `timeoutMs`; returns those still running. */
export async function waitForExit(identities: readonly ProcessIdentity[], timeoutMs: number): Promise<ProcessIdentity[]> {
  const deadline = Date.now() + timeoutMs;
  let running = [...identities];
  for (;;) {
    const alive = await Promise.all(running.map((p) => isSameProcessRunning(p)));
    running = running.filter((_, i) => alive[i]);
    if (running.length === 0 || Date.now() >= deadline) return running;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Processes inside lab namespaces: started through `ip netns exec` (which execs, so the pid we
 * get is the program's own), in a session of their own (a Ctrl-C in the terminal does not hit
 * them before the lab tears down in order), marked with `ECSNET_LAB=<lab>`, and stopped only
 * after /proc confirms the pid still is one of ours.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CONFIG_FILE_DIR, type ProcessSpec } from './lab-spec.js';
import type { LabProcessRecord } from './lab-state.js';
import { namespaceName } from './names.js';
import {
  isLabProcess,
  LAB_ENV,
  listPids,
  namedNetnsId,
  NAMESPACE_ENV,
  processEnvironment,
  processIdentity,
  processNetnsId,
  ROLE_ENV,
  signalProcess,
  waitForExit,
  type ProcessIdentity,
} from './proc.js';

/** A started process, with a way to learn whether (and how) it ended. */
export interface StartedProcess {
  record: LabProcessRecord;
  /** Exit code, or 128 + signal, once it ended; undefined while running. */
  exitCode(): number | undefined;
}

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * Starts a process inside a lab namespace. Its stdout and stderr go to
 * `<stateDir>/logs/<role>.<seq>.log`; its environment is `PATH`, the spec's `env` and the lab
 * markers, not the caller's environment, so a lab behaves the same whoever starts it.
 */
export async function startLabProcess(lab: string, proc: ProcessSpec, stateDir: string, seq: number): Promise<StartedProcess> {
  const logDir = join(stateDir, 'logs');
  await mkdir(logDir, { recursive: true });
  const log = join(logDir, `${proc.role}.${seq}.log`);
  if (proc.configFile) await writeProcessConfig(stateDir, proc.configFile);
  const argv = recordedArgv(proc, stateDir);
  const fd = openSync(log, 'a', 0o644);
  let exitCode: number | undefined;
  try {
    const child = spawn('ip', ['netns', 'exec', namespaceName(lab, proc.namespace), ...argv], {
      detached: true,
      stdio: ['ignore', fd, fd],
      ...(proc.cwd !== undefined ? { cwd: proc.cwd } : {}),
      env: { PATH: process.env.PATH ?? DEFAULT_PATH, ...proc.env, [LAB_ENV]: lab, [ROLE_ENV]: proc.role, [NAMESPACE_ENV]: proc.namespace },
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    child.on('exit', (code, signal) => {
      exitCode = code ?? 128 + (signal === 'SIGKILL' ? 9 : 15);
    });
    child.unref();
    const pid = child.pid as number;
    const identity = await processIdentity(pid);
    const record: LabProcessRecord = {
      pid,
      startTime: identity?.startTime ?? -1,
      role: proc.role,
      namespace: proc.namespace,
      argv: [...argv],
      startedAt: new Date().toISOString(),
      log,
    };
    return { record, exitCode: () => exitCode };
  } finally {
    closeSync(fd);
  }
}

/** Directory of the daemons' configuration files and control sockets in a lab's state directory. */
export function daemonFilesDir(stateDir: string): string {
  return join(stateDir, CONFIG_FILE_DIR);
}

/** The argv a process of the spec runs with, as its record keeps it: the spec's, plus the path of its configuration file. */
export function recordedArgv(proc: ProcessSpec, stateDir: string): string[] {
  return proc.configFile ? [...proc.argv, join(daemonFilesDir(stateDir), proc.configFile.name)] : [...proc.argv];
}

/**
 * Writes a process's configuration file (root-only: it may describe the whole lab); returns its
 * path. Also how a running daemon's file is brought up to date before it is told to reload.
 */
export async function writeProcessConfig(stateDir: string, file: { name: string; content: string }): Promise<string> {
  const dir = daemonFilesDir(stateDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, file.name);
  await writeFile(path, file.content, { mode: 0o600 });
  return path;
}

/** The last lines of a process log, for error messages. */
export async function logTail(path: string, lines = 5): Promise<string> {
  try {
    const text = (await readFile(path, 'utf8')).trimEnd();
    return text.split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** What happened to a pid we were asked to stop. */
export type StopOutcome = 'stopped' | 'not-running' | 'not-ours';

/**
 * Stops one lab process: verifies through /proc that `pid` runs with `ECSNET_LAB=<lab>`, sends
 * SIGTERM (to its process group, which it leads), and SIGKILL after `graceMs`.
 */
export async function stopLabProcess(lab: string, pid: number, graceMs = 3000): Promise<StopOutcome> {
  const identity = await processIdentity(pid);
  if (!identity) return 'not-running';
  if (!(await isLabProcess(pid, lab))) return 'not-ours';
  await terminateProcesses([identity], graceMs);
  return 'stopped';
}

/**
 * SIGTERM, then SIGKILL for what is still running after `graceMs`. Each process is signalled
 * with its group when it leads one (our processes are session leaders; a proxy's workers are in
 * its group). Returns the identities that were still running after SIGKILL (normally none).
 */
export async function terminateProcesses(identities: readonly ProcessIdentity[], graceMs: number): Promise<ProcessIdentity[]> {
  if (identities.length === 0) return [];
  const leaders = await Promise.all(identities.map((p) => leadsGroup(p.pid)));
  const signal = (sig: NodeJS.Signals, list: readonly ProcessIdentity[]): void => {
    list.forEach((p) => {
      if (leaders[identities.indexOf(p)]) signalProcess(-p.pid, sig);
      signalProcess(p.pid, sig);
    });
  };
  signal('SIGTERM', identities);
  let running = await waitForExit(identities, graceMs);
  if (running.length > 0) {
    signal('SIGKILL', running);
    running = await waitForExit(running, 2000);
  }
  return running;
}

async function leadsGroup(pid: number): Promise<boolean> {
  try {
    const text = await readFile(`/proc/${pid}/stat`, 'utf8');
    const pgrp = Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[2]);
    return pgrp === pid;
  } catch {
    return false;
  }
}

/**
 * Every running process that belongs to a lab: started with `ECSNET_LAB=<lab>` (even if its
 * namespace was already deleted, which would keep the namespace alive) or inside one of the
 * lab's namespaces (what `ip netns pids` reports, computed in one pass over /proc instead of
 * one `ip` per namespace). The calling process is never included.
 */
export async function findLabProcesses(lab: string, netnsNames: readonly string[]): Promise<ProcessIdentity[]> {
  const ids = (await Promise.all(netnsNames.map((n) => namedNetnsId(n)))).filter((x) => x !== undefined);
  const nsKeys = new Set(ids.map((i) => `${i.dev}:${i.ino}`));
  const found: ProcessIdentity[] = [];
  for (const pid of await listPids()) {
    if (pid === process.pid) continue;
    let ours = false;
    if (nsKeys.size > 0) {
      const ns = await processNetnsId(pid);
      ours = ns !== undefined && nsKeys.has(`${ns.dev}:${ns.ino}`);
    }
    if (!ours) ours = (await processEnvironment(pid))?.get(LAB_ENV) === lab;
    if (!ours) continue;
    const identity = await processIdentity(pid);
    if (identity) found.push(identity);
  }
  return found;
}

/**
 * The detached supervisor behind `ecsnet up --detach`: a small Node process, in a session of
 * its own, that brings the lab up, holds it, and tears it down on SIGTERM (which `ecsnet down`
 * sends after checking through /proc that the pid is this lab's supervisor). The supervisor
 * applies the lab itself, rather than inheriting one, so that the lab's processes are its
 * children and it is the recorded holder from the first moment.
 *
 * Protocol over the IPC channel: the parent sends `{ type: 'apply', spec, stateRoot }`; the
 * supervisor answers with `progress` events, then `ready` or `failed`, after which the parent
 * disconnects and may exit.
 *
 * @module
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyLab, type LabHandle } from './apply-lab.js';
import { spawnDetachedChild } from './detached-child.js';
import type { LabSpec } from './lab-spec.js';
import { defaultStateRoot, labStateDir } from './lab-state.js';
import type { LabProgress, ProgressListener } from './progress.js';
import { assertValidLabSpec } from './validate-spec.js';

/** Messages from the parent to the supervisor. */
export type ToSupervisor = { type: 'apply'; spec: LabSpec; stateRoot: string; stateFiles?: Record<string, string> };

/** Messages from the supervisor to the parent. */
export type FromSupervisor = { type: 'progress'; event: LabProgress } | { type: 'ready'; pid: number } | { type: 'failed'; message: string };

/** The role the supervisor's `ECSNET_ROLE` carries. */
export const SUPERVISOR_ROLE = 'supervisor';

/** Path of the script the supervisor process runs (compiled next to this module). */
export function supervisorEntryPath(): string {
  return fileURLToPath(new URL('./supervisor-main.js', import.meta.url));
}

/** Options of {@link spawnSupervisor}. */
export interface SpawnSupervisorOptions {
  onProgress?: ProgressListener;
  stateRoot?: string;
  /**
   * Script to run instead of the default entry, for a supervisor that does more after bring-up
   * (the runtime's scheduler); it must call {@link runSupervisor}.
   */
  entry?: string;
  /** Give up waiting for bring-up after this long (the supervisor then tears down). @default 300000 */
  timeoutMs?: number;
  /** Files for the lab's state directory, written with the spec (see ApplyOptions.stateFiles). */
  stateFiles?: Record<string, string>;
}

/** A running supervisor. */
export interface SupervisorInfo {
  lab: string;
  pid: number;
}

/**
 * Starts a detached supervisor that brings `spec` up, and resolves once the lab is up. The
 * supervisor outlives the caller; stop it with `destroyLab(lab)`.
 *
 * @throws LabError `ECSNET_E_SUPERVISOR` with the supervisor's error when bring-up fails
 *   (the supervisor has rolled back and exited by then).
 */
export async function spawnSupervisor(spec: LabSpec, options: SpawnSupervisorOptions = {}): Promise<SupervisorInfo> {
  assertValidLabSpec(spec);
  const stateRoot = options.stateRoot ?? defaultStateRoot();
  const message: ToSupervisor = { type: 'apply', spec, stateRoot, ...(options.stateFiles ? { stateFiles: options.stateFiles } : {}) };
  const ready = await spawnDetachedChild<{ pid: number }>({
    lab: spec.lab,
    entry: options.entry ?? supervisorEntryPath(),
    role: SUPERVISOR_ROLE,
    message,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  return { lab: spec.lab, pid: ready.pid };
}

/** What a custom supervisor entry can add. */
export interface SupervisorHooks {
  /** Runs after bring-up, before the parent is told the lab is ready. */
  afterApply?: (lab: LabHandle) => Promise<void>;
}

/**
 * The supervisor's main loop (what {@link supervisorEntryPath} runs): receive the spec, bring
 * the lab up, report, hold until SIGTERM/SIGINT, tear down, exit. A teardown that fails leaves
 * `teardown-error.txt` in the lab's state directory (kept, since the lab is not gone) for
 * `ecsnet down` and `ecsnet ls` to show.
 */
export function runSupervisor(hooks: SupervisorHooks = {}): void {
  const send = (msg: FromSupervisor): void => {
    if (process.connected) process.send?.(msg);
  };
  let stopRequested = false;
  let handle: LabHandle | undefined;
  let stateRoot = defaultStateRoot();
  const keepAlive = setInterval(() => undefined, 1 << 30);

  const teardown = async (): Promise<void> => {
    if (!handle) return;
    const lab = handle;
    handle = undefined;
    try {
      await lab.destroy();
      process.exit(0);
    } catch (err) {
      await writeFile(join(labStateDir(lab.lab, stateRoot), 'teardown-error.txt'), `${err instanceof Error ? err.message : String(err)}\n`).catch(() => undefined);
      process.exit(1);
    }
  };
  const interrupted = new AbortController();
  const onStop = (): void => {
    stopRequested = true;
    // During bring-up: stop at the next step and roll back (an `ecsnet down` cancelling an `up --detach`).
    interrupted.abort();
    void teardown();
  };
  process.on('SIGTERM', onStop);
  process.on('SIGINT', onStop);
  process.on('SIGHUP', () => undefined);
  // The parent disconnecting after `ready` is normal; without it the supervisor just keeps holding.
  process.on('disconnect', () => undefined);

  process.once('message', (raw) => {
    const msg = raw as ToSupervisor;
    if (msg.type !== 'apply') return;
    stateRoot = msg.stateRoot;
    void (async () => {
      try {
        const lab = await applyLab(msg.spec, {
          ownerKind: 'supervisor',
          stateRoot,
          signal: interrupted.signal,
          ...(msg.stateFiles ? { stateFiles: msg.stateFiles } : {}),
          onProgress: (event) => send({ type: 'progress', event }),
        });
        handle = lab;
        if (hooks.afterApply) await hooks.afterApply(lab);
        if (stopRequested) return void (await teardown());
        send({ type: 'ready', pid: process.pid });
        if (process.connected) process.disconnect();
      } catch (err) {
        send({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
        if (handle) await teardown();
        clearInterval(keepAlive);
        process.exitCode = 1;
        if (process.connected) process.disconnect();
      }
    })();
  });
}

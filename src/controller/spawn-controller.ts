/**
 * `ecsnet up --detach`: the lab's controller as a detached process (a session of its own,
 * marked with the lab's name so `ecsnet down` can verify it through /proc before signalling
 * it). The parent sends what to start over the IPC channel, relays the progress, and returns
 * once the lab is up (or the bring-up failed and was rolled back); the controller then outlives
 * it. The controller's side is controller-main.ts.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LabError } from '../dataplane/lab-error.js';
import { defaultStateRoot } from '../dataplane/lab-state.js';
import { LAB_ENV, ROLE_ENV } from '../dataplane/proc.js';
import type { LabProgress, ProgressListener } from '../dataplane/progress.js';
import type { ControllerStatus } from './control-api.js';
import type { ApplyResult } from './control-api.js';
import type { ControllerStart } from './run-controller.js';

/** Parent → controller. */
export type ToController = { type: 'start'; lab: string; stateRoot: string; start: ControllerStart };

/** Controller → parent. */
export type FromController =
  { type: 'progress'; event: LabProgress } | { type: 'ready'; status: ControllerStatus; applied?: ApplyResult; applyError?: string } | { type: 'failed'; message: string };

/** The role a detached controller's `ECSNET_ROLE` carries. */
export const CONTROLLER_ROLE = 'controller';

/** Options of {@link spawnController}. */
export interface SpawnControllerOptions {
  stateRoot?: string;
  onProgress?: ProgressListener;
  /** @default 300000 */
  timeoutMs?: number;
}

/** Starts a detached controller for `lab` and resolves with its status once the lab is up. */
export function spawnController(lab: string, start: ControllerStart, options: SpawnControllerOptions = {}): Promise<Extract<FromController, { type: 'ready' }>> {
  const stateRoot = options.stateRoot ?? defaultStateRoot();
  const timeoutMs = options.timeoutMs ?? 300_000;
  const child = spawn(process.execPath, [fileURLToPath(new URL('./controller-main.js', import.meta.url))], {
    detached: true,
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    env: { ...process.env, [LAB_ENV]: lab, [ROLE_ENV]: CONTROLLER_ROLE },
  });
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.removeAllListeners();
      if (child.connected) child.disconnect();
      child.unref();
      fn();
    };
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      settle(() => reject(new LabError('ECSNET_E_SUPERVISOR', `the controller of lab "${lab}" did not bring it up within ${timeoutMs} ms; it was told to tear down`)));
    }, timeoutMs);
    child.on('message', (raw) => {
      const msg = raw as FromController;
      if (msg.type === 'progress') options.onProgress?.(msg.event);
      else if (msg.type === 'ready') settle(() => resolve(msg));
      else if (msg.type === 'failed') settle(() => reject(new LabError('ECSNET_E_SUPERVISOR', msg.message)));
    });
    child.on('error', (err) => settle(() => reject(new LabError('ECSNET_E_SUPERVISOR', `cannot start the controller of lab "${lab}": ${err.message}`))));
    child.on('exit', (code, signal) =>
      settle(() => reject(new LabError('ECSNET_E_SUPERVISOR', `the controller of lab "${lab}" exited during bring-up (${signal ?? `exit ${code}`})`))),
    );
    const message: ToController = { type: 'start', lab, stateRoot, start };
    child.send(message);
  });
}

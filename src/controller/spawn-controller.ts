/**
 * `ecsnet up --detach`: the lab's controller as a detached process (a session of its own,
 * marked with the lab's name so `ecsnet down` can verify it through /proc before signalling
 * it). The parent sends what to start over the IPC channel, relays the progress, and returns
 * once the lab is up (or the bring-up failed and was rolled back); the controller then outlives
 * it. The controller's side is controller-main.ts.
 *
 * @module
 */
import { fileURLToPath } from 'node:url';
import { spawnDetachedChild } from '../dataplane/detached-child.js';
import { defaultStateRoot } from '../dataplane/lab-state.js';
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
  const message: ToController = { type: 'start', lab, stateRoot: options.stateRoot ?? defaultStateRoot(), start };
  return spawnDetachedChild<Omit<Extract<FromController, { type: 'ready' }>, 'type'>>({
    lab,
    entry: fileURLToPath(new URL('./controller-main.js', import.meta.url)),
    role: CONTROLLER_ROLE,
    message,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
}

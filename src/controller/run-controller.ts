/**
 * The life of a lab controller, the same in the foreground and detached: create the lab (or
 * resume one whose controller died, then apply what is wanted now), serve the control API, hold
 * until told to stop — a signal, `POST /v1/stop`, or the caller's abort — and tear down. A
 * stop that arrives during bring-up rolls the bring-up back.
 *
 * @module
 */
import type { DestroyReport } from '../dataplane/destroy-lab.js';
import { defaultStateRoot } from '../dataplane/lab-state.js';
import { listenForStop } from '../dataplane/stop-request.js';
import type { ProgressListener } from '../dataplane/progress.js';
import type { ApplyResult, DesiredLab } from './control-api.js';
import { serveControlApi } from './control-server.js';
import { LabController } from './lab-controller.js';

/** How the controller gets its lab. */
export type ControllerStart = { kind: 'create'; desired: DesiredLab } | { kind: 'resume'; desired?: DesiredLab };

/** What the controller did before holding. */
export interface ControllerReady {
  controller: LabController;
  /** When resuming with a desired lab: what applying it changed, or why it failed (the lab then runs as it was). */
  applied?: ApplyResult;
  applyError?: string;
}

/** Options of {@link runController}. */
export interface RunControllerOptions {
  lab: string;
  start: ControllerStart;
  kind: 'foreground' | 'supervisor';
  stateRoot?: string;
  onProgress?: ProgressListener;
  onTeardownProgress?: ProgressListener;
  /** Called once the lab runs and the API is served. */
  onReady?: (ready: ControllerReady) => void | Promise<void>;
  /** Signals that end the hold. @default ['SIGINT', 'SIGTERM', 'SIGHUP'] */
  signals?: NodeJS.Signals[];
  /** Ends the hold like a signal does. */
  stop?: AbortSignal;
}

/** Runs a controller until it is told to stop; resolves with the teardown report. */
export async function runController(options: RunControllerOptions): Promise<DestroyReport> {
  const stateRoot = options.stateRoot ?? defaultStateRoot();
  const request = listenForStop(options.signals ?? ['SIGINT', 'SIGTERM', 'SIGHUP'], options.stop);
  try {
    const common = { stateRoot, kind: options.kind, signal: request.signal, ...(options.onProgress ? { onProgress: options.onProgress } : {}) };
    const ready: ControllerReady =
      options.start.kind === 'create'
        ? { controller: await LabController.create(options.lab, options.start.desired, common) }
        : { controller: await LabController.resume(options.lab, common) };
    const controller = ready.controller;
    const teardown = (): Promise<DestroyReport> => controller.stop(options.onTeardownProgress);
    try {
      if (options.start.kind === 'resume' && options.start.desired) {
        try {
          ready.applied = await controller.apply(options.start.desired);
        } catch (err) {
          ready.applyError = err instanceof Error ? err.message : String(err);
        }
      }
      const server = await serveControlApi(controller, request.stop, stateRoot);
      try {
        if (!request.signal.aborted) await options.onReady?.(ready);
        await request.stopped;
      } finally {
        await server.close();
      }
    } catch (err) {
      await teardown();
      throw err;
    }
    return await teardown();
  } finally {
    request.release();
  }
}

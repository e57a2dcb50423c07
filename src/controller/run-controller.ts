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
  const signals = options.signals ?? ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const interrupted = new AbortController();
  let wake: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (wake = resolve));
  const onStop = (): void => {
    interrupted.abort();
    wake();
  };
  for (const s of signals) process.on(s, onStop);
  options.stop?.addEventListener('abort', onStop, { once: true });
  if (options.stop?.aborted) onStop();
  // Signal listeners do not keep Node's event loop alive; this does, until the end.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  try {
    const common = { stateRoot, kind: options.kind, signal: interrupted.signal, ...(options.onProgress ? { onProgress: options.onProgress } : {}) };
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
      const server = await serveControlApi(controller, onStop, stateRoot);
      try {
        if (!interrupted.signal.aborted) await options.onReady?.(ready);
        await stopped;
      } finally {
        await server.close();
      }
    } catch (err) {
      await teardown();
      throw err;
    }
    return await teardown();
  } finally {
    clearInterval(keepAlive);
    for (const s of signals) process.off(s, onStop);
    options.stop?.removeEventListener('abort', onStop);
  }
}

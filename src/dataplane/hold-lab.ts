/**
 * Holding a lab in the foreground: `ecsnet up` without `--detach`. The lab lives as long as
 * the command; Ctrl-C (SIGINT), SIGTERM (an `ecsnet down` from another terminal) or SIGHUP (the
 * terminal closing) tear it down in order before the command exits, and one arriving during
 * bring-up rolls it back.
 *
 * @module
 */
import { applyLab, type ApplyOptions, type LabHandle } from './apply-lab.js';
import type { DestroyReport } from './destroy-lab.js';
import type { LabSpec } from './lab-spec.js';
import type { ProgressListener } from './progress.js';
import { listenForStop } from './stop-request.js';

/** Options of {@link holdLab}. */
export interface HoldOptions extends Omit<ApplyOptions, 'ownerKind'> {
  /** Called once the lab is up (print addresses, start relays); the lab is held until a signal. */
  onReady?: (lab: LabHandle) => void | Promise<void>;
  /** Progress of the teardown. */
  onTeardownProgress?: ProgressListener;
  /** Signals that end the hold. @default ['SIGINT', 'SIGTERM', 'SIGHUP'] */
  signals?: NodeJS.Signals[];
  /** Ends the hold like a signal does (for embedding and tests). */
  stop?: AbortSignal;
}

/**
 * Brings a lab up, holds it until a signal, then tears it down and resolves with the teardown
 * report. Rejects (after rollback) if bring-up fails or is interrupted.
 */
export async function holdLab(spec: LabSpec, options: HoldOptions = {}): Promise<DestroyReport> {
  const request = listenForStop(options.signals ?? ['SIGINT', 'SIGTERM', 'SIGHUP'], options.stop);
  try {
    const { onReady, onTeardownProgress, stop: _stop, signals: _signals, ...applyOptions } = options;
    const lab = await applyLab(spec, { ...applyOptions, ownerKind: 'foreground', signal: request.signal });
    const teardown = (): Promise<DestroyReport> => lab.destroy(onTeardownProgress ? { onProgress: onTeardownProgress } : {});
    try {
      if (onReady && !request.signal.aborted) await onReady(lab);
    } catch (err) {
      await teardown();
      throw err;
    }
    await request.stopped;
    return await teardown();
  } finally {
    request.release();
  }
}

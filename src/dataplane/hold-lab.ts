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
  const signals = options.signals ?? ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const interrupted = new AbortController();
  let wake: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const onSignal = (): void => {
    interrupted.abort();
    wake();
  };
  for (const s of signals) process.on(s, onSignal);
  options.stop?.addEventListener('abort', onSignal, { once: true });
  if (options.stop?.aborted) onSignal();
  try {
    const { onReady, onTeardownProgress, stop: _stop, signals: _signals, ...applyOptions } = options;
    const lab = await applyLab(spec, { ...applyOptions, ownerKind: 'foreground', signal: interrupted.signal });
    const teardown = (): Promise<DestroyReport> => lab.destroy(onTeardownProgress ? { onProgress: onTeardownProgress } : {});
    try {
      if (onReady && !interrupted.signal.aborted) await onReady(lab);
    } catch (err) {
      await teardown();
      throw err;
    }
    // Signal listeners do not keep Node's event loop alive; without this the hold would end at once.
    const keepAlive = setInterval(() => undefined, 1 << 30);
    try {
      await stopped;
    } finally {
      clearInterval(keepAlive);
    }
    return await teardown();
  } finally {
    for (const s of signals) process.off(s, onSignal);
    options.stop?.removeEventListener('abort', onSignal);
  }
}

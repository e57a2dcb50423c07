/**
 * Progress events of bring-up and teardown, for a live display. Events are plain data so the
 * CLI can render them as it likes and the supervisor can forward them over IPC unchanged.
 *
 * @module
 */

/** Steps of `applyLab`, in order. `rollback` only happens on failure. */
export type ApplyPhase = 'validate' | 'namespaces' | 'sysctls' | 'veths' | 'addresses' | 'interface-sysctls' | 'nftables' | 'processes' | 'ready' | 'rollback';

/** Steps of `destroyLab`, in order. */
export type DestroyPhase = 'owner' | 'processes' | 'namespaces' | 'host-links' | 'state' | 'done';

/** One progress event. `done` of `total` counts the phase's items (namespaces, processes…). */
export interface LabProgress {
  lab: string;
  phase: ApplyPhase | DestroyPhase;
  done: number;
  total: number;
  /** Milliseconds since the operation started. */
  elapsedMs: number;
  message: string;
}

/** Receives progress events; must not throw. */
export type ProgressListener = (event: LabProgress) => void;

/** A reporter bound to one lab and one start time. */
export function progressReporter(lab: string, listener: ProgressListener | undefined): (phase: LabProgress['phase'], done: number, total: number, message: string) => void {
  const started = performance.now();
  return (phase, done, total, message) => {
    if (!listener) return;
    try {
      listener({ lab, phase, done, total, elapsedMs: Math.round(performance.now() - started), message });
    } catch {
      // A broken display must not break bring-up or teardown.
    }
  };
}

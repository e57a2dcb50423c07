/**
 * How a lab's holder learns it must stop: one of its signals (Ctrl-C, `ecsnet down`'s SIGTERM,
 * a closed terminal) or the caller's abort. The request aborts a bring-up in progress and wakes
 * the hold; until `release`, the process is kept alive (signal listeners alone do not keep
 * Node's event loop running). Shared by the dataplane's `holdLab` and the lab controller.
 *
 * @module
 */

/** A pending stop request; see the module documentation. */
export interface StopRequest {
  /** Aborted once a stop is requested (pass it to a bring-up so it rolls back). */
  signal: AbortSignal;
  /** Resolves once a stop is requested. */
  stopped: Promise<void>;
  /** Requests the stop from inside (an API call, for instance). */
  stop(): void;
  /** Removes the listeners and lets the process exit. */
  release(): void;
}

/** Listens for `signals` and `abort` until released. */
export function listenForStop(signals: readonly NodeJS.Signals[], abort?: AbortSignal): StopRequest {
  const interrupted = new AbortController();
  let wake: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (wake = resolve));
  const stop = (): void => {
    interrupted.abort();
    wake();
  };
  for (const s of signals) process.on(s, stop);
  abort?.addEventListener('abort', stop, { once: true });
  if (abort?.aborted) stop();
  const keepAlive = setInterval(() => undefined, 1 << 30);
  return {
    signal: interrupted.signal,
    stopped,
    stop,
    release() {
      clearInterval(keepAlive);
      for (const s of signals) process.off(s, stop);
      abort?.removeEventListener('abort', stop);
    },
  };
}

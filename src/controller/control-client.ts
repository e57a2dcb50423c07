/**
 * The CLI's side of the control API: one request to a lab's controller over its unix socket.
 * A missing socket or a refused connection means no controller is running (a crashed one left
 * the lab behind, or the lab does not exist): the caller decides whether to resume or to fall
 * back to the state files.
 *
 * @module
 */
import { request } from 'node:http';
import { defaultStateRoot } from '../dataplane/lab-state.js';
import type { ControlError } from './control-api.js';
import { CONTROL_API_VERSION } from './control-api.js';
import { controlSocketPath } from './control-server.js';

/** The controller answered with an error. */
export class ControlApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ControlApiError';
  }
}

/** Options of {@link callController}. */
export interface CallOptions {
  stateRoot?: string;
  /** @default 120000 (an apply of a large lab takes a while) */
  timeoutMs?: number;
}

/**
 * Calls `method path` (without the version prefix, e.g. `GET /status`) on lab `lab`'s controller.
 * Resolves undefined when no controller listens.
 *
 * @throws ControlApiError when the controller answers with an error.
 */
export function callController<T>(lab: string, method: 'GET' | 'POST', path: string, body?: unknown, options: CallOptions = {}): Promise<T | undefined> {
  const socketPath = controlSocketPath(lab, options.stateRoot ?? defaultStateRoot());
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath,
        method,
        path: `/v${CONTROL_API_VERSION}${path}`,
        headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        timeout: options.timeoutMs ?? 120_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            return reject(new ControlApiError(res.statusCode ?? 500, 'ECSNET_E_BAD_ANSWER', `the controller of lab "${lab}" answered something that is not JSON`));
          }
          if ((res.statusCode ?? 500) >= 400) {
            const err = (parsed as ControlError).error ?? { code: 'ECSNET_E_UNKNOWN', message: text };
            return reject(new ControlApiError(res.statusCode ?? 500, err.code, err.message));
          }
          resolve(parsed as T);
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`the controller of lab "${lab}" did not answer within ${options.timeoutMs ?? 120_000} ms`)));
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') resolve(undefined);
      else reject(err);
    });
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

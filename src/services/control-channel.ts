/**
 * The daemon side of the control channel (daemon-protocol.ts): a unix socket, root-only
 * (mode 0600, created under umask 077 so it is never open to others even for an instant), that
 * reads one request per line and writes one reply per line, in order. Requests are applied one
 * at a time, so a daemon's state changes in the order its controller asked.
 *
 * @module
 */
import { chmodSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { encodeMessage, errorReply, MAX_REQUEST_BYTES, parseRequest, type DaemonReply, type DaemonRequest } from './daemon-protocol.js';

/** Applies one checked request; throws to refuse it (the message goes back as `failed`). */
export type ControlHandler = (request: DaemonRequest) => DaemonReply | Promise<DaemonReply>;

/** The longest path a unix socket can have on Linux (sun_path is 108 bytes with its NUL). */
export const MAX_SOCKET_PATH = 107;

/** Listens on `socketPath` (replacing a stale socket) until the returned server is closed. */
export function serveControlChannel(socketPath: string, handle: ControlHandler): Promise<Server> {
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH) {
    return Promise.reject(new Error(`control socket path is ${Buffer.byteLength(socketPath)} bytes, more than a unix socket takes (${MAX_SOCKET_PATH}): ${socketPath}`));
  }
  rmSync(socketPath, { force: true });
  const server = createServer((conn) => {
    conn.on('error', () => undefined);
    let pending = '';
    let queue = Promise.resolve();
    conn.setEncoding('utf8');
    conn.on('data', (chunk: string) => {
      pending += chunk;
      if (pending.length > MAX_REQUEST_BYTES) {
        conn.end(encodeMessage(errorReply(0, 'too-large', `a request is at most ${MAX_REQUEST_BYTES} bytes`)));
        pending = '';
        return;
      }
      for (let newline = pending.indexOf('\n'); newline >= 0; newline = pending.indexOf('\n')) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (line.trim() === '') continue;
        queue = queue.then(async () => {
          const reply = await answer(line, handle);
          if (!conn.destroyed) conn.write(encodeMessage(reply));
        });
      }
    });
  });
  const previous = process.umask(0o077);
  return new Promise<Server>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      process.umask(previous);
      chmodSync(socketPath, 0o600);
      server.off('error', reject);
      resolve(server);
    });
  }).finally(() => process.umask(previous));
}

async function answer(line: string, handle: ControlHandler): Promise<DaemonReply> {
  const parsed = parseRequest(line);
  if ('error' in parsed) return parsed.error;
  try {
    return await handle(parsed.request);
  } catch (err) {
    return errorReply(parsed.request.id, 'failed', (err as Error).message);
  }
}

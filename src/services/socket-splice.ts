/**
 * Joins two sockets both ways, as a relay hop does: bytes flow each way with backpressure, an
 * end on one side ends the other, and an error or close on either tears both down. Written
 * out rather than with `stream.pipe`, which costs a relay a measurable share of its
 * per-connection time (two pipes, their listeners and their cleanup per connection).
 *
 * @module
 */
import type { Socket } from 'node:net';

/** Joins `a` and `b`; both are destroyed when either closes or fails. */
export function spliceSockets(a: Socket, b: Socket): void {
  const forward = (from: Socket, to: Socket): void => {
    from.on('data', (chunk: Buffer) => {
      if (!to.write(chunk)) from.pause();
    });
    to.on('drain', () => from.resume());
    from.on('end', () => to.end());
  };
  forward(a, b);
  forward(b, a);
  const teardown = (): void => {
    a.destroy();
    b.destroy();
  };
  a.on('error', teardown);
  b.on('error', teardown);
  a.on('close', teardown);
  b.on('close', teardown);
  a.resume();
  b.resume();
}

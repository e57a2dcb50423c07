/**
 * A connection-rate load: `total` TCP connections, at most `concurrency` at a time, each
 * writing one line and waiting for it to be echoed, then closing. It counts the connections
 * that got their line back and why the others failed, so a relay test can say "none lost"
 * and a benchmark can compare rates through a relay and direct.
 */
import { connect } from 'node:net';

/** What to load. */
export interface LoadOptions {
  host: string;
  port: number;
  total: number;
  concurrency: number;
  /** Per connection. @default 10000 */
  timeoutMs?: number;
}

/** What came of it. */
export interface LoadResult {
  ok: number;
  failed: number;
  ms: number;
  /** Connections answered per second. */
  rate: number;
  /** Failures by errno or reason. */
  errors: Record<string, number>;
}

/** Runs the load; resolves when every connection succeeded or failed. */
export function connectionLoad(options: LoadOptions): Promise<LoadResult> {
  const { host, port, total, concurrency } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  return new Promise((resolve) => {
    let started = 0;
    let ok = 0;
    let failed = 0;
    const errors: Record<string, number> = {};
    const start = performance.now();
    const one = (): void => {
      if (started >= total) return;
      const line = `ping ${started++}\n`;
      const socket = connect({ host, port, noDelay: true });
      let got = '';
      let done = false;
      const finish = (good: boolean, why: string): void => {
        if (done) return;
        done = true;
        socket.destroy();
        if (good) ok++;
        else {
          failed++;
          errors[why] = (errors[why] ?? 0) + 1;
        }
        if (ok + failed === total) {
          const ms = performance.now() - start;
          resolve({ ok, failed, ms, rate: (ok / ms) * 1000, errors });
        } else one();
      };
      socket.setTimeout(timeoutMs, () => finish(false, 'timeout'));
      socket.on('connect', () => socket.write(line));
      socket.on('data', (d: Buffer) => {
        got += d.toString('latin1');
        if (got.length >= line.length) finish(got === line, 'wrong answer');
      });
      socket.on('error', (err: NodeJS.ErrnoException) => finish(false, err.code ?? err.message));
      socket.on('close', () => finish(false, 'closed without an answer'));
    };
    for (let i = 0; i < Math.min(concurrency, total); i++) one();
  });
}

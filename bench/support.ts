/**
 * What every benchmark needs: the median of its rounds, timing one asynchronous run, feeding a
 * batch to `ip`/`nft` on stdin for the hand-written references. Kept in one place so each
 * benchmark file shows only what it measures.
 */
import { spawn } from 'node:child_process';

/** The middle value of the samples (the upper middle for an even count). */
export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Milliseconds one call of `fn` takes. */
export async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** Runs a command with `stdin` as its input (an `ip -batch -` or `nft -f -` script); rejects with its stderr. */
export function runWithStdin(argv: string[], stdin: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0] as string, argv.slice(1), { stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${argv.join(' ')}: exit ${code}: ${err}`))));
    child.stdin.end(stdin);
  });
}

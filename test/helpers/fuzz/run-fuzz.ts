/**
 * Runs the CLI fuzzer: cases `first` .. `first + cases - 1` of a seed, spread over a few
 * long-lived worker processes (worker.ts). A case that uses more CPU than its budget is a hang;
 * one that does not answer at all within a wall-clock limit is one too, and its worker is killed
 * and replaced (CPU time, not wall time, is the budget because the machine may be shared). A worker that dies during a case (out of memory, a fatal error) is a
 * crash, as is an exception or an exit code other than 0, 1 and 2; a broken output contract is
 * a violation; RSS over the limit is a memory failure. Shared by the CI test and bench/fuzz.ts.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { WorkerReply, WorkerRequest } from './worker.js';

/** What to run. */
export interface FuzzOptions {
  seed: number;
  cases: number;
  first?: number;
  workers?: number;
  /** A case using more CPU time is a hang (default 5 s). */
  caseTimeoutMs?: number;
  /** A case not answering within this wall-clock time is a hang and its worker is killed (default 30 s). */
  killAfterMs?: number;
  /** RSS above this after a case is a failure (default 1 GB); workers' heaps are capped to it too. */
  maxRssMb?: number;
  onProgress?: (done: number) => void;
}

/** One failed case, reproducible from the seed and its index. */
export interface FuzzFailure {
  index: number;
  kind: 'crash' | 'hang' | 'violation' | 'memory';
  detail: string;
  notes: string[];
}

/** The figures of a run. */
export interface FuzzSummary {
  seed: number;
  cases: number;
  crashes: number;
  hangs: number;
  violations: number;
  memory: number;
  maxMs: number;
  maxCpuMs: number;
  maxRssMb: number;
  exitCodes: Record<string, number>;
  failures: FuzzFailure[];
  wallMs: number;
}

const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));
/** Time a worker may take to start (copy the corpus, load the specification). */
const STARTUP_MS = 60_000;

interface Slot {
  child: ChildProcess;
  root?: string;
  ready: boolean;
  current?: { index: number; timer: NodeJS.Timeout };
  stderr: string;
}

/** Runs the cases and resolves with the summary (it never rejects for a failing case). */
export function runFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const first = options.first ?? 0;
  const end = first + options.cases;
  const timeoutMs = options.caseTimeoutMs ?? 5000;
  const killAfterMs = options.killAfterMs ?? 30_000;
  const maxRssMb = options.maxRssMb ?? 1024;
  const workers = Math.max(1, Math.min(options.workers ?? 2, options.cases));
  const summary: FuzzSummary = {
    seed: options.seed,
    cases: 0,
    crashes: 0,
    hangs: 0,
    violations: 0,
    memory: 0,
    maxMs: 0,
    maxCpuMs: 0,
    maxRssMb: 0,
    exitCodes: {},
    failures: [],
    wallMs: 0,
  };
  const started = performance.now();
  let next = first;
  const slots = new Set<Slot>();

  return new Promise((resolvePromise) => {
    const finishIfDone = () => {
      if (summary.cases < options.cases) return;
      for (const slot of slots) stop(slot);
      summary.wallMs = performance.now() - started;
      resolvePromise(summary);
    };
    const record = (failure: FuzzFailure) => {
      summary.failures.push(failure);
      if (failure.kind === 'crash') summary.crashes++;
      else if (failure.kind === 'hang') summary.hangs++;
      else if (failure.kind === 'memory') summary.memory++;
      else summary.violations++;
    };
    const caseDone = () => {
      summary.cases++;
      options.onProgress?.(summary.cases);
    };
    const dispatch = (slot: Slot) => {
      if (next >= end) {
        stop(slot);
        finishIfDone();
        return;
      }
      const index = next++;
      const timer = setTimeout(() => {
        record({ index, kind: 'hang', detail: `no answer within ${killAfterMs} ms`, notes: [] });
        caseDone();
        replace(slot);
      }, killAfterMs);
      slot.current = { index, timer };
      slot.child.send({ seed: options.seed, index } satisfies WorkerRequest);
    };
    const onReply = (slot: Slot, reply: WorkerReply) => {
      if (!slot.current || slot.current.index !== reply.index) return;
      clearTimeout(slot.current.timer);
      slot.current = undefined;
      summary.exitCodes[reply.code] = (summary.exitCodes[reply.code] ?? 0) + 1;
      summary.maxMs = Math.max(summary.maxMs, reply.ms);
      summary.maxCpuMs = Math.max(summary.maxCpuMs, reply.cpuMs);
      summary.maxRssMb = Math.max(summary.maxRssMb, reply.peakRssMb);
      if (reply.violation) record({ index: reply.index, kind: reply.code === 70 ? 'crash' : 'violation', detail: reply.violation, notes: reply.notes });
      else if (reply.cpuMs > timeoutMs) record({ index: reply.index, kind: 'hang', detail: `took ${reply.cpuMs.toFixed(0)} ms of CPU`, notes: reply.notes });
      if (reply.rssMb > maxRssMb) {
        record({ index: reply.index, kind: 'memory', detail: `RSS ${reply.rssMb.toFixed(0)} MB after the case`, notes: reply.notes });
        caseDone();
        replace(slot);
        return;
      }
      caseDone();
      dispatch(slot);
    };
    const spawn = (): Slot => {
      const child = fork(WORKER, [], { execArgv: [`--max-old-space-size=${maxRssMb}`], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
      const slot: Slot = { child, ready: false, stderr: '' };
      const startup = setTimeout(() => {
        if (!slot.ready) replace(slot);
      }, STARTUP_MS);
      child.stderr?.on('data', (chunk: Buffer) => {
        slot.stderr = (slot.stderr + chunk.toString()).slice(-2000);
      });
      child.on('message', (message: WorkerReply | { ready: string }) => {
        if ('ready' in message) {
          clearTimeout(startup);
          slot.ready = true;
          slot.root = message.ready;
          dispatch(slot);
        } else onReply(slot, message);
      });
      child.on('exit', (code, signal) => {
        if (!slots.has(slot)) return;
        const current = slot.current;
        if (current) {
          clearTimeout(current.timer);
          record({
            index: current.index,
            kind: 'crash',
            detail: `worker died (${signal ?? `exit ${code}`}): ${slot.stderr
              .split('\n')
              .filter((l) => l.trim())
              .slice(0, 4)
              .join(' | ')}`,
            notes: [],
          });
          caseDone();
        }
        replace(slot);
      });
      slots.add(slot);
      return slot;
    };
    const stop = (slot: Slot) => {
      if (!slots.delete(slot)) return;
      if (slot.current) clearTimeout(slot.current.timer);
      slot.child.kill('SIGKILL');
      // A killed worker cannot remove its corpus copy; do it for it.
      if (slot.root) rmSync(slot.root, { recursive: true, force: true });
    };
    const replace = (slot: Slot) => {
      slot.current = undefined;
      stop(slot);
      if (summary.cases >= options.cases) finishIfDone();
      else if (next < end) spawn();
      else if (![...slots].some((s) => s.current)) finishIfDone();
    };
    for (let i = 0; i < workers; i++) spawn();
  });
}

/** The summary as the benchmark prints it, one figure per line. */
export function formatSummary(summary: FuzzSummary): string {
  const failures = summary.failures.slice(0, 20).map((f) => `  #${f.index} ${f.kind}: ${f.detail}${f.notes.length ? ` [${f.notes.join('; ')}]` : ''}`);
  return [
    `seed ${summary.seed}: ${summary.cases} cases in ${(summary.wallMs / 1000).toFixed(1)} s`,
    `crashes ${summary.crashes}, hangs ${summary.hangs}, contract violations ${summary.violations}, over memory ${summary.memory}`,
    `max time per case ${summary.maxCpuMs.toFixed(0)} ms CPU (${summary.maxMs.toFixed(0)} ms wall), max RSS ${summary.maxRssMb.toFixed(0)} MB`,
    `exit codes ${Object.entries(summary.exitCodes)
      .map(([code, n]) => `${code}: ${n}`)
      .join(', ')}`,
    ...failures,
  ].join('\n');
}

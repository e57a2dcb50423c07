/**
 * Starting a lab's holder as a detached process (the dataplane's supervisor, the lab
 * controller): a session of its own, marked with the lab's name and its role so `ecsnet down`
 * can verify it through /proc before signalling it, told what to do over the IPC channel, and
 * waited for until it says it is ready or failed. Then the parent lets go and the child outlives
 * it. One implementation, so both holders time out, report and clean up the same way.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { LabError } from './lab-error.js';
import { LAB_ENV, ROLE_ENV } from './proc.js';
import type { LabProgress, ProgressListener } from './progress.js';

/** What a detached holder sends back: progress, then one `ready` or `failed`. */
export type FromDetached<Ready> = { type: 'progress'; event: LabProgress } | (Ready & { type: 'ready' }) | { type: 'failed'; message: string };

/** How to start one. */
export interface DetachedChildOptions {
  lab: string;
  /** The script to run with this Node. */
  entry: string;
  /** `ECSNET_ROLE` of the child, and the word its errors use (`supervisor`, `controller`). */
  role: string;
  /** The first message, telling the child what to do. */
  message: unknown;
  onProgress?: ProgressListener;
  /** @default 300000 */
  timeoutMs?: number;
}

/**
 * Starts the child and resolves with its `ready` message.
 *
 * @throws LabError `ECSNET_E_SUPERVISOR` with the child's error when it fails, exits or times out
 *   (a child that times out is told to tear down).
 */
export function spawnDetachedChild<Ready>(options: DetachedChildOptions): Promise<Ready & { type: 'ready' }> {
  const timeoutMs = options.timeoutMs ?? 300_000;
  const who = `the ${options.role} of lab "${options.lab}"`;
  const child = spawn(process.execPath, [options.entry], {
    detached: true,
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    env: { ...process.env, [LAB_ENV]: options.lab, [ROLE_ENV]: options.role },
  });
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.removeAllListeners();
      if (child.connected) child.disconnect();
      child.unref();
      fn();
    };
    const fail = (message: string): void => settle(() => reject(new LabError('ECSNET_E_SUPERVISOR', message)));
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      fail(`${who} did not bring it up within ${timeoutMs} ms; it was told to tear down`);
    }, timeoutMs);
    child.on('message', (raw) => {
      const msg = raw as FromDetached<Ready>;
      if (msg.type === 'progress') options.onProgress?.(msg.event);
      else if (msg.type === 'ready') settle(() => resolve(msg as Ready & { type: 'ready' }));
      else if (msg.type === 'failed') fail(msg.message);
    });
    child.on('error', (err) => fail(`cannot start ${who}: ${err.message}`));
    child.on('exit', (code, signal) => fail(`${who} exited during bring-up (${signal ?? `exit ${code}`})`));
    child.send(options.message as object);
  });
}

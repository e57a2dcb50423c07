/**
 * `ecsnet down` racing `ecsnet up` of the same lab, through the real CLI: in 20 interleavings
 * (down sent at a different moment of up each time: during import, during bring-up, once up;
 * foreground and detached alternately) the result is a running lab or nothing — never an
 * internal error, never half a lab — and after the final `down` the host is as it was.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { labLockPath, liveLockHolder } from '../../src/dataplane/lab-lock.js';
import { defaultStateRoot, labStateDir, readLabState } from '../../src/dataplane/lab-state.js';
import { hostSnapshot, kernelTest, pidsMarkedFor, uniqueLab } from './dataplane-support.js';
import { fixture } from './vpc-support.js';

const CLI = fileURLToPath(new URL('../../../bin/ecsnet.js', import.meta.url));

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function ecsnet(args: string[]): { done: Promise<Run>; pid: number } {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Run>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { done, pid: child.pid ?? -1 };
}

function ecsnetDone(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, signal: null, stdout, stderr });
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Exits a CLI may end with in a race: 0, findings (1) or a clear usage/lab error (2); never 70 (internal) or a signal. */
function assertCleanExit(run: Run, what: string): void {
  assert.equal(run.signal, null, `${what} was killed by ${run.signal}:\n${run.stderr}`);
  assert.ok(run.code === 0 || run.code === 1 || run.code === 2, `${what} exited ${run.code}:\n${run.stderr}`);
  assert.doesNotMatch(run.stderr, /internal error|ENOENT|EEXIST/, `${what} reported an internal error`);
}

test('down racing up of one lab, 20 interleavings: a running lab or nothing, and nothing left after down', { ...kernelTest, timeout: 600_000 }, async (t) => {
  const outcomes: string[] = [];
  const lab = uniqueLab('lock');
  const template = fixture('public-private.yml');
  const before = hostSnapshot();
  try {
    for (let i = 0; i < 20; i++) {
      const detach = i % 2 === 1;
      const up = ecsnet(['up', '--lab', lab, '--force', ...(detach ? ['--detach'] : []), template]);
      await sleep(i * 60);
      const down = await ecsnetDone(['down', lab]);
      assertCleanExit(down, `down #${i}`);
      assert.equal(down.code, 0, `down #${i}: ${down.stderr}`);

      // A foreground up that started after down had looked brings its lab up and holds it until
      // told to stop: wait until up has ended or its lab is up (a busy machine may take seconds).
      let upEnded: Run | undefined;
      void up.done.then((r) => (upEnded = r));
      const deadline = Date.now() + 60_000;
      while (!upEnded && (await readLabState(lab))?.status !== 'up' && Date.now() < deadline) await sleep(50);
      if (!upEnded && !detach) await sleep(200);
      const state = await readLabState(lab);
      if (state) {
        assert.equal(state.status, 'up', `#${i}: a lab that exists after the race is fully up`);
        const status = await ecsnetDone(['status', lab, '--json']);
        assert.equal(status.code, 0, `#${i}: status of the surviving lab: ${status.stdout}${status.stderr}`);
        assertCleanExit(await ecsnetDone(['down', lab]), `second down #${i}`);
      } else {
        assert.equal(existsSync(labStateDir(lab)), false, `#${i}: no state directory without a lab`);
      }
      const upRun = upEnded ?? (await up.done);
      assertCleanExit(upRun, `up #${i} (${detach ? 'detached' : 'foreground'})`);
      outcomes.push(`${i}:${detach ? 'd' : 'f'}:${state ? 'survived' : upRun.code === 0 ? 'torn-down' : `cancelled(${upRun.code})`}`);
      assert.deepEqual(hostSnapshot(), before, `#${i}: the host is as before`);
      assert.deepEqual(await pidsMarkedFor(lab), [], `#${i}: no process of the lab is left`);
      assert.equal(await liveLockHolder(lab), undefined, `#${i}: nobody holds the lock`);
    }
  } finally {
    t.diagnostic(`outcomes: ${outcomes.join(' ')}`);
    await ecsnetDone(['down', lab]);
  }
  assert.equal(existsSync(labLockPath(lab, defaultStateRoot())), false, 'the lock file is gone');
});

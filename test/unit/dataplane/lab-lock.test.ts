import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { acquireLabLock, labLockPath, liveLockHolder, readLockHolder } from '../../../src/dataplane/lab-lock.js';
import { LabError } from '../../../src/dataplane/lab-error.js';

async function withRoot(fn: (root: string) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'ecsnet-lock-'));
  try {
    await fn(root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

test('a second taker waits until the first releases, and is told who it waits for', () =>
  withRoot(async (stateRoot) => {
    const first = await acquireLabLock('lab1', 'up', { stateRoot });
    const order: string[] = [];
    let waitedFor: string | undefined;
    const second = acquireLabLock('lab1', 'down', { stateRoot, onWait: (h) => (waitedFor = h.operation) }).then((lock) => {
      order.push('second');
      return lock;
    });
    await new Promise((r) => setTimeout(r, 150));
    order.push('release');
    await first.release();
    const lock = await second;
    assert.deepEqual(order, ['release', 'second']);
    assert.equal(waitedFor, 'up');
    assert.equal((await readLockHolder('lab1', stateRoot))?.operation, 'down');
    await lock.release();
    assert.equal(await readLockHolder('lab1', stateRoot), undefined);
  }));

test('a lock left by a dead process is broken; a live holder times the taker out with ECSNET_E_LAB_BUSY', () =>
  withRoot(async (stateRoot) => {
    const child = spawn(process.execPath, ['-e', '0']);
    const deadPid = child.pid!;
    await new Promise((r) => child.once('exit', r));
    await mkdir(join(stateRoot, '.locks'), { recursive: true });
    await writeFile(labLockPath('lab2', stateRoot), JSON.stringify({ pid: deadPid, startTime: 1, operation: 'up', since: 'then' }));
    assert.equal(await liveLockHolder('lab2', stateRoot), undefined);
    const lock = await acquireLabLock('lab2', 'change', { stateRoot, timeoutMs: 2000 });
    assert.equal(JSON.parse(await readFile(labLockPath('lab2', stateRoot), 'utf8')).pid, process.pid);

    const started = Date.now();
    await assert.rejects(
      acquireLabLock('lab2', 'down', { stateRoot, timeoutMs: 200 }),
      (err: unknown) => err instanceof LabError && err.code === 'ECSNET_E_LAB_BUSY' && /change \(pid \d+/.test(err.message),
    );
    assert.ok(Date.now() - started < 2000);
    await lock.release();
    await lock.release();
  }));

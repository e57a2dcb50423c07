import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapLimit } from '../../../src/dataplane/concurrency.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('results keep input order and no more than `limit` tasks run at once', async () => {
  let running = 0;
  let peak = 0;
  const out = await mapLimit([30, 10, 20, 5, 15, 1], 3, async (ms, i) => {
    running++;
    peak = Math.max(peak, running);
    await sleep(ms);
    running--;
    return i * 2;
  });
  assert.deepEqual(out, [0, 2, 4, 6, 8, 10]);
  assert.equal(peak, 3);
});

test('after a failure nothing new starts, running tasks finish, then the first error is thrown', async () => {
  const started: number[] = [];
  const finished: number[] = [];
  await assert.rejects(
    mapLimit([0, 1, 2, 3, 4, 5], 2, async (i) => {
      started.push(i);
      if (i === 1) throw new Error('boom 1');
      await sleep(20);
      finished.push(i);
    }),
    /boom 1/,
  );
  assert.deepEqual(started, [0, 1], 'no task starts after the failure');
  assert.deepEqual(finished, [0], 'the task in flight was awaited before rejecting');
});

test('empty input resolves to an empty list', async () => {
  assert.deepEqual(await mapLimit([], 4, async () => 1), []);
});

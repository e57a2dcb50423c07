import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabError } from '../../../src/dataplane/lab-error.js';
import { canonicalJson, claimLabStateDir, listStateDirs, readLabState, removeLabStateDir, specHash, writeLabState, type LabState } from '../../../src/dataplane/lab-state.js';

test('canonical JSON ignores key order; the spec hash survives a JSON round trip and sees content', () => {
  const a = { lab: 'x', namespaces: [{ name: 'a', sysctls: { b: 1, a: 2 } }] };
  const b = { namespaces: [{ sysctls: { a: 2, b: 1 }, name: 'a' }], lab: 'x' };
  assert.equal(canonicalJson(a), canonicalJson(b));
  assert.equal(specHash(a), specHash(JSON.parse(JSON.stringify(a)) as typeof a));
  assert.notEqual(specHash(a), specHash({ ...a, lab: 'y' }));
  assert.match(specHash(a), /^[0-9a-f]{64}$/);
});

test('state dir is a lock; state.json round-trips; nothing half-written is left behind', async () => {
  const root = await mkdtemp(join(tmpdir(), 'ecsnet-state-'));
  try {
    await claimLabStateDir('demo', root);
    await assert.rejects(claimLabStateDir('demo', root), (err: unknown) => err instanceof LabError && err.code === 'ECSNET_E_LAB_EXISTS' && /ecsnet down demo/.test(err.message));
    const state: LabState = {
      version: 1,
      lab: 'demo',
      specHash: 'h',
      createdAt: '2026-01-01T00:00:00.000Z',
      status: 'up',
      owner: { kind: 'supervisor', pid: 42, startTime: 7 },
      namespaces: ['ecsnet-demo.a'],
      processes: [],
    };
    await Promise.all([writeLabState(state, root), writeLabState({ ...state, status: 'applying' }, root)]);
    const read = await readLabState('demo', root);
    assert.ok(read && (read.status === 'up' || read.status === 'applying'));
    assert.deepEqual(await readdir(join(root, 'demo')), ['state.json'], 'no temporary file remains');
    assert.deepEqual(await listStateDirs(root), ['demo']);
    assert.equal(await readLabState('other', root), undefined);
    await removeLabStateDir('demo', root);
    await removeLabStateDir('demo', root);
    assert.deepEqual(await listStateDirs(root), []);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

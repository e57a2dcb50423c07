import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LabError } from '../../../src/dataplane/lab-error.js';
import { isRoot, requireRoot } from '../../../src/dataplane/require-root.js';

function asUser<T>(uid: number, fn: () => T): T {
  const original = process.geteuid;
  process.geteuid = () => uid;
  try {
    return fn();
  } finally {
    process.geteuid = original;
  }
}

test('without root, requireRoot says what needs root and how to run it', () => {
  asUser(1000, () => {
    assert.equal(isRoot(), false);
    assert.throws(
      () => requireRoot(),
      (err: unknown) => err instanceof LabError && err.code === 'ECSNET_E_NOT_ROOT' && err.message === 'ecsnet up needs root (network namespaces and nftables): run it with sudo',
    );
    assert.throws(() => requireRoot('ecsnet probe'), { message: 'ecsnet probe needs root (network namespaces and nftables): run it with sudo' });
  });
});

test('as root, requireRoot lets the command through', () => {
  asUser(0, () => {
    assert.equal(isRoot(), true);
    assert.doesNotThrow(() => requireRoot());
  });
});

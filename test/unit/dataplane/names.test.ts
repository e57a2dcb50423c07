import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { interfaceAlias, interfaceName, isLabNamespace, labNameProblem, MAX_INTERFACE_NAME, namespaceName, parseNamespaceName, shortHash } from '../../../src/dataplane/names.js';

test('short kernel-safe interface names are kept as they are', () => {
  assert.equal(interfaceName('eth0'), 'eth0');
  assert.equal(interfaceName('eni-0a1b2c3d4e5'), 'eni-0a1b2c3d4e5');
  assert.equal(interfaceName('a'), 'a');
});

test('long or dotted names become readable prefix + hash, exactly 15 characters', () => {
  const long = interfaceName('eni-0a1b2c3d4e5f67890');
  assert.equal(long.length, MAX_INTERFACE_NAME);
  assert.match(long, /^eni-0a1-[0-9a-z]{7}$/);
  assert.equal(long, interfaceName('eni-0a1b2c3d4e5f67890'), 'deterministic');
  assert.notEqual(long, interfaceName('eni-0a1b2c3d4e5f67891'), 'one character apart gives another name');
  const dotted = interfaceName('eth0.5');
  assert.match(dotted, /^eth05-[0-9a-z]{7}$/);
});

test('every logical name maps to a valid kernel name of at most 15 characters', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}$/), (name) => {
      const kernel = interfaceName(name);
      assert.ok(kernel.length >= 1 && kernel.length <= MAX_INTERFACE_NAME, kernel);
      assert.match(kernel, /^[A-Za-z0-9_-]+$/);
    }),
  );
});

test('shortHash is stable across runs (pinned value) and 7 base-36 characters', () => {
  // FNV-1a 32 of the empty string is its offset basis.
  assert.equal(shortHash(''), (0x811c9dc5).toString(36).padStart(7, '0'));
  assert.match(shortHash('anything'), /^[0-9a-z]{7}$/);
  // FNV-1a 32 of "a" is 0xe40c292c.
  assert.equal(shortHash('a'), (0xe40c292c).toString(36).padStart(7, '0'));
});

test('namespace names carry the lab and read back unambiguously, even with dashes in the lab', () => {
  assert.equal(namespaceName('demo', 'router'), 'ecsnet-demo.router');
  assert.deepEqual(parseNamespaceName('ecsnet-a-b.c'), { lab: 'a-b', name: 'c' });
  assert.deepEqual(parseNamespaceName('ecsnet-a.b-c'), { lab: 'a', name: 'b-c' });
  assert.deepEqual(parseNamespaceName('ecsnet-demo.task.1'), { lab: 'demo', name: 'task.1' });
  assert.equal(isLabNamespace('a', namespaceName('a-b', 'c')), false, 'lab "a" never claims lab "a-b"\'s namespaces');
  assert.equal(isLabNamespace('a-b', namespaceName('a-b', 'c')), true);
  assert.equal(parseNamespaceName('docker-1'), undefined);
  assert.equal(parseNamespaceName('ecsnet-nodot'), undefined);
  assert.equal(parseNamespaceName('ecsnet-BAD.x'), undefined);
});

test('lab names: short, lower-case, no dots', () => {
  assert.equal(labNameProblem('demo'), undefined);
  assert.equal(labNameProblem('lab-2'), undefined);
  assert.equal(labNameProblem('abcdefghijklmnop'), undefined);
  for (const bad of ['', 'Demo', 'a.b', '-a', 'a-', 'abcdefghijklmnopq', 'a b', 'a_b']) {
    assert.match(labNameProblem(bad) ?? '', /must be 1 to 16 characters/, bad);
  }
});

test('interface aliases name the lab and the logical interface', () => {
  assert.equal(interfaceAlias('demo', 'eni-0a1b2c3d4e5f67890'), 'ecsnet:demo:eni-0a1b2c3d4e5f67890');
});

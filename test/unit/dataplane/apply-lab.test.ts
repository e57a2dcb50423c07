/**
 * The applier's command plan and its rollback, against a recording runner that keeps a fake
 * list of namespaces (no root needed). The real kernel behaviour is in
 * test/integration/dataplane-*.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyLab } from '../../../src/dataplane/apply-lab.js';
import { destroyLab } from '../../../src/dataplane/destroy-lab.js';
import { LabError } from '../../../src/dataplane/lab-error.js';
import type { LabSpec } from '../../../src/dataplane/lab-spec.js';
import type { LabProgress } from '../../../src/dataplane/progress.js';
import { RecordingCommandRunner, type RecordedCommand } from '../../../src/dataplane/recording-command-runner.js';

/** Tracks namespaces the way `ip netns add/del/list` would, and fails the commands `fail` picks. */
function fakeKernel(fail: (c: RecordedCommand) => boolean = () => false) {
  const netns = new Set<string>();
  const runner = new RecordingCommandRunner((c) => {
    if (fail(c)) return { exitCode: 1, stderr: 'Error: Nexthop has invalid gateway.\nCommand failed -:1\n' };
    const line = c.argv.join(' ');
    if (line === 'ip netns list') return { stdout: [...netns].map((n) => `${n} (id: 0)\n`).join('') };
    if (line === 'ip -j link show') return { stdout: '[]' };
    if (line === 'ip -batch -' || line === 'ip -force -batch -') {
      for (const l of (c.stdin ?? '').split('\n')) {
        const [, verb, name] = /^netns (add|del) (\S+)$/.exec(l) ?? [];
        if (verb === 'add') netns.add(name!);
        if (verb === 'del') netns.delete(name!);
      }
    }
    return undefined;
  });
  return { runner, netns };
}

function spec(lab: string, workloads: number): LabSpec {
  const namespaces = [{ name: 'router', sysctls: { 'net.ipv4.ip_forward': 1, 'net.ipv4.conf.r0.rp_filter': 0 } }];
  const veths = [];
  for (let i = 0; i < workloads; i++) {
    namespaces.push({ name: `w${i}` } as (typeof namespaces)[0]);
    veths.push({ a: { namespace: `w${i}`, name: 'eth0', addresses: [`10.0.${i}.10/24`] }, b: { namespace: 'router', name: `r${i}`, addresses: [`10.0.${i}.1/24`] } });
  }
  return { lab, namespaces, veths, nftables: [{ namespace: 'router', tables: [{ family: 'inet', name: 'sg', sets: [], maps: [], counters: [], chains: [] }] }] };
}

async function withStateRoot<T>(fn: (root: string) => Promise<T>): Promise<T> {
  const root = await mkdtemp(join(tmpdir(), 'ecsnet-apply-'));
  try {
    return await fn(root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

test('a lab of 1 router + N workloads costs 2 + N+1 + 2 + 1 commands, whatever N', () =>
  withStateRoot(async (stateRoot) => {
    const { runner, netns } = fakeKernel();
    const events: LabProgress[] = [];
    const lab = await applyLab(spec('unit-a', 5), { runner, stateRoot, onProgress: (e) => events.push(e) });
    const lines = runner.lines();
    assert.deepEqual(lines.slice(0, 2), ['ip netns list', 'ip -batch -']);
    assert.equal(lines.filter((l) => l === 'ip -batch -').length, 2, 'one batch for namespaces, one for all veths');
    assert.equal(lines.filter((l) => / -batch -$/.test(l) && l.startsWith('ip -n ')).length, 6, 'one config batch per namespace');
    assert.deepEqual(
      lines.filter((l) => l.includes('sysctl')),
      ['ip netns exec ecsnet-unit-a.router sysctl -q -w net.ipv4.ip_forward=1', 'ip netns exec ecsnet-unit-a.router sysctl -q -w net.ipv4.conf.r0.rp_filter=0'],
    );
    assert.deepEqual(
      lines.filter((l) => l.includes('nft')),
      ['ip netns exec ecsnet-unit-a.router nft -f -'],
    );
    assert.equal(lines.length, 1 + 2 + 6 + 2 + 1);
    // Order: namespaces, early sysctls, veths, config, late sysctls, nft.
    const order = ['ip -batch -', 'net.ipv4.ip_forward', 'ip -batch -', 'ip -n ', 'rp_filter', 'nft -f'];
    let at = 0;
    for (const marker of order) {
      const found = lines.findIndex((l, i) => i >= at && l.includes(marker));
      assert.ok(found >= at, `${marker} after position ${at}`);
      at = found + 1;
    }
    assert.equal(netns.size, 6);
    assert.equal(lab.state.status, 'up');
    assert.deepEqual(events.at(-1)?.phase, 'ready');
    assert.deepEqual([...new Set(events.map((e) => e.phase))], ['validate', 'namespaces', 'sysctls', 'veths', 'addresses', 'interface-sysctls', 'nftables', 'processes', 'ready']);

    const report = await lab.destroy();
    assert.equal(netns.size, 0);
    assert.deepEqual(report.namespacesDeleted.length, 6);
    assert.deepEqual(await readdir(stateRoot), [], 'state removed');
  }));

test('a failing step rolls back everything created and says which step failed', () =>
  withStateRoot(async (stateRoot) => {
    const { runner, netns } = fakeKernel((c) => c.argv.join(' ') === 'ip -n ecsnet-unit-b.w1 -batch -');
    await assert.rejects(applyLab(spec('unit-b', 3), { runner, stateRoot, concurrency: 1 }), (err: unknown) => {
      assert.ok(err instanceof LabError);
      assert.equal(err.code, 'ECSNET_E_APPLY_FAILED');
      assert.match(err.message, /^lab "unit-b" could not be brought up \(step: addresses\); everything it had created was removed\./);
      assert.match(err.message, /Nexthop has invalid gateway/);
      return true;
    });
    assert.equal(netns.size, 0, 'every namespace deleted');
    assert.ok(runner.lines().includes('ip -force -batch -'));
    assert.deepEqual(await readdir(stateRoot), []);
  }));

test('a namespace of the lab already present (a crashed run) stops bring-up before anything is created, and is left alone', () =>
  withStateRoot(async (stateRoot) => {
    const { runner, netns } = fakeKernel();
    netns.add('ecsnet-unit-c.leftover');
    netns.add('ecsnet-unit-cc.router');
    await assert.rejects(
      applyLab(spec('unit-c', 1), { runner, stateRoot }),
      (err: unknown) => err instanceof LabError && err.code === 'ECSNET_E_LAB_EXISTS' && /ecsnet-unit-c\.leftover/.test(err.message),
    );
    assert.deepEqual(runner.lines(), ['ip netns list']);
    assert.deepEqual([...netns].sort(), ['ecsnet-unit-c.leftover', 'ecsnet-unit-cc.router']);
    assert.deepEqual(await readdir(stateRoot), [], 'the claimed state dir is released');
  }));

test('an invalid spec touches nothing', () =>
  withStateRoot(async (stateRoot) => {
    const { runner } = fakeKernel();
    const bad = spec('unit-d', 1);
    bad.veths![0]!.a.addresses = ['10.0.0.300/24'];
    await assert.rejects(applyLab(bad, { runner, stateRoot }), /veths\[0\]\.a\.addresses\[0\]/);
    assert.equal(runner.commands.length, 0);
    assert.deepEqual(await readdir(stateRoot), []);
  }));

test("destroy from markers alone removes only the lab's own namespaces, and is idempotent", () =>
  withStateRoot(async (stateRoot) => {
    const { runner, netns } = fakeKernel();
    for (const n of ['ecsnet-unit-e.router', 'ecsnet-unit-e.w0', 'ecsnet-unit-e-2.router', 'ecsnet-other.x', 'plain']) netns.add(n);
    const first = await destroyLab('unit-e', { runner, stateRoot });
    assert.deepEqual(first.namespacesDeleted, ['ecsnet-unit-e.router', 'ecsnet-unit-e.w0']);
    assert.equal(first.found, true);
    assert.deepEqual([...netns].sort(), ['ecsnet-other.x', 'ecsnet-unit-e-2.router', 'plain']);
    const second = await destroyLab('unit-e', { runner, stateRoot });
    assert.equal(second.found, false);
    assert.deepEqual(second.namespacesDeleted, []);
  }));

test('an nft failure fails the nftables step and names the command', () =>
  withStateRoot(async (stateRoot) => {
    const { runner } = fakeKernel((c) => c.argv.includes('nft'));
    await assert.rejects(applyLab(spec('unit-f', 1), { runner, stateRoot }), (err: unknown) => {
      assert.ok(err instanceof LabError);
      assert.match(err.message, /step: nftables/);
      assert.match(err.message, /ip netns exec ecsnet-unit-f\.router nft -f -/);
      return true;
    });
  }));

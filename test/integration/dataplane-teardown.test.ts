/**
 * Teardown leaves the host exactly as it was: after a normal bring-up, after `kill -9` of the
 * process that brought the lab up (once it was up, and in the middle of bring-up), with the
 * state file and without it (ownership markers only).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { rm } from 'node:fs/promises';
import { destroyLab } from '../../src/dataplane/destroy-lab.js';
import { echoServerArgv } from '../../src/dataplane/echo-server.js';
import type { LabSpec } from '../../src/dataplane/lab-spec.js';
import { labStateDir, readLabState } from '../../src/dataplane/lab-state.js';
import { listLabs } from '../../src/dataplane/list-labs.js';
import { hostSnapshot, kernelTest, pidsMarkedFor, uniqueLab, withLab } from './dataplane-support.js';

/** A router with `workloads` workload namespaces, a bridge, sysctls, nftables and processes: a bit of everything. */
function bigSpec(lab: string, workloads: number): LabSpec {
  const spec: LabSpec = {
    lab,
    namespaces: [{ name: 'router', sysctls: { 'net.ipv4.ip_forward': 1 } }, { name: 'inst' }],
    veths: [{ a: { namespace: 'inst', name: 'eth0', addresses: ['10.0.0.10/24'] }, b: { namespace: 'router', name: 'r-inst', addresses: ['10.0.0.1/24'] } }],
    bridges: [{ namespace: 'inst', name: 'docker0', ports: ['veth-c'], addresses: ['172.17.0.1/16'] }],
    routes: [{ namespace: 'inst', destination: 'default', via: '10.0.0.1' }],
    rules: [{ namespace: 'router', priority: 100, iif: 'r-inst', table: 100 }],
    nftables: [
      {
        namespace: 'router',
        tables: [
          {
            family: 'inet',
            name: 'sg',
            sets: [],
            maps: [],
            counters: [],
            chains: [{ name: 'sg_forward', base: { type: 'filter', hook: 'forward', priority: 0, policy: 'accept' }, rules: [] }],
          },
        ],
      },
    ],
    processes: [
      { namespace: 'router', role: 'echo', argv: echoServerArgv({ tcp: [7] }) },
      { namespace: 'inst', role: 'sleeper', argv: ['sleep', '600'] },
    ],
  };
  spec.namespaces.push({ name: 'c' });
  spec.veths!.push({ a: { namespace: 'c', name: 'eth0', addresses: ['172.17.0.2/16'] }, b: { namespace: 'inst', name: 'veth-c' } });
  for (let i = 0; i < workloads; i++) {
    spec.namespaces.push({ name: `w${i}` });
    spec.veths!.push({
      a: { namespace: `w${i}`, name: 'eth0', addresses: [`10.1.${i >> 8}.${(i & 255) + 1}/16`] },
      b: { namespace: 'router', name: `eni-${i}-with-a-long-name`, addresses: i === 0 ? ['10.1.255.254/16'] : [] },
    });
  }
  return spec;
}

/**
 * Brings `spec` up in a child process that prints each progress event as a JSON line, and
 * SIGKILLs it when `killWhen` says so. Resolves with the last phase seen.
 */
async function bringUpAndKill(spec: LabSpec, killWhen: (phase: string, done: number) => boolean): Promise<string> {
  const moduleUrl = new URL('../../src/dataplane/apply-lab.js', import.meta.url).href;
  const script = `
    import { applyLab } from ${JSON.stringify(moduleUrl)};
    const spec = JSON.parse(process.argv[1]);
    await applyLab(spec, { onProgress: (e) => process.stdout.write(JSON.stringify(e) + '\\n') });
    process.stdout.write(JSON.stringify({ phase: 'held' }) + '\\n');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let last = '';
  try {
    for await (const line of createInterface({ input: child.stdout })) {
      const event = JSON.parse(line) as { phase: string; done?: number };
      last = event.phase;
      if (killWhen(event.phase, event.done ?? 0)) {
        child.kill('SIGKILL');
        break;
      }
    }
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
  return last;
}

test('destroy after a normal bring-up leaves netns, links, nft tables and routes exactly as before', kernelTest, async () => {
  const before = hostSnapshot();
  const lab = uniqueLab('td');
  let during: Record<string, string> | undefined;
  await withLab(bigSpec(lab, 20), async (handle) => {
    during = hostSnapshot();
    assert.equal(handle.state.processes.length, 2);
  });
  assert.notDeepEqual(during?.['ip netns list'], before['ip netns list'], 'the lab really existed');
  assert.equal(during?.['ip -o link show'], before['ip -o link show'], 'no interface ever appeared on the host');
  assert.deepEqual(hostSnapshot(), before);
  assert.deepEqual(await pidsMarkedFor(lab), []);
});

test('kill -9 after bring-up, then destroy from ownership markers alone', kernelTest, async () => {
  const before = hostSnapshot();
  const lab = uniqueLab('tdk');
  try {
    const last = await bringUpAndKill(bigSpec(lab, 20), (phase) => phase === 'held');
    assert.equal(last, 'held');
    const state = await readLabState(lab);
    assert.equal(state?.status, 'up');
    assert.equal((await pidsMarkedFor(lab)).length, 2, 'the lab processes outlived their parent');
    assert.equal((await listLabs()).find((l) => l.lab === lab)?.status, 'crashed');

    await rm(labStateDir(lab), { recursive: true, force: true });
    const summary = (await listLabs()).find((l) => l.lab === lab);
    assert.equal(summary?.status, 'orphaned');
    assert.equal(summary?.namespaces.length, 23);

    const report = await destroyLab(lab);
    assert.equal(report.found, true);
    assert.equal(report.namespacesDeleted.length, 23);
    assert.equal(report.processesStopped.length, 2);
  } finally {
    await destroyLab(lab);
  }
  assert.deepEqual(hostSnapshot(), before);
  assert.deepEqual(await pidsMarkedFor(lab), []);
  assert.equal(
    (await listLabs()).find((l) => l.lab === lab),
    undefined,
  );
});

test('kill -9 in the middle of bring-up, then destroy (with and without the state file)', kernelTest, async () => {
  const before = hostSnapshot();
  for (const keepState of [true, false]) {
    const lab = uniqueLab(keepState ? 'tdm' : 'tdn');
    try {
      // Killed while per-namespace batches are in flight: namespaces and veths exist, some are configured.
      const last = await bringUpAndKill(bigSpec(lab, 150), (phase, done) => phase === 'addresses' && done >= 20);
      assert.equal(last, 'addresses');
      if (keepState) assert.equal((await readLabState(lab))?.status, 'applying');
      else await rm(labStateDir(lab), { recursive: true, force: true });
      const report = await destroyLab(lab);
      assert.equal(report.found, true);
      assert.ok(report.namespacesDeleted.length >= 150, `${report.namespacesDeleted.length} namespaces deleted`);
    } finally {
      await destroyLab(lab);
    }
    assert.deepEqual(hostSnapshot(), before, keepState ? 'with state' : 'markers only');
    assert.deepEqual(await pidsMarkedFor(lab), []);
  }
});

test('destroying a lab that does not exist succeeds and reports nothing found', kernelTest, async () => {
  const report = await destroyLab(uniqueLab('nothing'));
  assert.equal(report.found, false);
  assert.deepEqual(report.namespacesDeleted, []);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LabSpec } from '../../../src/dataplane/lab-spec.js';
import { renderDelta } from '../../../src/dataplane/render-delta.js';
import { describeDiff, diffSize, diffSpecs } from '../../../src/dataplane/spec-diff.js';

function base(): LabSpec {
  return {
    lab: 'd',
    namespaces: [{ name: 'router', sysctls: { 'net.ipv4.ip_forward': 1 } }, { name: 'a' }],
    veths: [{ a: { namespace: 'a', name: 'eth0', mac: '02:00:0a:00:01:0a', addresses: ['10.0.1.10/24'] }, b: { namespace: 'router', name: 'a0', addresses: ['10.0.1.1/24'] } }],
    routes: [{ namespace: 'a', destination: 'default', via: '10.0.1.1', dev: 'eth0' }],
    neighbors: [{ namespace: 'router', interface: 'a0', address: '10.0.1.10', mac: '02:00:0a:00:01:0a' }],
    rules: [{ namespace: 'router', priority: 100, iif: 'a0', table: 10 }],
    nftables: [{ namespace: 'router', tables: [{ family: 'inet', name: 't', sets: [], maps: [], counters: [], chains: [] }] }],
  };
}

test('an identical spec (even with keys in another order) is no change and renders no kernel write', () => {
  const same = JSON.parse(JSON.stringify(base())) as LabSpec;
  same.veths![0]!.b = { addresses: ['10.0.1.1/24'], name: 'a0', namespace: 'router' };
  const diff = diffSpecs(base(), same);
  assert.equal(diffSize(diff), 0);
  assert.deepEqual(describeDiff(diff), []);
  const batches = renderDelta(diff, same);
  assert.equal(batches.writes, 0);
  assert.equal(batches.configs.size, 0);
});

test('a new ENI adds its namespace, veth, addresses, neighbour and route, touching nothing else', () => {
  const desired = base();
  desired.namespaces.push({ name: 'b' });
  desired.veths!.push({
    a: { namespace: 'b', name: 'eth0', mac: '02:00:0a:00:01:0b', addresses: ['10.0.1.11/24'] },
    b: { namespace: 'router', name: 'b0', addresses: ['10.0.1.1/24'] },
  });
  desired.routes!.push({ namespace: 'b', destination: 'default', via: '10.0.1.1', dev: 'eth0' });
  desired.neighbors!.push({ namespace: 'router', interface: 'b0', address: '10.0.1.11', mac: '02:00:0a:00:01:0b' });
  const diff = diffSpecs(base(), desired);
  assert.deepEqual(describeDiff(diff), ['namespaces: +1 -0 ~0', 'veths: +1 -0 ~0', 'routes: +1 -0 ~0', 'neighbours: +1 -0 ~0']);
  const batches = renderDelta(diff, desired);
  assert.equal(batches.namespaceCreation, 'netns add ecsnet-d.b\n');
  assert.match(batches.vethCreation, /^link add name eth0 netns ecsnet-d\.b address 02:00:0a:00:01:0b type veth peer name b0 netns ecsnet-d\.router\n$/);
  assert.deepEqual([...batches.configs.keys()].sort(), ['b', 'router']);
  const router = batches.configs.get('router')!;
  assert.doesNotMatch(router, /link set dev lo|a0/, 'the existing ENI and lo are not touched');
  assert.match(router, /address add 10\.0\.1\.1\/24 dev b0/);
  assert.match(router, /neigh replace 10\.0\.1\.11 lladdr 02:00:0a:00:01:0b dev b0 nud permanent/);
  assert.match(batches.configs.get('b')!, /route add default via 10\.0\.1\.1 dev eth0/);
  assert.equal(batches.removals.size, 0);
});

test('changes in place: route replaced, rule re-added, address swapped; removals are forced deletes', () => {
  const desired = base();
  desired.routes![0] = { namespace: 'a', destination: 'default', via: '10.0.1.254', dev: 'eth0' };
  desired.rules![0] = { namespace: 'router', priority: 100, iif: 'a0', table: 11 };
  desired.veths![0]!.a.addresses = ['10.0.1.12/24'];
  desired.neighbors = [];
  const diff = diffSpecs(base(), desired);
  assert.equal(diff.recreatedVeths.length, 0, 'an address change keeps the link');
  const batches = renderDelta(diff, desired);
  assert.match(batches.configs.get('a')!, /route replace default via 10\.0\.1\.254 dev eth0/);
  assert.match(batches.configs.get('a')!, /address add 10\.0\.1\.12\/24 dev eth0/);
  assert.match(batches.removals.get('a')!, /address del 10\.0\.1\.10\/24 dev eth0/);
  assert.match(batches.removals.get('router')!, /rule del priority 100 iif a0 table 10/);
  assert.match(batches.removals.get('router')!, /neigh del 10\.0\.1\.10 dev a0/);
  assert.match(batches.configs.get('router')!, /rule add priority 100 iif a0 table 11/);
});

test('a MAC change recreates the veth and re-adds the routes and neighbours through it', () => {
  const desired = base();
  desired.veths![0]!.a.mac = '02:00:0a:00:01:ff';
  desired.neighbors![0]!.mac = '02:00:0a:00:01:ff';
  const diff = diffSpecs(base(), desired);
  assert.equal(diff.recreatedVeths.length, 1);
  const batches = renderDelta(diff, desired);
  assert.match(batches.removals.get('a')!, /link del dev eth0/);
  assert.match(batches.vethCreation, /address 02:00:0a:00:01:ff/);
  assert.match(batches.configs.get('a')!, /route add default via 10\.0\.1\.1 dev eth0/, 'the unchanged route through the recreated link comes back');
});

test('a removed namespace is deleted whole, without per-object removals inside it', () => {
  const desired = base();
  desired.namespaces = desired.namespaces.filter((n) => n.name !== 'a');
  desired.veths = [];
  desired.routes = [];
  desired.neighbors = [];
  const batches = renderDelta(diffSpecs(base(), desired), desired);
  assert.deepEqual(batches.namespacesToDelete, ['ecsnet-d.a']);
  assert.equal(batches.removals.has('a'), false);
  assert.match(batches.removals.get('router')!, /link del dev a0/);
});

test('sameValue: deep equality that ignores key order and undefined members, and sees every difference', async () => {
  const { sameValue } = await import('../../../src/dataplane/spec-diff.js');
  assert.equal(sameValue({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 }), true);
  assert.equal(sameValue({ a: 1, u: undefined }, { a: 1 }), true);
  assert.equal(sameValue({ a: 1 }, { a: 1, b: 2 }), false);
  assert.equal(sameValue([1, 2], [2, 1]), false);
  assert.equal(sameValue({ a: [1] }, { a: { 0: 1 } }), false);
  assert.equal(sameValue(null, {}), false);
  assert.equal(sameValue('1', 1), false);
});

test('a changed bridge is recreated with its ports enslaved again and the routes through it re-added; a loopback address removed is deleted', () => {
  const before: LabSpec = {
    lab: 'd',
    namespaces: [{ name: 'i', loopbackAddresses: ['169.254.169.253/32', '10.9.9.9/32'] }, { name: 'c' }],
    veths: [{ a: { namespace: 'c', name: 'eth0' }, b: { namespace: 'i', name: 'p0' } }],
    bridges: [{ namespace: 'i', name: 'docker0', ports: ['p0'], addresses: ['172.17.0.1/16'] }],
    routes: [{ namespace: 'i', destination: '172.18.0.0/16', dev: 'docker0' }],
  };
  const after: LabSpec = JSON.parse(JSON.stringify(before)) as LabSpec;
  after.bridges![0]!.mtu = 9000;
  after.namespaces[0]!.loopbackAddresses = ['169.254.169.253/32'];
  const diff = diffSpecs(before, after);
  const batches = renderDelta(diff, after);
  assert.match(batches.removals.get('i')!, /link del dev docker0/);
  assert.match(batches.removals.get('i')!, /address del 10\.9\.9\.9\/32 dev lo/);
  const config = batches.configs.get('i')!;
  assert.match(config, /link add name docker0 mtu 9000 type bridge/);
  assert.match(config, /link set dev p0 master docker0/);
  assert.match(config, /route add 172\.18\.0\.0\/16 dev docker0/);
});

/**
 * A router namespace between two workloads, the shape of the VPC router: forwarding, a route
 * table chosen by ingress interface (ip rule iif), a blackhole route that silently drops, an
 * unreachable route that answers with ICMP, and a local blackhole in a workload.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { echoServerArgv } from '../../src/dataplane/echo-server.js';
import type { LabSpec } from '../../src/dataplane/lab-spec.js';
import { kernelTest, uniqueLab, withLab } from './dataplane-support.js';

function spec(lab: string): LabSpec {
  return {
    lab,
    namespaces: [{ name: 'router', sysctls: { 'net.ipv4.ip_forward': 1, 'net.ipv4.conf.all.rp_filter': 0, 'net.ipv4.conf.default.rp_filter': 0 } }, { name: 'a' }, { name: 'b' }],
    veths: [
      { a: { namespace: 'a', name: 'eth0', addresses: ['10.0.1.10/24'] }, b: { namespace: 'router', name: 'subnet-a', addresses: ['10.0.1.1/24'] } },
      // b answers on two addresses; a's route table blackholes one of them.
      { a: { namespace: 'b', name: 'eth0', addresses: ['10.0.2.10/24', '10.0.2.20/24'] }, b: { namespace: 'router', name: 'subnet-b', addresses: ['10.0.2.1/24'] } },
    ],
    routes: [
      { namespace: 'a', destination: 'default', via: '10.0.1.1' },
      { namespace: 'a', destination: '203.0.113.0/24', type: 'blackhole' },
      { namespace: 'b', destination: 'default', via: '10.0.2.1' },
      // Route table of subnet a (chosen for packets arriving on subnet-a).
      { namespace: 'router', table: 101, destination: '10.0.2.0/24', dev: 'subnet-b' },
      { namespace: 'router', table: 101, destination: '10.0.2.20/32', type: 'blackhole' },
      { namespace: 'router', table: 101, destination: '198.51.100.0/24', type: 'unreachable' },
      // Route table of subnet b.
      { namespace: 'router', table: 102, destination: '10.0.1.0/24', dev: 'subnet-a' },
    ],
    rules: [
      { namespace: 'router', priority: 100, iif: 'subnet-a', table: 101 },
      { namespace: 'router', priority: 101, iif: 'subnet-b', table: 102 },
    ],
    processes: [
      { namespace: 'b', role: 'echo', argv: echoServerArgv({ tcp: [7], udp: [7] }) },
      { namespace: 'router', role: 'echo', argv: echoServerArgv({ tcp: [7] }) },
    ],
  };
}

test('the router forwards by the route table of the ingress interface; blackhole drops, unreachable rejects', kernelTest, async () => {
  await withLab(spec(uniqueLab('rtr')), async (lab) => {
    const fromA = await lab.probeMany('a', [
      { proto: 'tcp', address: '10.0.2.10', port: 7, send: 'whoami' },
      { proto: 'udp', address: '10.0.2.10', port: 7, send: 'via router' },
      { proto: 'icmp', address: '10.0.2.10' },
      { proto: 'tcp', address: '10.0.2.20', port: 7 },
      { proto: 'icmp', address: '10.0.2.20' },
      { proto: 'tcp', address: '198.51.100.7', port: 80 },
      { proto: 'tcp', address: '203.0.113.9', port: 80 },
    ]);
    assert.deepEqual(
      fromA.map((o) => o.result),
      ['reached', 'reached', 'reached', 'timed-out', 'timed-out', 'no-route', 'no-route'],
      JSON.stringify(fromA),
    );
    assert.equal(fromA[0]!.reply?.split(':')[0], '10.0.1.10', 'forwarded without translation');
    assert.equal(fromA[1]!.reply, 'via router');
    assert.equal(fromA[5]!.detail, 'EHOSTUNREACH', 'the router answered with ICMP unreachable');
    assert.equal(fromA[6]!.detail, 'EINVAL', "a's own blackhole route fails the connect at once");
    assert.ok(fromA[6]!.elapsedMs < 500);

    // The same destination is fine for traffic that does not enter through subnet-a: the router's
    // own (main table) and b's (table 102 has no blackhole).
    const fromRouter = await lab.probeMany('router', [{ proto: 'tcp', address: '10.0.2.20', port: 7 }]);
    assert.equal(fromRouter[0]!.result, 'reached');
    const fromB = await lab.probeMany('b', [{ proto: 'tcp', address: '10.0.1.1', port: 7, send: 'whoami' }]);
    assert.equal(fromB[0]!.result, 'reached');
    assert.equal(fromB[0]!.reply?.split(':')[0], '10.0.2.10');

    // The rules and tables are what the spec said.
    const rules = (await lab.exec('router', ['ip', 'rule', 'show'], { check: true })).stdout;
    assert.match(rules, /^100:\s+from all iif subnet-a lookup 101/m);
    assert.match(rules, /^101:\s+from all iif subnet-b lookup 102/m);
    const table = (await lab.exec('router', ['ip', 'route', 'show', 'table', '101'], { check: true })).stdout;
    assert.match(table, /^blackhole 10\.0\.2\.20 /m);
    assert.match(table, /^unreachable 198\.51\.100\.0\/24/m);
  });
});

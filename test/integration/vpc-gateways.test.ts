/**
 * Internet gateway, NAT gateway and route tables on the real kernel, from the
 * public-private fixture: a public IP reaches the internet and without one nothing does, a
 * private subnet goes out through the NAT gateway and the internet sees its Elastic IP, the
 * internet reaches a public IP through the gateway's 1:1 NAT, and a route whose target is gone
 * drops silently.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { echoServerArgv } from '../../src/dataplane/echo-server.js';
import { kernelTest, uniqueLab } from './dataplane-support.js';
import { counters, drops, fixture, grown, httpGet, withFabric } from './vpc-support.js';

const INTERNET_HOST = '203.0.113.10';

test('internet gateway and NAT gateway: who reaches the internet, and with which source address', kernelTest, async () => {
  await withFabric([fixture('public-private.yml')], uniqueLab('vgw'), async (lab) => {
    const web = lab.endpoint('WebServer');
    const nat = lab.endpoint('NatGateway');
    const router = lab.manifest.vpcs[0]!.namespace;
    assert.ok(web.publicIp, 'the web server has a public IP');
    assert.ok(nat.publicIp, 'the NAT gateway has its Elastic IP');
    assert.equal(lab.endpoint('PublicNoIp').publicIp, undefined);

    // Public subnet + public IP: out through the internet gateway, seen as the public IP.
    const fromWeb = await httpGet(lab.handle, lab.ns('WebServer'), INTERNET_HOST);
    assert.equal(fromWeb.outcome.result, 'reached', JSON.stringify(fromWeb.outcome));
    assert.equal(fromWeb.body?.sawSource, web.publicIp);

    // Public subnet, no public IP: the internet gateway drops it, and the router says so.
    const before = await counters(lab.handle, router);
    const fromNoIp = await lab.handle.probe(lab.ns('PublicNoIp'), { proto: 'tcp', address: INTERNET_HOST, port: 80 });
    assert.equal(fromNoIp.result, 'timed-out');
    assert.deepEqual(drops(lab.manifest, grown(before, await counters(lab.handle, router))), ['igw_no_public_ip']);

    // Private subnet: through the NAT gateway, seen as the NAT gateway's Elastic IP (TCP and UDP).
    const fromPrivate = await httpGet(lab.handle, lab.ns('PrivateClient'), INTERNET_HOST);
    assert.equal(fromPrivate.outcome.result, 'reached', JSON.stringify(fromPrivate.outcome));
    assert.equal(fromPrivate.body?.sawSource, nat.publicIp);
    const udp = await lab.handle.probe(lab.ns('PrivateClient'), { proto: 'udp', address: INTERNET_HOST, port: 7, send: 'whoami' });
    assert.equal(udp.result, 'reached');
    assert.equal(udp.reply?.split(':')[0], nat.publicIp);
    const ping = await lab.handle.probe(lab.ns('PrivateClient'), { proto: 'icmp', address: INTERNET_HOST });
    assert.equal(ping.result, 'reached');

    // The NAT gateway itself takes no connection from the internet.
    const toNat = await lab.handle.probe('internet', { proto: 'tcp', address: nat.publicIp!, port: 80 });
    assert.equal(toNat.result, 'timed-out');
  });
});

test('the internet reaches a public IP through the 1:1 NAT, as allowed by its security group', kernelTest, async () => {
  await withFabric([fixture('public-private.yml')], uniqueLab('vin'), async (lab) => {
    const web = lab.endpoint('WebServer');
    await lab.handle.startProcess({ namespace: lab.ns('WebServer'), role: 'echo', argv: echoServerArgv({ tcp: [80, 7, 8080] }) });
    const inbound = await lab.handle.probe('internet', { proto: 'tcp', address: web.publicIp!, port: 80, send: 'whoami' });
    assert.equal(inbound.result, 'reached', JSON.stringify(inbound));
    assert.equal(inbound.reply?.split(':')[0], INTERNET_HOST, 'the instance sees the internet source unchanged');

    // Port 7 is open to 10.0.1.0/24 only, the public client's group admits nothing.
    const closed = await lab.handle.probeMany('internet', [
      { proto: 'tcp', address: web.publicIp!, port: 7 },
      { proto: 'tcp', address: lab.endpoint('PublicClient').publicIp!, port: 80 },
      { proto: 'tcp', address: web.privateIp, port: 80 },
    ]);
    assert.deepEqual(
      closed.map((o) => o.result),
      ['timed-out', 'timed-out', 'no-route'],
    );

    // An instance reaching another's public IP goes out and back in through the gateway (hairpin).
    const hairpin = await lab.handle.probe(lab.ns('PublicClient'), { proto: 'tcp', address: web.publicIp!, port: 80, send: 'whoami' });
    assert.equal(hairpin.result, 'reached');
    assert.equal(hairpin.reply?.split(':')[0], lab.endpoint('PublicClient').publicIp);
  });
});

test('route tables: local routes between subnets, a blackhole route drops, the kernel tables match the model', kernelTest, async () => {
  await withFabric([fixture('public-private.yml')], uniqueLab('vrt'), async (lab) => {
    const router = lab.manifest.vpcs[0]!.namespace;
    const privateTable = lab.manifest.vpcs[0]!.routeTables.find((t) => t.routeTableId.endsWith('PrivateRouteTable'))!;
    const stale = privateTable.routes.find((r) => r.logicalId === 'StaleRoute');
    assert.equal(stale?.action, 'blackhole');
    assert.match(stale?.note ?? '', /nat-0123456789abcdef0/);

    const result = await lab.handle.probeMany(lab.ns('PrivateClient'), [
      { proto: 'tcp', address: '198.51.100.130', port: 80 },
      { proto: 'icmp', address: '198.51.100.130' },
      { proto: 'tcp', address: '10.0.99.99', port: 80 },
    ]);
    assert.deepEqual(
      result.map((r) => r.result),
      ['timed-out', 'timed-out', 'timed-out'],
      'blackholes drop silently; an unused VPC address goes nowhere',
    );

    // What the kernel holds: the private table's routes, chosen by fwmark, and the blackhole.
    const table = (await lab.handle.exec(router, ['ip', 'route', 'show', 'table', String(privateTable.table)], { check: true })).stdout;
    assert.match(table, /^blackhole 198\.51\.100\.128\/25/m);
    assert.match(table, new RegExp(`^default via ${lab.endpoint('NatGateway').privateIp} dev \\S+ onlink`, 'm'));
    const rules = (await lab.handle.exec(router, ['ip', 'rule', 'show'], { check: true })).stdout;
    assert.match(rules, /^500:\s+from all to 10\.0\.0\.0\/16 lookup 100/m);
    assert.match(rules, new RegExp(`^${privateTable.table}:\\s+from all fwmark 0x${privateTable.table.toString(16)} lookup ${privateTable.table}`, 'm'));
    const get = await lab.handle.exec(router, ['ip', 'route', 'get', '198.51.100.130', 'mark', String(privateTable.table)]);
    assert.match(get.stdout + get.stderr, /blackhole|Invalid argument/);
  });
});

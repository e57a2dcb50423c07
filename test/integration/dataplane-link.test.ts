/**
 * The smallest lab: two namespaces joined by a veth pair really carry TCP, UDP and ICMP, with
 * the addresses, MAC, MTU and ownership marks the spec asked for.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { echoServerArgv } from '../../src/dataplane/echo-server.js';
import { interfaceName } from '../../src/dataplane/names.js';
import type { LabSpec } from '../../src/dataplane/lab-spec.js';
import { kernelTest, uniqueLab, withLab } from './dataplane-support.js';

const LONG = 'eni-0a1b2c3d4e5f67890';

function spec(lab: string): LabSpec {
  return {
    lab,
    namespaces: [{ name: 'client' }, { name: 'server' }],
    veths: [
      {
        a: { namespace: 'client', name: 'eth0', addresses: ['10.0.0.10/24'], mac: '02:00:0a:00:00:0a', mtu: 9001 },
        b: { namespace: 'server', name: LONG, addresses: ['10.0.0.20/24'], mtu: 9001 },
      },
    ],
    processes: [{ namespace: 'server', role: 'echo', argv: echoServerArgv({ tcp: [7, 80], udp: [7] }) }],
  };
}

test('a veth pair with addresses passes TCP, UDP and ICMP; closed ports are refused', kernelTest, async () => {
  await withLab(spec(uniqueLab('link')), async (lab) => {
    const out = await lab.probeMany('client', [
      { proto: 'tcp', address: '10.0.0.20', port: 80 },
      { proto: 'tcp', address: '10.0.0.20', port: 7, send: 'whoami' },
      { proto: 'udp', address: '10.0.0.20', port: 7, send: 'hello over udp' },
      { proto: 'icmp', address: '10.0.0.20' },
      { proto: 'tcp', address: '10.0.0.20', port: 81 },
      { proto: 'udp', address: '10.0.0.20', port: 9 },
      { proto: 'tcp', address: '203.0.113.5', port: 80 },
    ]);
    assert.deepEqual(
      out.map((o) => o.result),
      ['reached', 'reached', 'reached', 'reached', 'refused', 'refused', 'no-route'],
    );
    assert.equal(out[1]!.reply?.split(':')[0], '10.0.0.10', 'the server sees the client address');
    assert.equal(out[2]!.reply, 'hello over udp', 'UDP really echoed');
    assert.ok(
      out.every((o) => o.elapsedMs < 900),
      'nothing waited for a timeout',
    );
  });
});

test('interfaces get the kernel names, MAC, MTU, addresses and ownership alias of the spec', kernelTest, async () => {
  const name = uniqueLab('link2');
  await withLab(spec(name), async (lab) => {
    const links = JSON.parse((await lab.exec('server', ['ip', '-j', 'addr', 'show'], { check: true })).stdout) as Array<{
      ifname: string;
      mtu: number;
      flags: string[];
      addr_info: Array<{ family: string; local: string; prefixlen: number }>;
    }>;
    const eni = links.find((l) => l.ifname === interfaceName(LONG));
    assert.ok(eni, `interface ${interfaceName(LONG)} exists in the server namespace`);
    assert.equal(eni.ifname.length, 15);
    assert.equal(eni.mtu, 9001);
    // The UP flag, not operstate: the kernel reports carrier changes through linkwatch, up to a second late.
    assert.ok(eni.flags.includes('UP'));
    assert.deepEqual(
      eni.addr_info.filter((a) => a.family === 'inet').map((a) => `${a.local}/${a.prefixlen}`),
      ['10.0.0.20/24'],
    );
    // `ip -j addr` leaves aliases out; `ip -j link` has them.
    const aliases = JSON.parse((await lab.exec('server', ['ip', '-j', 'link', 'show'], { check: true })).stdout) as Array<{ ifname: string; ifalias?: string }>;
    assert.deepEqual(
      aliases.map((l) => [l.ifname, l.ifalias]),
      [
        ['lo', `ecsnet:${name}:`],
        [interfaceName(LONG), `ecsnet:${name}:${LONG}`],
      ],
    );

    const client = JSON.parse((await lab.exec('client', ['ip', '-j', 'link', 'show', 'eth0'], { check: true })).stdout) as Array<{ address: string; mtu: number }>;
    assert.equal(client[0]?.address, '02:00:0a:00:00:0a');
    assert.equal(client[0]?.mtu, 9001);
  });
});

/**
 * The shared behaviour cases (test/cases/nft-behaviour.ts) through the fake backend: the
 * router's table, compiled by the real compilers and applied as a transaction, traced packet
 * by packet — the first packet of each flow as a new connection, its reply as an established
 * one, each on the interfaces the router would see. The integration test runs the same cases
 * with real packets on the kernel.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resyncOps } from '../../../../src/dataplane/nft/diff.js';
import { FakeNftBackend } from '../../../../src/dataplane/nft/fake.js';
import type { NftPacket } from '../../../../src/dataplane/nft/trace.js';
import { BEHAVIOUR_CASES, CASE_INTERNET, caseEni, caseRouter, routerPort, type BehaviourCase } from '../../../cases/nft-behaviour.js';

const CLIENT_PORT = 40000;

/** The first packet of a flow and its reply, as the router's forward path sees them (addresses after DNAT, before SNAT). */
function packets(c: BehaviourCase): { first: NftPacket; reply: NftPacket; publicTarget?: string } {
  const from = caseEni(c.from);
  const to = caseEni(c.to);
  const proto = c.proto === 'tcp' ? 6 : 17;
  const src = from ? { iface: routerPort(from), ip: from.ip } : { iface: CASE_INTERNET.uplink, ip: CASE_INTERNET.host };
  const dst = to ? { iface: routerPort(to), ip: to.ip } : { iface: CASE_INTERNET.uplink, ip: CASE_INTERNET.host };
  // From the internet, the packet is addressed to the public IP; the router's DNAT makes it private.
  const publicTarget = !from && to ? to.publicIp : undefined;
  const first: NftPacket = { iif: src.iface, oif: dst.iface, saddr: src.ip, daddr: publicTarget ?? dst.ip, proto, sport: CLIENT_PORT, dport: c.port, ct: 'new' };
  const reply: NftPacket = { iif: dst.iface, oif: src.iface, saddr: dst.ip, daddr: src.ip, proto, sport: c.port, dport: CLIENT_PORT, ct: 'established' };
  return { first, reply, ...(publicTarget ? { publicTarget } : {}) };
}

test('behaviour cases: the fake gives each flow its expected verdict and drop counter', async () => {
  const { table, counters } = caseRouter();
  const fake = new FakeNftBackend();
  await fake.apply('router', resyncOps([table]));
  for (const c of BEHAVIOUR_CASES) {
    const { first, reply, publicTarget } = packets(c);
    const out = fake.send('router', first);
    const back = out.verdict === 'accept' ? fake.send('router', reply) : undefined;
    const reached = out.verdict === 'accept' && back?.verdict === 'accept';
    assert.equal(reached ? 'reached' : 'timed-out', c.expect, `${c.name}: ${JSON.stringify({ first: out.path, reply: back?.path })}`);
    const drops = [...out.counters, ...(back?.counters ?? [])].filter((n) => counters[n]?.drops);
    assert.deepEqual(drops, c.counter ? [c.counter] : [], `${c.name}: drop counters`);
    if (publicTarget) assert.equal(out.dnat, caseEni(c.to)?.ip, `${c.name}: the internet gateway translated ${publicTarget}`);
    if (c.to === 'internet' && c.expect === 'reached') assert.equal(out.snat, caseEni(c.from)?.publicIp, `${c.name}: the source left as its public IP`);
  }
  // The fake counted what it traced, as the kernel's counters would.
  const seen = await fake.listCounters('router', 'inet', 'ecsnet');
  for (const c of BEHAVIOUR_CASES.filter((x) => x.counter)) assert.ok((seen.get(c.counter as string)?.packets ?? 0) > 0, c.counter);
});

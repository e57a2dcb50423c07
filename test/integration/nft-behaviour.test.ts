/**
 * The shared behaviour cases (test/cases/nft-behaviour.ts) on the real kernel: the same router
 * table the unit test feeds the fake, in a router namespace with a veth to a namespace per ENI
 * and an uplink to an internet namespace; each flow is a real TCP connect or UDP echo, and the
 * router's named counters read before and after it must show the same drop counter the fake
 * named (and no other).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { echoServerArgv } from '../../src/dataplane/echo-server.js';
import type { LabSpec } from '../../src/dataplane/lab-spec.js';
import { FORWARDER_SYSCTLS, BASE_SYSCTLS } from '../../src/fabric/spec-builder.js';
import { BEHAVIOUR_CASES, CASE_ENIS, CASE_INTERNET, caseEni, caseRouter } from '../cases/nft-behaviour.js';
import { kernelTest, withLab } from './dataplane-support.js';
import { counters } from './vpc-support.js';

const LAB = `nfcase-${process.pid.toString(36)}`.slice(0, 16);

function caseSpec(): LabSpec {
  const { table } = caseRouter();
  const spec: LabSpec = {
    lab: LAB,
    namespaces: [
      { name: 'router', sysctls: { ...FORWARDER_SYSCTLS } },
      { name: 'internet', sysctls: { ...FORWARDER_SYSCTLS }, loopbackAddresses: [`${CASE_INTERNET.host}/32`] },
      ...CASE_ENIS.map((e) => ({ name: `e-${e.name}`, sysctls: { ...BASE_SYSCTLS } })),
    ],
    veths: [
      ...CASE_ENIS.map((e) => ({
        a: { namespace: `e-${e.name}`, name: 'eth0', addresses: [`${e.ip}/24`] },
        b: { namespace: 'router', name: `r-${e.name}`, addresses: [`${e.gateway}/24`] },
      })),
      {
        a: { namespace: 'router', name: CASE_INTERNET.uplink, addresses: [`${CASE_INTERNET.routerIp}/30`] },
        b: { namespace: 'internet', name: 'up0', addresses: [`${CASE_INTERNET.internetIp}/30`] },
      },
    ],
    routes: [
      ...CASE_ENIS.map((e) => ({ namespace: `e-${e.name}`, destination: 'default' as const, via: e.gateway })),
      { namespace: 'router', destination: 'default', via: CASE_INTERNET.internetIp },
      ...CASE_ENIS.filter((e) => e.publicIp).map((e) => ({
        namespace: 'internet',
        destination: `${e.publicIp}/32`,
        via: CASE_INTERNET.routerIp,
        dev: 'up0',
        src: CASE_INTERNET.host,
      })),
    ],
    nftables: [{ namespace: 'router', tables: [table] }],
    processes: [
      ...CASE_ENIS.map((e) => ({ namespace: `e-${e.name}`, role: 'echo', argv: echoServerArgv(e.listen) })),
      { namespace: 'internet', role: 'echo', argv: echoServerArgv(CASE_INTERNET.listen) },
    ],
  };
  return spec;
}

test('behaviour cases: the kernel gives each flow the verdict and drop counter the fake gives', kernelTest, async () => {
  const { counters: meaning } = caseRouter();
  await withLab(caseSpec(), async (lab) => {
    for (const c of BEHAVIOUR_CASES) {
      const from = caseEni(c.from);
      const to = caseEni(c.to);
      const address = to ? (from ? to.ip : (to.publicIp as string)) : CASE_INTERNET.host;
      const before = await counters(lab, 'router');
      const outcome = await lab.probe(from ? `e-${from.name}` : 'internet', { proto: c.proto, address, port: c.port, timeoutMs: 800 });
      const after = await counters(lab, 'router');
      assert.equal(outcome.result, c.expect, `${c.name}: ${outcome.detail}`);
      const grown = Object.keys(after).filter((n) => meaning[n]?.drops && (after[n] ?? 0) > (before[n] ?? 0));
      assert.deepEqual(grown, c.counter ? [c.counter] : [], `${c.name}: drop counters`);
    }
  });
});

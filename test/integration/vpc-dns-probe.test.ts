/**
 * A udp/53 probe speaks DNS: probing the VPC resolver (base + 2 and 169.254.169.253) says
 * reached and names the resolver, and a DNS port with nothing behind it still times out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { probeFabric } from '../../src/fabric/probe-fabric.js';
import { kernelTest } from './dataplane-support.js';
import { fixture, withFabric } from './vpc-support.js';

test('a udp probe to port 53 of the VPC resolver is a DNS query, answered and explained', kernelTest, async () => {
  const lab = `rldnsp-${process.pid.toString(36)}`;
  await withFabric([fixture('public-private.yml')], lab, async () => {
    for (const address of ['10.0.0.2', '169.254.169.253']) {
      const report = await probeFabric({ lab, from: 'PrivateClient', to: address, proto: 'udp', port: 53 });
      assert.equal(report.result, 'reached', `${address}: ${report.detail} ${JSON.stringify(report.drops)}`);
      assert.match(report.detail, /the VPC resolver of public-private\.Vpc answered at .* \(DNS (NXDOMAIN|REFUSED|NOERROR)\)/);
      assert.deepEqual(report.drops, []);
    }
    const nobody = await probeFabric({ lab, from: 'PrivateClient', to: '10.0.1.10', proto: 'udp', port: 53, timeoutMs: 600 });
    assert.notEqual(nobody.result, 'reached', 'no DNS server on the web server');
  });
});

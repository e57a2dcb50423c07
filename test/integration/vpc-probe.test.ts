/**
 * `probe` explains drops with the kernel's own evidence: the named counter of the security
 * group, NACL rule or internet-gateway check that grew, or the route (by logical id) that
 * blackholed the packet; names that do not resolve and addresses the internet cannot reach
 * are answered without sending anything.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { probeFabric } from '../../src/fabric/probe-fabric.js';
import { kernelTest, uniqueLab } from './dataplane-support.js';
import { fixture, withFabric } from './vpc-support.js';

test('probe names the security group, the gateway check and the blackhole route', kernelTest, async () => {
  const lab = uniqueLab('vpr');
  await withFabric([fixture('public-private.yml')], lab, async () => {
    const sg = await probeFabric({ lab, from: 'PrivateClient', to: 'WebServer', port: 7 });
    assert.equal(sg.result, 'timed-out');
    assert.equal(sg.to.address, '10.0.1.10');
    assert.deepEqual([sg.dropPoint?.kind, sg.dropPoint?.direction, sg.dropPoint?.securityGroupIds], ['security-group', 'ingress', ['public-private.WebSecurityGroup']]);

    const igw = await probeFabric({ lab, from: 'PublicNoIp', to: 'internet', port: 80 });
    assert.equal(igw.result, 'timed-out');
    assert.equal(igw.dropPoint?.kind, 'internet-gateway');
    assert.equal(igw.dropPoint?.counter, 'igw_no_public_ip');

    const blackhole = await probeFabric({ lab, from: 'public-private.PrivateClient', to: '198.51.100.130', port: 80, timeoutMs: 800 });
    assert.equal(blackhole.result, 'timed-out');
    assert.equal(blackhole.dropPoint?.kind, 'route');
    assert.equal(blackhole.dropPoint?.route?.logicalId, 'StaleRoute');
    assert.equal(blackhole.dropPoint?.routeTableId, 'public-private.PrivateRouteTable');

    const ok = await probeFabric({ lab, from: 'internet', to: 'WebServer', port: 80 });
    assert.match(ok.to.address, /^198\.19\./, 'from the internet an instance is its public IP');
    assert.equal(ok.result, 'refused', 'the SG admits tcp/80 from anywhere; nothing listens');

    const noPublic = await probeFabric({ lab, from: 'internet', to: 'PrivateClient', port: 80 });
    assert.equal(noPublic.result, 'no-route');
    assert.match(noPublic.detail, /no public IP/);

    const nxdomain = await probeFabric({ lab, from: 'WebServer', to: 'nothing.example.org', port: 80 });
    assert.equal(nxdomain.result, 'no-route');
    assert.equal(nxdomain.dropPoint?.kind, 'dns');
    const named = await probeFabric({ lab, from: 'PrivateClient', to: 'ip-10-0-1-20.ec2.internal', port: 80 });
    assert.equal(named.to.address, '10.0.1.20');
    assert.equal(named.result, 'timed-out', 'the default group admits only its own members');

    const intoNat = await probeFabric({ lab, from: 'internet', to: 'NatGateway', port: 80, timeoutMs: 800 });
    assert.equal(intoNat.result, 'timed-out', 'a NAT gateway takes no connection from outside');
    assert.match(intoNat.dropPoint?.description ?? '', /NatGateway is a NAT gateway: it accepts no connection that it did not open itself/);

    await assert.rejects(probeFabric({ lab, from: 'NoSuchThing', to: 'internet' }), /has no endpoint "NoSuchThing"/);
  });
});

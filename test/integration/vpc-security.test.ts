/**
 * Security groups and network ACLs on the real kernel: a group admitting a CIDR, a group
 * admitting another group, default deny, the default group's self reference, stateful return
 * traffic; a NACL without ephemeral ports breaking return traffic, rule order (a deny before an
 * allow), NACLs not applying inside a subnet; and every drop pinned on its counter.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { echoServerArgv } from '../../src/dataplane/echo-server.js';
import { kernelTest, uniqueLab } from './dataplane-support.js';
import { counters, drops, fixture, grown, httpGet, withFabric } from './vpc-support.js';

test('security groups: CIDR and group sources, default deny, self reference, stateful replies', kernelTest, async () => {
  await withFabric([fixture('public-private.yml')], uniqueLab('vsg'), async (lab) => {
    const router = lab.manifest.vpcs[0]!.namespace;
    for (const name of ['WebServer', 'PublicClient', 'PrivateOther', 'PublicNoIp']) {
      await lab.handle.startProcess({ namespace: lab.ns(name), role: 'echo', argv: echoServerArgv({ tcp: [7, 80, 8080] }) });
    }
    const web = lab.endpoint('WebServer').privateIp;
    const probe = (from: string, address: string, port: number) => lab.handle.probe(lab.ns(from), { proto: 'tcp', address, port, send: 'whoami' });

    // CIDR source: tcp/7 from 10.0.1.0/24 only.
    assert.equal((await probe('PublicClient', web, 7)).result, 'reached');
    const before = await counters(lab.handle, router);
    assert.equal((await probe('PrivateClient', web, 7)).result, 'timed-out');
    const dropped = drops(lab.manifest, grown(before, await counters(lab.handle, router)));
    assert.equal(dropped.length, 1);
    const meaning = lab.manifest.vpcs[0]!.counters[dropped[0]!]!;
    assert.equal(meaning.kind, 'security-group');
    assert.equal(meaning.direction, 'ingress');
    assert.deepEqual(meaning.securityGroupIds, ['public-private.WebSecurityGroup']);

    // Group source: tcp/8080 from members of ClientSecurityGroup, whichever subnet they are in.
    assert.equal((await probe('PrivateClient', web, 8080)).result, 'reached');
    assert.equal((await probe('PublicClient', web, 8080)).result, 'reached');
    assert.equal((await probe('PrivateOther', web, 8080)).result, 'timed-out', 'the default group is not ClientSecurityGroup');

    // Default deny: ClientSecurityGroup has no ingress rule at all.
    assert.equal((await probe('WebServer', lab.endpoint('PublicClient').privateIp, 7)).result, 'timed-out');
    // ... yet its members' own connections get their replies: security groups are stateful.
    const outbound = await httpGet(lab.handle, lab.ns('PublicClient'), '203.0.113.10');
    assert.equal(outbound.outcome.result, 'reached');

    // The default group admits its own members (all protocols) and nobody else.
    const noIp = lab.endpoint('PublicNoIp').privateIp;
    assert.equal((await probe('PrivateOther', noIp, 80)).result, 'reached');
    assert.equal((await lab.handle.probe(lab.ns('PrivateOther'), { proto: 'icmp', address: noIp })).result, 'reached');
    assert.equal((await probe('PrivateClient', noIp, 80)).result, 'timed-out');

    // ICMP echo by type: admitted from 10.0.0.0/16.
    assert.equal((await lab.handle.probe(lab.ns('PrivateClient'), { proto: 'icmp', address: web })).result, 'reached');
    // The SG sets hold the rules as data: one element per disjoint box, the chain does lookups only.
    const ruleset = (await lab.handle.exec(router, ['nft', 'list', 'table', 'inet', 'ecsnet'], { check: true })).stdout;
    assert.match(ruleset, /ip saddr \. meta l4proto \. th dport @sg_\w+_in return/);
    assert.match(ruleset, /ip saddr \. icmp type \. icmp code @sg_\w+_in_icmp return/);
  });
});

test('network ACLs: stateless, ordered, at the subnet boundary only', kernelTest, async () => {
  await withFabric([fixture('nacl.yml')], uniqueLab('vna'), async (lab) => {
    const router = lab.manifest.vpcs[0]!.namespace;
    const meaning = lab.manifest.vpcs[0]!.counters;

    // The open subnet admits replies on ephemeral ports.
    assert.equal((await httpGet(lab.handle, lab.ns('OpenClient'), '203.0.113.10')).outcome.result, 'reached');

    // The strict subnet lets the request out but not the reply back in.
    let before = await counters(lab.handle, router);
    const strict = await lab.handle.probe(lab.ns('StrictClient'), { proto: 'tcp', address: '203.0.113.10', port: 80 });
    assert.equal(strict.result, 'timed-out');
    let dropped = drops(lab.manifest, grown(before, await counters(lab.handle, router)));
    assert.equal(dropped.length, 1, dropped.join(', '));
    assert.equal(meaning[dropped[0]!]?.ruleNumber, '*');
    assert.equal(meaning[dropped[0]!]?.direction, 'ingress');
    assert.equal(meaning[dropped[0]!]?.networkAclId, 'nacl.StrictAcl');

    // Rule 90 (deny 198.51.100.0/24) comes before rule 100 (allow ephemeral): replies from there are dropped.
    before = await counters(lab.handle, router);
    const aws = await httpGet(lab.handle, lab.ns('OpenClient'), '198.51.100.17');
    assert.equal(aws.outcome.result, 'timed-out');
    // (The internet host may still be retransmitting its SYN-ACK to the strict client: only the open ACL is looked at.)
    dropped = drops(lab.manifest, grown(before, await counters(lab.handle, router))).filter((d) => meaning[d]?.networkAclId === 'nacl.OpenAcl');
    assert.deepEqual(
      dropped.map((d) => meaning[d]?.ruleNumber),
      [90],
    );

    // Inside one subnet, no NACL applies: the strict subnet's two instances talk freely.
    await lab.handle.startProcess({ namespace: lab.ns('StrictNeighbour'), role: 'echo', argv: echoServerArgv({ tcp: [8080] }) });
    const inside = await lab.handle.probe(lab.ns('StrictClient'), { proto: 'tcp', address: lab.endpoint('StrictNeighbour').privateIp, port: 8080 });
    assert.equal(inside.result, 'reached');
    // Across the boundary, the strict ACL admits tcp/22 only, whatever the security groups say.
    const across = await lab.handle.probe(lab.ns('OpenClient'), { proto: 'tcp', address: lab.endpoint('StrictNeighbour').privateIp, port: 8080 });
    assert.equal(across.result, 'timed-out');
  });
});

/**
 * Security groups as nftables data: the elements of each group's sets, references expanded to
 * member addresses, ICMP by type in its own set, unknown prefix lists reported, and one chain
 * per distinct combination of groups with a named drop counter.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SecurityGroup, SecurityGroupRule } from '../../../src/model/types.js';
import type { EniPlan } from '../../../src/plan/types.js';
import type { FabricEni } from '../../../src/fabric/fabric-eni.js';
import { compileSecurityGroups } from '../../../src/fabric/security-groups.js';

function group(id: string, ingress: SecurityGroupRule[], egress: SecurityGroupRule[] = [{ protocol: 'all', fromPort: -1, toPort: -1, peer: { kind: 'cidr', cidr: '0.0.0.0/0' } }]): SecurityGroup {
  return { id, stack: 'T', logicalId: id.slice(2), physicalId: `sg-${id}`, source: { file: 't.yml', line: 1, column: 1 }, vpcId: 'T.Vpc', groupName: id, description: '', ingress, egress, isDefault: false };
}

function eni(id: string, ip: string, groups: string[]): FabricEni {
  const plan = { id, mac: '02:00:00:00:00:01', kind: 'instance', ownerId: id, subnetId: 'T.Subnet', vpcId: 'T.Vpc', az: 'us-east-1a', privateIp: ip, prefixLength: 24, gatewayIp: '10.0.1.1', fixedIp: false, securityGroupIds: groups, description: '' } as EniPlan;
  return { eni: plan, kind: 'instance', ownerId: id, aliases: [], namespace: `i.${id}`, ownerInterface: 'eth0', routerInterface: id };
}

const tcp = (from: number, to: number, peer: SecurityGroupRule['peer']): SecurityGroupRule => ({ protocol: 'tcp', fromPort: from, toPort: to, peer });

test('rules become disjoint set elements; group references become member addresses', () => {
  const web = group('T.Web', [
    tcp(443, 443, { kind: 'cidr', cidr: '10.0.0.0/16' }),
    tcp(443, 443, { kind: 'cidr', cidr: '10.0.1.0/24' }),
    tcp(8080, 8080, { kind: 'security-group', groupId: 'T.Client' }),
    { protocol: 'icmp', fromPort: 8, toPort: -1, peer: { kind: 'cidr', cidr: '10.0.0.0/8' } },
    { protocol: 'udp', fromPort: 53, toPort: 53, peer: { kind: 'cidr', cidr: '::/0' } },
  ]);
  const client = group('T.Client', []);
  const enis = [eni('eni-web', '10.0.1.10', ['T.Web']), eni('eni-c1', '10.0.2.10', ['T.Client']), eni('eni-c2', '10.0.2.11', ['T.Client'])];
  const out = compileSecurityGroups({ enis, members: enis, groups: new Map([[web.id, web], [client.id, client]]), prefixList: () => undefined });
  const text = out.declarations.join('\n');
  // Sorted groups: T.Client is sg0, T.Web is sg1. The /24 inside the /16 merges away; the two
  // members of T.Client (10.0.2.10-11) split the /16 where they add port 8080.
  const elements = (set: string): string[] => {
    const m = new RegExp(`set ${set} \\{[^}]*elements = \\{\\n([^}]*)\\}`).exec(text);
    return m ? m[1]!.split(',').map((e) => e.trim()) : [];
  };
  assert.deepEqual(elements('sg1_in'), ['10.0.0.0-10.0.2.9 . 6 . 443', '10.0.2.10/31 . 6 . 443', '10.0.2.10/31 . 6 . 8080', '10.0.2.12-10.0.255.255 . 6 . 443']);
  assert.match(text, /set sg1_in_icmp \{[^}]*elements = \{\n\s+10\.0\.0\.0\/8 \. 8 \. 0-255/);
  assert.match(text, /set sg0_in \{\n\s+type ipv4_addr \. inet_proto \. inet_service\n\s+flags interval\n\s+\}/, 'a group without ingress rules has an empty set');
  assert.match(text, /set sg1_out \{[^}]*0\.0\.0\.0\/0 \. 0-255 \. 0-65535/);
  // One chain per combination: the two clients share sgset0.
  assert.deepEqual(out.egressDispatch, ['"eni-c1" : jump sgset0_out', '"eni-c2" : jump sgset0_out', '"eni-web" : jump sgset1_out']);
  assert.match(text, /chain sgset1_in \{\n\s+ip saddr \. meta l4proto \. th dport @sg1_in return\n\s+ip saddr \. icmp type \. icmp code @sg1_in_icmp return\n\s+counter name "sgset1_in_drop" drop\n\s+\}/);
  assert.deepEqual(out.counters.sgset1_in_drop?.securityGroupIds, ['T.Web']);
  assert.equal(out.counters.sgset1_in_drop?.direction, 'ingress');
});

test('the per-packet rules do not grow with the number of rules', () => {
  const many = group('T.Many', Array.from({ length: 1000 }, (_, i) => tcp(10000 + i, 10000 + i, { kind: 'cidr', cidr: `10.${(i >> 8) + 1}.${i & 255}.0/24` })));
  const enis = [eni('eni-a', '10.0.1.10', ['T.Many'])];
  const out = compileSecurityGroups({ enis, members: enis, groups: new Map([[many.id, many]]), prefixList: () => undefined });
  const chain = out.declarations.find((d) => d.includes('chain sgset0_in'))!;
  assert.equal(chain.split('\n').filter((l) => /return|drop/.test(l)).length, 2);
  const set = out.declarations.find((d) => d.includes('set sg0_in {'))!;
  assert.equal(set.split('\n').filter((l) => / \. 6 \. /.test(l)).length, 1000);
});

test('prefix lists: S3/DynamoDB resolve, others admit nothing and are reported', () => {
  const g = group('T.G', [tcp(443, 443, { kind: 'prefix-list', prefixListId: 'com.amazonaws.us-east-1.s3' }), tcp(22, 22, { kind: 'prefix-list', prefixListId: 'pl-0123' })]);
  const enis = [eni('eni-a', '10.0.1.10', ['T.G'])];
  const out = compileSecurityGroups({ enis, members: enis, groups: new Map([[g.id, g]]), prefixList: (id) => (id.endsWith('.s3') ? ['198.51.100.16/28'] : undefined) });
  assert.match(out.declarations.join('\n'), /198\.51\.100\.16\/28 \. 6 \. 443/);
  assert.ok(!out.declarations.join('\n').includes('. 22'));
  assert.equal(out.notes.length, 1);
  assert.match(out.notes[0]!, /pl-0123/);
});

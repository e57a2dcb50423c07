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
import { compileSecurityGroups, securityGroupChainName, securityGroupSetName, type CompiledSecurityGroups } from '../../../src/fabric/security-groups.js';
import { renderRule, renderTable } from '../../../src/dataplane/nft/render.js';
import type { NftTable } from '../../../src/dataplane/nft/types.js';
import { nftTablesProblems } from '../../../src/dataplane/nft/validate.js';
import { renderKey } from '../../../src/dataplane/nft/values.js';

/** The elements of a set as nft writes them. */
function elements(out: CompiledSecurityGroups, name: string): string[] {
  const set = out.parts.sets.find((s) => s.name === name);
  assert.ok(set, `set ${name} exists`);
  return set.elements.map((e) => renderKey(set.type, e.key));
}

/** The rules of a chain as nft writes them. */
function rules(out: CompiledSecurityGroups, name: string): string[] {
  const chain = out.parts.chains.find((c) => c.name === name);
  assert.ok(chain, `chain ${name} exists`);
  return chain.rules.map((r) => renderRule(r));
}

function group(
  id: string,
  ingress: SecurityGroupRule[],
  egress: SecurityGroupRule[] = [{ protocol: 'all', fromPort: -1, toPort: -1, peer: { kind: 'cidr', cidr: '0.0.0.0/0' } }],
): SecurityGroup {
  return {
    id,
    stack: 'T',
    logicalId: id.slice(2),
    physicalId: `sg-${id}`,
    source: { file: 't.yml', line: 1, column: 1 },
    vpcId: 'T.Vpc',
    groupName: id,
    description: '',
    ingress,
    egress,
    isDefault: false,
  };
}

function eni(id: string, ip: string, groups: string[]): FabricEni {
  const plan = {
    id,
    mac: '02:00:00:00:00:01',
    kind: 'instance',
    ownerId: id,
    subnetId: 'T.Subnet',
    vpcId: 'T.Vpc',
    az: 'us-east-1a',
    privateIp: ip,
    prefixLength: 24,
    gatewayIp: '10.0.1.1',
    fixedIp: false,
    securityGroupIds: groups,
    description: '',
  } as EniPlan;
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
  const out = compileSecurityGroups({
    enis,
    members: enis,
    groups: new Map([
      [web.id, web],
      [client.id, client],
    ]),
    prefixList: () => undefined,
  });
  // Names follow the groups: the same group has the same set whatever else the router holds.
  // The /24 inside the /16 merges away; the two members of T.Client (10.0.2.10-11) split the
  // /16 where they add port 8080.
  const webIn = securityGroupSetName('T.Web', 'in');
  assert.match(webIn, /^sg_T_Web_[0-9a-f]{12}_in$/);
  assert.deepEqual(elements(out, webIn), ['10.0.0.0-10.0.2.9 . tcp . 443', '10.0.2.10/31 . tcp . 443', '10.0.2.10/31 . tcp . 8080', '10.0.2.12-10.0.255.255 . tcp . 443']);
  assert.deepEqual(elements(out, securityGroupSetName('T.Web', 'in', true)), ['10.0.0.0/8 . 8 . 0-255']);
  assert.deepEqual(elements(out, securityGroupSetName('T.Client', 'in')), [], 'a group without ingress rules has an empty set');
  assert.deepEqual(elements(out, securityGroupSetName('T.Web', 'out')), ['0.0.0.0/0 . 0-255 . 0-65535']);
  // One chain per combination: the two clients share one, named after the combination.
  const clients = securityGroupChainName(['T.Client'], 'out');
  const webChainIn = securityGroupChainName(['T.Web'], 'in');
  assert.deepEqual(
    out.egressDispatch.map((e) => `${e.key[0]} : jump ${(e.value as { chain: string }).chain}`),
    [`eni-c1 : jump ${clients}`, `eni-c2 : jump ${clients}`, `eni-web : jump ${securityGroupChainName(['T.Web'], 'out')}`],
  );
  assert.deepEqual(rules(out, webChainIn), [
    `ip saddr . meta l4proto . th dport @${webIn} return`,
    `ip saddr . icmp type . icmp code @${securityGroupSetName('T.Web', 'in', true)} return`,
    `counter name "${webChainIn}_drop" drop`,
  ]);
  assert.deepEqual(out.counters[`${webChainIn}_drop`]?.securityGroupIds, ['T.Web']);
  assert.equal(out.counters[`${webChainIn}_drop`]?.direction, 'ingress');
});

test('names come from identity: adding a group or an ENI does not rename the others', () => {
  const web = group('T.Web', [tcp(80, 80, { kind: 'cidr', cidr: '0.0.0.0/0' })]);
  const other = group('T.Aaa', []);
  const one = [eni('eni-web', '10.0.1.10', ['T.Web'])];
  const two = [eni('eni-a', '10.0.1.9', ['T.Aaa']), ...one];
  const groups = new Map([
    [web.id, web],
    [other.id, other],
  ]);
  const a = compileSecurityGroups({ enis: one, members: one, groups, prefixList: () => undefined });
  const b = compileSecurityGroups({ enis: two, members: two, groups, prefixList: () => undefined });
  const webNames = (out: CompiledSecurityGroups): string[] =>
    [...out.parts.sets.map((s) => s.name), ...out.parts.chains.map((c) => c.name)].filter(
      (n) => n.includes('T_Web') || out.parts.chains.some((c) => c.name === n && c.rules.some((r) => renderRule(r).includes('T_Web'))),
    );
  assert.deepEqual(webNames(a), webNames(b));
  assert.equal(securityGroupChainName(['T.B', 'T.A'], 'in'), securityGroupChainName(['T.A', 'T.B'], 'in'), 'a combination is named by its sorted ids');
});

test('the per-packet rules do not grow with the number of rules', () => {
  const many = group(
    'T.Many',
    Array.from({ length: 1000 }, (_, i) => tcp(10000 + i, 10000 + i, { kind: 'cidr', cidr: `10.${(i >> 8) + 1}.${i & 255}.0/24` })),
  );
  const enis = [eni('eni-a', '10.0.1.10', ['T.Many'])];
  const out = compileSecurityGroups({ enis, members: enis, groups: new Map([[many.id, many]]), prefixList: () => undefined });
  assert.equal(rules(out, securityGroupChainName(['T.Many'], 'in')).length, 2);
  assert.equal(elements(out, securityGroupSetName('T.Many', 'in')).filter((e) => / \. tcp \. /.test(e)).length, 1000);
});

test('prefix lists: S3/DynamoDB resolve, others admit nothing and are reported', () => {
  const g = group('T.G', [tcp(443, 443, { kind: 'prefix-list', prefixListId: 'com.amazonaws.us-east-1.s3' }), tcp(22, 22, { kind: 'prefix-list', prefixListId: 'pl-0123' })]);
  const enis = [eni('eni-a', '10.0.1.10', ['T.G'])];
  const out = compileSecurityGroups({ enis, members: enis, groups: new Map([[g.id, g]]), prefixList: (id) => (id.endsWith('.s3') ? ['198.51.100.16/28'] : undefined) });
  assert.deepEqual(elements(out, securityGroupSetName('T.G', 'in')), ['198.51.100.16/28 . tcp . 443']);
  assert.equal(out.notes.length, 1);
  assert.match(out.notes[0]!, /pl-0123/);
});

test('a group id with a newline or a quote (reachable with --force) cannot inject into the ruleset', () => {
  const evil = group('T.Web\n}\nflush ruleset "x', [tcp(80, 80, { kind: 'cidr', cidr: '0.0.0.0/0' })]);
  const enis = [eni('eni-web', '10.0.1.10', [evil.id])];
  const out = compileSecurityGroups({ enis, members: enis, groups: new Map([[evil.id, evil]]), prefixList: () => undefined });
  const table: NftTable = {
    family: 'inet',
    name: 'ecsnet',
    sets: out.parts.sets,
    maps: [{ name: 'sg_ingress', key: ['ifname'], value: 'verdict', elements: out.ingressDispatch }],
    counters: out.parts.counters,
    chains: out.parts.chains,
  };
  assert.deepEqual(nftTablesProblems([table]), []);
  const text = renderTable(table);
  assert.ok(!text.includes('flush ruleset'), 'the id never reaches the text');
  assert.deepEqual(
    text.split('\n').filter((l) => l.trim() === '}').length,
    text.split('\n').filter((l) => l.trimEnd().endsWith('{')).length,
    'braces balance: nothing was closed early',
  );
});

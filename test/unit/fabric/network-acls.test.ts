/**
 * NACLs as ordered nftables chains: rule order kept, allow returns, deny drops, the final `*`
 * rule, boundary chains per subnet, IPv6 entries skipped.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NetworkAcl, Subnet } from '../../../src/model/types.js';
import type { FabricEni } from '../../../src/fabric/fabric-eni.js';
import type { EniPlan } from '../../../src/plan/types.js';
import { compileNetworkAcls, networkAclChainName, networkAclCounterName, subnetChainName } from '../../../src/fabric/network-acls.js';
import { renderRule } from '../../../src/dataplane/nft/render.js';

const source = { file: 't.yml', line: 1, column: 1 };

test('entries in rule-number order, first match wins, final deny; boundary chains per subnet', () => {
  const acl: NetworkAcl = {
    id: 'T.Acl',
    stack: 'T',
    logicalId: 'Acl',
    physicalId: 'acl-1',
    source,
    vpcId: 'T.Vpc',
    isDefault: false,
    entries: [
      { ruleNumber: 90, egress: false, action: 'deny', protocol: 'all', cidr: '198.51.100.0/24' },
      { ruleNumber: 100, egress: false, action: 'allow', protocol: 'tcp', cidr: '0.0.0.0/0', fromPort: 1024, toPort: 65535 },
      { ruleNumber: 110, egress: false, action: 'allow', protocol: 'all', cidr: '::/0' },
      { ruleNumber: 100, egress: true, action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' },
    ],
  };
  const subnet = { id: 'T.Subnet', cidr: '10.0.1.0/24', networkAclId: 'T.Acl' } as Subnet;
  const eni = { routerInterface: 'eni-1', eni: { subnetId: 'T.Subnet' } as EniPlan } as FabricEni;
  const out = compileNetworkAcls({ subnets: [subnet], acls: new Map([[acl.id, acl]]), enis: [eni] });
  const rules = (name: string): string[] => out.parts.chains.find((c) => c.name === name)!.rules.map((r) => renderRule(r));
  const c = (dir: 'in' | 'out', rule: number | 'star'): string => networkAclCounterName('T.Acl', dir, rule);
  assert.match(c('in', 90), /^acl_T_Acl_[0-9a-f]{12}_in_90$/);
  assert.deepEqual(rules(networkAclChainName('T.Acl', 'in')), [
    `ip saddr 198.51.100.0/24 counter name "${c('in', 90)}" drop`,
    `meta l4proto tcp th dport 1024-65535 counter name "${c('in', 100)}" return`,
    `counter name "${c('in', 'star')}" drop`,
  ]);
  assert.deepEqual(rules(networkAclChainName('T.Acl', 'out')), [`counter name "${c('out', 100)}" return`, `counter name "${c('out', 'star')}" drop`]);
  assert.deepEqual(rules(subnetChainName('T.Subnet', 'in')), ['ip saddr 10.0.1.0/24 return', `jump ${networkAclChainName('T.Acl', 'in')}`]);
  assert.deepEqual(out.egressDispatch, [{ key: ['eni-1'], value: { kind: 'jump', chain: subnetChainName('T.Subnet', 'out') } }]);
  assert.deepEqual(out.ingressDispatch, [{ key: ['eni-1'], value: { kind: 'jump', chain: subnetChainName('T.Subnet', 'in') } }]);
  assert.equal(out.counters[c('in', 90)]?.drops, true);
  assert.equal(out.counters[c('in', 100)]?.drops, false);
  assert.equal(out.counters[c('in', 'star')]?.ruleNumber, '*');
});

/**
 * NACLs as ordered nftables chains: rule order kept, allow returns, deny drops, the final `*`
 * rule, boundary chains per subnet, IPv6 entries skipped.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NetworkAcl, Subnet } from '../../../src/model/types.js';
import type { FabricEni } from '../../../src/fabric/fabric-eni.js';
import type { EniPlan } from '../../../src/plan/types.js';
import { compileNetworkAcls } from '../../../src/fabric/network-acls.js';

const source = { file: 't.yml', line: 1, column: 1 };

test('entries in rule-number order, first match wins, final deny; boundary chains per subnet', () => {
  const acl: NetworkAcl = {
    id: 'T.Acl', stack: 'T', logicalId: 'Acl', physicalId: 'acl-1', source, vpcId: 'T.Vpc', isDefault: false,
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
  const text = out.declarations.join('\n');
  assert.match(text, /chain acl0_in \{\n\s+ip saddr 198\.51\.100\.0\/24 counter name "acl0_in_90" drop\n\s+meta l4proto tcp th dport 1024-65535 counter name "acl0_in_100" return\n\s+counter name "acl0_in_star" drop\n\s+\}/);
  assert.match(text, /chain acl0_out \{\n\s+counter name "acl0_out_100" return\n\s+counter name "acl0_out_star" drop\n\s+\}/);
  assert.match(text, /chain subnet0_in \{\n\s+ip saddr 10\.0\.1\.0\/24 return\n\s+jump acl0_in\n\s+\}/);
  assert.deepEqual(out.egressDispatch, ['"eni-1" : jump subnet0_out']);
  assert.deepEqual(out.ingressDispatch, ['"eni-1" : jump subnet0_in']);
  assert.equal(out.counters.acl0_in_90?.drops, true);
  assert.equal(out.counters.acl0_in_100?.drops, false);
  assert.equal(out.counters.acl0_in_star?.ruleNumber, '*');
});

/**
 * Network ACLs compiled for a VPC router's nftables table. A NACL is stateless and ordered:
 * its entries are tried by rule number, the first match decides, and the final `*` rule
 * denies (reference/ecs-internals.md §4.6). It applies where traffic crosses a subnet's
 * boundary, never between two ENIs of the same subnet: the egress entries of the source
 * subnet when the destination lies outside it, the ingress entries of the destination subnet
 * when the source lies outside it. Every packet is checked, replies included, which is what
 * makes a NACL without ephemeral ports break return traffic.
 *
 * Each NACL becomes one chain per direction with one rule per entry (allow = `return` to the
 * caller, deny = `drop`), each with a named counter so a drop can be pinned on its rule
 * number; each subnet gets a chain that skips traffic staying inside it and jumps to its NACL;
 * verdict maps pick the subnet chain by interface. AWS caps a NACL at 20 entries per direction
 * by default, so the ordered walk stays short.
 *
 * @module
 */
import { interfaceName } from '../dataplane/names.js';
import type { NetworkAcl, NetworkAclEntry, Subnet } from '../model/types.js';
import { formatCidr, parseCidr } from '../net/ipv4.js';
import type { FabricEni } from './fabric-eni.js';
import type { CounterMeaning } from './manifest.js';
import { quoted } from './nft-text.js';

/** What the router's ruleset needs from the NACLs. */
export interface CompiledNetworkAcls {
  declarations: string[];
  /** `"<if>" : jump <chain>` by ingress interface: the egress NACL of the ENI's subnet. */
  egressDispatch: string[];
  /** By egress interface: the ingress NACL of the ENI's subnet. */
  ingressDispatch: string[];
  counters: Record<string, CounterMeaning>;
  notes: string[];
}

/** Inputs of {@link compileNetworkAcls}. */
export interface NetworkAclInput {
  subnets: readonly Subnet[];
  acls: ReadonlyMap<string, NetworkAcl>;
  enis: readonly FabricEni[];
}

/** Compiles the NACLs of the subnets of one VPC. */
export function compileNetworkAcls(input: NetworkAclInput): CompiledNetworkAcls {
  const notes: string[] = [];
  const declarations: string[] = [];
  const counters: Record<string, CounterMeaning> = {};
  const aclIds = [...new Set(input.subnets.map((s) => s.networkAclId))].sort();
  const aclIndex = new Map(aclIds.map((id, i) => [id, i]));

  for (const aclId of aclIds) {
    const a = aclIndex.get(aclId) as number;
    const acl = input.acls.get(aclId);
    if (!acl) notes.push(`network ACL ${aclId} is not in the deployment; its subnets deny everything across their boundary, as its final rule would`);
    for (const egress of [false, true]) {
      const dir = egress ? 'out' : 'in';
      const direction = egress ? 'egress' : 'ingress';
      const peer = egress ? 'ip daddr' : 'ip saddr';
      const lines: string[] = [];
      const seen = new Set<number>();
      for (const entry of (acl?.entries ?? []).filter((e) => e.egress === egress)) {
        if (seen.has(entry.ruleNumber)) {
          notes.push(`network ACL ${aclId}: ${direction} rule number ${entry.ruleNumber} is used twice; the second is ignored, as AWS would refuse it`);
          continue;
        }
        seen.add(entry.ruleNumber);
        const match = entryMatch(entry, peer);
        if (match === undefined) continue;
        const counter = `acl${a}_${dir}_${entry.ruleNumber}`;
        declarations.push(`  counter ${counter} {}`);
        lines.push(`    ${match}counter name ${quoted(counter)} ${entry.action === 'allow' ? 'return' : 'drop'}`);
        counters[counter] = {
          kind: 'network-acl',
          direction,
          networkAclId: aclId,
          ruleNumber: entry.ruleNumber,
          action: entry.action,
          description: `${direction} rule ${entry.ruleNumber} (${entry.action} ${entry.protocol}${entry.fromPort !== undefined ? ` ${entry.fromPort}-${entry.toPort ?? entry.fromPort}` : ''} ${egress ? 'to' : 'from'} ${entry.cidr}) of network ACL ${aclId}`,
          drops: entry.action === 'deny',
        };
      }
      const star = `acl${a}_${dir}_star`;
      declarations.push(`  counter ${star} {}`);
      counters[star] = {
        kind: 'network-acl',
        direction,
        networkAclId: aclId,
        ruleNumber: '*',
        action: 'deny',
        description: `the final ${direction} rule * (deny all) of network ACL ${aclId}: no numbered rule matched`,
        drops: true,
      };
      declarations.push(`  # ${aclId} ${direction}, first match wins\n  chain acl${a}_${dir} {\n${[...lines, `    counter name ${quoted(star)} drop`].join('\n')}\n  }`);
    }
  }

  const egressDispatch: string[] = [];
  const ingressDispatch: string[] = [];
  input.subnets.forEach((subnet, s) => {
    const a = aclIndex.get(subnet.networkAclId) as number;
    const block = parseCidr(subnet.cidr, true);
    if (!block) return;
    declarations.push(`  # boundary of ${subnet.id} (${subnet.cidr})`);
    declarations.push(`  chain subnet${s}_out {\n    ip daddr ${formatCidr(block)} return\n    jump acl${a}_out\n  }`);
    declarations.push(`  chain subnet${s}_in {\n    ip saddr ${formatCidr(block)} return\n    jump acl${a}_in\n  }`);
    for (const fe of input.enis.filter((e) => e.eni.subnetId === subnet.id)) {
      const dev = quoted(interfaceName(fe.routerInterface));
      egressDispatch.push(`${dev} : jump subnet${s}_out`);
      ingressDispatch.push(`${dev} : jump subnet${s}_in`);
    }
  });
  return { declarations, egressDispatch, ingressDispatch, counters, notes: [...new Set(notes)] };
}

/** The match part of one entry's rule (ending in a space, or empty), or undefined for entries the lab skips (IPv6). */
function entryMatch(entry: NetworkAclEntry, peer: string): string | undefined {
  const block = parseCidr(entry.cidr, true);
  if (!block) return undefined;
  const parts: string[] = [];
  if (block.prefixLength > 0) parts.push(`${peer} ${formatCidr(block)}`);
  const proto = entry.protocol;
  if (proto === 'tcp' || proto === 'udp') {
    parts.push(`meta l4proto ${proto}`);
    if (entry.fromPort !== undefined && entry.fromPort >= 0) {
      const to = entry.toPort ?? entry.fromPort;
      parts.push(`th dport ${to === entry.fromPort ? entry.fromPort : `${entry.fromPort}-${to}`}`);
    }
  } else if (proto === 'icmp') parts.push('meta l4proto icmp');
  else if (/^\d+$/.test(proto)) parts.push(`meta l4proto ${proto}`);
  else if (proto !== 'all') return undefined;
  return parts.length > 0 ? `${parts.join(' ')} ` : '';
}

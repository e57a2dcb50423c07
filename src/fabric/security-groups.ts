/**
 * Security groups compiled for a VPC router's nftables table. Each group becomes two
 * concatenated interval sets (`address . protocol . port`, ingress and egress) whose elements
 * are the disjoint union of its rules; each distinct combination of groups on an ENI becomes
 * one chain per direction that looks the packet up in each of its groups' sets and drops with
 * a named counter when none admits it; verdict maps send a packet to the chain of its ENI by
 * interface name. The rules stay fixed while the data (set elements, map entries) carries
 * every rule and membership, so the cost of a packet does not depend on how many rules there
 * are — only on how many groups its ENI has (at most 5 by default, 16 at most in AWS).
 *
 * Semantics (reference/ecs-internals.md §4.6): allow-only; stateful (the router accepts
 * established traffic before any group is looked at); a group referenced as a peer stands for
 * the private addresses of the ENIs that carry it; several groups on one ENI admit the union of
 * their rules. ICMP rules with a type go to a second set keyed on `icmp type . icmp code`.
 *
 * @module
 */
import { interfaceName } from '../dataplane/names.js';
import type { SecurityGroup, SecurityGroupRule } from '../model/types.js';
import { lastAddress, parseCidr, parseIpv4 } from '../net/ipv4.js';
import { disjointUnion, type Box, type Interval } from './box-union.js';
import { privateAddresses, type FabricEni } from './fabric-eni.js';
import type { CounterMeaning } from './manifest.js';
import { addressInterval, elementsClause, numberInterval, quoted } from './nft-text.js';

/** What the router's ruleset needs from the security groups. */
export interface CompiledSecurityGroups {
  /** Sets, counters and chains, as nft text inside the table. */
  declarations: string[];
  /** `"<if>" : jump <chain>` entries of the egress dispatch map (by ingress interface). */
  egressDispatch: string[];
  /** Entries of the ingress dispatch map (by egress interface). */
  ingressDispatch: string[];
  counters: Record<string, CounterMeaning>;
  notes: string[];
}

/** Inputs of {@link compileSecurityGroups}. */
export interface SecurityGroupInput {
  /** ENIs wired into this router. */
  enis: readonly FabricEni[];
  /** ENIs whose addresses count as members of referenced groups (this VPC's, and later peered VPCs'). */
  members: readonly FabricEni[];
  groups: ReadonlyMap<string, SecurityGroup>;
  /** CIDRs of a prefix list, or undefined when the lab does not know it. */
  prefixList: (id: string) => string[] | undefined;
}

const ANY_PORT: Interval = [0, 65535];
const PROTOCOL_NUMBERS: Readonly<Record<string, number>> = { tcp: 6, udp: 17, icmp: 1 };

/** Boxes of one rule: `[address, protocol, port]` and `[address, icmp type, icmp code]`. */
interface RuleBoxes {
  l4: Box[];
  icmp: Box[];
}

/** Compiles the groups of every ENI of one router. */
export function compileSecurityGroups(input: SecurityGroupInput): CompiledSecurityGroups {
  const notes: string[] = [];
  const membersOf = new Map<string, Interval[]>();
  for (const m of input.members) {
    for (const address of privateAddresses(m.eni)) {
      const ip = parseIpv4(address);
      if (ip === undefined) continue;
      for (const g of m.eni.securityGroupIds) {
        const list = membersOf.get(g) ?? [];
        list.push([ip, ip]);
        membersOf.set(g, list);
      }
    }
  }

  const peerIntervals = (rule: SecurityGroupRule, group: SecurityGroup): Interval[] => {
    const peer = rule.peer;
    if (peer.kind === 'cidr') {
      const block = parseCidr(peer.cidr, true);
      if (!block) {
        if (!peer.cidr.includes(':')) notes.push(`security group ${group.id}: CIDR ${peer.cidr} is not IPv4; rule skipped`);
        return [];
      }
      return [[block.base, lastAddress(block)]];
    }
    if (peer.kind === 'security-group') return membersOf.get(peer.groupId) ?? [];
    const cidrs = input.prefixList(peer.prefixListId);
    if (!cidrs) {
      notes.push(`security group ${group.id}: prefix list ${peer.prefixListId} is not emulated (only the S3 and DynamoDB lists are); its rule admits nothing`);
      return [];
    }
    return cidrs.map((c) => parseCidr(c)).filter((b) => b !== undefined).map((b) => [b.base, lastAddress(b)] as Interval);
  };

  const ruleBoxes = (rule: SecurityGroupRule, group: SecurityGroup): RuleBoxes => {
    const out: RuleBoxes = { l4: [], icmp: [] };
    const addresses = peerIntervals(rule, group);
    if (addresses.length === 0) return out;
    const proto = rule.protocol;
    const ports: Interval = rule.fromPort < 0 ? ANY_PORT : [rule.fromPort, rule.toPort < 0 ? 65535 : rule.toPort];
    let l4: [Interval, Interval] | undefined;
    let icmp: [Interval, Interval] | undefined;
    if (proto === 'all') l4 = [[0, 255], ANY_PORT];
    else if (proto === 'tcp' || proto === 'udp') l4 = [[PROTOCOL_NUMBERS[proto] as number, PROTOCOL_NUMBERS[proto] as number], ports];
    else if (proto === 'icmp') {
      if (rule.fromPort < 0) l4 = [[1, 1], ANY_PORT];
      else icmp = [[rule.fromPort, rule.fromPort], rule.toPort < 0 ? [0, 255] : [rule.toPort, rule.toPort]];
    } else if (/^\d+$/.test(proto) && Number(proto) <= 255) l4 = [[Number(proto), Number(proto)], ANY_PORT];
    else if (proto === 'icmpv6') return out;
    else {
      notes.push(`security group ${group.id}: protocol "${proto}" is not understood; rule skipped`);
      return out;
    }
    for (const a of addresses) {
      if (l4) out.l4.push([a, l4[0], l4[1]]);
      if (icmp) out.icmp.push([a, icmp[0], icmp[1]]);
    }
    return out;
  };

  // One pair of sets per group that some ENI here carries.
  const usedGroups = [...new Set(input.enis.flatMap((e) => e.eni.securityGroupIds))].sort();
  const groupIndex = new Map(usedGroups.map((g, i) => [g, i]));
  const declarations: string[] = [];
  const hasIcmp = new Map<string, boolean>();
  for (const groupId of usedGroups) {
    const g = groupIndex.get(groupId) as number;
    const group = input.groups.get(groupId);
    if (!group) notes.push(`security group ${groupId} is not in the deployment; ENIs that carry it are allowed nothing by it`);
    for (const direction of ['in', 'out'] as const) {
      const rules = group ? (direction === 'in' ? group.ingress : group.egress) : [];
      const boxes: RuleBoxes = { l4: [], icmp: [] };
      for (const rule of rules) {
        const b = ruleBoxes(rule, group as SecurityGroup);
        boxes.l4.push(...b.l4);
        boxes.icmp.push(...b.icmp);
      }
      const l4 = disjointUnion(boxes.l4).map(([a, p, q]) => `${addressInterval(a as Interval)} . ${numberInterval(p as Interval)} . ${numberInterval(q as Interval)}`);
      declarations.push(
        `  # ${groupId} ${direction === 'in' ? 'ingress' : 'egress'}: ${rules.length} rule(s)\n  set sg${g}_${direction} {\n    type ipv4_addr . inet_proto . inet_service\n    flags interval${elementsClause(l4)}\n  }`,
      );
      const icmp = disjointUnion(boxes.icmp).map(([a, t, c]) => `${addressInterval(a as Interval)} . ${numberInterval(t as Interval)} . ${numberInterval(c as Interval)}`);
      if (icmp.length > 0) {
        hasIcmp.set(`${g}_${direction}`, true);
        declarations.push(`  set sg${g}_${direction}_icmp {\n    type ipv4_addr . icmp_type . icmp_code\n    flags interval${elementsClause(icmp)}\n  }`);
      }
    }
  }

  // One chain per direction per distinct combination of groups.
  const combos = new Map<string, number>();
  const counters: Record<string, CounterMeaning> = {};
  const egressDispatch: string[] = [];
  const ingressDispatch: string[] = [];
  for (const fe of [...input.enis].sort((a, b) => (a.routerInterface < b.routerInterface ? -1 : 1))) {
    const ids = [...new Set(fe.eni.securityGroupIds)].sort();
    if (ids.length === 0) continue;
    const key = ids.join(',');
    let k = combos.get(key);
    if (k === undefined) {
      k = combos.size;
      combos.set(key, k);
      for (const direction of ['in', 'out'] as const) {
        const addr = direction === 'in' ? 'ip saddr' : 'ip daddr';
        const counter = `sgset${k}_${direction}_drop`;
        const lines = ids.flatMap((id) => {
          const g = groupIndex.get(id) as number;
          const l = [`    ${addr} . meta l4proto . th dport @sg${g}_${direction} return`];
          if (hasIcmp.get(`${g}_${direction}`)) l.push(`    ${addr} . icmp type . icmp code @sg${g}_${direction}_icmp return`);
          return l;
        });
        declarations.push(`  counter ${counter} {}`);
        declarations.push(`  # groups ${ids.join(', ')}\n  chain sgset${k}_${direction} {\n${lines.join('\n')}\n    counter name ${quoted(counter)} drop\n  }`);
        const direction2 = direction === 'in' ? 'ingress' : 'egress';
        counters[counter] = {
          kind: 'security-group',
          direction: direction2,
          securityGroupIds: ids,
          description: `no ${direction2} rule of security group${ids.length > 1 ? 's' : ''} ${ids.join(', ')} admits it`,
          drops: true,
        };
      }
    }
    const dev = quoted(interfaceName(fe.routerInterface));
    egressDispatch.push(`${dev} : jump sgset${k}_out`);
    ingressDispatch.push(`${dev} : jump sgset${k}_in`);
  }
  return { declarations, egressDispatch, ingressDispatch, counters, notes: [...new Set(notes)] };
}

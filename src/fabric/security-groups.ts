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
import type { SecurityGroup, SecurityGroupRule } from '../model/types.js';
import { lastAddress, parseCidr, parseIpv4 } from '../net/ipv4.js';
import { disjointUnion, type Box, type Interval } from './box-union.js';
import { privateAddresses, type FabricEni } from './fabric-eni.js';
import type { CounterMeaning } from './manifest.js';
import { nftNameFor, nftNameForSet } from '../dataplane/nft/identifiers.js';
import type { NftChain, NftCounter, NftMapElement, NftRule, NftSet } from '../dataplane/nft/types.js';
import { addressValue, jumpEntry, numberValue, type TableParts } from './nft-values.js';

/** What the router's table needs from the security groups. */
export interface CompiledSecurityGroups {
  /** Sets, counters and chains of the router's table. */
  parts: TableParts;
  /** Entries of the egress dispatch map (by ingress interface): a jump to the chain of the ENI's groups. */
  egressDispatch: NftMapElement[];
  /** Entries of the ingress dispatch map (by egress interface). */
  ingressDispatch: NftMapElement[];
  counters: Record<string, CounterMeaning>;
  notes: string[];
}

/** The sets of a security group in one direction: `sg_<id>_<hash>_in`, and `…_in_icmp` for its ICMP types; the name follows the group, not its position. */
export function securityGroupSetName(groupId: string, direction: 'in' | 'out', icmp = false): string {
  return nftNameFor('sg', groupId, icmp ? `${direction}_icmp` : direction);
}

/** The chain of a combination of groups in one direction: a hash of the sorted group ids. */
export function securityGroupChainName(groupIds: readonly string[], direction: 'in' | 'out'): string {
  return nftNameForSet('sgset', groupIds, direction);
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
    return cidrs
      .map((c) => parseCidr(c))
      .filter((b) => b !== undefined)
      .map((b) => [b.base, lastAddress(b)] as Interval);
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

  // One pair of sets per group that some ENI here carries, named after the group.
  const usedGroups = [...new Set(input.enis.flatMap((e) => e.eni.securityGroupIds))].sort();
  const sets: NftSet[] = [];
  const hasIcmp = new Set<string>();
  for (const groupId of usedGroups) {
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
      const l4 = disjointUnion(boxes.l4).map(([a, p, q]) => ({ key: [addressValue(a as Interval), numberValue(p as Interval), numberValue(q as Interval)] }));
      sets.push({ name: securityGroupSetName(groupId, direction), type: ['ipv4_addr', 'inet_proto', 'inet_service'], flags: ['interval'], elements: l4 });
      const icmp = disjointUnion(boxes.icmp).map(([a, t, c]) => ({ key: [addressValue(a as Interval), numberValue(t as Interval), numberValue(c as Interval)] }));
      if (icmp.length > 0) {
        hasIcmp.add(`${groupId} ${direction}`);
        sets.push({ name: securityGroupSetName(groupId, direction, true), type: ['ipv4_addr', 'icmp_type', 'icmp_code'], flags: ['interval'], elements: icmp });
      }
    }
  }

  // One chain per direction per distinct combination of groups, named after the combination.
  const combos = new Set<string>();
  const chains: NftChain[] = [];
  const counterObjects: NftCounter[] = [];
  const counters: Record<string, CounterMeaning> = {};
  const egressDispatch: NftMapElement[] = [];
  const ingressDispatch: NftMapElement[] = [];
  for (const fe of [...input.enis].sort((a, b) => (a.routerInterface < b.routerInterface ? -1 : 1))) {
    const ids = [...new Set(fe.eni.securityGroupIds)].sort();
    if (ids.length === 0) continue;
    const key = ids.join('\n');
    if (!combos.has(key)) {
      combos.add(key);
      for (const direction of ['in', 'out'] as const) {
        const peer = direction === 'in' ? 'ip saddr' : 'ip daddr';
        const chain = securityGroupChainName(ids, direction);
        const counter = `${chain}_drop`;
        const rules: NftRule[] = ids.flatMap((id) => {
          const l: NftRule[] = [{ exprs: [{ lookup: [peer, 'meta l4proto', 'th dport'], set: securityGroupSetName(id, direction) }, { verdict: { kind: 'return' } }] }];
          if (hasIcmp.has(`${id} ${direction}`))
            l.push({ exprs: [{ lookup: [peer, 'icmp type', 'icmp code'], set: securityGroupSetName(id, direction, true) }, { verdict: { kind: 'return' } }] });
          return l;
        });
        rules.push({ exprs: [{ counter }, { verdict: { kind: 'drop' } }] });
        counterObjects.push({ name: counter });
        chains.push({ name: chain, rules });
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
    egressDispatch.push(jumpEntry(fe.routerInterface, securityGroupChainName(ids, 'out')));
    ingressDispatch.push(jumpEntry(fe.routerInterface, securityGroupChainName(ids, 'in')));
  }
  return { parts: { sets, counters: counterObjects, chains }, egressDispatch, ingressDispatch, counters, notes: [...new Set(notes)] };
}

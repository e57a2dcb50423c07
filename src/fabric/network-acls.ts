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
import { nftNameFor } from '../dataplane/nft/identifiers.js';
import type { NftChain, NftCounter, NftExpr, NftMapElement, NftRule } from '../dataplane/nft/types.js';
import type { NetworkAcl, NetworkAclEntry, Subnet } from '../model/types.js';
import { formatCidr, parseCidr } from '../net/ipv4.js';
import type { FabricEni } from './fabric-eni.js';
import type { CounterMeaning } from './manifest.js';
import { jumpEntry, type TableParts } from './nft-values.js';

/** What the router's table needs from the NACLs. */
export interface CompiledNetworkAcls {
  parts: TableParts;
  /** By ingress interface: a jump to the egress boundary chain of the ENI's subnet. */
  egressDispatch: NftMapElement[];
  /** By egress interface: the ingress boundary chain of the ENI's subnet. */
  ingressDispatch: NftMapElement[];
  counters: Record<string, CounterMeaning>;
  notes: string[];
}

/** Inputs of {@link compileNetworkAcls}. */
export interface NetworkAclInput {
  subnets: readonly Subnet[];
  acls: ReadonlyMap<string, NetworkAcl>;
  enis: readonly FabricEni[];
}

/** The chain of a NACL in one direction, named after the NACL. */
export function networkAclChainName(aclId: string, direction: 'in' | 'out'): string {
  return nftNameFor('acl', aclId, direction);
}

/** The counter of one entry (`<rule number>`) or of the final `*` rule (`star`). */
export function networkAclCounterName(aclId: string, direction: 'in' | 'out', rule: number | 'star'): string {
  return nftNameFor('acl', aclId, `${direction}_${rule}`);
}

/** The boundary chain of a subnet in one direction, named after the subnet. */
export function subnetChainName(subnetId: string, direction: 'in' | 'out'): string {
  return nftNameFor('subnet', subnetId, direction);
}

/** Compiles the NACLs of the subnets of one VPC. */
export function compileNetworkAcls(input: NetworkAclInput): CompiledNetworkAcls {
  const notes: string[] = [];
  const chains: NftChain[] = [];
  const counterObjects: NftCounter[] = [];
  const counters: Record<string, CounterMeaning> = {};
  const aclIds = [...new Set(input.subnets.map((s) => s.networkAclId))].sort();

  for (const aclId of aclIds) {
    const acl = input.acls.get(aclId);
    if (!acl) notes.push(`network ACL ${aclId} is not in the deployment; its subnets deny everything across their boundary, as its final rule would`);
    for (const egress of [false, true]) {
      const dir = egress ? 'out' : 'in';
      const direction = egress ? 'egress' : 'ingress';
      const peer = egress ? 'ip daddr' : 'ip saddr';
      const rules: NftRule[] = [];
      const seen = new Set<number>();
      for (const entry of (acl?.entries ?? []).filter((e) => e.egress === egress).sort((a, b) => a.ruleNumber - b.ruleNumber)) {
        if (seen.has(entry.ruleNumber)) {
          notes.push(`network ACL ${aclId}: ${direction} rule number ${entry.ruleNumber} is used twice; the second is ignored, as AWS would refuse it`);
          continue;
        }
        seen.add(entry.ruleNumber);
        const match = entryMatch(entry, peer);
        if (match === undefined) continue;
        const counter = networkAclCounterName(aclId, dir, entry.ruleNumber);
        counterObjects.push({ name: counter });
        rules.push({ exprs: [...match, { counter }, { verdict: { kind: entry.action === 'allow' ? 'return' : 'drop' } }] });
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
      const star = networkAclCounterName(aclId, dir, 'star');
      counterObjects.push({ name: star });
      counters[star] = {
        kind: 'network-acl',
        direction,
        networkAclId: aclId,
        ruleNumber: '*',
        action: 'deny',
        description: `the final ${direction} rule * (deny all) of network ACL ${aclId}: no numbered rule matched`,
        drops: true,
      };
      rules.push({ exprs: [{ counter: star }, { verdict: { kind: 'drop' } }] });
      chains.push({ name: networkAclChainName(aclId, dir), rules });
    }
  }

  const egressDispatch: NftMapElement[] = [];
  const ingressDispatch: NftMapElement[] = [];
  for (const subnet of input.subnets) {
    const block = parseCidr(subnet.cidr, true);
    if (!block) continue;
    const out = subnetChainName(subnet.id, 'out');
    const into = subnetChainName(subnet.id, 'in');
    chains.push({
      name: out,
      rules: [
        { exprs: [{ match: 'ip daddr', value: formatCidr(block) }, { verdict: { kind: 'return' } }] },
        { exprs: [{ verdict: { kind: 'jump', chain: networkAclChainName(subnet.networkAclId, 'out') } }] },
      ],
    });
    chains.push({
      name: into,
      rules: [
        { exprs: [{ match: 'ip saddr', value: formatCidr(block) }, { verdict: { kind: 'return' } }] },
        { exprs: [{ verdict: { kind: 'jump', chain: networkAclChainName(subnet.networkAclId, 'in') } }] },
      ],
    });
    for (const fe of input.enis.filter((e) => e.eni.subnetId === subnet.id)) {
      egressDispatch.push(jumpEntry(fe.routerInterface, out));
      ingressDispatch.push(jumpEntry(fe.routerInterface, into));
    }
  }
  return { parts: { sets: [], counters: counterObjects, chains }, egressDispatch, ingressDispatch, counters, notes: [...new Set(notes)] };
}

/** The matches of one entry's rule (none for an entry matching everything), or undefined for entries the lab skips (IPv6). */
function entryMatch(entry: NetworkAclEntry, peer: 'ip saddr' | 'ip daddr'): NftExpr[] | undefined {
  const block = parseCidr(entry.cidr, true);
  if (!block) return undefined;
  const parts: NftExpr[] = [];
  if (block.prefixLength > 0) parts.push({ match: peer, value: formatCidr(block) });
  const proto = entry.protocol;
  const number = proto === 'tcp' ? 6 : proto === 'udp' ? 17 : proto === 'icmp' ? 1 : /^\d+$/.test(proto) && Number(proto) <= 255 ? Number(proto) : undefined;
  if (number === undefined) return proto === 'all' ? parts : undefined;
  parts.push({ match: 'meta l4proto', value: number });
  if ((proto === 'tcp' || proto === 'udp') && entry.fromPort !== undefined && entry.fromPort >= 0) {
    const to = entry.toPort ?? entry.fromPort;
    parts.push({ match: 'th dport', value: to === entry.fromPort ? entry.fromPort : [entry.fromPort, to] });
  }
  return parts;
}

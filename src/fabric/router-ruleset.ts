/**
 * The nftables table of a VPC router, in one piece: route-table selection by ingress
 * interface, the internet gateway's 1:1 NAT, network ACLs, security groups and the guard of
 * the router's own addresses. Everything lives in the table `inet ecsnet` of the router's
 * namespace and is applied as one transaction.
 *
 * Order in `forward`, for every packet:
 *  1. IPv6 is dropped (not emulated yet);
 *  2. NACLs, stateless, on every packet including replies: egress of the source subnet, then
 *     ingress of the destination subnet (each only across the subnet's boundary);
 *  3. established and related traffic is accepted: security groups are stateful;
 *  4. a new flow leaving through the internet gateway must come from an address with a public
 *     IP (an ENI without one has no internet, even in a public subnet);
 *  5. the egress security groups of the source ENI, then the ingress groups of the destination ENI.
 *
 * The internet gateway (reference §4.4) translates in the router's uplink hooks: destination
 * public → private on the way in, source private → public on the way out, from two maps.
 *
 * @module
 */
import { interfaceName } from '../dataplane/names.js';
import type { CounterMeaning } from './manifest.js';
import { elementsClause, quoted } from './nft-text.js';

/** The nftables table of every router. */
export const ROUTER_TABLE = 'ecsnet';

/** Everything the router ruleset is made of. */
export interface RouterRulesetInput {
  /** Logical router interface → mark of its route table. */
  markOfInterface: ReadonlyMap<string, number>;
  uplinkInterface: string;
  /** private → public, for every ENI with a public IP. */
  publicIps: ReadonlyArray<{ privateIp: string; publicIp: string }>;
  resolverAddresses: readonly string[];
  nacl: { declarations: string[]; egressDispatch: string[]; ingressDispatch: string[] };
  securityGroups: { declarations: string[]; egressDispatch: string[]; ingressDispatch: string[] };
}

/** Fixed counters of every router and what they mean. */
export const ROUTER_COUNTERS: Readonly<Record<string, CounterMeaning>> = {
  igw_no_public_ip: {
    kind: 'internet-gateway',
    description: 'the source has no public IP, so the internet gateway drops it (an ENI without a public IP has no internet, even in a public subnet)',
    drops: true,
  },
  ipv6_dropped: { kind: 'ipv6', description: 'IPv6 is not emulated yet', drops: true },
  ct_invalid: { kind: 'invalid', description: 'the packet belongs to no known connection (often the reply to a packet a stateless NACL let through one way only)', drops: true },
};

/** The router's ruleset text. */
export function routerRuleset(input: RouterRulesetInput): string {
  const uplink = quoted(interfaceName(input.uplinkInterface));
  const marks = [...input.markOfInterface].sort(([a], [b]) => (a < b ? -1 : 1)).map(([dev, mark]) => `${quoted(interfaceName(dev))} : ${mark}`);
  const snat = input.publicIps.map((p) => `${p.privateIp} : ${p.publicIp}`);
  const dnat = input.publicIps.map((p) => `${p.publicIp} : ${p.privateIp}`);
  const sources = input.publicIps.map((p) => p.privateIp);
  const lines = [
    `table inet ${ROUTER_TABLE} {`,
    `  # route table of each ingress interface (its subnet's), as the fwmark that ip rules select tables by`,
    `  map route_table_of {\n    type ifname : mark${elementsClause(marks)}\n  }`,
    `  map nacl_egress {\n    type ifname : verdict${elementsClause(input.nacl.egressDispatch)}\n  }`,
    `  map nacl_ingress {\n    type ifname : verdict${elementsClause(input.nacl.ingressDispatch)}\n  }`,
    `  map sg_egress {\n    type ifname : verdict${elementsClause(input.securityGroups.egressDispatch)}\n  }`,
    `  map sg_ingress {\n    type ifname : verdict${elementsClause(input.securityGroups.ingressDispatch)}\n  }`,
    `  # internet gateway: one-to-one NAT between private and public addresses`,
    `  set igw_public_sources {\n    type ipv4_addr${elementsClause(sources)}\n  }`,
    `  map igw_snat {\n    type ipv4_addr : ipv4_addr${elementsClause(snat)}\n  }`,
    `  map igw_dnat {\n    type ipv4_addr : ipv4_addr${elementsClause(dnat)}\n  }`,
    `  set resolver {\n    type ipv4_addr${elementsClause([...input.resolverAddresses])}\n  }`,
    ...Object.keys(ROUTER_COUNTERS).map((c) => `  counter ${c} {}`),
    ...input.nacl.declarations,
    ...input.securityGroups.declarations,
    `  chain prerouting {\n    type filter hook prerouting priority mangle; policy accept;\n    meta mark set iifname map @route_table_of\n  }`,
    `  chain igw_inbound {\n    type nat hook prerouting priority dstnat; policy accept;\n    iifname ${uplink} dnat ip to ip daddr map @igw_dnat\n  }`,
    `  chain igw_outbound {\n    type nat hook postrouting priority srcnat; policy accept;\n    oifname ${uplink} snat ip to ip saddr map @igw_snat\n  }`,
    `  chain forward {`,
    `    type filter hook forward priority filter; policy drop;`,
    `    meta nfproto ipv6 counter name "ipv6_dropped" drop`,
    `    iifname vmap @nacl_egress`,
    `    oifname vmap @nacl_ingress`,
    `    ct state established,related accept`,
    `    ct state invalid counter name "ct_invalid" drop`,
    `    oifname ${uplink} ip saddr != @igw_public_sources counter name "igw_no_public_ip" drop`,
    `    iifname vmap @sg_egress`,
    `    oifname vmap @sg_ingress`,
    `    accept`,
    `  }`,
    `  # the router itself answers DNS only (security groups and NACLs do not filter the resolver)`,
    `  chain input {`,
    `    type filter hook input priority filter; policy drop;`,
    `    ct state established,related accept`,
    `    iifname "lo" accept`,
    `    ip daddr @resolver meta l4proto { tcp, udp } th dport 53 accept`,
    `  }`,
    `}`,
  ];
  return `${lines.join('\n')}\n`;
}

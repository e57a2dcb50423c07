/**
 * The nftables table of a VPC router, in one piece: route-table selection by ingress
 * interface, the internet gateway's 1:1 NAT, network ACLs, security groups and the guard of
 * the router's own addresses. Everything lives in the table `inet ecsnet` of the router's
 * namespace, as a typed model ({@link NftTable}) whose names follow identities, so a change
 * of one security group's membership is a change of a few set elements.
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
import { PRIORITY, type NftMapElement, type NftTable } from '../dataplane/nft/types.js';
import type { CounterMeaning } from './manifest.js';
import type { TableParts } from './nft-values.js';

/** The nftables table of every router. */
export const ROUTER_TABLE = 'ecsnet';

/** What the NACL or security-group compiler contributes: objects, and the two dispatch maps' entries. */
export interface DispatchParts {
  parts: TableParts;
  egressDispatch: NftMapElement[];
  ingressDispatch: NftMapElement[];
}

/** Everything the router table is made of. */
export interface RouterTableInput {
  /** Logical router interface → mark of its route table. */
  markOfInterface: ReadonlyMap<string, number>;
  uplinkInterface: string;
  /** private → public, for every ENI with a public IP. */
  publicIps: ReadonlyArray<{ privateIp: string; publicIp: string }>;
  resolverAddresses: readonly string[];
  nacl: DispatchParts;
  securityGroups: DispatchParts;
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

const byKey = (a: NftMapElement, b: NftMapElement): number => (String(a.key[0]) < String(b.key[0]) ? -1 : String(a.key[0]) > String(b.key[0]) ? 1 : 0);

/** The router's table. */
export function routerTable(input: RouterTableInput): NftTable {
  const uplink = interfaceName(input.uplinkInterface);
  const marks = [...input.markOfInterface].sort(([a], [b]) => (a < b ? -1 : 1)).map(([dev, mark]) => ({ key: [interfaceName(dev)], value: mark }));
  return {
    family: 'inet',
    name: ROUTER_TABLE,
    sets: [
      // internet gateway: the private addresses that have a public one
      { name: 'igw_public_sources', type: ['ipv4_addr'], elements: input.publicIps.map((p) => ({ key: [p.privateIp] })) },
      { name: 'resolver', type: ['ipv4_addr'], elements: input.resolverAddresses.map((a) => ({ key: [a] })) },
      ...input.nacl.parts.sets,
      ...input.securityGroups.parts.sets,
    ],
    maps: [
      // route table of each ingress interface (its subnet's), as the fwmark that ip rules select tables by
      { name: 'route_table_of', key: ['ifname'], value: 'mark', elements: marks },
      { name: 'nacl_egress', key: ['ifname'], value: 'verdict', elements: [...input.nacl.egressDispatch].sort(byKey) },
      { name: 'nacl_ingress', key: ['ifname'], value: 'verdict', elements: [...input.nacl.ingressDispatch].sort(byKey) },
      { name: 'sg_egress', key: ['ifname'], value: 'verdict', elements: [...input.securityGroups.egressDispatch].sort(byKey) },
      { name: 'sg_ingress', key: ['ifname'], value: 'verdict', elements: [...input.securityGroups.ingressDispatch].sort(byKey) },
      // internet gateway: one-to-one NAT between private and public addresses
      { name: 'igw_snat', key: ['ipv4_addr'], value: 'ipv4_addr', elements: input.publicIps.map((p) => ({ key: [p.privateIp], value: p.publicIp })) },
      { name: 'igw_dnat', key: ['ipv4_addr'], value: 'ipv4_addr', elements: input.publicIps.map((p) => ({ key: [p.publicIp], value: p.privateIp })) },
    ],
    counters: [...Object.keys(ROUTER_COUNTERS).map((name) => ({ name })), ...input.nacl.parts.counters, ...input.securityGroups.parts.counters],
    chains: [
      ...input.nacl.parts.chains,
      ...input.securityGroups.parts.chains,
      {
        name: 'prerouting',
        base: { type: 'filter', hook: 'prerouting', priority: PRIORITY.mangle, policy: 'accept' },
        rules: [{ exprs: [{ setMark: 'meta mark', from: { map: 'route_table_of', key: ['iifname'] } }] }],
      },
      {
        name: 'igw_inbound',
        base: { type: 'nat', hook: 'prerouting', priority: PRIORITY.dstnat, policy: 'accept' },
        rules: [
          {
            exprs: [
              { match: 'iifname', value: uplink },
              { nat: 'dnat', to: { map: 'igw_dnat', key: ['ip daddr'] } },
            ],
          },
        ],
      },
      {
        name: 'igw_outbound',
        base: { type: 'nat', hook: 'postrouting', priority: PRIORITY.srcnat, policy: 'accept' },
        rules: [
          {
            exprs: [
              { match: 'oifname', value: uplink },
              { nat: 'snat', to: { map: 'igw_snat', key: ['ip saddr'] } },
            ],
          },
        ],
      },
      {
        name: 'forward',
        base: { type: 'filter', hook: 'forward', priority: PRIORITY.filter, policy: 'drop' },
        rules: [
          { exprs: [{ match: 'meta nfproto', value: 'ipv6' }, { counter: 'ipv6_dropped' }, { verdict: { kind: 'drop' } }] },
          { exprs: [{ vmap: ['iifname'], map: 'nacl_egress' }] },
          { exprs: [{ vmap: ['oifname'], map: 'nacl_ingress' }] },
          { exprs: [{ match: 'ct state', value: { anyOf: ['established', 'related'] } }, { verdict: { kind: 'accept' } }] },
          { exprs: [{ match: 'ct state', value: 'invalid' }, { counter: 'ct_invalid' }, { verdict: { kind: 'drop' } }] },
          {
            exprs: [
              { match: 'oifname', value: uplink },
              { lookup: ['ip saddr'], set: 'igw_public_sources', op: '!=' },
              { counter: 'igw_no_public_ip' },
              { verdict: { kind: 'drop' } },
            ],
          },
          { exprs: [{ vmap: ['iifname'], map: 'sg_egress' }] },
          { exprs: [{ vmap: ['oifname'], map: 'sg_ingress' }] },
          { exprs: [{ verdict: { kind: 'accept' } }] },
        ],
      },
      {
        // the router itself answers DNS only (security groups and NACLs do not filter the resolver)
        name: 'input',
        base: { type: 'filter', hook: 'input', priority: PRIORITY.filter, policy: 'drop' },
        rules: [
          { exprs: [{ match: 'ct state', value: { anyOf: ['established', 'related'] } }, { verdict: { kind: 'accept' } }] },
          { exprs: [{ match: 'iifname', value: 'lo' }, { verdict: { kind: 'accept' } }] },
          {
            exprs: [
              { lookup: ['ip daddr'], set: 'resolver' },
              { match: 'meta l4proto', value: { anyOf: [6, 17] } },
              { match: 'th dport', value: 53 },
              { verdict: { kind: 'accept' } },
            ],
          },
        ],
      },
    ],
  };
}

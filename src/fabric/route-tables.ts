/**
 * A VPC's route tables compiled into its router's policy routing. Each route table becomes a
 * kernel table; the router marks every packet with the table of the subnet it came from (an
 * nftables map from ingress interface to mark) and one `ip rule fwmark` per table selects it,
 * so the rules do not grow with the number of ENIs. Longest prefix wins inside a table, as in
 * AWS.
 *
 * The `local` route of every VPC CIDR is one rule ahead of the tables (`to <cidr> lookup
 * local-table`), whose table holds a /32 per ENI and a blackhole for the rest of the CIDR: the
 * local route beats any less specific route, as in AWS. Routes more specific than a VPC CIDR
 * (middlebox routing) get a rule of their own ahead of it. A table without a default route
 * gets `unreachable default`, so a packet with no matching route is answered "no route"
 * instead of falling through to another table. Targets that do not exist in the lab (an
 * internet gateway that is not attached, a deleted NAT gateway, a peering the lab does not
 * emulate) become blackholes, with the reason kept for `probe`.
 *
 * @module
 */
import type { RouteSpec, RuleSpec } from '../dataplane/lab-spec.js';
import type { NetworkModel, Route, RouteTable, Vpc } from '../model/types.js';
import { blockContains, formatCidr, parseCidr } from '../net/ipv4.js';
import { privateAddresses, type FabricEni } from './fabric-eni.js';
import type { FabricRoute, FabricRouteTable } from './manifest.js';

/** Kernel table with the VPC's local delivery: a /32 per ENI, a blackhole for each VPC CIDR. */
export const LOCAL_TABLE = 100;
/** Kernel table (and mark) for traffic entering from outside the VPC (internet gateway, gateway endpoints). */
export const EDGE_TABLE = 101;
/** Kernel table (and mark) of the first route table; the others follow. */
export const FIRST_ROUTE_TABLE = 1000;

/** Where the router's non-ENI links lead. */
export interface RouterLinks {
  /** Peer address of the uplink (the internet's end). */
  uplinkPeer: string;
  uplinkInterface: string;
  /** Peer address and router interface of the gateway-endpoint link, when the VPC has gateway endpoints. */
  gatewayEndpoint?: { peer: string; interface: string };
}

/** Inputs of {@link compileRouteTables}. */
export interface RouteTableInput {
  model: NetworkModel;
  vpc: Vpc;
  namespace: string;
  /** ENIs wired into this router. */
  enis: readonly FabricEni[];
  links: RouterLinks;
  /** CIDRs a prefix list stands for in the lab, or undefined. */
  prefixList: (id: string) => string[] | undefined;
}

/** The router's routing, ready for the lab spec, and its meaning for the manifest. */
export interface CompiledRouteTables {
  routes: RouteSpec[];
  rules: RuleSpec[];
  /** Router interface (logical) → mark of the table it selects. */
  markOfInterface: Map<string, number>;
  tables: FabricRouteTable[];
  notes: string[];
}

/** Compiles the route tables of one VPC. */
export function compileRouteTables(input: RouteTableInput): CompiledRouteTables {
  const { model, vpc, namespace: ns } = input;
  const notes: string[] = [];
  const routes: RouteSpec[] = [];
  const rules: RuleSpec[] = [];
  const vpcCidrs = [vpc.cidr, ...vpc.secondaryCidrs].map((c) => parseCidr(c)).filter((c) => c !== undefined);
  const subnets = model.vpcs.find((v) => v.id === vpc.id)?.subnets ?? [];

  // Local delivery.
  for (const fe of input.enis) {
    for (const ip of privateAddresses(fe.eni)) routes.push({ namespace: ns, table: LOCAL_TABLE, destination: `${ip}/32`, dev: fe.routerInterface });
  }
  vpcCidrs.forEach((c, j) => {
    routes.push({ namespace: ns, table: LOCAL_TABLE, destination: formatCidr(c), type: 'blackhole' });
    rules.push({ namespace: ns, priority: 500 + j, to: formatCidr(c), table: LOCAL_TABLE });
  });
  routes.push({ namespace: ns, table: EDGE_TABLE, destination: 'default', type: 'unreachable' });
  rules.push({ namespace: ns, priority: 999, fwmark: EDGE_TABLE, table: EDGE_TABLE });

  const tables = model.routeTables.filter((t) => t.vpcId === vpc.id).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const compiled: FabricRouteTable[] = [];
  let specificRule = 100;
  tables.forEach((table, i) => {
    const number = FIRST_ROUTE_TABLE + i;
    rules.push({ namespace: ns, priority: FIRST_ROUTE_TABLE + i, fwmark: number, table: number });
    const entries = compileTable(input, table, number, notes);
    for (const entry of entries) {
      if (entry.route) routes.push(entry.route);
      const dest = parseCidr(entry.fabric.destination);
      if (entry.route && dest && entry.fabric.target !== 'local' && vpcCidrs.some((c) => blockContains(c, dest))) {
        rules.push({ namespace: ns, priority: specificRule++, to: entry.fabric.destination, fwmark: number, table: number });
      }
    }
    compiled.push({
      routeTableId: table.id,
      table: number,
      subnetIds: subnets.filter((s) => s.routeTableId === table.id).map((s) => s.id),
      routes: entries.map((e) => e.fabric),
    });
  });

  const markOfInterface = new Map<string, number>();
  const tableOf = new Map(compiled.map((t) => [t.routeTableId, t.table]));
  for (const fe of input.enis) {
    const subnet = subnets.find((s) => s.id === fe.eni.subnetId);
    const number = (subnet && tableOf.get(subnet.routeTableId)) ?? tableOf.get(vpc.mainRouteTableId) ?? EDGE_TABLE;
    markOfInterface.set(fe.routerInterface, number);
  }
  markOfInterface.set(input.links.uplinkInterface, EDGE_TABLE);
  if (input.links.gatewayEndpoint) markOfInterface.set(input.links.gatewayEndpoint.interface, EDGE_TABLE);
  // The router's own traffic (the DNS resolver forwarding to the internet's DNS).
  routes.push({ namespace: ns, destination: 'default', via: input.links.uplinkPeer, dev: input.links.uplinkInterface });
  return { routes, rules, markOfInterface, tables: compiled, notes: [...new Set(notes)] };
}

interface TableEntry {
  route?: RouteSpec;
  fabric: FabricRoute;
}

function compileTable(input: RouteTableInput, table: RouteTable, number: number, notes: string[]): TableEntry[] {
  const ns = input.namespace;
  const entries: TableEntry[] = [];
  const taken = new Map<string, TableEntry>();
  // Static CIDR routes first, so a prefix-list route to the same destination loses to them (AWS route priority).
  const ordered = [...table.routes].sort((a, b) => Number(a.prefixListId !== undefined) - Number(b.prefixListId !== undefined));
  for (const route of ordered) {
    for (const destination of destinationsOf(route, input.prefixList, table, notes)) {
      const fabric: Omit<FabricRoute, 'action'> = { destination, ...targetFields(route) };
      if (route.target.kind === 'local') {
        entries.push({ fabric: { ...fabric, action: 'local' } });
        continue;
      }
      const key = destination === '0.0.0.0/0' ? 'default' : destination;
      if (taken.has(key)) {
        notes.push(`route table ${table.id}: a second route to ${destination} is ignored`);
        continue;
      }
      const resolved = resolveTarget(input, route);
      const base = { namespace: ns, table: number, destination: key === 'default' ? ('default' as const) : destination };
      const entry: TableEntry =
        resolved.kind === 'forward'
          ? { route: { ...base, via: resolved.via, dev: resolved.dev, onlink: true }, fabric: { ...fabric, action: 'forward' } }
          : { route: { ...base, type: 'blackhole' }, fabric: { ...fabric, action: 'blackhole', ...(resolved.note ? { note: resolved.note } : {}) } };
      if (resolved.kind === 'blackhole' && resolved.note) notes.push(`route table ${table.id}: ${resolved.note}`);
      taken.set(key, entry);
      entries.push(entry);
    }
  }
  if (!taken.has('default')) {
    entries.push({
      route: { namespace: ns, table: number, destination: 'default', type: 'unreachable' },
      fabric: { destination: '0.0.0.0/0', target: 'no-route', action: 'unreachable' },
    });
  }
  return entries;
}

function targetFields(route: Route): Pick<FabricRoute, 'target' | 'targetId' | 'logicalId'> {
  const t = route.target;
  const targetId = 'id' in t ? t.id : 'raw' in t ? t.raw : undefined;
  return { target: t.kind, ...(targetId !== undefined ? { targetId } : {}), ...(route.logicalId !== undefined ? { logicalId: route.logicalId } : {}) };
}

function destinationsOf(route: Route, prefixList: (id: string) => string[] | undefined, table: RouteTable, notes: string[]): string[] {
  if (route.destination !== undefined) {
    const block = parseCidr(route.destination, true);
    return block ? [formatCidr(block)] : [];
  }
  if (route.prefixListId !== undefined) {
    const cidrs = prefixList(route.prefixListId);
    if (!cidrs) notes.push(`route table ${table.id}: prefix list ${route.prefixListId} is not emulated; its route is left out`);
    return cidrs ?? [];
  }
  return [];
}

type Resolved = { kind: 'forward'; via: string; dev: string } | { kind: 'blackhole'; note?: string };

function resolveTarget(input: RouteTableInput, route: Route): Resolved {
  const { model, vpc } = input;
  const t = route.target;
  const eniOf = (kind: FabricEni['kind'], ownerId: string): FabricEni | undefined =>
    input.enis.find((e) => e.kind === kind && (e.ownerId === ownerId || e.eni.ownerId === ownerId || e.eni.attachment?.instanceId === ownerId));
  switch (t.kind) {
    case 'internet-gateway':
      if (vpc.internetGatewayId === t.id) return { kind: 'forward', via: input.links.uplinkPeer, dev: input.links.uplinkInterface };
      return { kind: 'blackhole', note: `internet gateway ${t.id} is not attached to ${vpc.id}; its route drops` };
    case 'nat-gateway': {
      const nat = eniOf('nat-gateway', t.id);
      if (nat) return { kind: 'forward', via: nat.eni.privateIp, dev: nat.routerInterface };
      return { kind: 'blackhole', note: `NAT gateway ${t.id} has no ENI in the lab; its route drops` };
    }
    case 'vpc-endpoint': {
      const endpoint = model.vpcEndpoints.find((e) => e.id === t.id);
      if (endpoint?.endpointType === 'Gateway' && input.links.gatewayEndpoint) {
        return { kind: 'forward', via: input.links.gatewayEndpoint.peer, dev: input.links.gatewayEndpoint.interface };
      }
      return { kind: 'blackhole', note: `VPC endpoint ${t.id} is not a gateway endpoint of ${vpc.id}; its route drops` };
    }
    case 'instance': {
      const instance = input.enis.find((e) => e.kind === 'instance' && (e.ownerId === t.id || e.aliases.includes(t.id)));
      if (instance) return { kind: 'forward', via: instance.eni.privateIp, dev: instance.routerInterface };
      return { kind: 'blackhole', note: `instance ${t.id} is not in the lab; its route drops` };
    }
    case 'blackhole':
      return { kind: 'blackhole' };
    case 'vpc-peering':
    case 'transit-gateway':
    case 'egress-only-internet-gateway':
      return { kind: 'blackhole', note: `${t.kind} ${t.id} is not emulated yet; its route drops` };
    case 'network-interface':
    case 'unknown':
      return { kind: 'blackhole', note: `route target ${t.raw} does not exist in the deployment; its route drops` };
    case 'local':
      return { kind: 'blackhole' };
  }
}

/**
 * Which route a packet takes through the VPC routers, walked over the manifest: the route
 * table of the source's subnet, longest prefix first, the local route for VPC addresses, on
 * through a NAT gateway's own subnet. The kernel does the real routing; this walk names the
 * route (its table, destination, logical id, and why a blackhole is one) when a probe did not
 * get through. It mirrors what the compiler gave the kernel, so the two agree. Pure.
 *
 * @module
 */
import { blockHas, parseCidr, parseIpv4 } from '../net/ipv4.js';
import type { FabricEndpoint, FabricManifest, FabricRoute, FabricVpc } from './manifest.js';

/** One hop of the walk. */
export interface RouteHop {
  vpcId: string;
  routeTableId: string;
  /** The matching route; undefined for the local route of a VPC address. */
  route?: FabricRoute;
  /** What happens: forwarded on, delivered to an ENI of the VPC, dropped silently, or answered "no route". */
  outcome: 'forward' | 'local' | 'blackhole' | 'unreachable' | 'no-eni';
  description: string;
}

/** The hops of a packet from `from` to `destination`, until it leaves the VPC, is delivered or dropped. */
export function walkRoutes(manifest: FabricManifest, from: FabricEndpoint, destination: string): RouteHop[] {
  const hops: RouteHop[] = [];
  const dst = parseIpv4(destination);
  const vpc = manifest.vpcs.find((v) => v.id === from.vpcId);
  if (dst === undefined || !vpc) return hops;
  let subnetId = from.subnetId;
  for (let step = 0; step < 4; step++) {
    const subnet = vpc.subnets.find((s) => s.id === subnetId);
    const table = vpc.routeTables.find((t) => t.routeTableId === subnet?.routeTableId);
    if (!table) return hops;
    if (inVpc(vpc, dst)) {
      const target = manifest.endpoints.find((e) => e.vpcId === vpc.id && e.privateIp === destination);
      hops.push(
        target
          ? { vpcId: vpc.id, routeTableId: table.routeTableId, outcome: 'local', description: `local route of ${vpc.id} to ${target.id}` }
          : { vpcId: vpc.id, routeTableId: table.routeTableId, outcome: 'no-eni', description: `the local route of ${vpc.id} covers ${destination} but no ENI has that address` },
      );
      return hops;
    }
    const route = longestMatch(table.routes, dst);
    if (!route) return hops;
    const where = `route ${route.destination} → ${route.target}${route.targetId ? ` ${route.targetId}` : ''}${route.logicalId ? ` (${route.logicalId})` : ''} of route table ${table.routeTableId}`;
    if (route.action === 'blackhole') {
      hops.push({ vpcId: vpc.id, routeTableId: table.routeTableId, route, outcome: 'blackhole', description: `${where} is a blackhole${route.note ? `: ${route.note}` : ''}` });
      return hops;
    }
    if (route.action === 'unreachable') {
      hops.push({
        vpcId: vpc.id,
        routeTableId: table.routeTableId,
        route,
        outcome: 'unreachable',
        description: `no route in route table ${table.routeTableId} matches ${destination}`,
      });
      return hops;
    }
    hops.push({ vpcId: vpc.id, routeTableId: table.routeTableId, route, outcome: 'forward', description: where });
    if (route.target !== 'nat-gateway' && route.target !== 'instance') return hops;
    const next = manifest.endpoints.find((e) => e.id === route.targetId || e.aliases.includes(route.targetId ?? ''));
    if (!next) return hops;
    subnetId = next.subnetId;
  }
  return hops;
}

function inVpc(vpc: FabricVpc, address: number): boolean {
  return vpc.cidrs.some((c) => {
    const block = parseCidr(c, true);
    return block !== undefined && blockHas(block, address);
  });
}

function longestMatch(routes: readonly FabricRoute[], address: number): FabricRoute | undefined {
  let best: FabricRoute | undefined;
  let bestLength = -1;
  for (const route of routes) {
    if (route.action === 'local') continue;
    const block = parseCidr(route.destination, true);
    if (block && blockHas(block, address) && block.prefixLength > bestLength) {
      best = route;
      bestLength = block.prefixLength;
    }
  }
  return best;
}

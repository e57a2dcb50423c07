/**
 * How traffic leaves a subnet for AWS's public endpoints: a default route to a NAT gateway,
 * to an internet gateway (only for an ENI with a public address), or to something we cannot
 * see through (a transit gateway, a NAT instance, a peering) which we give the benefit of the
 * doubt; and which VPC endpoints stand in for the internet. Pure: reads the model only.
 */
import type { NetworkModel, Route, RouteTable, Subnet, VpcEndpoint } from '../model/types.js';

/** What a subnet's default IPv4 route leads to. */
export type DefaultRoute = 'nat-gateway' | 'internet-gateway' | 'other' | 'none';

/** The route table a subnet uses (explicit association or the VPC's main table). */
export function routeTableOf(model: NetworkModel, subnet: Subnet): RouteTable | undefined {
  return model.routeTables.find((t) => t.id === subnet.routeTableId);
}

/** The 0.0.0.0/0 route of a subnet, if any. */
export function defaultRouteOf(model: NetworkModel, subnet: Subnet): Route | undefined {
  return routeTableOf(model, subnet)?.routes.find((r) => r.destination === '0.0.0.0/0');
}

/** Classifies the default route; a blackhole is as good as none. */
export function defaultRouteKind(model: NetworkModel, subnet: Subnet): DefaultRoute {
  const route = defaultRouteOf(model, subnet);
  if (!route || route.target.kind === 'blackhole') return 'none';
  if (route.target.kind === 'nat-gateway') return 'nat-gateway';
  if (route.target.kind === 'internet-gateway') return 'internet-gateway';
  return 'other';
}

/**
 * Whether an ENI in `subnet` reaches the internet: through a NAT gateway always, through the
 * internet gateway only with a public address (the gateway's 1:1 NAT needs one,
 * reference/ecs-internals.md §4.4), and through any other default route we assume it does.
 */
export function reachesInternet(model: NetworkModel, subnet: Subnet, publicIp: boolean): boolean {
  const kind = defaultRouteKind(model, subnet);
  return kind === 'nat-gateway' || kind === 'other' || (kind === 'internet-gateway' && publicIp);
}

/**
 * The endpoints of `subnet`'s VPC that serve `service` (`ecr.api`, `logs`, `s3`, ...) from that
 * subnet: an interface endpoint with private DNS (without it the service's usual name still
 * resolves to public addresses), or a gateway endpoint attached to the subnet's route table.
 */
export function endpointFor(model: NetworkModel, subnet: Subnet, service: string): VpcEndpoint | undefined {
  return model.vpcEndpoints.find(
    (e) =>
      e.vpcId === subnet.vpcId &&
      e.service === service &&
      ((e.endpointType === 'Interface' && e.privateDnsEnabled) || (e.endpointType === 'Gateway' && e.routeTableIds.includes(subnet.routeTableId))),
  );
}

/** Every subnet of the model by id. */
export function subnetsById(model: NetworkModel): Map<string, Subnet> {
  return new Map(model.vpcs.flatMap((v) => v.subnets.map((s) => [s.id, s] as const)));
}

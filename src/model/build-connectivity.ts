/**
 * Ways out of and between VPCs other than gateways: VPC endpoints (a gateway endpoint adds
 * prefix-list routes to its route tables, as AWS does automatically), peering connections,
 * transit gateways with their attachments and route tables, and flow logs.
 */
import type { BuildContext } from './context.js';
import { follow, identity } from './context.js';
import { subnetIds, vpcOf } from './build-vpc.js';
import type { FlowLog, TransitGatewayRouteTable, VpcEndpoint } from './types.js';
import { bool, num, str, strList } from './values.js';

/** Builds endpoints, peerings, transit gateways and flow logs. */
export function buildConnectivity(ctx: BuildContext): void {
  buildEndpoints(ctx);
  buildPeeringsAndTransit(ctx);
  buildFlowLogs(ctx);
}

/** `com.amazonaws.us-east-1.ecr.dkr` → `ecr.dkr`. */
export function endpointService(serviceName: string): string {
  const match = /^(?:aws\.sagemaker\.|com\.amazonaws\.(?:vpce\.)?)[a-z0-9-]+\.(.+)$/.exec(serviceName);
  return match?.[1] ?? serviceName;
}

function buildEndpoints(ctx: BuildContext): void {
  for (const r of ctx.registry.ofType('AWS::EC2::VPCEndpoint')) {
    const vpc = vpcOf(ctx, r, r.properties.VpcId);
    if (!vpc) continue;
    const serviceName = str(r.properties.ServiceName) ?? '';
    const declared = str(r.properties.VpcEndpointType);
    const endpointType: VpcEndpoint['endpointType'] = declared === 'Interface' || declared === 'GatewayLoadBalancer' ? declared : 'Gateway';
    const endpoint: VpcEndpoint = {
      ...identity(r),
      vpcId: vpc.id,
      serviceName,
      service: endpointService(serviceName),
      endpointType,
      routeTableIds: strList(r.properties.RouteTableIds)
        .map((t) => follow(ctx, r, t, ['RouteTableIds'], 'AWS::EC2::RouteTable').id)
        .filter((x): x is string => !!x),
      subnetIds: subnetIds(ctx, r, r.properties.SubnetIds, ['SubnetIds']).ids,
      securityGroupIds: strList(r.properties.SecurityGroupIds).map((g) => ctx.registry.idOf(g, 'AWS::EC2::SecurityGroup') ?? g),
      // CloudFormation's default is false (the console's is true), so templates must ask for it.
      privateDnsEnabled: bool(r.properties.PrivateDnsEnabled) ?? false,
    };
    ctx.model.vpcEndpoints.push(endpoint);
    if (endpointType === 'Gateway') {
      for (const tableId of endpoint.routeTableIds) {
        ctx.model.routeTables
          .find((t) => t.id === tableId)
          ?.routes.push({
            prefixListId: serviceName,
            target: { kind: 'vpc-endpoint', id: endpoint.id },
            logicalId: r.logicalId,
            source: r.location,
          });
      }
    }
  }
}

function buildPeeringsAndTransit(ctx: BuildContext): void {
  const { registry, model } = ctx;
  for (const r of registry.ofType('AWS::EC2::VPCPeeringConnection')) {
    const vpc = follow(ctx, r, r.properties.VpcId, ['VpcId'], 'AWS::EC2::VPC');
    const peer = follow(ctx, r, r.properties.PeerVpcId, ['PeerVpcId'], 'AWS::EC2::VPC');
    model.vpcPeerings.push({ ...identity(r), vpcId: vpc.id ?? vpc.raw ?? '', peerVpcId: peer.id ?? peer.raw ?? '' });
  }
  for (const r of registry.ofType('AWS::EC2::TransitGateway')) {
    model.transitGateways.push({
      ...identity(r),
      defaultRouteTableAssociation: (str(r.properties.DefaultRouteTableAssociation) ?? 'enable') === 'enable',
      defaultRouteTablePropagation: (str(r.properties.DefaultRouteTablePropagation) ?? 'enable') === 'enable',
    });
  }
  for (const r of [...registry.ofType('AWS::EC2::TransitGatewayAttachment'), ...registry.ofType('AWS::EC2::TransitGatewayVpcAttachment')]) {
    const tgw = follow(ctx, r, r.properties.TransitGatewayId, ['TransitGatewayId'], 'AWS::EC2::TransitGateway');
    const vpc = follow(ctx, r, r.properties.VpcId, ['VpcId'], 'AWS::EC2::VPC');
    model.transitGatewayAttachments.push({
      ...identity(r),
      transitGatewayId: tgw.id ?? tgw.raw ?? '',
      vpcId: vpc.id ?? vpc.raw ?? '',
      subnetIds: subnetIds(ctx, r, r.properties.SubnetIds, ['SubnetIds']).ids,
    });
  }
  const tables = new Map<string, TransitGatewayRouteTable>();
  for (const r of registry.ofType('AWS::EC2::TransitGatewayRouteTable')) {
    const tgw = follow(ctx, r, r.properties.TransitGatewayId, ['TransitGatewayId'], 'AWS::EC2::TransitGateway');
    const table: TransitGatewayRouteTable = { ...identity(r), transitGatewayId: tgw.id ?? tgw.raw ?? '', routes: [], associations: [], propagations: [] };
    tables.set(table.id, table);
    model.transitGatewayRouteTables.push(table);
  }
  const attachmentTypes = ['AWS::EC2::TransitGatewayAttachment', 'AWS::EC2::TransitGatewayVpcAttachment', 'AWS::EC2::TransitGatewayPeeringAttachment'];
  const tableOf = (value: unknown) => tables.get(registry.idOf(value as never, 'AWS::EC2::TransitGatewayRouteTable') ?? '');
  for (const r of registry.ofType('AWS::EC2::TransitGatewayRoute')) {
    const attachmentId = registry.idOf(r.properties.TransitGatewayAttachmentId, ...attachmentTypes);
    tableOf(r.properties.TransitGatewayRouteTableId)?.routes.push({
      destination: str(r.properties.DestinationCidrBlock) ?? '',
      ...(attachmentId ? { attachmentId } : {}),
      blackhole: bool(r.properties.Blackhole) ?? false,
    });
  }
  for (const [type, key] of [
    ['AWS::EC2::TransitGatewayRouteTableAssociation', 'associations'],
    ['AWS::EC2::TransitGatewayRouteTablePropagation', 'propagations'],
  ] as const) {
    for (const r of registry.ofType(type)) {
      const attachmentId = registry.idOf(r.properties.TransitGatewayAttachmentId, ...attachmentTypes);
      if (attachmentId) tableOf(r.properties.TransitGatewayRouteTableId)?.[key].push(attachmentId);
    }
  }
}

function buildFlowLogs(ctx: BuildContext): void {
  for (const r of ctx.registry.ofType('AWS::EC2::FlowLog')) {
    const resourceType = (str(r.properties.ResourceType) ?? 'VPC') as FlowLog['resourceType'];
    const target = ctx.registry.find(r.properties.ResourceId);
    const logFormat = str(r.properties.LogFormat);
    const destination = str(r.properties.LogDestinationType) ?? 'cloud-watch-logs';
    ctx.model.flowLogs.push({
      ...identity(r),
      resourceType,
      resourceId: target ? `${target.stack}.${target.logicalId}` : (str(r.properties.ResourceId) ?? ''),
      trafficType: (str(r.properties.TrafficType) ?? 'ALL') as FlowLog['trafficType'],
      maxAggregationInterval: num(r.properties.MaxAggregationInterval) === 60 ? 60 : 600,
      ...(logFormat ? { logFormat } : {}),
      destinationType: destination as FlowLog['destinationType'],
    });
  }
}

/**
 * VPC fabric: VPCs with their implicit main route table, default security group and default
 * network ACL; subnets; route tables and routes; internet, egress-only and NAT gateways; EIPs.
 * Subnets are marked public here, from their route table, because that is how AWS defines a
 * public subnet (a default route to an internet gateway), not from their name.
 */
import type { ResolvedResource } from '../template/types.js';
import type { BuildContext } from './context.js';
import { follow, identity, report } from './context.js';
import type { Route, RouteTarget, Subnet, Vpc } from './types.js';
import { bool, str, strList } from './values.js';

const VPC = 'AWS::EC2::VPC';

/** Builds VPCs, subnets, gateways, EIPs and route tables, in that order (routes need gateways). */
export function buildVpcFabric(ctx: BuildContext): void {
  const { registry, model } = ctx;
  for (const r of registry.ofType(VPC)) model.vpcs.push(buildVpc(ctx, r));
  for (const r of registry.ofType('AWS::EC2::VPCCidrBlock')) {
    const vpc = vpcOf(ctx, r, r.properties.VpcId);
    const cidr = str(r.properties.CidrBlock);
    if (vpc && cidr) vpc.secondaryCidrs.push(cidr);
    if (vpc && bool(r.properties.AmazonProvidedIpv6CidrBlock)) vpc.ipv6 = true;
  }
  for (const r of registry.ofType('AWS::EC2::InternetGateway')) model.internetGateways.push(identity(r));
  for (const r of registry.ofType('AWS::EC2::VPCGatewayAttachment')) {
    const vpc = vpcOf(ctx, r, r.properties.VpcId);
    const igw = follow(ctx, r, r.properties.InternetGatewayId, ['InternetGatewayId'], 'AWS::EC2::InternetGateway').id;
    if (vpc && igw) {
      vpc.internetGatewayId = igw;
      const gateway = model.internetGateways.find((g) => g.id === igw);
      if (gateway) gateway.vpcId = vpc.id;
    }
  }
  for (const r of registry.ofType('AWS::EC2::EgressOnlyInternetGateway')) {
    const vpc = vpcOf(ctx, r, r.properties.VpcId);
    if (!vpc) continue;
    model.egressOnlyInternetGateways.push({ ...identity(r), vpcId: vpc.id });
    vpc.egressOnlyInternetGatewayId = identity(r).id;
  }
  for (const r of registry.ofType('AWS::EC2::EIP')) {
    const instance = r.properties.InstanceId !== undefined ? follow(ctx, r, r.properties.InstanceId, ['InstanceId'], 'AWS::EC2::Instance').id : undefined;
    model.elasticIps.push({ ...identity(r), publicIp: r.physicalId, allocationId: str(r.attributes.AllocationId) ?? r.physicalId, ...(instance ? { instanceId: instance } : {}) });
  }
  for (const r of registry.ofType('AWS::EC2::EIPAssociation')) {
    const eipId = registry.idOf(r.properties.AllocationId ?? r.properties.EIP, 'AWS::EC2::EIP');
    const instance = follow(ctx, r, r.properties.InstanceId, ['InstanceId'], 'AWS::EC2::Instance').id;
    const networkInterface = follow(ctx, r, r.properties.NetworkInterfaceId, ['NetworkInterfaceId'], 'AWS::EC2::NetworkInterface').id;
    const eip = model.elasticIps.find((e) => e.id === eipId);
    if (eip && instance) eip.instanceId = instance;
    else if (eip && networkInterface) eip.networkInterfaceId = networkInterface;
  }
  buildRouteTables(ctx);
  const routeTableOf = associations(ctx, 'AWS::EC2::SubnetRouteTableAssociation', 'RouteTableId', 'AWS::EC2::RouteTable');
  const aclOf = associations(ctx, 'AWS::EC2::SubnetNetworkAclAssociation', 'NetworkAclId', 'AWS::EC2::NetworkAcl');
  for (const r of registry.ofType('AWS::EC2::Subnet')) {
    const subnet = buildSubnet(ctx, r, routeTableOf, aclOf);
    if (subnet) model.vpcs.find((v) => v.id === subnet.vpcId)?.subnets.push(subnet);
  }
  for (const r of registry.ofType('AWS::EC2::NatGateway')) {
    const subnet = follow(ctx, r, r.properties.SubnetId, ['SubnetId'], 'AWS::EC2::Subnet').id;
    if (!subnet) continue;
    const eip = ctx.registry.find(r.properties.AllocationId, 'AWS::EC2::EIP');
    const connectivity = str(r.properties.ConnectivityType) === 'private' ? 'private' : 'public';
    const privateIp = str(r.properties.PrivateIpAddress);
    model.natGateways.push({
      ...identity(r),
      subnetId: subnet,
      connectivity,
      ...(eip ? { eipId: `${eip.stack}.${eip.logicalId}`, publicIp: eip.physicalId } : {}),
      ...(privateIp ? { privateIp } : {}),
    });
    if (connectivity === 'public' && !eip) {
      report(
        ctx,
        r,
        {
          severity: 'error',
          code: 'nat-gateway-without-eip',
          message: 'a public NAT gateway needs an Elastic IP allocation',
          hint: 'set AllocationId to !GetAtt <EIP>.AllocationId, or ConnectivityType: private',
        },
        ['AllocationId'],
      );
    }
  }
}

function buildVpc(ctx: BuildContext, r: ResolvedResource): Vpc {
  const base = identity(r);
  const cidr = str(r.properties.CidrBlock) ?? '';
  if (!cidr) {
    report(ctx, r, { severity: 'warning', code: 'vpc-without-cidr', message: 'the VPC has no CidrBlock (IPAM pools are not emulated)', hint: 'set CidrBlock' });
  }
  const vpc: Vpc = {
    ...base,
    cidr,
    secondaryCidrs: [],
    ipv6: false,
    enableDnsSupport: bool(r.properties.EnableDnsSupport) ?? true,
    enableDnsHostnames: bool(r.properties.EnableDnsHostnames) ?? false,
    subnets: [],
    mainRouteTableId: `${base.id}#main-route-table`,
    defaultSecurityGroupId: `${base.id}#default-security-group`,
    defaultNetworkAclId: `${base.id}#default-network-acl`,
  };
  ctx.model.routeTables.push({
    ...base,
    id: vpc.mainRouteTableId,
    physicalId: `rtb-main-${r.physicalId.replace(/^vpc-/, '')}`,
    implicit: true,
    vpcId: vpc.id,
    main: true,
    routes: [],
  });
  ctx.model.securityGroups.push({
    ...base,
    id: vpc.defaultSecurityGroupId,
    implicit: true,
    physicalId: str(r.attributes.DefaultSecurityGroup) ?? `sg-default-${r.physicalId}`,
    vpcId: vpc.id,
    groupName: 'default',
    description: 'default VPC security group',
    isDefault: true,
    ingress: [{ protocol: 'all', fromPort: -1, toPort: -1, peer: { kind: 'security-group', groupId: vpc.defaultSecurityGroupId } }],
    egress: [{ protocol: 'all', fromPort: -1, toPort: -1, peer: { kind: 'cidr', cidr: '0.0.0.0/0' } }],
  });
  ctx.model.networkAcls.push({
    ...base,
    id: vpc.defaultNetworkAclId,
    implicit: true,
    physicalId: str(r.attributes.DefaultNetworkAcl) ?? `acl-default-${r.physicalId}`,
    vpcId: vpc.id,
    isDefault: true,
    entries: [
      { ruleNumber: 100, egress: false, action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' },
      { ruleNumber: 100, egress: true, action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' },
    ],
  });
  return vpc;
}

/** The VPC model object a VpcId property names, or undefined (noted) when it is not in the deployment. */
export function vpcOf(ctx: BuildContext, r: ResolvedResource, value: unknown): Vpc | undefined {
  const { id } = follow(ctx, r, value as never, ['VpcId'], VPC);
  return id ? ctx.model.vpcs.find((v) => v.id === id) : undefined;
}

/** Subnet model id → the model id an association resource of `type` gives it (route table, NACL). */
function associations(ctx: BuildContext, type: string, property: string, targetType: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of ctx.registry.ofType(type)) {
    const subnet = ctx.registry.idOf(a.properties.SubnetId, 'AWS::EC2::Subnet');
    const target = ctx.registry.idOf(a.properties[property], targetType);
    if (subnet && target) out.set(subnet, target);
  }
  return out;
}

function buildSubnet(ctx: BuildContext, r: ResolvedResource, routeTableOf: Map<string, string>, aclOf: Map<string, string>): Subnet | undefined {
  const vpc = vpcOf(ctx, r, r.properties.VpcId);
  if (!vpc) return undefined;
  const id = identity(r).id;
  const routeTableId = routeTableOf.get(id) ?? vpc.mainRouteTableId;
  const networkAclId = aclOf.get(id) ?? vpc.defaultNetworkAclId;
  const routeTable = ctx.model.routeTables.find((t) => t.id === routeTableId);
  const ipv6Cidr = str(r.properties.Ipv6CidrBlock);
  return {
    ...identity(r),
    vpcId: vpc.id,
    cidr: str(r.properties.CidrBlock) ?? '',
    ...(ipv6Cidr ? { ipv6Cidr } : {}),
    az: str(r.properties.AvailabilityZone) ?? str(r.attributes.AvailabilityZone) ?? `${ctx.deployment.region}a`,
    mapPublicIpOnLaunch: bool(r.properties.MapPublicIpOnLaunch) ?? false,
    routeTableId,
    public: routeTable?.routes.some((route) => isDefaultRoute(route) && route.target.kind === 'internet-gateway') ?? false,
    networkAclId,
  };
}

function isDefaultRoute(route: Route): boolean {
  return route.destination === '0.0.0.0/0' || route.destination === '::/0';
}

function buildRouteTables(ctx: BuildContext): void {
  const { registry, model } = ctx;
  for (const r of registry.ofType('AWS::EC2::RouteTable')) {
    const vpc = vpcOf(ctx, r, r.properties.VpcId);
    if (vpc) model.routeTables.push({ ...identity(r), vpcId: vpc.id, main: false, routes: [] });
  }
  for (const table of model.routeTables) {
    const vpc = model.vpcs.find((v) => v.id === table.vpcId);
    if (vpc) table.routes.push(...localRoutes(vpc));
  }
  for (const r of registry.ofType('AWS::EC2::Route')) {
    const tableId = follow(ctx, r, r.properties.RouteTableId, ['RouteTableId'], 'AWS::EC2::RouteTable').id;
    const table = model.routeTables.find((t) => t.id === tableId);
    if (!table) continue;
    const destination = str(r.properties.DestinationCidrBlock) ?? str(r.properties.DestinationIpv6CidrBlock);
    const prefixListId = str(r.properties.DestinationPrefixListId);
    table.routes.push({
      ...(destination ? { destination } : {}),
      ...(prefixListId ? { prefixListId } : {}),
      target: routeTarget(ctx, r),
      logicalId: r.logicalId,
      source: r.location,
    });
  }
}

/** The implicit `local` routes of a VPC; secondary CIDRs are added once they are known. */
function localRoutes(vpc: Vpc): Route[] {
  return [vpc.cidr, ...vpc.secondaryCidrs].filter(Boolean).map((destination) => ({ destination, target: { kind: 'local' } }));
}

const TARGET_PROPERTIES: [string, string[], RouteTarget['kind']][] = [
  ['NatGatewayId', ['AWS::EC2::NatGateway'], 'nat-gateway'],
  ['EgressOnlyInternetGatewayId', ['AWS::EC2::EgressOnlyInternetGateway'], 'egress-only-internet-gateway'],
  ['VpcPeeringConnectionId', ['AWS::EC2::VPCPeeringConnection'], 'vpc-peering'],
  ['TransitGatewayId', ['AWS::EC2::TransitGateway'], 'transit-gateway'],
  ['InstanceId', ['AWS::EC2::Instance'], 'instance'],
  ['VpcEndpointId', ['AWS::EC2::VPCEndpoint'], 'vpc-endpoint'],
];

function routeTarget(ctx: BuildContext, r: ResolvedResource): RouteTarget {
  const gateway = r.properties.GatewayId;
  if (gateway !== undefined) {
    const igw = ctx.registry.idOf(gateway, 'AWS::EC2::InternetGateway');
    if (igw) return { kind: 'internet-gateway', id: igw };
    const endpoint = ctx.registry.idOf(gateway, 'AWS::EC2::VPCEndpoint');
    if (endpoint) return { kind: 'vpc-endpoint', id: endpoint };
    return { kind: 'unknown', raw: str(gateway) ?? JSON.stringify(gateway) };
  }
  for (const [property, types, kind] of TARGET_PROPERTIES) {
    const value = r.properties[property];
    if (value === undefined) continue;
    const id = ctx.registry.idOf(value, ...types);
    return id ? ({ kind, id } as RouteTarget) : { kind: 'unknown', raw: str(value) ?? JSON.stringify(value) };
  }
  const eni = str(r.properties.NetworkInterfaceId);
  if (eni) return { kind: 'network-interface', raw: eni };
  return { kind: 'unknown', raw: '' };
}

/** Subnet model ids that a list property names; ids outside the deployment are kept raw. */
export function subnetIds(ctx: BuildContext, r: ResolvedResource, value: unknown, path: (string | number)[]): { ids: string[]; raw: string[] } {
  const ids: string[] = [];
  const raw: string[] = [];
  for (const item of strList(value as never)) {
    const found = follow(ctx, r, item, path, 'AWS::EC2::Subnet');
    if (found.id) ids.push(found.id);
    else if (found.raw) raw.push(found.raw);
  }
  return { ids, raw };
}

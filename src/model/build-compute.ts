/**
 * Where tasks run: EC2 instances, Auto Scaling groups of container instances (their instance
 * type and security groups come from a launch template or launch configuration, their
 * cluster from ECS_CLUSTER in the user data), clusters and capacity providers.
 */
import type { CfnValue, ResolvedResource } from '../template/types.js';
import type { BuildContext } from './context.js';
import { follow, identity } from './context.js';
import { subnetIds } from './build-vpc.js';
import type { CapacityProviderStrategyItem } from './types.js';
import { bool, decodeBase64, list, num, obj, str, strList } from './values.js';

const SG_TYPES = ['AWS::EC2::SecurityGroup'];
const CLUSTER = 'AWS::ECS::Cluster';

/** Builds clusters and capacity providers first, then the instances that join them. */
export function buildCompute(ctx: BuildContext): void {
  buildClusters(ctx);
  for (const r of ctx.registry.ofType('AWS::EC2::NetworkInterface')) buildNetworkInterface(ctx, r);
  for (const r of ctx.registry.ofType('AWS::EC2::Instance')) buildInstance(ctx, r);
  for (const r of ctx.registry.ofType('AWS::AutoScaling::AutoScalingGroup')) buildAutoScalingGroup(ctx, r);
  for (const provider of ctx.model.capacityProviders) {
    const asgId = provider.autoScalingGroupId;
    const asg = ctx.model.autoScalingGroups.find((g) => g.id === asgId);
    const cluster = ctx.model.clusters.find((c) => c.capacityProviders.includes(provider.name));
    if (asg && cluster && !asg.clusterId) asg.clusterId = cluster.id;
  }
}

function buildClusters(ctx: BuildContext): void {
  for (const r of ctx.registry.ofType(CLUSTER)) {
    const settings = list(r.properties.ClusterSettings).map(obj);
    const serviceConnect = str(obj(r.properties.ServiceConnectDefaults)?.Namespace);
    ctx.model.clusters.push({
      ...identity(r),
      name: str(r.properties.ClusterName) ?? r.physicalId,
      capacityProviders: strList(r.properties.CapacityProviders),
      defaultCapacityProviderStrategy: strategy(r.properties.DefaultCapacityProviderStrategy),
      containerInsights: settings.some((s) => str(s?.Name) === 'containerInsights' && ['enabled', 'enhanced'].includes(str(s?.Value) ?? '')),
      ...(serviceConnect ? { serviceConnectNamespace: serviceConnect } : {}),
    });
  }
  for (const r of ctx.registry.ofType('AWS::ECS::CapacityProvider')) {
    const asg = obj(r.properties.AutoScalingGroupProvider);
    const asgId = asg ? ctx.registry.idOf(asg.AutoScalingGroupArn, 'AWS::AutoScaling::AutoScalingGroup') : undefined;
    ctx.model.capacityProviders.push({ ...identity(r), name: str(r.properties.Name) ?? r.physicalId, ...(asgId ? { autoScalingGroupId: asgId } : {}) });
  }
  for (const r of ctx.registry.ofType('AWS::ECS::ClusterCapacityProviderAssociations')) {
    const clusterId = ctx.registry.idOf(r.properties.Cluster, CLUSTER);
    const cluster = ctx.model.clusters.find((c) => c.id === clusterId) ?? ctx.model.clusters.find((c) => c.name === str(r.properties.Cluster));
    if (!cluster) continue;
    for (const name of strList(r.properties.CapacityProviders)) {
      const provider = ctx.model.capacityProviders.find((p) => p.physicalId === name || p.name === name);
      const providerName = provider?.name ?? name;
      if (!cluster.capacityProviders.includes(providerName)) cluster.capacityProviders.push(providerName);
    }
    const defaults = strategy(r.properties.DefaultCapacityProviderStrategy);
    if (defaults.length > 0) cluster.defaultCapacityProviderStrategy = defaults;
  }
}

/** A capacity provider strategy, with AWS's defaults (weight 0, base 0). */
export function strategy(value: CfnValue | undefined): CapacityProviderStrategyItem[] {
  return list(value)
    .map(obj)
    .filter((o): o is NonNullable<typeof o> => !!o)
    .map((o) => ({
      capacityProvider: str(o.CapacityProvider) ?? '',
      weight: num(o.Weight) ?? 0,
      base: num(o.Base) ?? 0,
    }));
}

/** The cluster a container instance joins: ECS_CLUSTER=<name> in its (base64) user data. */
function clusterFromUserData(ctx: BuildContext, userData: CfnValue | undefined): string | undefined {
  const text = str(userData);
  if (!text) return undefined;
  const decoded = /^[A-Za-z0-9+/=\s]+$/.test(text) ? (decodeBase64(text) ?? text) : text;
  const match = /ECS_CLUSTER=["']?([A-Za-z0-9_-]+)/.exec(decoded);
  if (!match?.[1]) return undefined;
  const name = match[1];
  return ctx.model.clusters.find((c) => c.name === name || c.physicalId === name)?.id;
}

/**
 * The cluster named in AWS::CloudFormation::Init commands of a launch template or launch
 * configuration (`!Sub echo ECS_CLUSTER=${Cluster} >> /etc/ecs/ecs.config`), the other common
 * way container instances join a cluster. Metadata is not resolved, so the `${Cluster}`
 * reference is read as written and looked up in the same stack.
 */
function clusterFromInitMetadata(ctx: BuildContext, stack: string, logicalId: string): string | undefined {
  const template = ctx.deployment.stacks.find((s) => s.name === stack)?.template;
  const resources = obj(template?.body.Resources);
  const metadata = obj(resources?.[logicalId])?.Metadata;
  const text = JSON.stringify(metadata ?? null);
  const match = /ECS_CLUSTER=(?:\$\{([A-Za-z0-9]+)\}|([A-Za-z0-9_-]+))/.exec(text);
  if (!match) return undefined;
  if (match[1]) return ctx.model.clusters.find((c) => c.stack === stack && c.logicalId === match[1])?.id;
  return ctx.model.clusters.find((c) => c.name === match[2])?.id;
}

/** An ENI the template creates; its addresses are planned with the other ENIs (src/plan). */
function buildNetworkInterface(ctx: BuildContext, r: ResolvedResource): void {
  const p = r.properties;
  const subnet = follow(ctx, r, p.SubnetId, ['SubnetId'], 'AWS::EC2::Subnet').id;
  if (!subnet) return;
  const entries = list(p.PrivateIpAddresses)
    .map(obj)
    .filter((e) => e !== undefined);
  const primary = str(p.PrivateIpAddress) ?? str(entries.find((e) => bool(e.Primary) === true)?.PrivateIpAddress);
  const secondaryPrivateIps = entries
    .filter((e) => bool(e.Primary) !== true)
    .map((e) => str(e.PrivateIpAddress))
    .filter((ip) => ip !== undefined && ip !== primary) as string[];
  ctx.model.networkInterfaces.push({
    ...identity(r),
    subnetId: subnet,
    securityGroupIds: resolveGroups(ctx, strList(p.GroupSet)),
    ...(primary ? { privateIp: primary } : {}),
    secondaryPrivateIps,
    secondaryCount: Math.max(secondaryPrivateIps.length, num(p.SecondaryPrivateIpAddressCount) ?? 0),
  });
}

function buildInstance(ctx: BuildContext, r: ResolvedResource): void {
  const p = r.properties;
  const interfaces = list(p.NetworkInterfaces).map(obj);
  const firstInterface = interfaces.find((i) => String(i?.DeviceIndex ?? '0') === '0') ?? interfaces[0];
  const attachedId = firstInterface?.NetworkInterfaceId !== undefined ? ctx.registry.idOf(firstInterface.NetworkInterfaceId, 'AWS::EC2::NetworkInterface') : undefined;
  const attached = ctx.model.networkInterfaces.find((n) => n.id === attachedId && n.instanceId === undefined);
  const subnetValue = p.SubnetId ?? firstInterface?.SubnetId;
  const subnet = attached?.subnetId ?? follow(ctx, r, subnetValue, ['SubnetId'], 'AWS::EC2::Subnet').id;
  const groups = [...strList(p.SecurityGroupIds), ...strList(firstInterface?.GroupSet), ...strList(p.SecurityGroups)];
  const launch = launchData(ctx, p.LaunchTemplate);
  const clusterId = clusterFromUserData(ctx, p.UserData ?? launch?.userData) ?? clusterFromInitMetadata(ctx, r.stack, r.logicalId);
  const associate = bool(firstInterface?.AssociatePublicIpAddress) ?? launch?.associatePublicIp;
  const privateIp = attached ? attached.privateIp : (str(p.PrivateIpAddress) ?? str(firstInterface?.PrivateIpAddress));
  const instance = identity(r);
  if (attached) attached.instanceId = instance.id;
  ctx.model.instances.push({
    ...instance,
    subnetId: subnet ?? '',
    instanceType: str(p.InstanceType) ?? launch?.instanceType ?? 'm1.small',
    securityGroupIds:
      attached && attached.securityGroupIds.length > 0 ? attached.securityGroupIds : resolveGroups(ctx, groups.length > 0 ? groups : (launch?.securityGroups ?? [])),
    ...(privateIp ? { privateIp } : {}),
    ...(associate !== undefined ? { associatePublicIp: associate } : {}),
    ...(clusterId ? { clusterId } : {}),
    ...(attached ? { primaryNetworkInterfaceId: attached.id } : {}),
  });
}

interface LaunchData {
  stack: string;
  logicalId: string;
  instanceType?: string;
  securityGroups: string[];
  associatePublicIp?: boolean;
  userData?: CfnValue;
}

/** Instance settings from a launch template reference (`{LaunchTemplateId|LaunchTemplateName, Version}`). */
function launchData(ctx: BuildContext, reference: CfnValue | undefined): LaunchData | undefined {
  const ref = obj(reference);
  if (!ref) return undefined;
  const template =
    ctx.registry.find(ref.LaunchTemplateId, 'AWS::EC2::LaunchTemplate') ??
    ctx.registry.ofType('AWS::EC2::LaunchTemplate').find((t) => str(t.properties.LaunchTemplateName) === str(ref.LaunchTemplateName));
  const data = obj(template?.properties.LaunchTemplateData);
  if (!template || !data) return undefined;
  const networkInterface = obj(list(data.NetworkInterfaces)[0]);
  const associate = bool(networkInterface?.AssociatePublicIpAddress);
  const instanceType = str(data.InstanceType);
  return {
    stack: template.stack,
    logicalId: template.logicalId,
    ...(instanceType ? { instanceType } : {}),
    securityGroups: [...strList(data.SecurityGroupIds), ...strList(data.SecurityGroups), ...strList(networkInterface?.Groups)],
    ...(associate !== undefined ? { associatePublicIp: associate } : {}),
    userData: data.UserData,
  };
}

function launchConfiguration(ctx: BuildContext, name: CfnValue | undefined): LaunchData | undefined {
  const config = ctx.registry.find(name, 'AWS::AutoScaling::LaunchConfiguration');
  if (!config) return undefined;
  const p = config.properties;
  const associate = bool(p.AssociatePublicIpAddress);
  const instanceType = str(p.InstanceType);
  return {
    stack: config.stack,
    logicalId: config.logicalId,
    ...(instanceType ? { instanceType } : {}),
    securityGroups: strList(p.SecurityGroups),
    ...(associate !== undefined ? { associatePublicIp: associate } : {}),
    userData: p.UserData,
  };
}

function resolveGroups(ctx: BuildContext, groups: string[]): string[] {
  return groups.map((g) => ctx.registry.idOf(g, ...SG_TYPES) ?? ctx.model.securityGroups.find((s) => s.groupName === g)?.id ?? g);
}

function buildAutoScalingGroup(ctx: BuildContext, r: ResolvedResource): void {
  const p = r.properties;
  const mixed = obj(obj(p.MixedInstancesPolicy)?.LaunchTemplate);
  const launch = launchData(ctx, p.LaunchTemplate ?? mixed?.LaunchTemplateSpecification) ?? launchConfiguration(ctx, p.LaunchConfigurationName);
  const override = str(obj(list(mixed?.Overrides)[0])?.InstanceType);
  const { ids } = subnetIds(ctx, r, p.VPCZoneIdentifier, ['VPCZoneIdentifier']);
  const minSize = num(p.MinSize) ?? 0;
  const maxSize = num(p.MaxSize) ?? minSize;
  const clusterId = clusterFromUserData(ctx, launch?.userData) ?? (launch ? clusterFromInitMetadata(ctx, launch.stack, launch.logicalId) : undefined);
  ctx.model.autoScalingGroups.push({
    ...identity(r),
    subnetIds: ids,
    minSize,
    maxSize,
    // Without DesiredCapacity AWS starts MinSize instances.
    desiredCapacity: num(p.DesiredCapacity) ?? minSize,
    instanceType: launch?.instanceType ?? override ?? 'm1.small',
    securityGroupIds: resolveGroups(ctx, launch?.securityGroups ?? []),
    ...(launch?.associatePublicIp !== undefined ? { associatePublicIp: launch.associatePublicIp } : {}),
    ...(clusterId ? { clusterId } : {}),
    ...(launch ? { launchSource: launch.logicalId } : {}),
  });
}

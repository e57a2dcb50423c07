/**
 * ECS task definitions and services, with the defaults ECS applies: bridge network mode when
 * none is declared, host port = container port outside bridge mode, one desired task for a
 * new replica service, a launch type derived from the capacity provider strategy.
 */
import type { CfnValue, ResolvedResource } from '../template/types.js';
import type { BuildContext } from './context.js';
import { follow, identity } from './context.js';
import { strategy } from './build-compute.js';
import { subnetIds } from './build-vpc.js';
import type {
  ContainerDefinition,
  LaunchType,
  NetworkMode,
  PlacementConstraint,
  PlacementStrategy,
  PortMapping,
  Service,
  ServiceConnectConfiguration,
  TaskDefinition,
} from './types.js';
import { bool, list, nameValuePairs, num, obj, str, strList, taskCpuUnits, taskMemoryMiB } from './values.js';

const TASK_DEFINITION = 'AWS::ECS::TaskDefinition';

/** Builds task definitions, then the services that run them. */
export function buildEcs(ctx: BuildContext): void {
  for (const r of ctx.registry.ofType(TASK_DEFINITION)) ctx.model.taskDefinitions.push(buildTaskDefinition(r));
  for (const r of ctx.registry.ofType('AWS::ECS::Service')) ctx.model.services.push(buildService(ctx, r));
}

function networkModeOf(value: CfnValue | undefined): NetworkMode {
  const mode = str(value);
  return mode === 'host' || mode === 'awsvpc' || mode === 'none' ? mode : 'bridge';
}

function buildTaskDefinition(r: ResolvedResource): TaskDefinition {
  const p = r.properties;
  const networkMode = networkModeOf(p.NetworkMode);
  const proxy = obj(p.ProxyConfiguration);
  const cpu = taskCpuUnits(p.Cpu);
  const memory = taskMemoryMiB(p.Memory);
  return {
    ...identity(r),
    family: str(p.Family) ?? r.logicalId,
    networkMode,
    requiresCompatibilities: strList(p.RequiresCompatibilities).filter((c): c is LaunchType => c === 'EC2' || c === 'FARGATE' || c === 'EXTERNAL'),
    ...(cpu !== undefined ? { cpu } : {}),
    ...(memory !== undefined ? { memory } : {}),
    containers: list(p.ContainerDefinitions).map((c) => buildContainer(obj(c) ?? {}, networkMode)),
    ...(proxy
      ? {
          proxyConfiguration: {
            type: 'APPMESH' as const,
            containerName: str(proxy.ContainerName) ?? '',
            properties: nameValuePairs(proxy.ProxyConfigurationProperties),
          },
        }
      : {}),
  };
}

function buildContainer(c: Record<string, CfnValue>, networkMode: NetworkMode): ContainerDefinition {
  const health = obj(c.HealthCheck);
  const memory = num(c.Memory);
  const memoryReservation = num(c.MemoryReservation);
  const user = str(c.User);
  const command = c.Command !== undefined ? strList(c.Command) : undefined;
  const entryPoint = c.EntryPoint !== undefined ? strList(c.EntryPoint) : undefined;
  return {
    name: str(c.Name) ?? '',
    image: str(c.Image) ?? '',
    essential: bool(c.Essential) ?? true,
    cpu: num(c.Cpu) ?? 0,
    ...(memory !== undefined ? { memory } : {}),
    ...(memoryReservation !== undefined ? { memoryReservation } : {}),
    portMappings: list(c.PortMappings).map((m) => portMapping(obj(m) ?? {}, networkMode)),
    environment: nameValuePairs(c.Environment),
    ...(command ? { command } : {}),
    ...(entryPoint ? { entryPoint } : {}),
    links: strList(c.Links),
    dependsOn: list(c.DependsOn)
      .map(obj)
      .filter((d): d is NonNullable<typeof d> => !!d)
      .map((d) => ({ containerName: str(d.ContainerName) ?? '', condition: str(d.Condition) ?? 'START' })),
    ...(health
      ? {
          healthCheck: {
            command: strList(health.Command),
            interval: num(health.Interval) ?? 30,
            timeout: num(health.Timeout) ?? 5,
            retries: num(health.Retries) ?? 3,
            startPeriod: num(health.StartPeriod) ?? 0,
          },
        }
      : {}),
    ulimits: list(c.Ulimits)
      .map(obj)
      .filter((u): u is NonNullable<typeof u> => !!u)
      .map((u) => ({ name: str(u.Name) ?? '', softLimit: num(u.SoftLimit) ?? 0, hardLimit: num(u.HardLimit) ?? 0 })),
    systemControls: list(c.SystemControls)
      .map(obj)
      .filter((s): s is NonNullable<typeof s> => !!s)
      .map((s) => ({ namespace: str(s.Namespace) ?? '', value: str(s.Value) ?? '' })),
    ...(user ? { user } : {}),
  };
}

function portMapping(m: Record<string, CfnValue>, networkMode: NetworkMode): PortMapping {
  const range = str(m.ContainerPortRange);
  const [from, to] = range ? range.split('-').map(Number) : [];
  const containerPort = num(m.ContainerPort) ?? from ?? 0;
  // Outside bridge mode the host port is the container port; in bridge mode 0 or absent means dynamic.
  const hostPort = networkMode === 'bridge' ? (num(m.HostPort) ?? 0) : containerPort;
  const name = str(m.Name);
  const appProtocol = str(m.AppProtocol);
  return {
    containerPort,
    hostPort,
    protocol: str(m.Protocol)?.toLowerCase() === 'udp' ? 'udp' : 'tcp',
    ...(name ? { name } : {}),
    ...(appProtocol ? { appProtocol } : {}),
    ...(from !== undefined && to !== undefined && !Number.isNaN(from) && !Number.isNaN(to) ? { containerPortRange: [from, to] as [number, number] } : {}),
  };
}

function buildService(ctx: BuildContext, r: ResolvedResource): Service {
  const p = r.properties;
  const cluster = follow(ctx, r, p.Cluster, ['Cluster'], 'AWS::ECS::Cluster');
  const clusterModel = ctx.model.clusters.find((c) => c.id === cluster.id) ?? (p.Cluster === undefined ? undefined : ctx.model.clusters.find((c) => c.name === str(p.Cluster)));
  const taskDefinition = follow(ctx, r, p.TaskDefinition, ['TaskDefinition'], TASK_DEFINITION);
  const taskModel = ctx.model.taskDefinitions.find((t) => t.id === taskDefinition.id);
  const providers = strategy(p.CapacityProviderStrategy);
  const effective = providers.length > 0 ? providers : p.LaunchType === undefined ? (clusterModel?.defaultCapacityProviderStrategy ?? []) : [];
  const awsvpc = obj(obj(p.NetworkConfiguration)?.AwsvpcConfiguration);
  const deployment = obj(p.DeploymentConfiguration);
  const schedulingStrategy = str(p.SchedulingStrategy) === 'DAEMON' ? 'DAEMON' : 'REPLICA';
  const serviceConnect = serviceConnectOf(p.ServiceConnectConfiguration);
  return {
    ...identity(r),
    name: str(p.ServiceName) ?? str(r.attributes.Name) ?? r.logicalId,
    ...(clusterModel ? { clusterId: clusterModel.id } : cluster.raw ? { clusterRaw: cluster.raw } : {}),
    ...(taskDefinition.id ? { taskDefinitionId: taskDefinition.id } : taskDefinition.raw ? { taskDefinitionRaw: taskDefinition.raw } : {}),
    launchType: launchTypeOf(str(p.LaunchType), effective),
    capacityProviderStrategy: effective,
    networkMode: taskModel?.networkMode ?? 'bridge',
    schedulingStrategy,
    // CloudFormation starts a new REPLICA service with one task when DesiredCount is absent.
    desiredCount: num(p.DesiredCount) ?? (schedulingStrategy === 'DAEMON' ? 0 : 1),
    ...(awsvpc
      ? (() => {
          const subnets = subnetIds(ctx, r, awsvpc.Subnets, ['NetworkConfiguration', 'AwsvpcConfiguration', 'Subnets']);
          return {
            awsvpc: {
              subnetIds: subnets.ids,
              subnetRaw: subnets.raw,
              securityGroupIds: strList(awsvpc.SecurityGroups).map((g) => ctx.registry.idOf(g, 'AWS::EC2::SecurityGroup') ?? g),
              assignPublicIp: str(awsvpc.AssignPublicIp) === 'ENABLED',
            },
          };
        })()
      : {}),
    loadBalancers: list(p.LoadBalancers)
      .map(obj)
      .filter((l): l is NonNullable<typeof l> => !!l)
      .map((l, i) => {
        const tg = l.TargetGroupArn !== undefined ? follow(ctx, r, l.TargetGroupArn, ['LoadBalancers', i, 'TargetGroupArn'], 'AWS::ElasticLoadBalancingV2::TargetGroup') : {};
        const lbName = str(l.LoadBalancerName);
        return {
          ...(tg.id ? { targetGroupId: tg.id } : tg.raw ? { targetGroupRaw: tg.raw } : {}),
          ...(lbName ? { loadBalancerName: lbName } : {}),
          containerName: str(l.ContainerName) ?? '',
          containerPort: num(l.ContainerPort) ?? 0,
        };
      }),
    serviceRegistries: list(p.ServiceRegistries)
      .map(obj)
      .filter((s): s is NonNullable<typeof s> => !!s)
      .map((s, i) => {
        const found = follow(ctx, r, s.RegistryArn, ['ServiceRegistries', i, 'RegistryArn'], 'AWS::ServiceDiscovery::Service');
        const containerName = str(s.ContainerName);
        const containerPort = num(s.ContainerPort);
        const port = num(s.Port);
        return {
          ...(found.id ? { discoveryServiceId: found.id } : found.raw ? { discoveryServiceRaw: found.raw } : {}),
          ...(containerName ? { containerName } : {}),
          ...(containerPort !== undefined ? { containerPort } : {}),
          ...(port !== undefined ? { port } : {}),
        };
      }),
    placementConstraints: list(p.PlacementConstraints)
      .map(obj)
      .filter((c): c is NonNullable<typeof c> => !!c)
      .map((c): PlacementConstraint => {
        const expression = str(c.Expression);
        return { type: str(c.Type) === 'memberOf' ? 'memberOf' : 'distinctInstance', ...(expression ? { expression } : {}) };
      }),
    placementStrategies: list(p.PlacementStrategies)
      .map(obj)
      .filter((s): s is NonNullable<typeof s> => !!s)
      .map((s): PlacementStrategy => {
        const type = str(s.Type);
        const field = str(s.Field);
        return { type: type === 'binpack' || type === 'random' ? type : 'spread', ...(field ? { field } : {}) };
      }),
    healthCheckGracePeriodSeconds: num(p.HealthCheckGracePeriodSeconds) ?? 0,
    deployment: {
      minimumHealthyPercent: num(deployment?.MinimumHealthyPercent) ?? (schedulingStrategy === 'DAEMON' ? 0 : 100),
      maximumPercent: num(deployment?.MaximumPercent) ?? (schedulingStrategy === 'DAEMON' ? 100 : 200),
    },
    ...(serviceConnect ? { serviceConnect } : {}),
  };
}

function launchTypeOf(declared: string | undefined, providers: { capacityProvider: string }[]): LaunchType {
  if (declared === 'FARGATE' || declared === 'EXTERNAL' || declared === 'EC2') return declared;
  if (providers.length > 0 && providers.every((s) => s.capacityProvider.startsWith('FARGATE'))) return 'FARGATE';
  return 'EC2';
}

function serviceConnectOf(value: CfnValue | undefined): ServiceConnectConfiguration | undefined {
  const sc = obj(value);
  if (!sc) return undefined;
  const namespace = str(sc.Namespace);
  return {
    enabled: bool(sc.Enabled) ?? false,
    ...(namespace ? { namespace } : {}),
    services: list(sc.Services)
      .map(obj)
      .filter((s): s is NonNullable<typeof s> => !!s)
      .map((s) => {
        const discoveryName = str(s.DiscoveryName);
        return {
          portName: str(s.PortName) ?? '',
          ...(discoveryName ? { discoveryName } : {}),
          clientAliases: list(s.ClientAliases)
            .map(obj)
            .filter((a): a is NonNullable<typeof a> => !!a)
            .map((a) => {
              const dnsName = str(a.DnsName);
              return { port: num(a.Port) ?? 0, ...(dnsName ? { dnsName } : {}) };
            }),
        };
      }),
  };
}

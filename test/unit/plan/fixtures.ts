/**
 * A small builder of network models for planner tests and the planner benchmark, so each
 * test states only what matters to it (a VPC, subnets, an ASG, a service) and the rest takes
 * the defaults the model builder would apply.
 */
import type {
  AutoScalingGroup,
  Cluster,
  ContainerDefinition,
  LoadBalancer,
  ModelObject,
  NetworkMode,
  NetworkModel,
  PlacementConstraint,
  PlacementStrategy,
  PortMapping,
  Service,
  Subnet,
  TaskDefinition,
  Vpc,
} from '../../../src/model/types.js';

const STACK = 'Test';

function object(logicalId: string, physicalId: string): ModelObject {
  return { id: `${STACK}.${logicalId}`, stack: STACK, logicalId, physicalId, source: { file: 'test.yaml', line: 1, column: 1 } };
}

/** An empty model: every list present, nothing in it. */
export function emptyModel(): NetworkModel {
  return {
    region: 'us-east-1',
    accountId: '123456789012',
    stacks: [{ name: STACK, file: 'test.yaml' }],
    vpcs: [],
    routeTables: [],
    internetGateways: [],
    egressOnlyInternetGateways: [],
    elasticIps: [],
    natGateways: [],
    securityGroups: [],
    networkAcls: [],
    vpcEndpoints: [],
    vpcPeerings: [],
    transitGateways: [],
    transitGatewayAttachments: [],
    transitGatewayRouteTables: [],
    flowLogs: [],
    instances: [],
    autoScalingGroups: [],
    clusters: [],
    capacityProviders: [],
    taskDefinitions: [],
    services: [],
    targetGroups: [],
    loadBalancers: [],
    listeners: [],
    listenerRules: [],
    dnsNamespaces: [],
    discoveryServices: [],
    hostedZones: [],
    recordSets: [],
    mesh: [],
    httpApis: [],
    httpApiRoutes: [],
    httpApiIntegrations: [],
    httpApiStages: [],
    vpcLinks: [],
    networkInterfaces: [],
    ignored: [],
  };
}

/** A port mapping in tests: hostPort 0 or absent is dynamic in bridge mode; `range` is a containerPortRange. */
export interface PortSpec {
  containerPort: number;
  hostPort?: number;
  protocol?: 'tcp' | 'udp';
  range?: [number, number];
}

/** A container in tests: only what placement reads. */
export interface ContainerSpec {
  name?: string;
  cpu?: number;
  memory?: number;
  memoryReservation?: number;
  ports?: PortSpec[];
}

/** Builds a model step by step; every method returns the new object's model id. */
export class ModelBuilder {
  readonly model = emptyModel();
  private counter = 0;

  private physical(prefix: string): string {
    this.counter++;
    return `${prefix}-${this.counter.toString(16).padStart(17, '0')}`;
  }

  vpc(logicalId: string, cidr: string, secondaryCidrs: string[] = []): string {
    const base = object(logicalId, this.physical('vpc'));
    const vpc: Vpc = {
      ...base,
      cidr,
      secondaryCidrs,
      ipv6: false,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      subnets: [],
      mainRouteTableId: `${base.id}#main`,
      defaultSecurityGroupId: `${base.id}#default-sg`,
      defaultNetworkAclId: `${base.id}#default-nacl`,
    };
    this.model.vpcs.push(vpc);
    return vpc.id;
  }

  subnet(logicalId: string, vpcId: string, cidr: string, az: string, options: { public?: boolean; mapPublicIpOnLaunch?: boolean } = {}): string {
    const vpc = this.model.vpcs.find((v) => v.id === vpcId)!;
    const subnet: Subnet = {
      ...object(logicalId, this.physical('subnet')),
      vpcId,
      cidr,
      az,
      mapPublicIpOnLaunch: options.mapPublicIpOnLaunch ?? false,
      routeTableId: vpc.mainRouteTableId,
      public: options.public ?? false,
      networkAclId: vpc.defaultNetworkAclId,
    };
    vpc.subnets.push(subnet);
    return subnet.id;
  }

  cluster(logicalId: string): string {
    const cluster: Cluster = {
      ...object(logicalId, logicalId),
      name: logicalId,
      capacityProviders: [],
      defaultCapacityProviderStrategy: [],
      containerInsights: false,
    };
    this.model.clusters.push(cluster);
    return cluster.id;
  }

  autoScalingGroup(
    logicalId: string,
    options: { subnets: string[]; capacity: number; instanceType: string; cluster?: string; associatePublicIp?: boolean; securityGroups?: string[] },
  ): string {
    const group: AutoScalingGroup = {
      ...object(logicalId, logicalId),
      subnetIds: options.subnets,
      minSize: 0,
      maxSize: Math.max(options.capacity, 1),
      desiredCapacity: options.capacity,
      instanceType: options.instanceType,
      securityGroupIds: options.securityGroups ?? [],
      ...(options.associatePublicIp !== undefined ? { associatePublicIp: options.associatePublicIp } : {}),
    };
    if (options.cluster) group.clusterId = options.cluster;
    this.model.autoScalingGroups.push(group);
    return group.id;
  }

  instance(logicalId: string, options: { subnet: string; instanceType: string; cluster?: string; privateIp?: string; associatePublicIp?: boolean }): string {
    const base = object(logicalId, this.physical('i'));
    this.model.instances.push({
      ...base,
      subnetId: options.subnet,
      instanceType: options.instanceType,
      securityGroupIds: [],
      ...(options.associatePublicIp !== undefined ? { associatePublicIp: options.associatePublicIp } : {}),
      ...(options.privateIp ? { privateIp: options.privateIp } : {}),
      ...(options.cluster ? { clusterId: options.cluster } : {}),
    });
    return base.id;
  }

  taskDefinition(logicalId: string, options: { networkMode: NetworkMode; cpu?: number; memory?: number; containers: ContainerSpec[]; fargate?: boolean }): string {
    const containers: ContainerDefinition[] = options.containers.map((c, i) => ({
      name: c.name ?? `c${i}`,
      image: 'public.ecr.aws/nginx/nginx:latest',
      essential: true,
      cpu: c.cpu ?? 0,
      ...(c.memory !== undefined ? { memory: c.memory } : {}),
      ...(c.memoryReservation !== undefined ? { memoryReservation: c.memoryReservation } : {}),
      portMappings: (c.ports ?? []).map((p): PortMapping => ({
        containerPort: p.range ? p.range[0] : p.containerPort,
        hostPort: options.networkMode === 'bridge' ? (p.hostPort ?? 0) : p.containerPort,
        protocol: p.protocol ?? 'tcp',
        ...(p.range ? { containerPortRange: p.range } : {}),
      })),
      environment: {},
      links: [],
      dependsOn: [],
      ulimits: [],
      systemControls: [],
    }));
    const definition: TaskDefinition = {
      ...object(logicalId, `arn:aws:ecs:us-east-1:123456789012:task-definition/${logicalId}:1`),
      family: logicalId,
      networkMode: options.networkMode,
      requiresCompatibilities: options.fargate ? ['FARGATE'] : ['EC2'],
      containers,
      ...(options.cpu !== undefined ? { cpu: options.cpu } : {}),
      ...(options.memory !== undefined ? { memory: options.memory } : {}),
    };
    this.model.taskDefinitions.push(definition);
    return definition.id;
  }

  service(
    logicalId: string,
    options: {
      taskDefinition: string;
      desired: number;
      cluster?: string;
      launchType?: 'EC2' | 'FARGATE' | 'EXTERNAL';
      subnets?: string[];
      securityGroups?: string[];
      assignPublicIp?: boolean;
      constraints?: PlacementConstraint[];
      strategies?: PlacementStrategy[];
      daemon?: boolean;
    },
  ): string {
    const definition = this.model.taskDefinitions.find((t) => t.id === options.taskDefinition)!;
    const launchType = options.launchType ?? 'EC2';
    const service: Service = {
      ...object(logicalId, `arn:aws:ecs:us-east-1:123456789012:service/${logicalId}`),
      name: logicalId,
      taskDefinitionId: definition.id,
      launchType,
      capacityProviderStrategy: [],
      networkMode: definition.networkMode,
      schedulingStrategy: options.daemon ? 'DAEMON' : 'REPLICA',
      desiredCount: options.desired,
      loadBalancers: [],
      serviceRegistries: [],
      placementConstraints: options.constraints ?? [],
      placementStrategies: options.strategies ?? [],
      healthCheckGracePeriodSeconds: 0,
      deployment: { minimumHealthyPercent: 100, maximumPercent: 200 },
    };
    if (options.cluster) service.clusterId = options.cluster;
    if (options.subnets) {
      service.awsvpc = { subnetIds: options.subnets, subnetRaw: [], securityGroupIds: options.securityGroups ?? [], assignPublicIp: options.assignPublicIp ?? false };
    }
    this.model.services.push(service);
    return service.id;
  }

  natGateway(logicalId: string, subnet: string, options: { privateIp?: string; publicIp?: string } = {}): string {
    const base = object(logicalId, this.physical('nat'));
    this.model.natGateways.push({
      ...base,
      subnetId: subnet,
      connectivity: 'public',
      ...(options.privateIp ? { privateIp: options.privateIp } : {}),
      ...(options.publicIp ? { publicIp: options.publicIp } : {}),
    });
    return base.id;
  }

  loadBalancer(
    logicalId: string,
    kind: LoadBalancer['kind'],
    subnets: string[],
    options: { scheme?: LoadBalancer['scheme']; mappings?: LoadBalancer['subnetMappings'] } = {},
  ): string {
    const base = object(logicalId, `arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/${logicalId}`);
    this.model.loadBalancers.push({
      ...base,
      name: logicalId,
      kind,
      scheme: options.scheme ?? 'internet-facing',
      subnetIds: subnets,
      subnetMappings: options.mappings ?? [],
      securityGroupIds: [],
      dnsName: `${logicalId}.elb.amazonaws.com`,
      ipAddressType: 'ipv4',
    });
    return base.id;
  }

  interfaceEndpoint(logicalId: string, vpcId: string, service: string, subnets: string[]): string {
    const base = object(logicalId, this.physical('vpce'));
    this.model.vpcEndpoints.push({
      ...base,
      vpcId,
      serviceName: `com.amazonaws.us-east-1.${service}`,
      service,
      endpointType: 'Interface',
      routeTableIds: [],
      subnetIds: subnets,
      securityGroupIds: [],
      privateDnsEnabled: true,
    });
    return base.id;
  }

  vpcLink(logicalId: string, subnets: string[]): string {
    const base = object(logicalId, this.physical('vpclink'));
    this.model.vpcLinks.push({ ...base, name: logicalId, subnetIds: subnets, securityGroupIds: [] });
    return base.id;
  }

  build(): NetworkModel {
    return this.model;
  }
}

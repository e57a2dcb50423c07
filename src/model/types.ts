/**
 * The network model: a typed graph of the networking resources of a deployment, after
 * resolution and with AWS's defaults applied. It is what every later layer reads (checks,
 * plan, data plane, dashboard), so it is plain JSON-serialisable data with no Node-only
 * imports. Objects refer to each other by model id (`Stack.LogicalId`); a reference that no
 * object of the deployment satisfies keeps the raw physical id in a `*Raw` field instead.
 */
import type { SourceLocation } from '../diagnostics.js';

/** Identity every model object carries, so findings and tools can point back at the template. */
export interface ModelObject {
  /** `Stack.LogicalId`, unique in the deployment. Implicit objects (a VPC's main route table) use `Stack.LogicalId#main`. */
  id: string;
  stack: string;
  logicalId: string;
  /** What `Ref` returns for it in AWS (vpc-…, subnet-…, an ARN, …). */
  physicalId: string;
  source: SourceLocation;
  /** True for objects AWS creates implicitly (main route table, default security group, default NACL). */
  implicit?: boolean;
}

/** AWS::EC2::VPC, with the objects AWS creates along with it (main route table, default group and NACL) and its subnets nested, as most questions start from a VPC. */
export interface Vpc extends ModelObject {
  cidr: string;
  /** AWS::EC2::VPCCidrBlock associations and CidrBlockAssociations. */
  secondaryCidrs: string[];
  ipv6: boolean;
  enableDnsSupport: boolean;
  enableDnsHostnames: boolean;
  subnets: Subnet[];
  /** Id of the implicit main route table. */
  mainRouteTableId: string;
  defaultSecurityGroupId: string;
  defaultNetworkAclId: string;
  /** Internet gateway attached through AWS::EC2::VPCGatewayAttachment, if any. */
  internetGatewayId?: string;
  egressOnlyInternetGatewayId?: string;
}

/** AWS::EC2::Subnet; `public` is derived from its route table, because that, not its name, is what makes a subnet public in AWS. */
export interface Subnet extends ModelObject {
  vpcId: string;
  cidr: string;
  ipv6Cidr?: string;
  az: string;
  mapPublicIpOnLaunch: boolean;
  /** Explicitly associated route table, or the VPC's main one. */
  routeTableId: string;
  /** Derived from its route table: a default route to an internet gateway makes a subnet public. */
  public: boolean;
  networkAclId: string;
}

/** Where a route sends traffic. `unknown` keeps a target we could not match, so checks can name it. */
export type RouteTarget =
  | { kind: 'local' }
  | { kind: 'internet-gateway'; id: string }
  | { kind: 'egress-only-internet-gateway'; id: string }
  | { kind: 'nat-gateway'; id: string }
  | { kind: 'vpc-endpoint'; id: string }
  | { kind: 'vpc-peering'; id: string }
  | { kind: 'transit-gateway'; id: string }
  | { kind: 'instance'; id: string }
  | { kind: 'network-interface'; raw: string }
  | { kind: 'blackhole' }
  | { kind: 'unknown'; raw: string };

/** One route of a route table (AWS::EC2::Route, an implicit local route, or a gateway endpoint's prefix-list route). */
export interface Route {
  /** IPv4/IPv6 CIDR, or a managed prefix list id (gateway endpoints) in `prefixListId`. */
  destination?: string;
  prefixListId?: string;
  target: RouteTarget;
  /** Logical id of the AWS::EC2::Route (absent for local and gateway-endpoint routes). */
  logicalId?: string;
  source?: SourceLocation;
}

/** AWS::EC2::RouteTable, or a VPC's implicit main table that subnets without an association use. */
export interface RouteTable extends ModelObject {
  vpcId: string;
  main: boolean;
  /** Includes the implicit `local` routes for every VPC CIDR. */
  routes: Route[];
}

/** AWS::EC2::InternetGateway; `vpcId` comes from its VPCGatewayAttachment, without which it routes nothing. */
export interface InternetGateway extends ModelObject {
  vpcId?: string;
}

/** AWS::EC2::EgressOnlyInternetGateway (IPv6 outbound only). */
export interface EgressOnlyInternetGateway extends ModelObject {
  vpcId: string;
}

/** AWS::EC2::EIP: its Ref is the public address itself, which the lab assigns from 198.18.0.0/15. */
export interface ElasticIp extends ModelObject {
  publicIp: string;
  allocationId: string;
  /** The instance it is associated with (its InstanceId, or an AWS::EC2::EIPAssociation). */
  instanceId?: string;
  /** The template network interface an AWS::EC2::EIPAssociation associates it with (NetworkInterfaceId). */
  networkInterfaceId?: string;
}

/** AWS::EC2::NatGateway: sits in a (public) subnet and translates to its private address; the internet gateway then maps that to the EIP. */
export interface NatGateway extends ModelObject {
  subnetId: string;
  connectivity: 'public' | 'private';
  /** The EIP's model id, for public NAT gateways. */
  eipId?: string;
  publicIp?: string;
  /** Fixed private address, when the template sets one. */
  privateIp?: string;
}

/** Who a security-group rule admits (ingress) or lets through (egress). */
export type RulePeer = { kind: 'cidr'; cidr: string } | { kind: 'security-group'; groupId: string } | { kind: 'prefix-list'; prefixListId: string };

/** One inline or standalone (SecurityGroupIngress/Egress) rule, normalised so the data plane and checks read one shape. */
export interface SecurityGroupRule {
  /** `tcp`, `udp`, `icmp`, `icmpv6`, `all` (-1), or an IP protocol number as text. */
  protocol: string;
  /** Inclusive port range; for `all` and for ICMP type/code, -1 means any. */
  fromPort: number;
  toPort: number;
  peer: RulePeer;
  description?: string;
  /** Logical id of a standalone AWS::EC2::SecurityGroupIngress/Egress, when the rule came from one. */
  logicalId?: string;
  source?: SourceLocation;
}

/** AWS::EC2::SecurityGroup, or a VPC's default group; stateful and allow-only. */
export interface SecurityGroup extends ModelObject {
  vpcId: string;
  groupName: string;
  description: string;
  ingress: SecurityGroupRule[];
  /** AWS's default allow-all egress is present unless the template lists egress rules. */
  egress: SecurityGroupRule[];
  isDefault: boolean;
}

/** AWS::EC2::NetworkAclEntry: stateless, evaluated in rule-number order at the subnet boundary. */
export interface NetworkAclEntry {
  ruleNumber: number;
  egress: boolean;
  action: 'allow' | 'deny';
  /** `tcp`, `udp`, `icmp`, `all`, or a protocol number as text. */
  protocol: string;
  cidr: string;
  fromPort?: number;
  toPort?: number;
  logicalId?: string;
  source?: SourceLocation;
}

/** AWS::EC2::NetworkAcl, or a VPC's default NACL (allow all both ways). */
export interface NetworkAcl extends ModelObject {
  vpcId: string;
  /** Sorted by rule number; the final `*` deny is implicit and not listed. */
  entries: NetworkAclEntry[];
  isDefault: boolean;
}

/** AWS::EC2::VPCEndpoint: a gateway endpoint adds routes, an interface endpoint adds ENIs (and private DNS when asked). */
export interface VpcEndpoint extends ModelObject {
  vpcId: string;
  serviceName: string;
  /** Short service, e.g. `s3`, `ecr.dkr`, `logs`, from `com.amazonaws.<region>.<service>`. */
  service: string;
  endpointType: 'Gateway' | 'Interface' | 'GatewayLoadBalancer';
  routeTableIds: string[];
  subnetIds: string[];
  securityGroupIds: string[];
  privateDnsEnabled: boolean;
}

/** AWS::EC2::VPCPeeringConnection. */
export interface VpcPeering extends ModelObject {
  vpcId: string;
  peerVpcId: string;
}

/** AWS::EC2::TransitGateway. */
export interface TransitGateway extends ModelObject {
  defaultRouteTableAssociation: boolean;
  defaultRouteTablePropagation: boolean;
}

/** A VPC attachment of a transit gateway (TransitGatewayAttachment or TransitGatewayVpcAttachment). */
export interface TransitGatewayAttachment extends ModelObject {
  transitGatewayId: string;
  vpcId: string;
  subnetIds: string[];
}

/** AWS::EC2::TransitGatewayRouteTable with its routes, associations and propagations folded in. */
export interface TransitGatewayRouteTable extends ModelObject {
  transitGatewayId: string;
  routes: { destination: string; attachmentId?: string; blackhole: boolean }[];
  associations: string[];
  propagations: string[];
}

/** AWS::EC2::FlowLog, with AWS's 600 s default aggregation interval. */
export interface FlowLog extends ModelObject {
  resourceType: 'VPC' | 'Subnet' | 'NetworkInterface' | 'TransitGateway' | 'TransitGatewayAttachment';
  resourceId: string;
  trafficType: 'ACCEPT' | 'REJECT' | 'ALL';
  maxAggregationInterval: 60 | 600;
  logFormat?: string;
  destinationType: 'cloud-watch-logs' | 's3' | 'kinesis-data-firehose';
}

/** A standalone EC2 instance: a namespace with its primary ENI in the lab. */
export interface Instance extends ModelObject {
  subnetId: string;
  instanceType: string;
  securityGroupIds: string[];
  privateIp?: string;
  /** AssociatePublicIpAddress as the template sets it; absent: the subnet's MapPublicIpOnLaunch decides. */
  associatePublicIp?: boolean;
  /** ECS cluster the instance registers with (from ECS_CLUSTER in its user data), when it is a container instance. */
  clusterId?: string;
  /** The template's AWS::EC2::NetworkInterface that is its primary ENI (device 0), when it names one. */
  primaryNetworkInterfaceId?: string;
}

/**
 * AWS::EC2::NetworkInterface: an ENI the template creates itself. When an instance names it as
 * device 0 (NetworkInterfaces[].NetworkInterfaceId) it is that instance's primary ENI.
 */
export interface NetworkInterface extends ModelObject {
  subnetId: string;
  securityGroupIds: string[];
  /** The primary private address the template fixes (PrivateIpAddress, or the Primary entry of PrivateIpAddresses). */
  privateIp?: string;
  /** Secondary private addresses the template fixes (PrivateIpAddresses entries that are not Primary). */
  secondaryPrivateIps: string[];
  /** How many secondary addresses it has in all: the fixed ones, or SecondaryPrivateIpAddressCount when larger. */
  secondaryCount: number;
  /** The instance whose primary ENI (device 0) this is. */
  instanceId?: string;
}

/** An Auto Scaling group of container instances: `desiredCapacity` instances spread over its subnets. */
export interface AutoScalingGroup extends ModelObject {
  subnetIds: string[];
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
  instanceType: string;
  securityGroupIds: string[];
  /** AssociatePublicIpAddress of its launch template or configuration; absent: each subnet's MapPublicIpOnLaunch decides. */
  associatePublicIp?: boolean;
  clusterId?: string;
  /** Logical id of the launch template or launch configuration it was built from. */
  launchSource?: string;
}

/** AWS::ECS::Cluster with its capacity providers (from ClusterCapacityProviderAssociations too). */
export interface Cluster extends ModelObject {
  name: string;
  capacityProviders: string[];
  defaultCapacityProviderStrategy: CapacityProviderStrategyItem[];
  containerInsights: boolean;
  serviceConnectNamespace?: string;
}

/** AWS::ECS::CapacityProvider backed by an Auto Scaling group. */
export interface CapacityProvider extends ModelObject {
  name: string;
  autoScalingGroupId?: string;
}

/** One entry of a capacity provider strategy (weight and base default to 0, as in ECS). */
export interface CapacityProviderStrategyItem {
  capacityProvider: string;
  weight: number;
  base: number;
}

/** Task networking mode; a task definition that declares none is bridge, as on EC2. */
export type NetworkMode = 'bridge' | 'host' | 'awsvpc' | 'none';
/** Where a service's tasks run. */
export type LaunchType = 'EC2' | 'FARGATE' | 'EXTERNAL';

/** A container port mapping, with ECS's host-port rules applied per network mode. */
export interface PortMapping {
  containerPort: number;
  /** 0 in bridge mode means a dynamic host port; equals containerPort in host and awsvpc modes. */
  hostPort: number;
  protocol: 'tcp' | 'udp';
  name?: string;
  appProtocol?: string;
  /** `containerPortRange` as [from, to], when given instead of a single port. */
  containerPortRange?: [number, number];
}

/** One container of a task definition, with the fields networking and the runtime need. */
export interface ContainerDefinition {
  name: string;
  image: string;
  essential: boolean;
  cpu: number;
  memory?: number;
  memoryReservation?: number;
  portMappings: PortMapping[];
  environment: Record<string, string>;
  command?: string[];
  entryPoint?: string[];
  links: string[];
  dependsOn: { containerName: string; condition: string }[];
  healthCheck?: { command: string[]; interval: number; timeout: number; retries: number; startPeriod: number };
  ulimits: { name: string; softLimit: number; hardLimit: number }[];
  systemControls: { namespace: string; value: string }[];
  user?: string;
}

/** App Mesh proxy configuration of a task definition (the only type ECS supports is APPMESH). */
export interface ProxyConfiguration {
  type: 'APPMESH';
  containerName: string;
  properties: Record<string, string>;
}

/** AWS::ECS::TaskDefinition (also from plain register/describe-task-definition JSON). */
export interface TaskDefinition extends ModelObject {
  family: string;
  networkMode: NetworkMode;
  requiresCompatibilities: LaunchType[];
  /** Task-level CPU units and MiB, when given (required for Fargate). */
  cpu?: number;
  memory?: number;
  containers: ContainerDefinition[];
  proxyConfiguration?: ProxyConfiguration;
}

/** One entry of a service's LoadBalancers: which container port registers in which target group. */
export interface LoadBalancerAttachment {
  targetGroupId?: string;
  targetGroupRaw?: string;
  /** Classic load balancer name. */
  loadBalancerName?: string;
  containerName: string;
  containerPort: number;
}

/** One entry of a service's ServiceRegistries (Cloud Map). */
export interface ServiceRegistryAttachment {
  discoveryServiceId?: string;
  discoveryServiceRaw?: string;
  containerName?: string;
  containerPort?: number;
  port?: number;
}

/** A service placement constraint as ECS evaluates it. */
export interface PlacementConstraint {
  type: 'distinctInstance' | 'memberOf';
  expression?: string;
}

/** A service placement strategy as ECS applies it. */
export interface PlacementStrategy {
  type: 'spread' | 'binpack' | 'random';
  field?: string;
}

/** ECS Service Connect settings of a service. */
export interface ServiceConnectConfiguration {
  enabled: boolean;
  namespace?: string;
  services: { portName: string; discoveryName?: string; clientAliases: { port: number; dnsName?: string }[] }[];
}

/** AWS::ECS::Service with ECS's defaults (one desired task, launch type from the capacity provider strategy). */
export interface Service extends ModelObject {
  name: string;
  clusterId?: string;
  clusterRaw?: string;
  taskDefinitionId?: string;
  taskDefinitionRaw?: string;
  /** LaunchType, or derived from the capacity provider strategy (FARGATE / FARGATE_SPOT → FARGATE, else EC2). */
  launchType: LaunchType;
  capacityProviderStrategy: CapacityProviderStrategyItem[];
  /** The task definition's network mode (bridge when it declares none). */
  networkMode: NetworkMode;
  schedulingStrategy: 'REPLICA' | 'DAEMON';
  desiredCount: number;
  /** awsvpcConfiguration, required for awsvpc. */
  awsvpc?: { subnetIds: string[]; subnetRaw: string[]; securityGroupIds: string[]; assignPublicIp: boolean };
  loadBalancers: LoadBalancerAttachment[];
  serviceRegistries: ServiceRegistryAttachment[];
  placementConstraints: PlacementConstraint[];
  placementStrategies: PlacementStrategy[];
  healthCheckGracePeriodSeconds: number;
  deployment: { minimumHealthyPercent: number; maximumPercent: number };
  serviceConnect?: ServiceConnectConfiguration;
}

/** Target-group health check with ELB's defaults, which differ between ALB and NLB. */
export interface HealthCheck {
  protocol: string;
  port: string;
  path?: string;
  intervalSeconds: number;
  timeoutSeconds: number;
  healthyThreshold: number;
  unhealthyThreshold: number;
  matcher?: string;
  enabled: boolean;
}

/** AWS::ElasticLoadBalancingV2::TargetGroup. */
export interface TargetGroup extends ModelObject {
  name: string;
  vpcId?: string;
  protocol?: string;
  port?: number;
  targetType: 'instance' | 'ip' | 'lambda' | 'alb';
  healthCheck: HealthCheck;
  deregistrationDelaySeconds: number;
  /** Static targets listed in the template. */
  targets: { id: string; port?: number }[];
}

/** An ELBv2 load balancer (internet-facing application by default) or a classic ELB. */
export interface LoadBalancer extends ModelObject {
  name: string;
  kind: 'application' | 'network' | 'gateway' | 'classic';
  scheme: 'internet-facing' | 'internal';
  subnetIds: string[];
  /** SubnetMappings with fixed addresses or EIP allocations (NLB). */
  subnetMappings: { subnetId: string; allocationId?: string; privateIp?: string }[];
  securityGroupIds: string[];
  dnsName: string;
  ipAddressType: 'ipv4' | 'dualstack';
  /** Classic ELB listeners (ELBv2 listeners are separate objects). */
  classicListeners?: { loadBalancerPort: number; instancePort: number; protocol: string }[];
}

/** A listener or rule action (forward with weights, redirect, fixed response, ...). */
export interface ListenerAction {
  type: 'forward' | 'redirect' | 'fixed-response' | 'authenticate-oidc' | 'authenticate-cognito';
  order?: number;
  targetGroups: { targetGroupId?: string; targetGroupRaw?: string; weight: number }[];
  redirect?: Record<string, string>;
  fixedResponse?: { statusCode: string; contentType?: string; messageBody?: string };
}

/** AWS::ElasticLoadBalancingV2::Listener. */
export interface Listener extends ModelObject {
  loadBalancerId?: string;
  loadBalancerRaw?: string;
  port: number;
  protocol: string;
  defaultActions: ListenerAction[];
}

/** One condition of a listener rule, from either the legacy Values or the *Config form. */
export interface ListenerRuleCondition {
  field: 'path-pattern' | 'host-header' | 'http-header' | 'http-request-method' | 'query-string' | 'source-ip';
  values: string[];
  /** For http-header: the header name. */
  headerName?: string;
}

/** AWS::ElasticLoadBalancingV2::ListenerRule; rules run by priority, lowest first. */
export interface ListenerRule extends ModelObject {
  listenerId?: string;
  listenerRaw?: string;
  priority: number;
  conditions: ListenerRuleCondition[];
  actions: ListenerAction[];
}

/** A Cloud Map namespace (private DNS, public DNS or HTTP). */
export interface DnsNamespace extends ModelObject {
  kind: 'private-dns' | 'public-dns' | 'http';
  name: string;
  vpcId?: string;
}

/** AWS::ServiceDiscovery::Service: the name ECS registers tasks under. */
export interface DiscoveryService extends ModelObject {
  name: string;
  namespaceId?: string;
  namespaceRaw?: string;
  dnsRecords: { type: 'A' | 'AAAA' | 'SRV' | 'CNAME'; ttl: number }[];
  routingPolicy: 'MULTIVALUE' | 'WEIGHTED';
  customHealthCheck: boolean;
}

/** AWS::Route53::HostedZone; private when associated with VPCs. */
export interface HostedZone extends ModelObject {
  name: string;
  /** Private hosted zones are associated with VPCs. */
  vpcIds: string[];
  private: boolean;
}

/** AWS::Route53::RecordSet. */
export interface RecordSet extends ModelObject {
  hostedZoneId?: string;
  hostedZoneName?: string;
  name: string;
  type: string;
  ttl?: number;
  values: string[];
  aliasTarget?: { dnsName: string; hostedZoneId: string };
}

/** App Mesh resources are kept close to their spec: the mesh layer interprets them. */
export interface MeshResource extends ModelObject {
  kind: 'Mesh' | 'VirtualNode' | 'VirtualService' | 'VirtualRouter' | 'Route' | 'VirtualGateway' | 'GatewayRoute';
  meshName: string;
  name: string;
  /** Parent router / gateway name for routes. */
  parentName?: string;
  spec: unknown;
}

/** AWS::ApiGatewayV2::Api. */
export interface HttpApi extends ModelObject {
  name: string;
  protocolType: 'HTTP' | 'WEBSOCKET';
  endpoint: string;
}

/** AWS::ApiGatewayV2::Route. */
export interface HttpApiRoute extends ModelObject {
  apiId?: string;
  routeKey: string;
  /** `integrations/<id>` resolved to the integration's model id. */
  integrationId?: string;
}

/** AWS::ApiGatewayV2::Integration; a VPC_LINK integration reaches a listener or Cloud Map service inside the VPC. */
export interface HttpApiIntegration extends ModelObject {
  apiId?: string;
  integrationType: string;
  integrationUri?: string;
  /** What the URI points at, when it is a resource of the deployment (a listener, a Cloud Map service). */
  targetId?: string;
  connectionType: 'INTERNET' | 'VPC_LINK';
  vpcLinkId?: string;
  integrationMethod?: string;
}

/** AWS::ApiGatewayV2::Stage. */
export interface HttpApiStage extends ModelObject {
  apiId?: string;
  stageName: string;
  autoDeploy: boolean;
}

/** AWS::ApiGatewayV2::VpcLink: ENIs in the VPC through which API Gateway reaches private integrations. */
export interface VpcLink extends ModelObject {
  name: string;
  subnetIds: string[];
  securityGroupIds: string[];
}

/** A resource we read but do not emulate (IAM, Logs, Lambda, …), listed so users see it was not lost. */
export interface IgnoredResource {
  id: string;
  stack: string;
  logicalId: string;
  type: string;
  /**
   * `not-networking`: accepted on purpose (IAM, Logs, Lambda, ...); `not-emulated`: a networking
   * type ecsnet reads past for now; `unknown-type`: not an AWS type we know (a warning).
   */
  reason: 'not-networking' | 'not-emulated' | 'unknown-type';
}

/** The whole deployment as the network sees it. */
export interface NetworkModel {
  region: string;
  accountId: string;
  stacks: { name: string; file: string; parent?: string }[];
  vpcs: Vpc[];
  routeTables: RouteTable[];
  internetGateways: InternetGateway[];
  egressOnlyInternetGateways: EgressOnlyInternetGateway[];
  elasticIps: ElasticIp[];
  natGateways: NatGateway[];
  securityGroups: SecurityGroup[];
  networkAcls: NetworkAcl[];
  vpcEndpoints: VpcEndpoint[];
  vpcPeerings: VpcPeering[];
  transitGateways: TransitGateway[];
  transitGatewayAttachments: TransitGatewayAttachment[];
  transitGatewayRouteTables: TransitGatewayRouteTable[];
  flowLogs: FlowLog[];
  instances: Instance[];
  networkInterfaces: NetworkInterface[];
  autoScalingGroups: AutoScalingGroup[];
  clusters: Cluster[];
  capacityProviders: CapacityProvider[];
  taskDefinitions: TaskDefinition[];
  services: Service[];
  targetGroups: TargetGroup[];
  loadBalancers: LoadBalancer[];
  listeners: Listener[];
  listenerRules: ListenerRule[];
  dnsNamespaces: DnsNamespace[];
  discoveryServices: DiscoveryService[];
  hostedZones: HostedZone[];
  recordSets: RecordSet[];
  mesh: MeshResource[];
  httpApis: HttpApi[];
  httpApiRoutes: HttpApiRoute[];
  httpApiIntegrations: HttpApiIntegration[];
  httpApiStages: HttpApiStage[];
  vpcLinks: VpcLink[];
  ignored: IgnoredResource[];
}

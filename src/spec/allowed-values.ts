/**
 * What each service accepts in the properties of the network and ECS resources, written down
 * from the API references: the resource specification package carries enumerations for some
 * properties (check-allowed-values.ts, which defers to this table where both speak, since the
 * schemas lag the services in places) but no patterns, bounds or address syntax (see
 * value-constraints.ts). A property path names list elements with `[]`
 * (`SecurityGroupIngress[].CidrIp`). Constraints that compare two properties (FromPort with
 * ToPort, MinSize with MaxSize, Fargate's cpu/memory pairs) are in value-combinations.ts. Pure.
 *
 * Sources (API references, which CloudFormation passes the values to):
 * EC2 — https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html,
 * API_CreateNetworkAclEntry.html, API_CreateRoute.html, API_CreateSubnet.html;
 * ECS — https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html,
 * API_ContainerDefinition.html, API_PortMapping.html, API_CreateService.html, API_AwsVpcConfiguration.html;
 * ELB — https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html,
 * API_CreateListener.html, API_CreateLoadBalancer.html, API_CreateRule.html;
 * Auto Scaling — https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateAutoScalingGroup.html;
 * Cloud Map — https://docs.aws.amazon.com/cloud-map/latest/api/API_DnsRecord.html.
 *
 * @module
 */
import { either, integerRange, ipv4Address, ipv4Cidr, ipv6Address, ipv6Cidr, listenerPort, matches, oneOf, port, type ValueConstraint } from './value-constraints.js';

/** SG rule protocols: a name EC2 knows, -1 for all, or an IP protocol number (EC2 folds the case of names). */
export const securityGroupProtocol: ValueConstraint = either(oneOf(['tcp', 'udp', 'icmp', 'icmpv6', '-1'], { caseInsensitive: true }), integerRange(-1, 255), () => ({
  code: 'invalid-protocol',
  message: 'not a protocol EC2 accepts',
  hint: 'use tcp, udp, icmp, icmpv6, -1 (all) or a protocol number from 0 to 255',
}));

const ELB_PROTOCOLS = ['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP', 'GENEVE'];
const LAUNCH_TYPES = ['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES'];
const nonNegative = integerRange(0, 2147483647);
/** Task-level cpu: CPU units (`256`) or vCPUs (`0.25 vCPU`, `1 vcpu`); the pairs Fargate accepts are checked in value-combinations.ts. */
const taskCpu = matches(
  '\\s*(\\d+|\\d*\\.?\\d+\\s*[vV][cC][pP][uU])\\s*',
  'a task cpu value (CPU units such as 256, or vCPUs such as "0.25 vCPU")',
  '256, 512, 1024, … or "1 vCPU"',
);
/** Task-level memory: MiB (`512`) or GB (`1 GB`, `0.5gb`). */
const taskMemory = matches('\\s*(\\d+|\\d*\\.?\\d+\\s*[gG][bB])\\s*', 'a task memory value (MiB such as 512, or GB such as "1 GB")', '512, 1024, … or "2 GB"');
/** Container memory: the Docker 20.10 daemon reserves 6 MiB per container; ECS refuses less than 6 (API_ContainerDefinition, memory). */
const containerMemory = integerRange(6, 2147483647, 'MiB', 'the Docker daemon reserves 6 MiB for a container, so ECS takes no less');

const securityGroupRule: [string, ValueConstraint][] = [
  ['IpProtocol', securityGroupProtocol],
  ['CidrIp', ipv4Cidr({ what: 'an IPv4 CIDR block' })],
  ['CidrIpv6', ipv6Cidr()],
];

/** Resource type → property path → what the service accepts. */
export const ALLOWED_VALUES: Readonly<Record<string, readonly [string, ValueConstraint][]>> = {
  'AWS::EC2::VPC': [
    ['InstanceTenancy', oneOf(['default', 'dedicated', 'host'])],
    ['Ipv4NetmaskLength', integerRange(16, 28)],
  ],
  'AWS::EC2::VPCCidrBlock': [
    ['CidrBlock', ipv4Cidr({ prefix: [16, 28], exact: true, what: 'a VPC CIDR block' })],
    ['Ipv6CidrBlock', ipv6Cidr([44, 64])],
  ],
  'AWS::EC2::Subnet': [['Ipv6CidrBlock', ipv6Cidr([44, 64])]],
  'AWS::EC2::Route': [
    ['DestinationCidrBlock', ipv4Cidr({ what: 'a destination IPv4 CIDR block' })],
    ['DestinationIpv6CidrBlock', ipv6Cidr()],
  ],
  'AWS::EC2::SecurityGroup': [
    ...securityGroupRule.map(([path, c]): [string, ValueConstraint] => [`SecurityGroupIngress[].${path}`, c]),
    ...securityGroupRule.map(([path, c]): [string, ValueConstraint] => [`SecurityGroupEgress[].${path}`, c]),
  ],
  'AWS::EC2::SecurityGroupIngress': securityGroupRule,
  'AWS::EC2::SecurityGroupEgress': [...securityGroupRule.filter(([p]) => p !== 'CidrIp'), ['CidrIp', ipv4Cidr()]],
  'AWS::EC2::NetworkAclEntry': [
    ['CidrBlock', ipv4Cidr()],
    ['Ipv6CidrBlock', ipv6Cidr()],
    ['Protocol', integerRange(-1, 255)],
    ['RuleAction', oneOf(['allow', 'deny'])],
    ['RuleNumber', integerRange(1, 32766)],
    ['PortRange.From', port],
    ['PortRange.To', port],
    ['Icmp.Code', integerRange(-1, 255)],
    ['Icmp.Type', integerRange(-1, 255)],
  ],
  'AWS::EC2::Instance': [
    ['PrivateIpAddress', ipv4Address],
    ['NetworkInterfaces[].PrivateIpAddress', ipv4Address],
    ['NetworkInterfaces[].DeviceIndex', integerRange(0, 31)],
    ['Tenancy', oneOf(['default', 'dedicated', 'host'])],
  ],
  'AWS::EC2::NetworkInterface': [
    ['PrivateIpAddress', ipv4Address],
    ['PrivateIpAddresses[].PrivateIpAddress', ipv4Address],
    ['Ipv6Addresses[].Ipv6Address', ipv6Address],
  ],
  'AWS::EC2::VPCEndpoint': [['VpcEndpointType', oneOf(['Interface', 'Gateway', 'GatewayLoadBalancer', 'ServiceNetwork', 'Resource'])]],
  'AWS::ECS::TaskDefinition': [
    ['NetworkMode', oneOf(['bridge', 'host', 'awsvpc', 'none'])],
    ['RequiresCompatibilities[]', oneOf(LAUNCH_TYPES)],
    ['Cpu', taskCpu],
    ['Memory', taskMemory],
    ['IpcMode', oneOf(['host', 'task', 'none'])],
    ['PidMode', oneOf(['host', 'task'])],
    ['ContainerDefinitions[].Cpu', nonNegative],
    ['ContainerDefinitions[].Memory', containerMemory],
    ['ContainerDefinitions[].MemoryReservation', containerMemory],
    ['ContainerDefinitions[].PortMappings[].ContainerPort', port],
    ['ContainerDefinitions[].PortMappings[].HostPort', port],
    ['ContainerDefinitions[].PortMappings[].Protocol', oneOf(['tcp', 'udp'])],
    ['ContainerDefinitions[].PortMappings[].AppProtocol', oneOf(['http', 'http2', 'grpc'])],
    ['ContainerDefinitions[].PortMappings[].ContainerPortRange', matches('\\s*\\d{1,5}\\s*-\\s*\\d{1,5}\\s*', 'a port range', 'a range such as "8000-8010"')],
    ['ContainerDefinitions[].DependsOn[].Condition', oneOf(['START', 'COMPLETE', 'SUCCESS', 'HEALTHY'])],
    ['ContainerDefinitions[].HealthCheck.Interval', integerRange(5, 300, 'seconds')],
    ['ContainerDefinitions[].HealthCheck.Timeout', integerRange(2, 120, 'seconds')],
    ['ContainerDefinitions[].HealthCheck.Retries', integerRange(1, 10)],
    ['ContainerDefinitions[].HealthCheck.StartPeriod', integerRange(0, 300, 'seconds')],
  ],
  'AWS::ECS::Service': [
    ['LaunchType', oneOf(LAUNCH_TYPES)],
    ['SchedulingStrategy', oneOf(['REPLICA', 'DAEMON'])],
    ['PropagateTags', oneOf(['SERVICE', 'TASK_DEFINITION', 'NONE'])],
    ['DesiredCount', nonNegative],
    ['HealthCheckGracePeriodSeconds', nonNegative],
    ['NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp', oneOf(['ENABLED', 'DISABLED'])],
    ['LoadBalancers[].ContainerPort', port],
    ['ServiceRegistries[].Port', port],
    ['ServiceRegistries[].ContainerPort', port],
    ['PlacementStrategies[].Type', oneOf(['random', 'spread', 'binpack'])],
    ['PlacementConstraints[].Type', oneOf(['distinctInstance', 'memberOf'])],
    ['DeploymentConfiguration.MaximumPercent', nonNegative],
    ['DeploymentConfiguration.MinimumHealthyPercent', nonNegative],
    ['DeploymentController.Type', oneOf(['ECS', 'CODE_DEPLOY', 'EXTERNAL'])],
    ['CapacityProviderStrategy[].Weight', integerRange(0, 1000)],
    ['CapacityProviderStrategy[].Base', integerRange(0, 100000)],
    ['ServiceConnectConfiguration.Services[].ClientAliases[].Port', listenerPort],
  ],
  'AWS::ElasticLoadBalancingV2::LoadBalancer': [
    ['Scheme', oneOf(['internet-facing', 'internal'])],
    ['Type', oneOf(['application', 'network', 'gateway'])],
    ['IpAddressType', oneOf(['ipv4', 'dualstack', 'dualstack-without-public-ipv4'])],
    ['SubnetMappings[].PrivateIPv4Address', ipv4Address],
  ],
  'AWS::ElasticLoadBalancingV2::TargetGroup': [
    ['Protocol', oneOf(ELB_PROTOCOLS)],
    ['ProtocolVersion', oneOf(['HTTP1', 'HTTP2', 'GRPC'])],
    ['TargetType', oneOf(['instance', 'ip', 'lambda', 'alb'])],
    ['IpAddressType', oneOf(['ipv4', 'ipv6'])],
    ['Port', listenerPort],
    ['HealthCheckProtocol', oneOf(ELB_PROTOCOLS.filter((p) => p !== 'UDP' && p !== 'TCP_UDP' && p !== 'TLS'))],
    ['HealthCheckPort', either(oneOf(['traffic-port']), listenerPort)],
    ['HealthCheckPath', matches('/.*', 'a health-check path (it must start with /)', 'a path such as /health')],
    ['HealthCheckIntervalSeconds', integerRange(5, 300, 'seconds')],
    ['HealthCheckTimeoutSeconds', integerRange(2, 120, 'seconds')],
    ['HealthyThresholdCount', integerRange(2, 10)],
    ['UnhealthyThresholdCount', integerRange(2, 10)],
    ['Matcher.HttpCode', matches('\\s*\\d{3}(\\s*-\\s*\\d{3})?(\\s*,\\s*\\d{3}(\\s*-\\s*\\d{3})?)*\\s*', 'an HTTP code list', 'codes such as "200", "200,302" or "200-299"')],
    ['Targets[].Port', listenerPort],
  ],
  'AWS::ElasticLoadBalancingV2::Listener': [
    ['Protocol', oneOf(ELB_PROTOCOLS)],
    ['Port', listenerPort],
    ['DefaultActions[].Type', oneOf(['forward', 'redirect', 'fixed-response', 'authenticate-oidc', 'authenticate-cognito'])],
  ],
  'AWS::ElasticLoadBalancingV2::ListenerRule': [
    ['Priority', integerRange(1, 50000)],
    ['Actions[].Type', oneOf(['forward', 'redirect', 'fixed-response', 'authenticate-oidc', 'authenticate-cognito'])],
  ],
  'AWS::AutoScaling::AutoScalingGroup': [
    ['MinSize', nonNegative],
    ['MaxSize', nonNegative],
    ['DesiredCapacity', nonNegative],
  ],
  'AWS::ServiceDiscovery::Service': [
    ['DnsConfig.RoutingPolicy', oneOf(['MULTIVALUE', 'WEIGHTED'])],
    ['DnsConfig.DnsRecords[].Type', oneOf(['A', 'AAAA', 'CNAME', 'SRV'])],
    ['DnsConfig.DnsRecords[].TTL', integerRange(0, 2147483647, 'seconds')],
    ['HealthCheckCustomConfig.FailureThreshold', integerRange(1, 10)],
    ['HealthCheckConfig.Type', oneOf(['HTTP', 'HTTPS', 'TCP'])],
  ],
};

/** A bound on the length of a list property: how many, of what, and who says so. */
export interface ItemLimit {
  max: number;
  what: string;
  service: string;
  hint: string;
  /** `vpc-quota-exceeded` for adjustable account quotas; default `too-many-items` (a fixed API limit). */
  code?: string;
}

/**
 * Resource type → list property → how many items the service accepts. API limits from the same
 * references; the security groups per network interface quota (5, adjustable to 16) from "Amazon
 * VPC quotas" (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html).
 */
export const ITEM_LIMITS: Readonly<Record<string, readonly [string, ItemLimit][]>> = {
  'AWS::ECS::Service': [
    ['NetworkConfiguration.AwsvpcConfiguration.Subnets', { max: 16, what: 'subnets in the awsvpc configuration', service: 'ECS', hint: 'list at most 16 subnets' }],
    [
      'NetworkConfiguration.AwsvpcConfiguration.SecurityGroups',
      { max: 5, what: 'security groups in the awsvpc configuration', service: 'ECS', hint: 'combine rules into at most 5 security groups' },
    ],
    ['LoadBalancers', { max: 5, what: 'load balancers (target groups) on the service', service: 'ECS', hint: 'attach at most 5 target groups to one service' }],
  ],
  'AWS::EC2::Instance': [
    [
      'SecurityGroupIds',
      {
        max: 5,
        what: 'security groups on the primary network interface',
        service: 'the VPC quota "Security groups per network interface"',
        hint: 'combine rules into at most 5 security groups, or ask AWS for a higher quota (up to 16)',
        code: 'vpc-quota-exceeded',
      },
    ],
  ],
  'AWS::ElasticLoadBalancingV2::LoadBalancer': [
    ['SecurityGroups', { max: 5, what: 'security groups', service: 'Elastic Load Balancing', hint: 'combine rules into at most 5 security groups' }],
  ],
};

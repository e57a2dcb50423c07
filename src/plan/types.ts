/**
 * The Plan: every address, ENI, host port and task placement of a deployment, decided once
 * from the network model. It is the only input of the runtime (`ecsnet up` creates what the
 * plan says and decides nothing itself) and the `--json` output of `ecsnet plan`, so it is
 * plain JSON data, sorted, with no Dates or randomness: the same model and options always
 * give a byte-identical plan.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { LaunchType, NetworkMode } from '../model/types.js';
import type { InstanceTypeCatalog } from './instance-types.js';
import type { PortRange } from './port-range.js';

/** What-if knobs of `ecsnet plan`; all optional, defaults are AWS's. */
export interface PlanOptions {
  /** The awsvpcTrunking account setting (off by default in AWS). */
  trunking?: boolean;
  /** Desired count per service, keyed by model id, logical id or service name. */
  scale?: Readonly<Record<string, number>>;
  /** One instance type for every ASG and instance, or one per ASG/instance (model or logical id). */
  instanceType?: string | Readonly<Record<string, string>>;
  /** Desired capacity per Auto Scaling group (model or logical id). */
  count?: Readonly<Record<string, number>>;
  /** ECS_DYNAMIC_HOST_PORT_RANGE, as `start-end` or [start, end]. */
  dynamicPortRange?: string | PortRange;
  /** Instance-type data to use instead of the bundled data/instance-types.json. */
  instanceTypes?: InstanceTypeCatalog;
}

/** The settings the plan was computed with, after defaults. */
export interface PlanSettings {
  trunking: boolean;
  dynamicPortRange: [number, number];
  reservedTcpPorts: number[];
  reservedUdpPorts: number[];
  maxReservedPortsPerInstance: number;
  /** Where auto-assigned public IPv4 addresses come from in the lab. */
  publicIpPool: string;
}

/**
 * Who holds an address. `ec2-task` is an awsvpc task ENI attached to an instance without
 * trunking, `branch` one on a trunk ENI, `fargate-task` a Fargate task's ENI.
 */
export type EniKind =
  | 'instance'
  | 'trunk'
  | 'ec2-task'
  | 'branch'
  | 'fargate-task'
  | 'nat-gateway'
  | 'load-balancer'
  | 'vpc-endpoint'
  | 'vpc-link'
  | 'transit-gateway-attachment'
  /** An AWS::EC2::NetworkInterface of the template that no instance has as its primary ENI. */
  | 'network-interface';

/** One elastic network interface and its primary private address. */
export interface EniPlan {
  id: string;
  mac: string;
  kind: EniKind;
  /** Model id of the NAT gateway / load balancer / endpoint / VPC link / TGW attachment, or the instance or task id. */
  ownerId: string;
  subnetId: string;
  vpcId: string;
  az: string;
  privateIp: string;
  prefixLength: number;
  /** The VPC router of the subnet (base + 1), the ENI's default gateway. */
  gatewayIp: string;
  publicIp?: string;
  publicIpSource?: 'auto-assigned' | 'elastic-ip';
  /** True when the template fixed the private address. */
  fixedIp: boolean;
  /** Secondary private addresses (an AWS::EC2::NetworkInterface's PrivateIpAddresses / SecondaryPrivateIpAddressCount), in order. */
  secondaryPrivateIps?: string[];
  /** Model id of the template's AWS::EC2::NetworkInterface this ENI is (also for an instance's primary ENI the template created). */
  networkInterfaceId?: string;
  securityGroupIds: string[];
  /** Instance and device index, for ENIs attached to an instance (primary 0, trunk and task ENIs after). */
  attachment?: { instanceId: string; deviceIndex: number };
  /** Trunk ENI and VLAN id, for branch ENIs. */
  trunk?: { trunkEniId: string; vlanId: number };
  description: string;
}

/** A consumer whose growth would exhaust a subnet, and the count at which it does. */
export interface RunsOutAt {
  kind: 'service' | 'auto-scaling-group';
  id: string;
  logicalId: string;
  /** Its current desired count / capacity in this plan. */
  current: number;
  /**
   * The desired count (capacity) at which this subnet has no room left for another of its
   * tasks (instances), counting addresses only and holding everything else as planned.
   */
  at: number;
  /** True when the subnet is already full at the current count. */
  full: boolean;
}

/** Address usage of one subnet. */
export interface SubnetPlan {
  id: string;
  logicalId: string;
  physicalId: string;
  vpcId: string;
  az: string;
  cidr: string;
  public: boolean;
  /** Addresses in the CIDR. */
  size: number;
  /** size − 5 reserved (0 when AWS would refuse the CIDR). */
  usable: number;
  used: number;
  free: number;
  usedBy: Partial<Record<EniKind, number>>;
  /** The five addresses AWS keeps: network, router, DNS, future use, broadcast. */
  reservedAddresses: string[];
  runsOutAt: RunsOutAt[];
  /** Application load balancers in this subnet; AWS asks for 8 free addresses for them to scale. */
  albScaling?: { loadBalancerIds: string[]; freeNeeded: number; ok: boolean };
}

/** One EC2 instance (container instance or not). */
export interface InstancePlan {
  id: string;
  /** `Stack.Asg#0` for ASG members, the model id for standalone instances. */
  name: string;
  source: { kind: 'auto-scaling-group' | 'instance'; id: string; logicalId: string; index: number };
  /** The ECS cluster it registers with; absent for plain EC2 instances. */
  clusterId?: string;
  instanceType: string;
  /** False when the type is not in the instance-type data: then it takes no task. */
  knownType: boolean;
  architecture?: string;
  az: string;
  subnetId: string;
  vpcId: string;
  primaryEniId: string;
  privateIp: string;
  publicIp?: string;
  trunkEniId?: string;
  securityGroupIds: string[];
  capacity: { cpuUnits: number; memoryMiB: number; awsvpcTasks: number; trunking: boolean; awsvpcWhy: string };
  /**
   * What the plan uses. reservedPorts counts static host ports including the ECS defaults
   * (22, 2375, 2376, 51678, 51679), against the limit of 100; dynamicPorts counts ports taken
   * from the dynamic range.
   */
  used: { cpuUnits: number; memoryMiB: number; awsvpcTasks: number; tasks: number; reservedPorts: number; dynamicPorts: number };
  taskIds: string[];
}

/** Where one port mapping of a task is reachable. */
export interface TaskPortPlan {
  containerName: string;
  protocol: 'tcp' | 'udp';
  containerPort: number;
  /** Host port (awsvpc: the container port on the task's own ENI). */
  hostPort: number;
  /** Consecutive ports from containerPort / hostPort (containerPortRange). */
  count: number;
  dynamic: boolean;
}

/** One placed task. */
export interface TaskPlan {
  id: string;
  /** `Stack.Service/3` (1-based). */
  name: string;
  serviceId: string;
  serviceLogicalId: string;
  /** 0-based index of the task in its service. */
  index: number;
  taskDefinitionId?: string;
  launchType: LaunchType;
  networkMode: NetworkMode;
  az: string;
  subnetId: string;
  instanceId?: string;
  eniId?: string;
  /** The task's address: its ENI's (awsvpc) or its instance's (host, bridge). */
  privateIp: string;
  publicIp?: string;
  /** Container address on the instance's docker0-like bridge (bridge mode). */
  bridgeIp?: string;
  cpuUnits: number;
  memoryMiB: number;
  ports: TaskPortPlan[];
}

/** Tasks of a service that could not be placed, grouped by ECS reason. */
export interface UnplacedTasks {
  reason: string;
  count: number;
  /** 1-based number of the first task that failed, i.e. where the service ran out. */
  firstTask: number;
  detail: string;
}

/** Placement result of one service. */
export interface ServicePlan {
  id: string;
  logicalId: string;
  stack: string;
  name: string;
  clusterId?: string;
  launchType: LaunchType;
  networkMode: NetworkMode;
  schedulingStrategy: 'REPLICA' | 'DAEMON';
  desired: number;
  /** Where `desired` comes from: the template, a what-if --scale, or the DAEMON rule (one per eligible instance). */
  desiredSource: 'template' | 'what-if' | 'daemon';
  placed: number;
  /** Distinct ECS reasons for the tasks not placed (RESOURCE:CPU, RESOURCE:ENI, no free IP in subnet X, …). */
  reasons: string[];
  unplaced: UnplacedTasks[];
  taskIds: string[];
}

/** The desired state of the lab. */
export interface Plan {
  schemaVersion: 1;
  settings: PlanSettings;
  subnets: SubnetPlan[];
  enis: EniPlan[];
  instances: InstancePlan[];
  tasks: TaskPlan[];
  services: ServicePlan[];
  /** Findings about the input met while planning (unknown instance type, a fixed IP AWS would refuse, …). */
  notes: Diagnostic[];
}

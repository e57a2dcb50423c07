/**
 * Constraints between properties of one resource that the services enforce at create time: a
 * security-group or NACL rule's port range for its protocol, an Auto Scaling group's
 * MinSize ≤ DesiredCapacity ≤ MaxSize, Fargate's supported cpu/memory pairs, a container's
 * memory above its reservation, a target group's health-check timeout below its interval.
 * Each returns the property paths (relative to Properties) with what is wrong there. Pure.
 *
 * @module
 */
import type { CfnValue } from '../template/types.js';
import { isPlaceholder } from '../template/placeholder.js';
import { taskCpuUnits, taskMemoryMiB } from '../model/values.js';
import { scalarText, wholeNumber, type ValueProblem } from './value-constraints.js';

/** One finding of a combination rule, at a path under Properties. */
export interface CombinationProblem extends ValueProblem {
  path: (string | number)[];
}

type Props = { [key: string]: CfnValue };
type Rule = (properties: Props) => CombinationProblem[];

const obj = (v: CfnValue | undefined): Props | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : undefined);
const list = (v: CfnValue | undefined): CfnValue[] => (Array.isArray(v) ? v : []);
/** A number only when the value is a known whole number (placeholders and absent values give undefined). */
const known = (v: CfnValue | undefined): number | undefined => (isPlaceholder(v) ? undefined : wholeNumber(v));

/**
 * A security-group rule's ports (EC2 IpPermission): tcp/udp need FromPort and ToPort from 0 to
 * 65535 with FromPort ≤ ToPort; icmp/icmpv6 take an ICMP type in FromPort and code in ToPort,
 * -1 meaning all (each -1..255); for -1 (all) and other protocol numbers EC2 ignores ports.
 */
export function securityGroupRulePorts(rule: Props, at: (string | number)[] = []): CombinationProblem[] {
  const protocolValue = rule['IpProtocol'];
  if (protocolValue === undefined || isPlaceholder(protocolValue) || typeof protocolValue === 'object') return [];
  const protocol = protocolName(scalarText(protocolValue as string | number | boolean));
  const from = known(rule['FromPort']);
  const to = known(rule['ToPort']);
  const out: CombinationProblem[] = [];
  if (protocol === 'tcp' || protocol === 'udp') {
    for (const [key, value] of [
      ['FromPort', from],
      ['ToPort', to],
    ] as const) {
      if (value !== undefined && (value < 0 || value > 65535)) {
        out.push({
          path: [...at, key],
          code: 'invalid-port-range',
          message: `${key} ${value} is not a ${protocol} port (0 to 65535); -1 means all ports only for protocol -1, icmp and icmpv6`,
          hint: `write a port from 0 to 65535, or FromPort: 0 and ToPort: 65535 for all ${protocol} ports`,
        });
      }
    }
    if (rule['FromPort'] === undefined && rule['ToPort'] === undefined) {
      out.push({ path: at, code: 'invalid-port-range', message: `a ${protocol} rule needs FromPort and ToPort`, hint: 'add FromPort and ToPort (0 and 65535 for all ports)' });
    }
    if (from !== undefined && to !== undefined && from >= 0 && to <= 65535 && from > to) {
      out.push({
        path: [...at, 'FromPort'],
        code: 'invalid-port-range',
        message: `FromPort ${from} is greater than ToPort ${to}`,
        hint: `swap them: FromPort: ${to}, ToPort: ${from}`,
      });
    }
  } else if (protocol === 'icmp' || protocol === 'icmpv6') {
    for (const [key, value, what] of [
      ['FromPort', from, 'type'],
      ['ToPort', to, 'code'],
    ] as const) {
      if (value !== undefined && (value < -1 || value > 255)) {
        out.push({
          path: [...at, key],
          code: 'invalid-port-range',
          message: `${key} of an ${protocol} rule is the ICMP ${what}, from 0 to 255 or -1 for all; ${value} is not one`,
          hint: `write an ICMP ${what}, or -1 for all`,
        });
      }
    }
  }
  return out;
}

/** `6` and `TCP` both mean tcp: EC2 takes names (any case) and numbers. */
function protocolName(text: string): string {
  const lower = text.toLowerCase();
  return ({ '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' } as Record<string, string>)[lower] ?? lower;
}

/** NACL entries (CreateNetworkAclEntry): PortRange for TCP (6) and UDP (17) with From ≤ To, Icmp for ICMP (1) and ICMPv6 (58). */
const networkAclEntry: Rule = (p) => {
  const protocol = known(p['Protocol']);
  const range = obj(p['PortRange']);
  const out: CombinationProblem[] = [];
  if ((protocol === 6 || protocol === 17) && !range) {
    out.push({
      path: [],
      code: 'invalid-port-range',
      message: `a NACL entry for protocol ${protocol} (${protocol === 6 ? 'TCP' : 'UDP'}) needs a PortRange`,
      hint: 'add PortRange: { From: 0, To: 65535 } or the ports it should match',
    });
  }
  if ((protocol === 1 || protocol === 58) && !obj(p['Icmp'])) {
    out.push({
      path: [],
      code: 'invalid-port-range',
      message: `a NACL entry for protocol ${protocol} (${protocol === 1 ? 'ICMP' : 'ICMPv6'}) needs Icmp with Code and Type`,
      hint: 'add Icmp: { Code: -1, Type: -1 } for all ICMP messages',
    });
  }
  const from = known(range?.['From']);
  const to = known(range?.['To']);
  if (from !== undefined && to !== undefined && from > to) {
    out.push({
      path: ['PortRange', 'From'],
      code: 'invalid-port-range',
      message: `PortRange.From ${from} is greater than PortRange.To ${to}`,
      hint: `swap them: From: ${to}, To: ${from}`,
    });
  }
  return out;
};

/** CreateAutoScalingGroup: MinSize ≤ MaxSize, and DesiredCapacity (when given) between them. */
const autoScalingGroup: Rule = (p) => {
  const min = known(p['MinSize']);
  const max = known(p['MaxSize']);
  const desired = known(p['DesiredCapacity']);
  const out: CombinationProblem[] = [];
  if (min !== undefined && max !== undefined && min > max) {
    out.push({ path: ['MinSize'], code: 'auto-scaling-size-order', message: `MinSize ${min} is greater than MaxSize ${max}`, hint: 'make MinSize at most MaxSize' });
  }
  if (desired !== undefined && max !== undefined && desired > max) {
    out.push({
      path: ['DesiredCapacity'],
      code: 'auto-scaling-size-order',
      message: `DesiredCapacity ${desired} is greater than MaxSize ${max}; Auto Scaling refuses a desired capacity outside [MinSize, MaxSize]`,
      hint: `lower DesiredCapacity to ${max} or less, or raise MaxSize`,
    });
  }
  if (desired !== undefined && min !== undefined && desired < min) {
    out.push({
      path: ['DesiredCapacity'],
      code: 'auto-scaling-size-order',
      message: `DesiredCapacity ${desired} is less than MinSize ${min}; Auto Scaling refuses a desired capacity outside [MinSize, MaxSize]`,
      hint: `raise DesiredCapacity to ${min} or more, or lower MinSize`,
    });
  }
  return out;
};

/**
 * Fargate's task sizes (cpu units → memory MiB), from "Troubleshoot Amazon ECS task definition
 * invalid CPU or memory errors" (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html).
 */
const FARGATE_SIZES: readonly { cpu: number; memory: (mib: number) => boolean; text: string }[] = [
  { cpu: 256, memory: (m) => [512, 1024, 2048].includes(m), text: '512, 1024 or 2048' },
  { cpu: 512, memory: (m) => m >= 1024 && m <= 4096 && m % 1024 === 0, text: '1024 to 4096 in steps of 1024' },
  { cpu: 1024, memory: (m) => m >= 2048 && m <= 8192 && m % 1024 === 0, text: '2048 to 8192 in steps of 1024' },
  { cpu: 2048, memory: (m) => m >= 4096 && m <= 16384 && m % 1024 === 0, text: '4096 to 16384 in steps of 1024' },
  { cpu: 4096, memory: (m) => m >= 8192 && m <= 30720 && m % 1024 === 0, text: '8192 to 30720 in steps of 1024' },
  { cpu: 8192, memory: (m) => m >= 16384 && m <= 61440 && m % 4096 === 0, text: '16384 to 61440 in steps of 4096' },
  { cpu: 16384, memory: (m) => m >= 32768 && m <= 122880 && m % 8192 === 0, text: '32768 to 122880 in steps of 8192' },
];

/** Task cpu on EC2: "between 0.25 vCPU and 192 vCPU" (same troubleshooting page as Fargate's sizes). */
const EC2_TASK_CPU: readonly [number, number] = [256, 196608];

const taskDefinition: Rule = (p) => {
  const out: CombinationProblem[] = [];
  const fargate = list(p['RequiresCompatibilities']).some((c) => c === 'FARGATE');
  const cpu = taskCpuUnits(p['Cpu']);
  const memory = taskMemoryMiB(p['Memory']);
  const mode = typeof p['NetworkMode'] === 'string' ? p['NetworkMode'] : undefined;
  if (!fargate && cpu !== undefined && (cpu < EC2_TASK_CPU[0] || cpu > EC2_TASK_CPU[1])) {
    out.push({
      path: ['Cpu'],
      code: 'invalid-task-size',
      message: `task cpu ${cpu} is outside what ECS takes for a task on EC2 (0.25 to 192 vCPU, ${EC2_TASK_CPU[0]} to ${EC2_TASK_CPU[1]} CPU units)`,
      hint: 'give at least 256 CPU units (0.25 vCPU), or leave task-level Cpu out and size the containers',
    });
  }
  if (fargate && cpu !== undefined) {
    const size = FARGATE_SIZES.find((s) => s.cpu === cpu);
    if (!size) {
      out.push({
        path: ['Cpu'],
        code: 'invalid-task-size',
        message: `Fargate has no task size with cpu ${cpu} (ECS: "Invalid 'cpu' setting for task")`,
        hint: `use one of ${FARGATE_SIZES.map((s) => s.cpu).join(', ')} CPU units`,
      });
    } else if (memory !== undefined && !size.memory(memory)) {
      out.push({
        path: ['Memory'],
        code: 'invalid-task-size',
        message: `Fargate has no task size with cpu ${cpu} and memory ${memory} MiB (ECS: "No Fargate configuration exists for given values")`,
        hint: `with cpu ${cpu}, use memory ${size.text} MiB`,
      });
    }
  }
  list(p['ContainerDefinitions']).forEach((entry, index) => {
    const container = obj(entry);
    if (!container) return;
    const hard = known(container['Memory']);
    const soft = known(container['MemoryReservation']);
    if (hard !== undefined && soft !== undefined && soft > hard) {
      out.push({
        path: ['ContainerDefinitions', index, 'MemoryReservation'],
        code: 'invalid-container-memory',
        message: `MemoryReservation ${soft} MiB is above the container's Memory limit ${hard} MiB; ECS requires memory to be greater than memoryReservation`,
        hint: `lower MemoryReservation below ${hard}, or raise Memory`,
      });
    }
    if (memory !== undefined && hard !== undefined && hard > memory) {
      out.push({
        path: ['ContainerDefinitions', index, 'Memory'],
        code: 'invalid-container-memory',
        message: `container Memory ${hard} MiB is above the task's Memory ${memory} MiB`,
        hint: `lower it to at most ${memory}, or raise the task's Memory`,
      });
    }
    list(container['PortMappings']).forEach((mapping, m) => {
      const hostPort = known(obj(mapping)?.['HostPort']);
      const containerPort = known(obj(mapping)?.['ContainerPort']);
      if ((mode === 'awsvpc' || mode === 'host') && hostPort !== undefined && containerPort !== undefined && hostPort !== containerPort) {
        out.push({
          path: ['ContainerDefinitions', index, 'PortMappings', m, 'HostPort'],
          code: 'invalid-port-mapping',
          message: `HostPort ${hostPort} differs from ContainerPort ${containerPort}; in ${mode} mode ECS requires them to match (no port translation)`,
          hint: `set HostPort to ${containerPort} or leave it out`,
        });
      }
      const range = obj(mapping)?.['ContainerPortRange'];
      const bounds = typeof range === 'string' ? /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(range) : null;
      if (bounds && (Number(bounds[1]) > Number(bounds[2]) || Number(bounds[2]) > 65535)) {
        out.push({
          path: ['ContainerDefinitions', index, 'PortMappings', m, 'ContainerPortRange'],
          code: 'invalid-port-range',
          message: `"${range as string}" is not a port range from low to high within 1-65535`,
          hint: 'write low-high, e.g. "8000-8010"',
        });
      }
    });
  });
  return out;
};

/**
 * ELB: an HTTP or HTTPS (Application Load Balancer) target group's health-check timeout must be
 * smaller than its interval. Network Load Balancer groups (TCP, TLS, UDP) may use equal values.
 */
const targetGroup: Rule = (p) => {
  const protocol = typeof p['HealthCheckProtocol'] === 'string' ? p['HealthCheckProtocol'] : p['Protocol'];
  if (protocol !== 'HTTP' && protocol !== 'HTTPS') return [];
  const interval = known(p['HealthCheckIntervalSeconds']);
  const timeout = known(p['HealthCheckTimeoutSeconds']);
  return interval !== undefined && timeout !== undefined && timeout >= interval
    ? [
        {
          path: ['HealthCheckTimeoutSeconds'],
          code: 'invalid-health-check',
          message: `HealthCheckTimeoutSeconds ${timeout} must be smaller than HealthCheckIntervalSeconds ${interval}`,
          hint: `lower the timeout below ${interval} seconds, or raise the interval`,
        },
      ]
    : [];
};

const inlineRules =
  (key: string): Rule =>
  (p) =>
    list(p[key]).flatMap((rule, index) => {
      const o = obj(rule);
      return o ? securityGroupRulePorts(o, [key, index]) : [];
    });

/**
 * "Inbound or outbound rules per security group": 60 by default, counted separately for IPv4
 * and IPv6 ("Amazon VPC quotas", https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html;
 * adjustable, so the hint says how to ask). A rule naming another group counts in both.
 */
export const MAX_RULES_PER_SECURITY_GROUP = 60;

const ruleQuota =
  (key: 'SecurityGroupIngress' | 'SecurityGroupEgress'): Rule =>
  (p) => {
    const rules = list(p[key])
      .map(obj)
      .filter((r): r is Props => r !== undefined);
    const v6 = rules.filter((r) => r['CidrIpv6'] !== undefined || r['CidrIp'] === undefined).length;
    const v4 = rules.filter((r) => r['CidrIpv6'] === undefined).length;
    const direction = key === 'SecurityGroupIngress' ? 'inbound' : 'outbound';
    return (
      [
        ['IPv4', v4],
        ['IPv6', v6],
      ] as const
    )
      .filter(([, count]) => count > MAX_RULES_PER_SECURITY_GROUP)
      .map(([family, count]) => ({
        path: [key],
        code: 'vpc-quota-exceeded',
        message: `${count} ${direction} ${family} rules; the VPC quota "Inbound or outbound rules per security group" allows ${MAX_RULES_PER_SECURITY_GROUP} per direction and address family`,
        hint: 'merge rules (a prefix list or a wider CIDR), split them over two groups, or ask AWS for a higher quota',
      }));
  };

/** Resource type → its combination rules. */
export const COMBINATION_RULES: Readonly<Record<string, readonly Rule[]>> = {
  'AWS::EC2::SecurityGroup': [inlineRules('SecurityGroupIngress'), inlineRules('SecurityGroupEgress'), ruleQuota('SecurityGroupIngress'), ruleQuota('SecurityGroupEgress')],
  'AWS::EC2::SecurityGroupIngress': [(p) => securityGroupRulePorts(p)],
  'AWS::EC2::SecurityGroupEgress': [(p) => securityGroupRulePorts(p)],
  'AWS::EC2::NetworkAclEntry': [networkAclEntry],
  'AWS::AutoScaling::AutoScalingGroup': [autoScalingGroup],
  'AWS::ECS::TaskDefinition': [taskDefinition],
  'AWS::ElasticLoadBalancingV2::TargetGroup': [targetGroup],
};

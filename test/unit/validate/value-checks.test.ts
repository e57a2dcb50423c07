/**
 * Values AWS validates at deploy time (issue 14, item 5): each invalid value of the new user's
 * report, and more of the same kinds, is refused with one finding located at the property (file,
 * line, logical id, path) that says what AWS would say and what to write instead; the valid edge
 * values are accepted; a value that comes from a parameter is checked after resolution, at the
 * property that uses it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from '../../../src/diagnostics.js';
import { importText } from '../../helpers/import-text.js';

const BASE = `Parameters:
  Size: { Type: String, Default: '10.0.0.0/24' }
  Port: { Type: Number, Default: 80 }
  Mode: { Type: String, Default: awsvpc }
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: { CidrBlock: 10.0.0.0/16 }
  SubnetA:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24, AvailabilityZone: us-east-1a }
  SubnetB:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: us-east-1b }
  Igw:
    Type: AWS::EC2::InternetGateway
  Attach:
    Type: AWS::EC2::VPCGatewayAttachment
    Properties: { VpcId: !Ref Vpc, InternetGatewayId: !Ref Igw }
  Table:
    Type: AWS::EC2::RouteTable
    Properties: { VpcId: !Ref Vpc }
  Cluster:
    Type: AWS::ECS::Cluster
`;

function errorsOf(extra: string, parameters: Record<string, string> = {}): { errors: Diagnostic[]; text: string } {
  const text = `${BASE}${extra}`;
  const result = importText({ 'a.yml': text }, parameters);
  return { errors: result.diagnostics.filter((d) => d.severity === 'error'), text };
}

/** The 1-based line of the first line holding `marker` (a `# here` comment on the property). */
function lineOf(text: string, marker: string): number {
  const index = text.split('\n').findIndex((l) => l.includes(marker));
  assert.ok(index >= 0, `${marker} not in the template`);
  return index + 1;
}

/** Exactly one error: its code, logical id, path, the line of `# here`, a message matching `message`, and a hint. */
function expectRefused(extra: string, expected: { code: string; logicalId: string; path: string; message: RegExp }, parameters: Record<string, string> = {}): Diagnostic {
  const { errors, text } = errorsOf(extra, parameters);
  assert.equal(errors.length, 1, `expected one error, got ${JSON.stringify(errors, null, 1)}`);
  const [d] = errors as [Diagnostic];
  assert.equal(d.code, expected.code);
  assert.equal(d.logicalId, expected.logicalId);
  assert.equal(d.path, expected.path);
  assert.equal(d.file, '/t/a.yml');
  assert.equal(d.line, lineOf(text, '# here'));
  assert.match(d.message, expected.message);
  assert.ok(d.hint && d.hint.length > 10, 'the finding says what to change');
  return d;
}

const route = (destination: string) => `
  Route:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: !Ref Table
      GatewayId: !Ref Igw
      DestinationCidrBlock: ${destination} # here
`;

const ingress = (rule: string) => `
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: x
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - ${rule}
`;

const task = (container: string, top = '') => `
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: t${top}
      ContainerDefinitions:
        - Name: app
          Image: nginx
${container}`;

describe('validate refuses the values AWS refuses', () => {
  it('the base template is valid', () => {
    assert.deepEqual(errorsOf('').errors, []);
  });

  it('route destinations a.b.c.d/16 and 10.9.0.0/33', () => {
    expectRefused(route('a.b.c.d/16'), {
      code: 'invalid-cidr',
      logicalId: 'Route',
      path: 'Properties.DestinationCidrBlock',
      message: /"a\.b\.c\.d\/16" is not a destination IPv4 CIDR block/,
    });
    expectRefused(route('10.9.0.0/33'), { code: 'invalid-cidr', logicalId: 'Route', path: 'Properties.DestinationCidrBlock', message: /10\.9\.0\.0\/33/ });
  });

  it('security-group CidrIp 10.0.0.0/33 and 300.1.1.1/8, CidrIpv6 that is not IPv6', () => {
    expectRefused(ingress(`{ IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 10.0.0.0/33 } # here`), {
      code: 'invalid-cidr',
      logicalId: 'Sg',
      path: 'Properties.SecurityGroupIngress[0].CidrIp',
      message: /10\.0\.0\.0\/33/,
    });
    expectRefused(ingress(`{ IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 300.1.1.1/8 } # here`), {
      code: 'invalid-cidr',
      logicalId: 'Sg',
      path: 'Properties.SecurityGroupIngress[0].CidrIp',
      message: /300\.1\.1\.1\/8/,
    });
    expectRefused(ingress(`{ IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIpv6: 10.0.0.0/8 } # here`), {
      code: 'invalid-cidr',
      logicalId: 'Sg',
      path: 'Properties.SecurityGroupIngress[0].CidrIpv6',
      message: /not an IPv6 CIDR block/,
    });
  });

  it('ToPort 99999, FromPort above ToPort, -1 ports on tcp, a tcp rule without ports', () => {
    expectRefused(ingress(`{ IpProtocol: tcp, FromPort: 80, ToPort: 99999, CidrIp: 0.0.0.0/0 } # here`), {
      code: 'invalid-port-range',
      logicalId: 'Sg',
      path: 'Properties.SecurityGroupIngress[0].ToPort',
      message: /ToPort 99999 is not a tcp port/,
    });
    expectRefused(ingress(`{ IpProtocol: tcp, FromPort: 443, ToPort: 80, CidrIp: 0.0.0.0/0 } # here`), {
      code: 'invalid-port-range',
      logicalId: 'Sg',
      path: 'Properties.SecurityGroupIngress[0].FromPort',
      message: /FromPort 443 is greater than ToPort 80/,
    });
    expectRefused(ingress(`{ IpProtocol: udp, FromPort: -1, ToPort: 53, CidrIp: 0.0.0.0/0 } # here`), {
      code: 'invalid-port-range',
      logicalId: 'Sg',
      path: 'Properties.SecurityGroupIngress[0].FromPort',
      message: /-1 means all ports only/,
    });
    expectRefused(ingress(`{ IpProtocol: tcp, CidrIp: 0.0.0.0/0 } # here`), {
      code: 'invalid-port-range',
      logicalId: 'Sg',
      path: 'Properties.SecurityGroupIngress[0]',
      message: /needs FromPort and ToPort/,
    });
  });

  it('protocols: names and numbers EC2 takes, and not others', () => {
    expectRefused(ingress(`{ IpProtocol: tcpp, FromPort: 80, ToPort: 80, CidrIp: 0.0.0.0/0 } # here`), {
      code: 'invalid-protocol',
      logicalId: 'Sg',
      path: 'Properties.SecurityGroupIngress[0].IpProtocol',
      message: /protocol/,
    });
    expectRefused(ingress(`{ IpProtocol: 256, CidrIp: 0.0.0.0/0 } # here`), {
      code: 'invalid-protocol',
      logicalId: 'Sg',
      path: 'Properties.SecurityGroupIngress[0].IpProtocol',
      message: /protocol/,
    });
  });

  it('an ICMP type or code past 255', () => {
    expectRefused(ingress(`{ IpProtocol: icmp, FromPort: 8, ToPort: 300, CidrIp: 0.0.0.0/0 } # here`), {
      code: 'invalid-port-range',
      logicalId: 'Sg',
      path: 'Properties.SecurityGroupIngress[0].ToPort',
      message: /ICMP code/,
    });
  });

  it('NetworkMode bogus, RequiresCompatibilities and LaunchType outside the enums', () => {
    expectRefused(task('', '\n      NetworkMode: bogus # here'), {
      code: 'value-not-allowed',
      logicalId: 'Task',
      path: 'Properties.NetworkMode',
      message: /"bogus" is not an allowed value \(bridge, host, awsvpc, none\)/,
    });
    const d = expectRefused(task('', '\n      NetworkMode: AWSVPC # here'), { code: 'value-not-allowed', logicalId: 'Task', path: 'Properties.NetworkMode', message: /AWSVPC/ });
    assert.match(d.hint ?? '', /write awsvpc \(the value is case-sensitive\)/);
    expectRefused(task('', '\n      RequiresCompatibilities: [EC2, FARGAT] # here'), {
      code: 'value-not-allowed',
      logicalId: 'Task',
      path: 'Properties.RequiresCompatibilities[1]',
      message: /FARGAT/,
    });
  });

  it('container memory -1 and "-5", ContainerPort 67108864, HostPort 70000', () => {
    expectRefused(task('          Memory: -1 # here'), {
      code: 'value-out-of-range',
      logicalId: 'Task',
      path: 'Properties.ContainerDefinitions[0].Memory',
      message: /-1 MiB is outside the range AWS accepts \(6 to/,
    });
    expectRefused(task(`          Memory: "-5" # here`), { code: 'value-out-of-range', logicalId: 'Task', path: 'Properties.ContainerDefinitions[0].Memory', message: /-5 MiB/ });
    expectRefused(task('          Memory: 512\n          PortMappings: [{ ContainerPort: 67108864 }] # here'), {
      code: 'value-out-of-range',
      logicalId: 'Task',
      path: 'Properties.ContainerDefinitions[0].PortMappings[0].ContainerPort',
      message: /67108864 is outside the range AWS accepts \(0 to 65535\)/,
    });
    expectRefused(task('          Memory: 512\n          PortMappings: [{ ContainerPort: 80, HostPort: 70000 }] # here'), {
      code: 'value-out-of-range',
      logicalId: 'Task',
      path: 'Properties.ContainerDefinitions[0].PortMappings[0].HostPort',
      message: /70000/,
    });
    expectRefused(task('          Memory: 512\n          PortMappings: [{ ContainerPort: 80, HostPort: 8080 }] # here', '\n      NetworkMode: awsvpc'), {
      code: 'invalid-port-mapping',
      logicalId: 'Task',
      path: 'Properties.ContainerDefinitions[0].PortMappings[0].HostPort',
      message: /HostPort 8080 differs from ContainerPort 80; in awsvpc mode/,
    });
    expectRefused(task('          Memory: 512', "\n      Cpu: '128' # here"), {
      code: 'invalid-task-size',
      logicalId: 'Task',
      path: 'Properties.Cpu',
      message: /task cpu 128 is outside what ECS takes for a task on EC2/,
    });
    expectRefused(task('          Memory: 256\n          MemoryReservation: 512 # here'), {
      code: 'invalid-container-memory',
      logicalId: 'Task',
      path: 'Properties.ContainerDefinitions[0].MemoryReservation',
      message: /above the container's Memory limit/,
    });
  });

  it("Fargate's task sizes: cpu and memory must be one of the supported pairs", () => {
    const fargate = (cpu: string, memory: string, marker: 'cpu' | 'memory') =>
      task(
        '',
        `
      RequiresCompatibilities: [FARGATE]
      NetworkMode: awsvpc
      Cpu: '${cpu}'${marker === 'cpu' ? ' # here' : ''}
      Memory: '${memory}'${marker === 'memory' ? ' # here' : ''}`,
      );
    expectRefused(fargate('256', '4096', 'memory'), {
      code: 'invalid-task-size',
      logicalId: 'Task',
      path: 'Properties.Memory',
      message: /no task size with cpu 256 and memory 4096 MiB/,
    });
    expectRefused(fargate('300', '1024', 'cpu'), { code: 'invalid-task-size', logicalId: 'Task', path: 'Properties.Cpu', message: /no task size with cpu 300/ });
    expectRefused(fargate('1 vCPU', '9 GB', 'memory'), { code: 'invalid-task-size', logicalId: 'Task', path: 'Properties.Memory', message: /cpu 1024 and memory 9216 MiB/ });
    for (const [cpu, memory] of [
      ['256', '512'],
      ['0.25 vCPU', '2 GB'],
      ['4096', '30720'],
      ['8192', '16384'],
      ['16384', '122880'],
    ]) {
      assert.deepEqual(
        errorsOf(fargate(cpu as string, memory as string, 'cpu')).errors.filter((d) => d.code === 'invalid-task-size'),
        [],
        `${cpu}/${memory}`,
      );
    }
  });

  it('ASG DesiredCapacity above MaxSize, MinSize above MaxSize', () => {
    const asg = (sizes: string) => `
  Group:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      VPCZoneIdentifier: [!Ref SubnetA]
      LaunchConfigurationName: lc
${sizes}`;
    expectRefused(asg("      MinSize: '1'\n      MaxSize: '4'\n      DesiredCapacity: '6' # here"), {
      code: 'auto-scaling-size-order',
      logicalId: 'Group',
      path: 'Properties.DesiredCapacity',
      message: /DesiredCapacity 6 is greater than MaxSize 4/,
    });
    expectRefused(asg("      MinSize: '5' # here\n      MaxSize: '4'"), {
      code: 'auto-scaling-size-order',
      logicalId: 'Group',
      path: 'Properties.MinSize',
      message: /MinSize 5 is greater than MaxSize 4/,
    });
  });

  it('enumerations of load balancing and ECS services, priorities and health-check bounds', () => {
    expectRefused(
      `
  Tg:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties: { VpcId: !Ref Vpc, Port: 80, Protocol: HTTP, TargetType: container } # here
`,
      { code: 'value-not-allowed', logicalId: 'Tg', path: 'Properties.TargetType', message: /"container" is not an allowed value \(instance, ip, lambda, alb\)/ },
    );
    expectRefused(
      `
  Tg:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      VpcId: !Ref Vpc
      Port: 80
      Protocol: HTTP
      HealthCheckIntervalSeconds: 1 # here
`,
      { code: 'value-out-of-range', logicalId: 'Tg', path: 'Properties.HealthCheckIntervalSeconds', message: /1 seconds is outside the range AWS accepts \(5 to 300\)/ },
    );
    expectRefused(
      `
  Tg:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties: { VpcId: !Ref Vpc, Port: 80, Protocol: HTTP, HealthCheckPath: health } # here
`,
      { code: 'value-not-allowed', logicalId: 'Tg', path: 'Properties.HealthCheckPath', message: /must start with \// },
    );
    expectRefused(
      `
  Lb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: { Subnets: [!Ref SubnetA, !Ref SubnetB], Scheme: public } # here
`,
      { code: 'value-not-allowed', logicalId: 'Lb', path: 'Properties.Scheme', message: /"public" is not an allowed value \(internet-facing, internal\)/ },
    );
    expectRefused(
      `
  Rule:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/lb/0123456789abcdef/0123456789abcdef
      Priority: 50001 # here
      Conditions: [{ Field: path-pattern, Values: ['/a'] }]
      Actions: [{ Type: fixed-response, FixedResponseConfig: { StatusCode: '200' } }]
`,
      { code: 'value-out-of-range', logicalId: 'Rule', path: 'Properties.Priority', message: /50001 is outside the range AWS accepts \(1 to 50000\)/ },
    );
    expectRefused(
      `${task('          Memory: 512')}
  Service:
    Type: AWS::ECS::Service
    Properties:
      Cluster: !Ref Cluster
      TaskDefinition: !Ref Task
      SchedulingStrategy: replica # here
`,
      { code: 'value-not-allowed', logicalId: 'Service', path: 'Properties.SchedulingStrategy', message: /"replica" is not an allowed value \(REPLICA, DAEMON\)/ },
    );
  });

  it('NACL entries: CidrBlock, a TCP entry without PortRange, From above To', () => {
    const entry = (body: string) => `
  Acl:
    Type: AWS::EC2::NetworkAcl
    Properties: { VpcId: !Ref Vpc }
  Entry:
    Type: AWS::EC2::NetworkAclEntry
    Properties:
      NetworkAclId: !Ref Acl
      RuleNumber: 100
      RuleAction: allow
${body}`;
    expectRefused(entry('      Protocol: -1\n      CidrBlock: 10.0.0.0/40 # here'), {
      code: 'invalid-cidr',
      logicalId: 'Entry',
      path: 'Properties.CidrBlock',
      message: /10\.0\.0\.0\/40/,
    });
    expectRefused(entry('      Protocol: 6\n      CidrBlock: 0.0.0.0/0\n      PortRange: { From: 443, To: 80 } # here'), {
      code: 'invalid-port-range',
      logicalId: 'Entry',
      path: 'Properties.PortRange.From',
      message: /From 443 is greater than PortRange.To 80/,
    });
  });

  it('a fixed PrivateIpAddress outside its subnet, or one AWS reserves', () => {
    const instance = (ip: string) => `
  Host:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      SubnetId: !Ref SubnetA
      PrivateIpAddress: ${ip} # here
`;
    expectRefused(instance('10.0.1.10'), {
      code: 'private-ip-outside-subnet',
      logicalId: 'Host',
      path: 'Properties.PrivateIpAddress',
      message: /10\.0\.1\.10 is not in subnet SubnetA \(10\.0\.0\.0\/24\)/,
    });
    expectRefused(instance('10.0.0.3'), { code: 'private-ip-reserved', logicalId: 'Host', path: 'Properties.PrivateIpAddress', message: /reserves/ });
    expectRefused(instance('10.0.0.256'), { code: 'invalid-ip-address', logicalId: 'Host', path: 'Properties.PrivateIpAddress', message: /not an IPv4 address/ });
    assert.deepEqual(errorsOf(instance('10.0.0.4')).errors, []);
  });

  it('a value from a parameter is checked after resolution, at the property that uses it', () => {
    const text = `
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: x
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 80
          ToPort: !Ref Port # here
          CidrIp: !Ref Size
${task('', '\n      NetworkMode: !Ref Mode')}`;
    assert.deepEqual(errorsOf(text).errors, [], 'the defaults are valid');
    const d = expectRefused(
      text,
      { code: 'invalid-port-range', logicalId: 'Sg', path: 'Properties.SecurityGroupIngress[0].ToPort', message: /ToPort 99999/ },
      { Port: '99999' },
    ).message;
    assert.match(d, /tcp port/);
    const { errors } = errorsOf(text, { Size: '10.0.0.0/33', Mode: 'bogus' });
    assert.deepEqual(errors.map((e) => [e.code, e.logicalId, e.path]).sort(), [
      ['invalid-cidr', 'Sg', 'Properties.SecurityGroupIngress[0].CidrIp'],
      ['value-not-allowed', 'Task', 'Properties.NetworkMode'],
    ]);
  });
});

describe('validate refuses lists longer than AWS takes', () => {
  it('six security groups in an awsvpc configuration, 61 inbound IPv4 rules in a group (40 IPv4 and 40 IPv6 are fine)', () => {
    const groups = Array.from({ length: 6 }, (_, i) => `Sg${i}`);
    const declared = groups
      .map(
        (g) => `
  ${g}:
    Type: AWS::EC2::SecurityGroup
    Properties: { GroupDescription: x, VpcId: !Ref Vpc }`,
      )
      .join('');
    expectRefused(
      `${declared}${task('          Memory: 512', '\n      NetworkMode: awsvpc')}
  Service:
    Type: AWS::ECS::Service
    Properties:
      Cluster: !Ref Cluster
      TaskDefinition: !Ref Task
      NetworkConfiguration:
        AwsvpcConfiguration:
          Subnets: [!Ref SubnetA]
          SecurityGroups: [${groups.map((g) => `!Ref ${g}`).join(', ')}] # here
`,
      {
        code: 'too-many-items',
        logicalId: 'Service',
        path: 'Properties.NetworkConfiguration.AwsvpcConfiguration.SecurityGroups',
        message: /6 security groups in the awsvpc configuration; ECS allows at most 5/,
      },
    );
    const rules = Array.from({ length: 61 }, (_, i) => `        - { IpProtocol: tcp, FromPort: ${1000 + i}, ToPort: ${1000 + i}, CidrIp: 10.0.0.0/16 }`).join('\n');
    expectRefused(
      `
  Big:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: x
      VpcId: !Ref Vpc
      SecurityGroupIngress: # here
${rules}
`,
      {
        code: 'vpc-quota-exceeded',
        logicalId: 'Big',
        path: 'Properties.SecurityGroupIngress',
        message: /61 inbound IPv4 rules; the VPC quota "Inbound or outbound rules per security group" allows 60 per direction and address family/,
      },
    );
    const mixed = [
      ...Array.from({ length: 40 }, (_, i) => `        - { IpProtocol: tcp, FromPort: ${1000 + i}, ToPort: ${1000 + i}, CidrIp: 10.0.0.0/16 }`),
      ...Array.from({ length: 40 }, (_, i) => `        - { IpProtocol: tcp, FromPort: ${1000 + i}, ToPort: ${1000 + i}, CidrIpv6: '2001:db8::/32' }`),
    ].join('\n');
    assert.deepEqual(
      errorsOf(`
  Mixed:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: x
      VpcId: !Ref Vpc
      SecurityGroupIngress:
${mixed}
`).errors,
      [],
    );
  });
});

describe('validate accepts the valid edge values', () => {
  it('a resource type named like an Object member is looked up safely', () => {
    const result = importText({
      'a.yml': `${BASE}
  Odd:
    Type: constructor
    Properties: { CidrIp: 10.0.0.0/33 }
  Odder:
    Type: __proto__
`,
    });
    assert.deepEqual(
      result.diagnostics.filter((d) => d.code === 'invalid-cidr'),
      [],
    );
  });

  it('10.0.0.0/28 subnets, port 0 and 65535, -1 for ICMP and for all protocols, protocol numbers, mixed-case names', () => {
    const text = `
  Small:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.2.0/28, AvailabilityZone: us-east-1a }
  Extra:
    Type: AWS::EC2::VPCCidrBlock
    Properties: { VpcId: !Ref Vpc, CidrBlock: 10.1.0.0/28 }
  Default:
    Type: AWS::EC2::Route
    Properties: { RouteTableId: !Ref Table, GatewayId: !Ref Igw, DestinationCidrBlock: 0.0.0.0/0 }
  V6:
    Type: AWS::EC2::Route
    Properties: { RouteTableId: !Ref Table, GatewayId: !Ref Igw, DestinationIpv6CidrBlock: '::/0' }
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: x
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - { IpProtocol: tcp, FromPort: 0, ToPort: 65535, CidrIp: 10.0.0.0/16 }
        - { IpProtocol: TCP, FromPort: 443, ToPort: 443, CidrIpv6: '::/0' }
        - { IpProtocol: icmp, FromPort: -1, ToPort: -1, CidrIp: 0.0.0.0/0 }
        - { IpProtocol: icmpv6, FromPort: 128, ToPort: 0, CidrIpv6: '2001:db8::/32' }
        - { IpProtocol: '-1', CidrIp: 192.168.0.0/16 }
        - { IpProtocol: 50, CidrIp: 192.168.0.0/16 }
        - { IpProtocol: '17', FromPort: 53, ToPort: 53, CidrIp: 10.0.0.1/32 }
  Rule:
    Type: AWS::EC2::SecurityGroupEgress
    Properties: { GroupId: !Ref Sg, IpProtocol: -1, FromPort: -1, ToPort: -1, CidrIp: 0.0.0.0/0 }
  Acl:
    Type: AWS::EC2::NetworkAcl
    Properties: { VpcId: !Ref Vpc }
  Entry:
    Type: AWS::EC2::NetworkAclEntry
    Properties: { NetworkAclId: !Ref Acl, RuleNumber: 32766, RuleAction: deny, Protocol: 1, CidrBlock: 0.0.0.0/0, Icmp: { Code: -1, Type: -1 } }
  Group:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties: { VPCZoneIdentifier: [!Ref SubnetA], LaunchConfigurationName: lc, MinSize: '0', MaxSize: '5000', DesiredCapacity: '5000' }
${task("          Memory: 6\n          PortMappings: [{ ContainerPort: 0 }, { ContainerPort: 65535, HostPort: 0 }, { ContainerPortRange: '8000-8010' }]", '\n      NetworkMode: bridge')}
  Service:
    Type: AWS::ECS::Service
    Properties: { Cluster: !Ref Cluster, TaskDefinition: !Ref Task, DesiredCount: 5000, LaunchType: EC2, SchedulingStrategy: REPLICA }
  Tg:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties: { VpcId: !Ref Vpc, Port: 65535, Protocol: TCP, HealthCheckIntervalSeconds: 10, HealthCheckTimeoutSeconds: 10, HealthCheckPort: traffic-port }
`;
    assert.deepEqual(
      errorsOf(text).errors.map((d) => `${d.code} ${d.logicalId} ${d.path}: ${d.message}`),
      [],
    );
  });
});

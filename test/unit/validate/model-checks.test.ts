import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsWithCode, importText } from '../../helpers/import-text.js';

const VPC = `
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  Igw:
    Type: AWS::EC2::InternetGateway
  Attach:
    Type: AWS::EC2::VPCGatewayAttachment
    Properties: { VpcId: !Ref Vpc, InternetGatewayId: !Ref Igw }
  SubnetA:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24, AvailabilityZone: us-east-1a }
  SubnetB:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: us-east-1b }
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties: { GroupDescription: x, VpcId: !Ref Vpc }
  Cluster:
    Type: AWS::ECS::Cluster
`;

function template(extra: string): string {
  return `Resources:${VPC}${extra}`;
}

/** Asserts exactly one finding of `code`, located at `line` on `logicalId`, and returns it. */
function expectOne(files: Record<string, string>, code: string, logicalId: string, line: number) {
  const result = importText(files);
  const found = findingsWithCode(result, code);
  assert.equal(found.length, 1, `expected one ${code}, got ${JSON.stringify(result.diagnostics, null, 1)}`);
  const [d] = found;
  assert.equal(d?.severity, 'error');
  assert.equal(d?.file, '/t/a.yml');
  assert.equal(d?.logicalId, logicalId);
  assert.equal(d?.line, line);
  assert.ok(d?.hint, 'a finding says what to change');
  return d;
}

function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(index >= 0, `${needle} not in template`);
  return index + 1;
}

describe('deploy-time model checks', () => {
  it('the valid base template has no error', () => {
    const result = importText({ 'a.yml': template('') });
    assert.deepEqual(
      result.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
  });

  it('a subnet outside its VPC', () => {
    const text = template(`
  Outside:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: !Ref Vpc, CidrBlock: 10.1.0.0/24 }
`);
    const d = expectOne({ 'a.yml': text }, 'subnet-outside-vpc', 'Outside', lineOf(text, 'CidrBlock: 10.1.0.0/24'));
    assert.equal(d.path, 'Properties.CidrBlock');
    assert.match(d.message, /10\.1\.0\.0\/24 is not inside VPC Vpc/);
  });

  it('a subnet overlapping a sibling', () => {
    const text = template(`
  Overlap:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.1.128/25 }
`);
    const d = expectOne({ 'a.yml': text }, 'subnet-overlap', 'Overlap', lineOf(text, '10.0.1.128/25'));
    assert.match(d.message, /overlaps subnet SubnetB/);
  });

  it('a route to a target that does not exist', () => {
    const text = template(`
  Table:
    Type: AWS::EC2::RouteTable
    Properties: { VpcId: !Ref Vpc }
  Default:
    Type: AWS::EC2::Route
    Properties: { RouteTableId: !Ref Table, DestinationCidrBlock: 0.0.0.0/0, NatGatewayId: nat-0123456789abcdef0 }
`);
    const d = expectOne({ 'a.yml': text }, 'route-target-missing', 'Default', lineOf(text, 'Default:'));
    assert.match(d.message, /nat-0123456789abcdef0/);
  });

  it('a Fargate service whose task definition is not awsvpc', () => {
    const text = template(`
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      RequiresCompatibilities: [FARGATE]
      Cpu: '256'
      Memory: '512'
      ContainerDefinitions: [{ Name: web, Image: nginx, PortMappings: [{ ContainerPort: 80 }] }]
  Service:
    Type: AWS::ECS::Service
    Properties:
      Cluster: !Ref Cluster
      LaunchType: FARGATE
      TaskDefinition: !Ref Task
`);
    const result = importText({ 'a.yml': text });
    const found = findingsWithCode(result, 'fargate-requires-awsvpc');
    assert.deepEqual(
      found.map((d) => [d.logicalId, d.line]).sort(),
      [
        ['Service', lineOf(text, 'TaskDefinition: !Ref Task')],
        ['Task', lineOf(text, '  Task:')],
      ].sort(),
    );
  });

  it('an awsvpc service without a network configuration', () => {
    const text = template(`
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      NetworkMode: awsvpc
      ContainerDefinitions: [{ Name: web, Image: nginx, Memory: 128, PortMappings: [{ ContainerPort: 80 }] }]
  Service:
    Type: AWS::ECS::Service
    Properties: { Cluster: !Ref Cluster, TaskDefinition: !Ref Task }
`);
    expectOne({ 'a.yml': text }, 'awsvpc-requires-network-configuration', 'Service', lineOf(text, '  Service:'));
  });

  it('an awsvpc service behind a target group of type instance, and an unmapped container port', () => {
    const text = template(`
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      NetworkMode: awsvpc
      ContainerDefinitions: [{ Name: web, Image: nginx, Memory: 128, PortMappings: [{ ContainerPort: 80 }] }]
  Group:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties: { VpcId: !Ref Vpc, Port: 80, Protocol: HTTP }
  Service:
    Type: AWS::ECS::Service
    Properties:
      Cluster: !Ref Cluster
      TaskDefinition: !Ref Task
      NetworkConfiguration: { AwsvpcConfiguration: { Subnets: [!Ref SubnetA], SecurityGroups: [!Ref Sg] } }
      LoadBalancers:
        - ContainerName: web
          ContainerPort: 8080
          TargetGroupArn: !Ref Group
`);
    const mismatch = expectOne({ 'a.yml': text }, 'target-type-mismatch', 'Group', lineOf(text, '  Group:'));
    assert.match(mismatch.hint ?? '', /TargetType: ip/);
    const port = expectOne({ 'a.yml': text }, 'load-balancer-port-not-mapped', 'Service', lineOf(text, 'ContainerPort: 8080'));
    assert.equal(port.path, 'Properties.LoadBalancers[0].ContainerPort');
  });

  it('two listeners on one port, and two rules with one priority', () => {
    const text = template(`
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: { Subnets: [!Ref SubnetA, !Ref SubnetB] }
  Group:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties: { VpcId: !Ref Vpc, Port: 80, Protocol: HTTP }
  First:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties: { LoadBalancerArn: !Ref Alb, Port: 80, Protocol: HTTP, DefaultActions: [{ Type: forward, TargetGroupArn: !Ref Group }] }
  Second:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Port: 80
      Protocol: HTTP
      DefaultActions: [{ Type: forward, TargetGroupArn: !Ref Group }]
  RuleOne:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties: { ListenerArn: !Ref First, Priority: 5, Conditions: [{ Field: path-pattern, Values: [/a] }], Actions: [{ Type: forward, TargetGroupArn: !Ref Group }] }
  RuleTwo:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref First
      Priority: 5
      Conditions: [{ Field: path-pattern, Values: [/b] }]
      Actions: [{ Type: forward, TargetGroupArn: !Ref Group }]
`);
    const listener = expectOne({ 'a.yml': text }, 'duplicate-listener-port', 'Second', lineOf(text, '      Port: 80'));
    assert.match(listener.message, /listener First on port 80/);
    expectOne({ 'a.yml': text }, 'duplicate-rule-priority', 'RuleTwo', lineOf(text, '      Priority: 5'));
  });

  it('an ALB in a single Availability Zone', () => {
    const text = template(`
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Subnets: [!Ref SubnetA]
`);
    expectOne({ 'a.yml': text }, 'alb-needs-two-azs', 'Alb', lineOf(text, 'Subnets: [!Ref SubnetA]'));
  });

  it('reports every finding together', () => {
    const text = template(`
  Outside:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: !Ref Vpc, CidrBlock: 10.9.0.0/24 }
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: { Subnets: [!Ref SubnetA] }
`);
    const codes = importText({ 'a.yml': text })
      .diagnostics.filter((d) => d.severity === 'error')
      .map((d) => d.code)
      .sort();
    assert.deepEqual(codes, ['alb-needs-two-azs', 'subnet-outside-vpc']);
  });
});

/**
 * Resolution-time checks inside a stack: dangling references (Ref, GetAtt, DependsOn, Sub) with
 * "did you mean" hints, references to resources whose Condition is false, circular dependencies
 * named member by member, and malformed resources — all reported together, with file, line and
 * logical id, and never as an exception.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveOne, stackOf, withCode } from './helpers.js';

describe('dangling references', () => {
  const text = `Parameters:
  Environment: {Type: String, Default: dev}
Resources:
  PublicSubnet1:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: vpc-1, CidrBlock: 10.0.0.0/24}
  Sg:
    Type: AWS::EC2::SecurityGroup
    DependsOn: [PublicSubnet1, PublicSubnetOne]
    Properties:
      GroupDescription: !Sub "\${Enviroment} group"
      VpcId: !Ref PublicSubnet2
      Tags:
        - Key: Az
          Value: !GetAtt PublicSubnt1.AvailabilityZone
        - Key: Bad
          Value: !Ref AWS::Regin
`;

  it('reports each with its line, property path and the nearest existing name', () => {
    const result = resolveOne(text);
    const dangling = withCode(result, 'dangling-reference').map((d) => [d.line, d.logicalId, d.path, d.hint]);
    assert.deepEqual(dangling, [
      [9, 'Sg', 'DependsOn[1]', "did you mean 'PublicSubnet1'?"],
      [11, 'Sg', 'Properties.GroupDescription.Fn::Sub', "did you mean 'Environment'?"],
      [12, 'Sg', 'Properties.VpcId.Ref', "did you mean 'PublicSubnet1'?"],
      [15, 'Sg', 'Properties.Tags[0].Value.Fn::GetAtt', "did you mean 'PublicSubnet1'?"],
      [17, 'Sg', 'Properties.Tags[1].Value.Ref', "did you mean 'AWS::Region'?"],
    ]);
    assert.ok(withCode(result, 'dangling-reference').every((d) => d.file === 'template.yml' && d.stack === 'test' && d.severity === 'error'));
    // The resource still resolves, with placeholders where references failed.
    assert.ok(stackOf(result, 'test').resources.Sg);
  });
});

describe('resources whose Condition is false', () => {
  const text = `Parameters:
  WithNat: {Type: String, Default: "no"}
Conditions:
  Nat: !Equals [!Ref WithNat, "yes"]
Resources:
  Eip:
    Type: AWS::EC2::EIP
    Condition: Nat
  Gateway:
    Type: AWS::EC2::NatGateway
    Condition: Nat
    Properties: {AllocationId: !GetAtt Eip.AllocationId, SubnetId: subnet-1}
  Route:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: rtb-1
      DestinationCidrBlock: 0.0.0.0/0
      NatGatewayId: !Ref Gateway
  Guarded:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: rtb-1
      DestinationCidrBlock: 0.0.0.0/0
      NatGatewayId: !If [Nat, !Ref Gateway, !Ref AWS::NoValue]
Outputs:
  Ip: {Condition: Nat, Value: !Ref Eip}
  Always: {Value: done}
`;

  it('are skipped and listed; their outputs are left out; an unguarded reference is an error', () => {
    const result = resolveOne(text);
    const stack = stackOf(result, 'test');
    assert.deepEqual(stack.skipped, ['Eip', 'Gateway']);
    assert.deepEqual(Object.keys(stack.resources), ['Route', 'Guarded']);
    assert.deepEqual(stack.outputs, { Always: 'done' });
    assert.deepEqual(stack.resources.Guarded?.properties, { RouteTableId: 'rtb-1', DestinationCidrBlock: '0.0.0.0/0' });
    const [d] = withCode(result, 'reference-to-skipped-resource');
    assert.equal(withCode(result, 'reference-to-skipped-resource').length, 1);
    assert.equal(d?.logicalId, 'Route');
    assert.equal(d?.line, 18);
    assert.match(d?.hint ?? '', /Fn::If \[Nat, \.\.\., !Ref AWS::NoValue\]/);
  });
});

describe('circular dependencies', () => {
  it('names the members of the cycle, and still resolves everything else', () => {
    const text = `Resources:
  A:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: a
      SecurityGroupIngress: [{SourceSecurityGroupId: !Ref B, IpProtocol: tcp, FromPort: 80, ToPort: 80}]
  B:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: b
      SecurityGroupIngress: [{SourceSecurityGroupId: !GetAtt A.GroupId, IpProtocol: tcp, FromPort: 80, ToPort: 80}]
  C:
    Type: Test::Thing::Here
    DependsOn: C
  D:
    Type: Test::Thing::Here
    Properties: {Uses: !Ref A}
`;
    const result = resolveOne(text);
    const cycles = withCode(result, 'circular-dependency');
    assert.deepEqual(
      cycles.map((d) => [d.logicalId, d.line, d.message]),
      [
        ['A', 2, 'circular dependency between resources: A → B → A'],
        ['C', 12, 'circular dependency between resources: C → C'],
      ],
    );
    const stack = stackOf(result, 'test');
    const a = stack.resources.A;
    const b = stack.resources.B;
    assert.match(String(a?.physicalId), /^sg-/);
    assert.equal((b?.properties.SecurityGroupIngress as { SourceSecurityGroupId: string }[])[0]?.SourceSecurityGroupId, a?.physicalId);
    assert.deepEqual(stack.resources.D?.dependsOn, ['A']);
  });
});

describe('malformed templates', () => {
  it('reports a resource without Type, an output without Value and a missing Resources section, and goes on', () => {
    const result = resolveOne('Resources:\n  NoType:\n    Properties: {}\n  Ok:\n    Type: Test::Thing::Here\nOutputs:\n  Bad: {Description: x}\n');
    assert.deepEqual(
      result.diagnostics.map((d) => [d.code, d.logicalId, d.line]),
      [
        ['invalid-resource', 'NoType', 2],
        ['invalid-output', 'Bad', 7],
      ],
    );
    assert.deepEqual(Object.keys(stackOf(result, 'test').resources), ['Ok']);
    assert.equal(withCode(resolveOne('Description: nothing\n'), 'invalid-template')[0]?.message, 'the template has no resources; CloudFormation requires at least one');
  });

  it('warns about transforms and Fn::ForEach that cannot run locally', () => {
    const result = resolveOne('Transform: [AWS::LanguageExtensions, MyMacro]\nResources:\n  "Fn::ForEach::Subnets": [S, [a, b], {}]\n  Ok: {Type: Test::Thing::Here}\n');
    assert.deepEqual(
      result.diagnostics.map((d) => [d.code, d.severity]),
      [
        ['unsupported-intrinsic', 'warning'],
        ['unsupported-transform', 'warning'],
      ],
    );
  });
});

describe('logical ids', () => {
  it('must be alphanumeric, as CloudFormation requires', () => {
    const result = resolveOne(
      'Resources:\n  My-Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16}\n  Good1:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.1.0.0/16}\n',
    );
    assert.deepEqual(
      withCode(result, 'invalid-logical-id').map((d) => [d.logicalId, d.line, d.severity]),
      [['My-Vpc', 2, 'error']],
    );
  });
});

/**
 * One negative test per class of finding of the specification checks, each stating the exact
 * file, line, logical id, property path and hint the user gets, and that nothing else is said.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from '../../../src/diagnostics.js';
import { checkAgainstSpec } from '../../../src/spec/check-against-spec.js';
import { loadSpecIndex } from '../../../src/spec/load-spec.js';
import { parseTemplate } from '../../../src/template/parse.js';
import { checkFixture, located } from './fixture.js';

const INTEGER_HINT = 'write a whole number such as 80; a numeric string such as "80" also works';
const LIST_HINT = 'wrap it in a list ([ ... ]), or reference a List<...> parameter';
const SCALAR_HINT = 'pick one element with Fn::Select, or join them with Fn::Join';

describe('spec checks: unknown-property', () => {
  const file = 'test/fixtures/spec/unknown-property.yml';
  const findings = checkFixture('unknown-property.yml');

  it('finds misspelled names at the top level and at every nesting depth, with a suggestion', () => {
    assert.deepEqual(located(findings), [
      { severity: 'error', code: 'unknown-property', file, line: 8, logicalId: 'WebSecurityGroup', path: 'Properties.VpcID', hint: "did you mean 'VpcId'?" },
      {
        severity: 'error',
        code: 'unknown-property',
        file,
        line: 16,
        logicalId: 'WebSecurityGroup',
        path: 'Properties.SecurityGroupIngress[1].ToPrt',
        hint: "did you mean 'ToPort'?",
      },
      {
        severity: 'error',
        code: 'unknown-property',
        file,
        line: 18,
        logicalId: 'WebSecurityGroup',
        path: 'Properties.Colour',
        hint: 'remove it; valid properties: GroupDescription, GroupName, SecurityGroupEgress, SecurityGroupIngress, Tags, VpcId',
      },
      {
        severity: 'error',
        code: 'unknown-property',
        file,
        line: 27,
        logicalId: 'WebTask',
        path: 'Properties.ContainerDefinitions[0].PortMappings[0].HostPrt',
        hint: "did you mean 'HostPort'?",
      },
    ]);
  });

  it('names the nested structure and its resource type in the message', () => {
    assert.equal(findings[1]?.message, 'Ingress (in AWS::EC2::SecurityGroup) has no property ToPrt');
    assert.equal(findings[1]?.stack, 'fixture');
    assert.equal(findings[1]?.column, 11);
  });
});

describe('spec checks: unknown-resource-key', () => {
  it('finds misspelled resource keys (Propertes, DependOn) and keys a resource cannot have', () => {
    const file = 'test/fixtures/spec/unknown-resource-key.yml';
    assert.deepEqual(located(checkFixture('unknown-resource-key.yml')), [
      { severity: 'error', code: 'unknown-resource-key', file, line: 5, logicalId: 'Vpc', path: 'Propertes', hint: "did you mean 'Properties'?" },
      { severity: 'error', code: 'unknown-resource-key', file, line: 9, logicalId: 'Gateway', path: 'DependOn', hint: "did you mean 'DependsOn'?" },
      {
        severity: 'error',
        code: 'unknown-resource-key',
        file,
        line: 10,
        logicalId: 'Gateway',
        path: 'Comment',
        hint: 'remove it; a resource may have Type, Properties, DependsOn, Condition, Metadata, DeletionPolicy, UpdateReplacePolicy, UpdatePolicy, CreationPolicy',
      },
    ]);
  });
});

describe('spec checks: wrong-type', () => {
  const file = 'test/fixtures/spec/wrong-type.yml';
  const findings = checkFixture('wrong-type.yml');

  it('reports literal values of the wrong type and accepts the strings CloudFormation converts ("true", "8080", "3", "60")', () => {
    assert.deepEqual(located(findings.filter((d) => !d.message.includes(' yields '))), [
      { severity: 'error', code: 'wrong-type', file, line: 18, logicalId: 'Vpc', path: 'Properties.EnableDnsHostnames', hint: 'write true or false' },
      { severity: 'error', code: 'wrong-type', file, line: 19, logicalId: 'Vpc', path: 'Properties.Tags', hint: 'write a list ([ ... ]) of Tag' },
      { severity: 'error', code: 'wrong-type', file, line: 25, logicalId: 'Ingress', path: 'Properties.FromPort', hint: INTEGER_HINT },
      { severity: 'error', code: 'wrong-type', file, line: 27, logicalId: 'Ingress', path: 'Properties.CidrIp', hint: 'write a single value, not a list or an object' },
      { severity: 'error', code: 'wrong-type', file, line: 37, logicalId: 'Service', path: 'Properties.DesiredCount.Fn::If[2]', hint: INTEGER_HINT },
      {
        severity: 'error',
        code: 'wrong-type',
        file,
        line: 56,
        logicalId: 'Scaling',
        path: 'Properties.TargetTrackingScalingPolicyConfiguration.TargetValue',
        hint: 'write a number such as 0.5',
      },
    ]);
    assert.equal(findings.find((d) => d.path === 'Properties.FromPort')?.message, 'FromPort must be Integer, got String "eighty"');
  });

  it('reports intrinsics whose result has a certain shape that does not fit (list vs single value)', () => {
    const shapes = findings.filter((d) => d.message.includes(' yields '));
    assert.deepEqual(located(shapes), [
      { severity: 'error', code: 'wrong-type', file, line: 33, logicalId: 'Subnet', path: 'Properties.AvailabilityZone', hint: SCALAR_HINT },
      {
        severity: 'error',
        code: 'wrong-type',
        file,
        line: 40,
        logicalId: 'Service',
        path: 'Properties.NetworkConfiguration.AwsvpcConfiguration.Subnets',
        hint: LIST_HINT,
      },
      {
        severity: 'error',
        code: 'wrong-type',
        file,
        line: 41,
        logicalId: 'Service',
        path: 'Properties.NetworkConfiguration.AwsvpcConfiguration.SecurityGroups[0]',
        hint: SCALAR_HINT,
      },
      { severity: 'error', code: 'wrong-type', file, line: 63, logicalId: 'Balancer', path: 'Properties.Subnets', hint: LIST_HINT },
      { severity: 'error', code: 'wrong-type', file, line: 64, logicalId: 'Balancer', path: 'Properties.SecurityGroups', hint: LIST_HINT },
    ]);
    assert.deepEqual(
      shapes.map((d) => d.message),
      [
        'AvailabilityZone must be String, but Fn::GetAZs yields a list',
        'Subnets must be List of String, but Ref OneSubnet yields a single value',
        'SecurityGroups[0] must be String, but Ref SecurityGroupIds yields a list',
        'Subnets must be List of String, but Fn::Join yields a single value',
        'SecurityGroups must be List of String, but Fn::GetAtt Vpc.DefaultSecurityGroup yields a single value',
      ],
    );
  });

  it('accepts a List<> parameter and Fn::Split where a list is needed (GoodService has no finding)', () => {
    assert.deepEqual(
      findings.filter((d) => d.logicalId === 'GoodService'),
      [],
    );
  });
});

describe('spec checks: missing-required-property', () => {
  it('reports required properties missing on resources and nested structures, with the type to add', () => {
    const file = 'test/fixtures/spec/missing-required-property.yml';
    assert.deepEqual(located(checkFixture('missing-required-property.yml')), [
      { severity: 'error', code: 'missing-required-property', file, line: 9, logicalId: 'AppSecurityGroup', path: 'Properties', hint: 'add GroupDescription (String)' },
      {
        severity: 'error',
        code: 'missing-required-property',
        file,
        line: 12,
        logicalId: 'AppSecurityGroup',
        path: 'Properties.SecurityGroupIngress[0]',
        hint: 'add IpProtocol (String)',
      },
      { severity: 'error', code: 'missing-required-property', file, line: 15, logicalId: 'Subnet', path: 'Properties', hint: 'add VpcId (String)' },
      {
        severity: 'error',
        code: 'missing-required-property',
        file,
        line: 21,
        logicalId: 'AppTask',
        path: 'Properties.ContainerDefinitions[0]',
        hint: 'add Image (String)',
      },
    ]);
  });
});

describe('spec checks: unknown-attribute', () => {
  const file = 'test/fixtures/spec/unknown-attribute.yml';
  const findings = checkFixture('unknown-attribute.yml');

  it('reports GetAtt (short, long and inside Fn::Sub) of attributes the type does not have', () => {
    assert.deepEqual(located(findings), [
      { severity: 'error', code: 'unknown-attribute', file, line: 26, logicalId: 'VpcCidr', path: 'Outputs.VpcCidr.Value.Fn::GetAtt', hint: "did you mean 'CidrBlock'?" },
      {
        severity: 'error',
        code: 'unknown-attribute',
        file,
        line: 29,
        logicalId: 'BalancerDns',
        path: 'Outputs.BalancerDns.Value.Fn::GetAtt',
        hint: "did you mean 'DNSName'?",
      },
      {
        severity: 'error',
        code: 'unknown-attribute',
        file,
        line: 31,
        logicalId: 'BalancerUrl',
        path: 'Outputs.BalancerUrl.Value.Fn::Sub',
        hint: "did you mean 'DNSName'?",
      },
      {
        severity: 'error',
        code: 'unknown-attribute',
        file,
        line: 33,
        logicalId: 'Colour',
        path: 'Outputs.Colour.Value.Fn::GetAtt',
        hint: 'its attributes are CidrBlock, CidrBlockAssociations, DefaultNetworkAcl, DefaultSecurityGroup, Ipv6CidrBlocks, VpcId',
      },
    ]);
    assert.equal(findings[0]?.message, 'AWS::EC2::VPC MyVPC has no attribute CidrBlocks');
  });

  it('leaves nested-stack outputs, custom-resource attributes and ${!Literal} alone', () => {
    for (const id of ['FromChild', 'FromCustom', 'Fine']) {
      assert.equal(
        findings.some((d) => d.logicalId === id),
        false,
        id,
      );
    }
    assert.equal(
      findings.some((d) => d.message.includes('Literal')),
      false,
    );
  });
});

describe('spec checks: resource types', () => {
  const file = 'test/fixtures/spec/unknown-resource-type.yml';
  const findings = checkFixture('unknown-resource-type.yml');

  it('warns (does not fail) on unknown types, accepts custom resources and SAM applications, lists other SAM types as unchecked', () => {
    assert.deepEqual(located(findings), [
      { severity: 'warning', code: 'unknown-resource-type', file, line: 5, logicalId: 'Misspelled', path: 'Type', hint: "did you mean 'AWS::EC2::Subnet'?" },
      {
        severity: 'warning',
        code: 'unknown-resource-type',
        file,
        line: 9,
        logicalId: 'Invented',
        path: 'Type',
        hint: 'check the spelling, or name a custom resource Custom::<Name>',
      },
      { severity: 'info', code: 'unchecked-resource-type', file, line: 31, logicalId: 'Handler', path: 'Type', hint: undefined },
      { severity: 'error', code: 'unknown-property', file, line: 37, logicalId: 'BadChild', path: 'Properties.Locaton', hint: "did you mean 'Location'?" },
    ]);
  });

  it('still requires a ServiceToken on a custom resource', () => {
    const template = `Resources:\n  Lookup:\n    Type: Custom::Lookup\n    Properties:\n      VpcName: main\n`;
    const findings = checkInline(template);
    assert.deepEqual(located(findings), [
      { severity: 'error', code: 'missing-required-property', file: 'inline.yml', line: 4, logicalId: 'Lookup', path: 'Properties', hint: 'add ServiceToken (String)' },
    ]);
  });
});

describe('spec checks: JSON templates and intrinsic forms', () => {
  it('locates findings in JSON templates too, and accepts the long-form string GetAtt "A.B"', () => {
    const json = JSON.stringify(
      {
        Resources: {
          Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16', EnableDnsSupport: 'maybe' } },
        },
        Outputs: { Cidr: { Value: { 'Fn::GetAtt': 'Vpc.CidrBlok' } }, Ok: { Value: { 'Fn::GetAtt': 'Vpc.CidrBlock' } } },
      },
      null,
      2,
    );
    assert.deepEqual(
      located(checkInline(json, 'inline.json')).map((d) => [d.code, d.line, d.logicalId, d.path]),
      [
        ['wrong-type', 7, 'Vpc', 'Properties.EnableDnsSupport'],
        ['unknown-attribute', 14, 'Cidr', 'Outputs.Cidr.Value.Fn::GetAtt'],
      ],
    );
  });

  it('checks both branches of Fn::If and accepts AWS::NoValue', () => {
    const template = [
      'Conditions:',
      '  HasName: !Equals [a, a]',
      'Resources:',
      '  Group:',
      '    Type: AWS::EC2::SecurityGroup',
      '    Properties:',
      '      GroupDescription: g',
      '      GroupName: !If [HasName, named, !Ref "AWS::NoValue"]',
      '      SecurityGroupIngress: !If [HasName, [{IpProtocol: tcp, FromPort: x}], !Ref "AWS::NoValue"]',
      '',
    ].join('\n');
    assert.deepEqual(
      located(checkInline(template)).map((d) => [d.code, d.line, d.path]),
      [['wrong-type', 9, 'Properties.SecurityGroupIngress.Fn::If[1][0].FromPort']],
    );
  });
});

/** Findings of the spec checks on a template written in the test. */
function checkInline(text: string, file = 'inline.yml'): Diagnostic[] {
  return checkAgainstSpec([parseTemplate(text, file)], loadSpecIndex());
}

/**
 * Resolution stays linear: a generated template of 2,000 resources (VPC, subnets from Fn::Cidr,
 * route tables, security groups referencing each other, services) parses and resolves in well
 * under the 1 s goal, with every value resolved.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTemplate } from '../../../src/template/parse.js';
import { resolveDeployment } from '../../../src/template/resolve.js';

/** A template with `groups` groups of 10 resources each (plus a VPC and an internet gateway). */
export function generatedTemplate(groups: number): string {
  const lines = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Parameters:',
    '  Env: {Type: String, Default: bench, AllowedValues: [bench, prod]}',
    'Conditions:',
    '  IsProd: !Equals [!Ref Env, prod]',
    'Resources:',
    '  Vpc:',
    '    Type: AWS::EC2::VPC',
    '    Properties: {CidrBlock: 10.0.0.0/8}',
    '  Igw: {Type: AWS::EC2::InternetGateway}',
  ];
  for (let g = 0; g < groups; g++) {
    lines.push(
      `  Subnet${g}:`,
      '    Type: AWS::EC2::Subnet',
      '    Properties:',
      '      VpcId: !Ref Vpc',
      `      CidrBlock: !Select [${g % 256}, !Cidr [!Sub "10.${Math.floor(g / 256)}.0.0/16", 256, 8]]`,
      `      AvailabilityZone: !Select [${g % 3}, !GetAZs ""]`,
      `      Tags: [{Key: Name, Value: !Sub "\${AWS::StackName}-subnet-${g}"}]`,
      `  Table${g}:`,
      '    Type: AWS::EC2::RouteTable',
      '    Properties: {VpcId: !Ref Vpc}',
      `  Route${g}:`,
      '    Type: AWS::EC2::Route',
      `    Properties: {RouteTableId: !Ref Table${g}, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw}`,
      `  Association${g}:`,
      '    Type: AWS::EC2::SubnetRouteTableAssociation',
      `    Properties: {SubnetId: !Ref Subnet${g}, RouteTableId: !Ref Table${g}}`,
      `  Group${g}:`,
      '    Type: AWS::EC2::SecurityGroup',
      `    Properties: {GroupDescription: !Sub "group ${g} of \${AWS::StackName}", VpcId: !GetAtt Subnet${g}.VpcId}`,
      `  Ingress${g}:`,
      '    Type: AWS::EC2::SecurityGroupIngress',
      `    Properties: {GroupId: !Ref Group${g}, SourceSecurityGroupId: !Ref Group${g === 0 ? 0 : g - 1}, IpProtocol: tcp, FromPort: ${1000 + g}, ToPort: ${1000 + g}}`,
      `  Logs${g}: {Type: AWS::Logs::LogGroup, Properties: {RetentionInDays: 7}}`,
      `  Task${g}:`,
      '    Type: AWS::ECS::TaskDefinition',
      '    Properties:',
      `      Family: task-${g}`,
      '      NetworkMode: awsvpc',
      `      ContainerDefinitions: [{Name: app, Image: nginx, PortMappings: [{ContainerPort: ${1000 + g}}], LogConfiguration: {LogDriver: awslogs, Options: {awslogs-group: !Ref Logs${g}, awslogs-region: !Ref AWS::Region}}}]`,
      `  Service${g}:`,
      '    Type: AWS::ECS::Service',
      '    Properties:',
      `      TaskDefinition: !Ref Task${g}`,
      '      DesiredCount: !If [IsProd, 3, 1]',
      `      NetworkConfiguration: {AwsvpcConfiguration: {Subnets: [!Ref Subnet${g}], SecurityGroups: [!GetAtt Group${g}.GroupId]}}`,
      `  Eip${g}: {Type: AWS::EC2::EIP, Condition: IsProd}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

describe('a generated 2,000-resource template', () => {
  it('parses and resolves in linear time, every reference resolved', (t) => {
    const text = generatedTemplate(200);
    const started = performance.now();
    const template = parseTemplate(text, 'generated.yml');
    const parsed = performance.now();
    const result = resolveDeployment([{ name: 'bench', template }], { region: 'us-east-1', accountId: '123456789012', parameters: {}, templateMap: {} }, () => undefined);
    const done = performance.now();
    t.diagnostic(`${text.length} bytes: parse ${(parsed - started).toFixed(0)} ms, resolve ${(done - parsed).toFixed(0)} ms`);
    assert.deepEqual(result.diagnostics, []);
    const stack = result.deployment.stacks[0];
    assert.equal(Object.keys(stack?.resources ?? {}).length + (stack?.skipped.length ?? 0), 2002);
    assert.equal(stack?.resources.Subnet199?.properties.CidrBlock, '10.0.199.0/24');
    assert.equal(stack?.resources.Ingress5?.properties.SourceSecurityGroupId, stack?.resources.Group4?.physicalId);
    assert.ok(done - started < 3000, `took ${(done - started).toFixed(0)} ms`);
  });
});

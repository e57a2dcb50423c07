/**
 * Public addresses as EC2 assigns them: an associated Elastic IP; else AssociatePublicIpAddress
 * when the template sets it, either way; else the subnet's MapPublicIpOnLaunch, per subnet
 * (an Auto Scaling group over a public and a private subnet gets a public IP only in the first).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planDeployment } from '../../../src/plan/index.js';
import { importText } from '../../helpers/import-text.js';

const template = `
Resources:
  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }
  Igw: { Type: AWS::EC2::InternetGateway }
  Attach: { Type: AWS::EC2::VPCGatewayAttachment, Properties: { VpcId: !Ref Vpc, InternetGatewayId: !Ref Igw } }
  Public:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24, AvailabilityZone: us-east-1a, MapPublicIpOnLaunch: true }
  Private:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: us-east-1b }
  WithEip:
    Type: AWS::EC2::Instance
    Properties: { SubnetId: !Ref Private, InstanceType: t3.large, ImageId: ami-12345678 }
  Eip: { Type: AWS::EC2::EIP, Properties: { Domain: vpc } }
  EipAssociation:
    Type: AWS::EC2::EIPAssociation
    Properties: { AllocationId: !GetAtt Eip.AllocationId, InstanceId: !Ref WithEip }
  OptedOut:
    Type: AWS::EC2::Instance
    Properties:
      InstanceType: t3.large
      ImageId: ami-12345678
      NetworkInterfaces: [{ DeviceIndex: '0', SubnetId: !Ref Public, AssociatePublicIpAddress: false }]
  Defaulted:
    Type: AWS::EC2::Instance
    Properties: { SubnetId: !Ref Public, InstanceType: t3.large, ImageId: ami-12345678 }
  Template:
    Type: AWS::EC2::LaunchTemplate
    Properties: { LaunchTemplateData: { InstanceType: t3.large, ImageId: ami-12345678 } }
  Group:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      VPCZoneIdentifier: [!Ref Public, !Ref Private]
      LaunchTemplate: { LaunchTemplateId: !Ref Template, Version: '1' }
      MinSize: '2'
      MaxSize: '2'
`;

describe('public IPs of instances', () => {
  const { model, diagnostics } = importText({ 'a.yml': template });
  const plan = planDeployment(model);
  const publicIpOf = (name: string) => plan.instances.find((i) => i.name === name)?.publicIp;

  it('imports without errors', () => {
    assert.deepEqual(
      diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
  });

  it('an associated Elastic IP wins, even in a private subnet', () => {
    const eip = model.elasticIps.find((e) => e.logicalId === 'Eip');
    assert.equal(eip?.instanceId, 'a.WithEip');
    assert.equal(publicIpOf('a.WithEip'), eip?.publicIp);
    assert.equal(plan.enis.find((e) => e.privateIp === plan.instances.find((i) => i.name === 'a.WithEip')?.privateIp)?.publicIpSource, 'elastic-ip');
  });

  it('AssociatePublicIpAddress: false beats MapPublicIpOnLaunch; without it the subnet decides', () => {
    assert.equal(publicIpOf('a.OptedOut'), undefined);
    assert.match(publicIpOf('a.Defaulted') ?? '', /^198\.19\./);
  });

  it('an Auto Scaling group gets a public IP only in its public subnet', () => {
    assert.match(publicIpOf('a.Group#0') ?? '', /^198\.19\./);
    assert.equal(publicIpOf('a.Group#1'), undefined);
  });
});

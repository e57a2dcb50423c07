/**
 * One finding per cause: when an intrinsic fails, the values computed from it (the Fn::Cidr
 * around it, the Fn::Select around that, the property's CIDR check) are not reported again.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importText } from '../../helpers/import-text.js';

describe('findings of a deployment', () => {
  it('a GetAtt of a missing attribute is reported once, not at every value computed from it', () => {
    const result = importText(
      {
        'a.yml': [
          'Resources:',
          '  Vpc:',
          '    Type: AWS::EC2::VPC',
          '    Properties: { CidrBlock: 10.0.0.0/16 }',
          '  Subnet:',
          '    Type: AWS::EC2::Subnet',
          '    Properties:',
          '      VpcId: !Ref Vpc',
          '      CidrBlock: !Select [1, !Cidr [!GetAtt Vpc.CidrBlocks, 4, 8]]',
          '',
        ].join('\n'),
      },
      {},
      true,
    );
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(
      errors.map((d) => [d.code, d.logicalId, d.line]),
      [['unknown-attribute', 'Subnet', 9]],
    );
    assert.match(errors[0]?.hint ?? '', /did you mean 'CidrBlock'/);
  });

  it('independent errors of one resource are all kept', () => {
    const result = importText(
      {
        'a.yml': [
          'Resources:',
          '  Vpc:',
          '    Type: AWS::EC2::VPC',
          '    Properties: { CidrBlock: 10.0.0.0/16 }',
          '  Group:',
          '    Type: AWS::EC2::SecurityGroup',
          '    Properties:',
          '      GroupDescription: x',
          '      VpcId: !Ref Vpc',
          '      SecurityGroupIngress:',
          '        - { IpProtocol: tcp, FromPort: eighty, ToPort: 80, CidrIp: 0.0.0.0/0 }',
          '        - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIP: 0.0.0.0/0 }',
          '',
        ].join('\n'),
      },
      {},
      true,
    );
    const codes = result.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => `${d.code} ${d.path}`)
      .sort();
    assert.deepEqual(codes, [
      'security-group-rule-without-peer Properties.SecurityGroupIngress[1]',
      'unknown-property Properties.SecurityGroupIngress[1].CidrIP',
      'wrong-type Properties.SecurityGroupIngress[0].FromPort',
    ]);
  });

  it('a subnet without a CIDR says so in words', () => {
    const result = importText({
      'a.yml':
        'Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: { CidrBlock: 10.0.0.0/16 }\n  Subnet:\n    Type: AWS::EC2::Subnet\n    Properties: { VpcId: !Ref Vpc }\n',
    });
    const found = result.diagnostics.filter((d) => d.code === 'subnet-without-cidr');
    assert.equal(found.length, 1);
    assert.equal(found[0]?.line, 5);
  });
});

/**
 * Several stacks given together: ordering by Export / Fn::ImportValue, missing, duplicate and
 * circular exports; nested stacks through AWS::CloudFormation::Stack (S3 TemplateURL matched to a
 * local file) and AWS::Serverless::Application (local Location).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPlaceholder } from '../../../src/template/placeholder.js';
import { errorsOf, propsOf, resolveFiles, resourceOf, stackOf, withCode } from './helpers.js';

const network = `Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Subnet:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: !Select [1, !GetAZs ""]}
Outputs:
  VpcId:
    Value: !Ref Vpc
    Export: {Name: !Sub "\${AWS::StackName}:VpcId"}
  SubnetId:
    Value: !Ref Subnet
    Export: {Name: !Sub "\${AWS::StackName}:SubnetId"}
`;

const app = `Parameters:
  NetworkStack: {Type: String, Default: network}
Resources:
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: app
      VpcId: !ImportValue {"Fn::Sub": "\${NetworkStack}:VpcId"}
  Service:
    Type: Test::Thing::Here
    Properties:
      Subnets: [!ImportValue {"Fn::Sub": "\${NetworkStack}:SubnetId"}]
`;

describe('exports and imports', () => {
  it('orders exporters before importers, whatever the order given, and resolves the imported values', () => {
    const result = resolveFiles({ 'network.yml': network, 'app.yml': app }, ['app=app.yml', 'network=network.yml']);
    assert.deepEqual(result.diagnostics, []);
    assert.deepEqual(
      result.deployment.stacks.map((s) => s.name),
      ['network', 'app'],
    );
    const vpc = resourceOf(result, 'network', 'Vpc');
    assert.equal(propsOf(result, 'app', 'Sg').VpcId, vpc.physicalId);
    assert.deepEqual(propsOf(result, 'app', 'Service').Subnets, [resourceOf(result, 'network', 'Subnet').physicalId]);
    assert.deepEqual(stackOf(result, 'network').exports, { 'network:VpcId': vpc.physicalId, 'network:SubnetId': resourceOf(result, 'network', 'Subnet').physicalId });
  });

  it('reports a missing export at the import, says what is exported, and hints the stack name to use', () => {
    const result = resolveFiles({ 'network.yml': network, 'app.yml': app }, ['app=app.yml', 'net=network.yml']);
    const missing = withCode(result, 'missing-export');
    assert.equal(missing.length, 2);
    const [d] = missing;
    assert.equal(d?.file, 'app.yml');
    assert.equal(d?.line, 8);
    assert.equal(d?.logicalId, 'Sg');
    assert.equal(d?.stack, 'app');
    assert.match(d?.message ?? '', /Fn::ImportValue 'network:VpcId': no stack given exports this name; net \(network.yml\) exports net:VpcId, net:SubnetId/);
    assert.equal(d?.hint, "network.yml exports 'net:VpcId' as stack 'net'; name that stack 'network' (network=network.yml), or pass --param app.NetworkStack=net");
    assert.ok(isPlaceholder(propsOf(result, 'app', 'Sg').VpcId));
  });

  it('suggests a near export name when the names differ by a typo', () => {
    const typo = app.replace('${NetworkStack}:VpcId', '${NetworkStack}:VpcID');
    const result = resolveFiles({ 'network.yml': network, 'app.yml': typo.replace('NetworkStack}:SubnetId', 'NetworkStack}:SubnetId') }, ['network=network.yml', 'app=app.yml']);
    const [d] = withCode(result, 'missing-export');
    assert.equal(d?.hint, "did you mean 'network:VpcId' (exported by network)?");
  });

  it('reports a duplicate export naming both sides', () => {
    const result = resolveFiles({ 'a.yml': network, 'b.yml': network.replace(/\$\{AWS::StackName\}/g, 'shared') }, ['shared=a.yml', 'other=b.yml']);
    const dup = withCode(result, 'duplicate-export');
    assert.equal(dup.length, 2);
    assert.equal(dup[0]?.file, 'b.yml');
    assert.equal(dup[0]?.line, 11);
    assert.equal(dup[0]?.logicalId, 'VpcId');
    assert.match(dup[0]?.message ?? '', /export name 'shared:VpcId' is exported twice: by other \(output VpcId\) and by shared \(output VpcId, a\.yml:11\)/);
  });

  it('reports stacks that import from each other', () => {
    const a = 'Resources:\n  X:\n    Type: Test::Thing::Here\n    Properties: {V: !ImportValue b-value}\nOutputs:\n  Out: {Value: !Ref X, Export: {Name: a-value}}\n';
    const b = 'Resources:\n  Y:\n    Type: Test::Thing::Here\n    Properties: {V: !ImportValue a-value}\nOutputs:\n  Out: {Value: !Ref Y, Export: {Name: b-value}}\n';
    const result = resolveFiles({ 'a.yml': a, 'b.yml': b }, ['a=a.yml', 'b=b.yml']);
    const [d] = withCode(result, 'circular-import');
    assert.equal(withCode(result, 'circular-import').length, 1);
    assert.match(d?.message ?? '', /stacks a, b import each other's exports, so none can be created first: .*a imports 'b-value' from b.*b imports 'a-value' from a/);
    assert.ok(d?.file && d.line && d.logicalId);
    // Values still resolve, so every other finding is reported too.
    assert.match(String(propsOf(result, 'a', 'X').V), /^b-Y-/);
  });

  it('refuses a stack importing its own export', () => {
    const self =
      'Resources:\n  X:\n    Type: Test::Thing::Here\n  Y:\n    Type: Test::Thing::Here\n    Properties: {V: !ImportValue self-x}\nOutputs:\n  Out: {Value: !Ref X, Export: {Name: self-x}}\n';
    const result = resolveFiles({ 's.yml': self }, ['s=s.yml']);
    assert.equal(withCode(result, 'circular-import')[0]?.logicalId, 'Y');
  });
});

const vpcChild = `Parameters:
  EnvironmentName: {Type: String}
  Cidr: {Type: String, Default: 10.9.0.0/16}
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: !Ref Cidr
      Tags: [{Key: Name, Value: !Ref EnvironmentName}]
  Subnet1:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: !Select [0, !Cidr [!Ref Cidr, 2, 8]], AvailabilityZone: !Select [0, !GetAZs ""]}
  Subnet2:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: !Select [1, !Cidr [!Ref Cidr, 2, 8]], AvailabilityZone: !Select [1, !GetAZs ""]}
Outputs:
  VpcId: {Value: !Ref Vpc}
  Subnets: {Value: !Join [",", [!Ref Subnet1, !Ref Subnet2]]}
  Name: {Value: !Ref AWS::StackName}
`;

const lbChild = `Parameters:
  VpcId: {Type: AWS::EC2::VPC::Id}
  Subnets: {Type: List<AWS::EC2::Subnet::Id>}
Resources:
  Lb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: {Subnets: !Ref Subnets}
Outputs:
  Dns: {Value: !GetAtt Lb.DNSName}
`;

const master = `Resources:
  Network:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://s3.amazonaws.com/my-bucket/infrastructure/vpc.yaml
      Parameters:
        EnvironmentName: !Ref AWS::StackName
        Cidr: 10.50.0.0/16
  Balancer:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://my-bucket.s3.eu-west-1.amazonaws.com/prefix/infrastructure/lb.yaml
      Parameters:
        VpcId: !GetAtt Network.Outputs.VpcId
        Subnets: !GetAtt Network.Outputs.Subnets
Outputs:
  Url: {Value: !Join ["", ["http://", !GetAtt Balancer.Outputs.Dns]]}
`;

describe('nested stacks', () => {
  const files = { 'deploy/master.yaml': master, 'deploy/infrastructure/vpc.yaml': vpcChild, 'deploy/infrastructure/lb.yaml': lbChild };

  it('finds S3 templates next to the parent, passes Parameters, and reads child outputs with GetAtt', () => {
    const result = resolveFiles(files, ['prod=deploy/master.yaml']);
    assert.deepEqual(result.diagnostics, []);
    assert.deepEqual(
      result.deployment.stacks.map((s) => [s.name, s.parent ?? '', s.parentLogicalId ?? '', s.template.file]),
      [
        ['prod', '', '', 'deploy/master.yaml'],
        ['prod-Network', 'prod', 'Network', 'deploy/infrastructure/vpc.yaml'],
        ['prod-Balancer', 'prod', 'Balancer', 'deploy/infrastructure/lb.yaml'],
      ],
    );
    assert.deepEqual(propsOf(result, 'prod-Network', 'Vpc').Tags, [{ Key: 'Name', Value: 'prod' }]);
    assert.equal(propsOf(result, 'prod-Network', 'Subnet1').CidrBlock, '10.50.0.0/24');
    assert.equal(propsOf(result, 'prod-Network', 'Subnet2').CidrBlock, '10.50.1.0/24');
    assert.equal(stackOf(result, 'prod-Network').outputs.Name, 'prod-Network');
    const subnets = [resourceOf(result, 'prod-Network', 'Subnet1').physicalId, resourceOf(result, 'prod-Network', 'Subnet2').physicalId];
    assert.deepEqual(propsOf(result, 'prod-Balancer', 'Lb').Subnets, subnets);
    const dns = resourceOf(result, 'prod-Balancer', 'Lb').attributes.DNSName;
    assert.equal(stackOf(result, 'prod').outputs.Url, `http://${String(dns)}`);
    assert.match(resourceOf(result, 'prod', 'Network').physicalId, /^arn:aws:cloudformation:us-east-1:123456789012:stack\/prod-Network\//);
  });

  it('does not also resolve a given child file as a stack of its own', () => {
    const result = resolveFiles(files, ['deploy/infrastructure/vpc.yaml', 'prod=deploy/master.yaml', 'deploy/infrastructure/lb.yaml']);
    assert.deepEqual(result.diagnostics, []);
    assert.deepEqual(
      result.deployment.stacks.map((s) => s.name),
      ['prod', 'prod-Network', 'prod-Balancer'],
    );
  });

  it('uses an explicit --map entry first', () => {
    const result = resolveFiles({ ...files, 'elsewhere/my-vpc.yml': vpcChild.replace('10.9.0.0/16', '10.60.0.0/16') }, ['prod=deploy/master.yaml'], {
      templateMap: { 'https://s3.amazonaws.com/my-bucket/infrastructure/vpc.yaml': 'elsewhere/my-vpc.yml' },
    });
    assert.equal(stackOf(result, 'prod-Network').template.file, 'elsewhere/my-vpc.yml');
  });

  it('reports a template that cannot be found, with the paths tried and the --map to add', () => {
    const result = resolveFiles({ 'deploy/master.yaml': master, 'deploy/infrastructure/lb.yaml': lbChild }, ['prod=deploy/master.yaml']);
    const [d] = withCode(result, 'nested-template-not-found');
    assert.equal(d?.file, 'deploy/master.yaml');
    assert.equal(d?.line, 5);
    assert.equal(d?.logicalId, 'Network');
    assert.match(
      d?.hint ?? '',
      /tried deploy\/infrastructure\/vpc.yaml, deploy\/vpc.yaml; give the file with --map https:\/\/s3.amazonaws.com\/my-bucket\/infrastructure\/vpc.yaml=<local file>/,
    );
    // The other child still resolves; what it reads from the missing one is a placeholder.
    assert.ok(isPlaceholder(propsOf(result, 'prod-Balancer', 'Lb').Subnets ?? null));
  });

  it('reports a parameter the child does not declare, and an output it does not have', () => {
    const broken = master.replace('Cidr: 10.50.0.0/16', 'Cidrr: 10.50.0.0/16').replace('Network.Outputs.Subnets', 'Network.Outputs.Subnet');
    const result = resolveFiles({ ...files, 'deploy/master.yaml': broken }, ['prod=deploy/master.yaml']);
    const unknown = withCode(result, 'unknown-parameter');
    assert.equal(unknown.length, 1);
    assert.equal(unknown[0]?.line, 8);
    assert.equal(unknown[0]?.hint, "did you mean 'Cidr'?");
    const [output] = withCode(result, 'missing-output');
    assert.match(output?.message ?? '', /nested stack Network \(deploy\/infrastructure\/vpc.yaml\) has no output Subnet/);
    assert.equal(output?.hint, "did you mean 'Subnets'?");
  });

  it('names the parent Parameters to fill when a child parameter has no value', () => {
    const result = resolveFiles({ ...files, 'deploy/master.yaml': master.replace('        EnvironmentName: !Ref AWS::StackName\n', '') }, ['prod=deploy/master.yaml']);
    const [d] = withCode(result, 'missing-parameter');
    assert.equal(d?.file, 'deploy/infrastructure/vpc.yaml');
    assert.equal(d?.stack, 'prod-Network');
    assert.equal(d?.hint, 'pass EnvironmentName in Parameters of Network in deploy/master.yaml, or add --param prod-Network.EnvironmentName=<value>');
  });

  it('resolves AWS::Serverless::Application with a local Location', () => {
    const parent =
      'Transform: AWS::Serverless-2016-10-31\nResources:\n  Net:\n    Type: AWS::Serverless::Application\n    Properties:\n      Location: ./nested/vpc.yml\n      Parameters: {EnvironmentName: sam}\nOutputs:\n  Vpc: {Value: !GetAtt Net.Outputs.VpcId}\n';
    const result = resolveFiles({ 'app/parent.yml': parent, 'app/nested/vpc.yml': vpcChild }, ['parent=app/parent.yml']);
    assert.deepEqual(errorsOf(result), []);
    assert.equal(stackOf(result, 'parent').outputs.Vpc, resourceOf(result, 'parent-Net', 'Vpc').physicalId);
  });

  it('refuses a template that nests itself', () => {
    const loop = 'Resources:\n  Again:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: loop.yml}\n';
    const result = resolveFiles({ 'loop.yml': loop }, ['loop=loop.yml']);
    assert.equal(withCode(result, 'recursive-nested-stack').length, 1);
  });

  it('reports a nested template that does not parse, with its own syntax error', () => {
    const result = resolveFiles({ 'deploy/master.yaml': master, 'deploy/infrastructure/vpc.yaml': 'Resources: [\n', 'deploy/infrastructure/lb.yaml': lbChild }, [
      'prod=deploy/master.yaml',
    ]);
    assert.ok(withCode(result, 'yaml-syntax').some((d) => d.file === 'deploy/infrastructure/vpc.yaml'));
    assert.equal(withCode(result, 'nested-template-unreadable')[0]?.logicalId, 'Network');
  });
});

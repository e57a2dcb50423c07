/**
 * Every stack set of the corpus (listed in test/fixtures/corpus-sets.json, which the CLI
 * tests and benchmarks reuse) resolves with no error and no unresolved value, and the resolved
 * values are the ones AWS would produce: CIDRs, availability zones, route targets, security-group
 * rules, service wiring, values passed between nested stacks and imported across stacks.
 */
import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { describe, it } from 'node:test';
import { formatDiagnostic } from '../../../src/diagnostics.js';
import { base64Encode } from '../../../src/template/base64.js';
import type { ResolveResult } from '../../../src/template/resolve.js';
import type { CfnValue } from '../../../src/template/types.js';
import { corpusSets, corpusTemplateFiles } from '../../helpers/corpus.js';
import { corpusRoot, propsOf, resolveCorpus, resourceOf, stackArg, stackOf } from './helpers.js';

const sets = corpusSets;
const results = new Map<string, ResolveResult>();
const started = performance.now();
for (const set of sets) results.set(set.name, resolveCorpus(set.files, set.params));
const elapsed = performance.now() - started;

function result(name: string): ResolveResult {
  const r = results.get(name);
  if (!r) throw new Error(`no corpus set ${name}`);
  return r;
}

type CfnMap = { [key: string]: CfnValue };
const map = (v: CfnValue | undefined): CfnMap => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {});
const list = (v: CfnValue | undefined): CfnValue[] => (Array.isArray(v) ? v : []);
const id = (r: ResolveResult, stack: string, logicalId: string) => resourceOf(r, stack, logicalId).physicalId;
const att = (r: ResolveResult, stack: string, logicalId: string, attribute: string) => resourceOf(r, stack, logicalId).attributes[attribute];

/** Paths of values still holding a placeholder. */
function unresolved(value: CfnValue | undefined, path: string, out: string[]): string[] {
  if (typeof value === 'string' && value.includes('<unresolved ')) out.push(`${path}: ${value}`);
  else if (Array.isArray(value)) value.forEach((v, i) => unresolved(v, `${path}[${i}]`, out));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) unresolved(v, `${path}.${k}`, out);
  return out;
}

describe('corpus stack sets', () => {
  it('cover every template of the corpus', () => {
    const used = new Set<string>();
    for (const r of results.values()) for (const stack of r.deployment.stacks) used.add(stack.template.file);
    for (const set of sets) for (const file of set.files) used.add(stackArg(file).path);
    assert.deepEqual(
      corpusTemplateFiles()
        .map((path) => relative(corpusRoot, path))
        .filter((f) => !used.has(f)),
      [],
    );
  });

  for (const set of sets) {
    it(`${set.name}: resolves with no error and no unresolved value`, () => {
      const r = result(set.name);
      assert.deepEqual(r.diagnostics.filter((d) => d.severity !== 'info').map(formatDiagnostic), []);
      const problems: string[] = [];
      for (const stack of r.deployment.stacks) {
        for (const resource of Object.values(stack.resources)) {
          unresolved(resource.properties, `${stack.name}.${resource.logicalId}.Properties`, problems);
          unresolved(resource.attributes, `${stack.name}.${resource.logicalId}.attributes`, problems);
        }
        unresolved(stack.outputs, `${stack.name}.Outputs`, problems);
      }
      assert.deepEqual(problems, []);
    });
  }

  // The corpus grew from 14 to 27 sets; the budget is per set (cold, first run in the process).
  it('parse and resolve quickly (goal: under 75 ms a set once warm; 150 ms a set cold)', (t) => {
    t.diagnostic(`parse + resolve of ${sets.length} corpus stack sets: ${elapsed.toFixed(0)} ms`);
    assert.ok(elapsed < 150 * sets.length, `corpus took ${elapsed.toFixed(0)} ms for ${sets.length} sets`);
  });
});

describe('container-patterns/api-gateway-fargate', () => {
  const r = result('container-patterns/api-gateway-fargate');
  const P = 'api-gateway-fargate';

  it('resolves the parent and its four Serverless::Application children, and nothing twice', () => {
    assert.deepEqual(
      r.deployment.stacks.map((s) => [s.name, s.template.file.split('/').pop()]),
      [
        [P, 'parent.yml'],
        [`${P}-VpcStack`, 'vpc.yml'],
        [`${P}-ClusterStack`, 'cluster.yml'],
        [`${P}-ServiceStack`, 'service.yml'],
        [`${P}-ApiGatewayStack`, 'api-gateway.yml'],
      ],
    );
  });

  it('builds the VPC with two public subnets in two zones and a default route to the internet gateway', () => {
    const vpc = `${P}-VpcStack`;
    assert.equal(propsOf(r, vpc, 'VPC').CidrBlock, '10.0.0.0/16');
    assert.deepEqual([propsOf(r, vpc, 'PublicSubnetOne').CidrBlock, propsOf(r, vpc, 'PublicSubnetOne').AvailabilityZone], ['10.0.0.0/18', 'us-east-1a']);
    assert.deepEqual([propsOf(r, vpc, 'PublicSubnetTwo').CidrBlock, propsOf(r, vpc, 'PublicSubnetTwo').AvailabilityZone], ['10.0.64.0/18', 'us-east-1b']);
    assert.equal(propsOf(r, vpc, 'PublicSubnetOne').VpcId, id(r, vpc, 'VPC'));
    assert.deepEqual(propsOf(r, vpc, 'PublicRoute'), { RouteTableId: id(r, vpc, 'PublicRouteTable'), DestinationCidrBlock: '0.0.0.0/0', GatewayId: id(r, vpc, 'InternetGateway') });
  });

  it('wires the Fargate service to the subnets, security group, cluster and Cloud Map service of the sibling stacks', () => {
    const vpc = `${P}-VpcStack`;
    const service = propsOf(r, `${P}-ServiceStack`, 'Service');
    const subnets = [id(r, vpc, 'PublicSubnetOne'), id(r, vpc, 'PublicSubnetTwo')];
    assert.equal(service.LaunchType, 'FARGATE');
    assert.equal(service.DesiredCount, 2);
    assert.equal(service.Cluster, id(r, `${P}-ClusterStack`, 'ECSCluster'));
    assert.deepEqual(map(service.NetworkConfiguration).AwsvpcConfiguration, {
      AssignPublicIp: 'ENABLED',
      SecurityGroups: [id(r, `${P}-ServiceStack`, 'ServiceSecurityGroup')],
      Subnets: subnets,
    });
    assert.deepEqual(service.ServiceRegistries, [{ RegistryArn: att(r, `${P}-ServiceStack`, 'ServiceDiscoveryService', 'Arn'), Port: 80 }]);
    assert.equal(map(propsOf(r, `${P}-ServiceStack`, 'ServiceDiscoveryService').DnsConfig).NamespaceId, id(r, `${P}-ClusterStack`, 'ServiceDiscoveryNamespace'));
    const container = map(list(propsOf(r, `${P}-ServiceStack`, 'TaskDefinition').ContainerDefinitions)[0]);
    assert.deepEqual(container.PortMappings, [{ ContainerPort: 80, HostPort: 80 }]);
  });

  it('lets the API Gateway VPC link reach the service: link in the public subnets, ingress from its group', () => {
    const api = `${P}-ApiGatewayStack`;
    assert.deepEqual(propsOf(r, api, 'ApiGatewayVpcLink').SubnetIds, [id(r, `${P}-VpcStack`, 'PublicSubnetOne'), id(r, `${P}-VpcStack`, 'PublicSubnetTwo')]);
    assert.deepEqual(propsOf(r, api, 'ServiceIngressFromApiGateway'), {
      Description: 'Allow API Gateway to communicate to the service',
      GroupId: id(r, `${P}-ServiceStack`, 'ServiceSecurityGroup'),
      IpProtocol: -1,
      SourceSecurityGroupId: id(r, api, 'ApiGatewaySecurityGroup'),
    });
    assert.equal(propsOf(r, api, 'ApiGatewayVpcLinkIntegration').IntegrationUri, att(r, `${P}-ServiceStack`, 'ServiceDiscoveryService', 'Arn'));
    assert.equal(propsOf(r, api, 'ApiGatewayVpcLinkIntegration').PayloadFormatVersion, '1.0');
    assert.equal(propsOf(r, api, 'ApiGatewayRoute').Target, `integrations/${id(r, api, 'ApiGatewayVpcLinkIntegration')}`);
    assert.equal(stackOf(r, P).outputs.ApiGatewayUri, att(r, api, 'ApiGateway', 'ApiEndpoint'));
  });
});

describe('container-patterns/service-discovery-cloud-map', () => {
  const r = result('container-patterns/service-discovery-cloud-map');
  const vpc = 'cloud-map-VpcStack';

  it('routes the private subnets through a NAT gateway each, with Elastic IPs allocated in order', () => {
    assert.deepEqual(propsOf(r, vpc, 'PrivateSubnetOne').CidrBlock, '10.0.128.0/18');
    assert.deepEqual(propsOf(r, vpc, 'PrivateSubnetTwo').AvailabilityZone, 'us-east-1b');
    assert.deepEqual(propsOf(r, vpc, 'PrivateRouteOne'), {
      RouteTableId: id(r, vpc, 'PrivateRouteTableOne'),
      DestinationCidrBlock: '0.0.0.0/0',
      NatGatewayId: id(r, vpc, 'NatGatewayOne'),
    });
    assert.deepEqual(propsOf(r, vpc, 'NatGatewayTwo'), { AllocationId: att(r, vpc, 'NatGatewayTwoAttachment', 'AllocationId'), SubnetId: id(r, vpc, 'PublicSubnetTwo') });
    assert.deepEqual([id(r, vpc, 'NatGatewayOneAttachment'), id(r, vpc, 'NatGatewayTwoAttachment')], ['198.18.0.1', '198.18.0.2']);
    assert.deepEqual(propsOf(r, vpc, 'PrivateRouteTableOneAssociation').SubnetId, id(r, vpc, 'PrivateSubnetOne'));
  });

  it('lets hello reach name on port 3000 and registers name in the cluster namespace', () => {
    assert.deepEqual(propsOf(r, 'cloud-map-HelloService', 'NameServiceIngressFromHello'), {
      Description: 'Allow hello service to make calls to name service',
      GroupId: id(r, 'cloud-map-NameService', 'ServiceSecurityGroup'),
      FromPort: 3000,
      ToPort: 3000,
      IpProtocol: -1,
      SourceSecurityGroupId: id(r, 'cloud-map-HelloService', 'ServiceSecurityGroup'),
    });
    const name = propsOf(r, 'cloud-map-NameService', 'NameService');
    assert.deepEqual(name.ServiceRegistries, [{ RegistryArn: att(r, 'cloud-map-NameService', 'ServiceDiscoveryService', 'Arn'), ContainerName: 'name' }]);
    assert.equal(map(propsOf(r, 'cloud-map-NameService', 'ServiceDiscoveryService').DnsConfig).NamespaceId, id(r, 'cloud-map-ClusterStack', 'ServiceDiscoveryNamespace'));
    assert.deepEqual(map(map(name.NetworkConfiguration).AwsvpcConfiguration).Subnets, [id(r, vpc, 'PrivateSubnetOne'), id(r, vpc, 'PrivateSubnetTwo')]);
  });

  it('puts hello behind a public ALB with an ip target group on the container port', () => {
    const hello = 'cloud-map-HelloService';
    assert.deepEqual(propsOf(r, hello, 'HelloService').LoadBalancers, [{ ContainerName: 'hello', ContainerPort: 3000, TargetGroupArn: id(r, hello, 'ServiceTargetGroup') }]);
    assert.equal(propsOf(r, hello, 'ServiceTargetGroup').TargetType, 'ip');
    assert.equal(propsOf(r, hello, 'ServiceTargetGroup').Port, 3000);
    assert.deepEqual(propsOf(r, hello, 'PublicLoadBalancer').Subnets, [id(r, vpc, 'PublicSubnetOne'), id(r, vpc, 'PublicSubnetTwo')]);
    assert.deepEqual(propsOf(r, hello, 'PublicLoadBalancerSG').SecurityGroupIngress, [{ CidrIp: '0.0.0.0/0', IpProtocol: -1 }]);
    assert.deepEqual(att(r, hello, 'ServiceTargetGroup', 'LoadBalancerArns'), [id(r, hello, 'PublicLoadBalancer')]);
  });
});

describe('container-patterns/isolated-vpc-no-nat', () => {
  const r = result('container-patterns/isolated-vpc-no-nat');

  it('skips the EC2-only endpoints (DeployingToEC2 defaults to false) and keeps the others in the private subnets', () => {
    assert.deepEqual(stackOf(r, 'isolated-vpc').skipped, ['EcsAgentEndpoint', 'EcsTelemetryEndpoint', 'EcsEndpoint']);
    assert.deepEqual(stackOf(r, 'isolated-vpc').conditions, { CreateEcsOnEc2Resources: false });
    assert.deepEqual(propsOf(r, 'isolated-vpc', 'S3Endpoint'), {
      VpcEndpointType: 'Gateway',
      RouteTableIds: [id(r, 'isolated-vpc', 'RouteTable')],
      ServiceName: 'com.amazonaws.us-east-1.s3',
      VpcId: id(r, 'isolated-vpc', 'VPC'),
    });
    const ecr = propsOf(r, 'isolated-vpc', 'EcrDkrEndpoint');
    assert.equal(ecr.ServiceName, 'com.amazonaws.us-east-1.ecr.dkr');
    assert.deepEqual(ecr.SubnetIds, [id(r, 'isolated-vpc', 'PrivateSubnetOne'), id(r, 'isolated-vpc', 'PrivateSubnetTwo')]);
    assert.deepEqual(propsOf(r, 'isolated-vpc', 'SecurityGroupAccessRule'), {
      IpProtocol: -1,
      SourceSecurityGroupId: id(r, 'isolated-vpc', 'SecurityGroup'),
      GroupId: id(r, 'isolated-vpc', 'SecurityGroup'),
    });
  });

  it('deploys the service into that VPC: the parameters of corpus-sets.json name its resources', () => {
    assert.equal(propsOf(r, 'private-service', 'ServiceSecurityGroup').VpcId, id(r, 'isolated-vpc', 'VPC'));
    assert.deepEqual(map(map(propsOf(r, 'private-service', 'Service').NetworkConfiguration).AwsvpcConfiguration).Subnets, [
      id(r, 'isolated-vpc', 'PrivateSubnetOne'),
      id(r, 'isolated-vpc', 'PrivateSubnetTwo'),
    ]);
    assert.equal(propsOf(r, 'private-service', 'PrivateLinkIngressFromService').GroupId, id(r, 'isolated-vpc', 'SecurityGroup'));
    assert.equal(propsOf(r, 'private-service', 'PrivateLinkIngressFromService').SourceSecurityGroupId, id(r, 'private-service', 'ServiceSecurityGroup'));
  });
});

describe('container-patterns/public-facing-web-ec2', () => {
  const r = result('container-patterns/public-facing-web-ec2');

  it('maps dynamic host ports (bridge) to an instance target group in the VPC of the other stack', () => {
    const task = propsOf(r, 'web', 'TaskDefinition');
    assert.equal(task.NetworkMode, 'bridge');
    assert.deepEqual(map(list(task.ContainerDefinitions)[0]).PortMappings, [{ ContainerPort: 80, HostPort: 0 }]);
    assert.equal(propsOf(r, 'web', 'ServiceTargetGroup').TargetType, 'instance');
    assert.equal(propsOf(r, 'web', 'ServiceTargetGroup').VpcId, id(r, 'vpc', 'VPC'));
    assert.deepEqual(propsOf(r, 'web', 'PublicLoadBalancer').Subnets, [id(r, 'vpc', 'PublicSubnetOne'), id(r, 'vpc', 'PublicSubnetTwo')]);
    assert.deepEqual(propsOf(r, 'web', 'PublicLoadBalancerListener').DefaultActions, [
      { Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: id(r, 'web', 'ServiceTargetGroup'), Weight: 100 }] } },
    ]);
    assert.deepEqual(propsOf(r, 'web', 'Service').CapacityProviderStrategy, [{ Base: 0, CapacityProvider: 'web-capacity-provider', Weight: 1 }]);
  });
});

describe('ecs-refarch-cloudformation', () => {
  const r = result('ecs-refarch-cloudformation');
  const vpc = 'ecs-refarch-VPC';

  it('matches every S3 TemplateURL to the local file and resolves the seven children', () => {
    assert.deepEqual(
      r.deployment.stacks.map((s) => [s.name, s.template.file.replace('aws-samples__ecs-refarch-cloudformation/', '')]),
      [
        ['ecs-refarch', 'master.yaml'],
        ['ecs-refarch-VPC', 'infrastructure/vpc.yaml'],
        ['ecs-refarch-SecurityGroups', 'infrastructure/security-groups.yaml'],
        ['ecs-refarch-ALB', 'infrastructure/load-balancers.yaml'],
        ['ecs-refarch-ECS', 'infrastructure/ecs-cluster.yaml'],
        ['ecs-refarch-ProductService', 'services/product-service/service.yaml'],
        ['ecs-refarch-WebsiteService', 'services/website-service/service.yaml'],
        ['ecs-refarch-LifecycleHook', 'infrastructure/lifecyclehook.yaml'],
      ],
    );
  });

  it('builds the VPC from the parameters the master passes', () => {
    assert.equal(propsOf(r, vpc, 'VPC').CidrBlock, '10.180.0.0/16');
    assert.deepEqual(propsOf(r, vpc, 'VPC').Tags, [{ Key: 'Name', Value: 'ecs-refarch' }]);
    assert.deepEqual(
      ['PublicSubnet1', 'PublicSubnet2', 'PrivateSubnet1', 'PrivateSubnet2'].map((s) => [propsOf(r, vpc, s).CidrBlock, propsOf(r, vpc, s).AvailabilityZone]),
      [
        ['10.180.8.0/21', 'us-east-1a'],
        ['10.180.16.0/21', 'us-east-1b'],
        ['10.180.24.0/21', 'us-east-1a'],
        ['10.180.32.0/21', 'us-east-1b'],
      ],
    );
    assert.deepEqual(propsOf(r, vpc, 'PublicSubnet1').Tags, [{ Key: 'Name', Value: 'ecs-refarch Public Subnet (AZ1)' }]);
    assert.equal(propsOf(r, vpc, 'DefaultPrivateRoute2').NatGatewayId, id(r, vpc, 'NatGateway2'));
    assert.equal(propsOf(r, vpc, 'DefaultPublicRoute').GatewayId, id(r, vpc, 'InternetGateway'));
  });

  it('lets only the load balancer reach the ECS hosts', () => {
    const sg = 'ecs-refarch-SecurityGroups';
    assert.deepEqual(propsOf(r, sg, 'ECSHostSecurityGroup').SecurityGroupIngress, [{ SourceSecurityGroupId: id(r, sg, 'LoadBalancerSecurityGroup'), IpProtocol: -1 }]);
    assert.equal(propsOf(r, sg, 'ECSHostSecurityGroup').VpcId, id(r, vpc, 'VPC'));
    assert.deepEqual(propsOf(r, sg, 'LoadBalancerSecurityGroup').SecurityGroupIngress, [{ CidrIp: '0.0.0.0/0', IpProtocol: -1 }]);
    assert.deepEqual(propsOf(r, 'ecs-refarch-ALB', 'LoadBalancer').SecurityGroups, [id(r, sg, 'LoadBalancerSecurityGroup')]);
  });

  it('places the cluster instances in the private subnets with the SSM AMI and cfn-init user data', () => {
    const ecs = 'ecs-refarch-ECS';
    assert.equal(propsOf(r, ecs, 'ECSCluster').ClusterName, 'ecs-refarch');
    assert.deepEqual(propsOf(r, ecs, 'ECSAutoScalingGroup').VPCZoneIdentifier, [id(r, vpc, 'PrivateSubnet1'), id(r, vpc, 'PrivateSubnet2')]);
    assert.equal(propsOf(r, ecs, 'ECSAutoScalingGroup').DesiredCapacity, 4);
    const launch = propsOf(r, ecs, 'ECSLaunchConfiguration');
    assert.match(String(launch.ImageId), /^ami-0[0-9a-f]{16}$/);
    assert.equal(launch.InstanceType, 't2.large');
    assert.deepEqual(launch.SecurityGroups, [id(r, 'ecs-refarch-SecurityGroups', 'ECSHostSecurityGroup')]);
    const script = String(launch.UserData);
    assert.equal(script, base64Encode(decodeBase64(script)));
    assert.match(decodeBase64(script), /cfn-signal -e \$\? --region us-east-1 --stack ecs-refarch-ECS --resource ECSAutoScalingGroup/);
  });

  it('routes /products and / of the shared ALB listener to the two services', () => {
    const listener = id(r, 'ecs-refarch-ALB', 'LoadBalancerListener');
    assert.match(listener, /^arn:aws:elasticloadbalancing:us-east-1:123456789012:listener\/app\/ecs-refarch\/[0-9a-f]{16}\/[0-9a-f]{16}$/);
    const product = propsOf(r, 'ecs-refarch-ProductService', 'ListenerRule');
    assert.deepEqual([product.ListenerArn, product.Priority, product.Conditions], [listener, 2, [{ Field: 'path-pattern', Values: ['/products'] }]]);
    const website = propsOf(r, 'ecs-refarch-WebsiteService', 'ListenerRule');
    assert.deepEqual([website.ListenerArn, website.Priority, website.Conditions], [listener, 1, [{ Field: 'path-pattern', Values: ['/'] }]]);
    assert.deepEqual(propsOf(r, 'ecs-refarch-ProductService', 'Service').LoadBalancers, [
      { ContainerName: 'product-service', ContainerPort: 8001, TargetGroupArn: id(r, 'ecs-refarch-ProductService', 'TargetGroup') },
    ]);
    assert.equal(propsOf(r, 'ecs-refarch-ProductService', 'Service').Cluster, 'ecs-refarch');
    const dns = String(att(r, 'ecs-refarch-ALB', 'LoadBalancer', 'DNSName'));
    assert.match(dns, /^ecs-refarch-[1-9]\d{9}\.us-east-1\.elb\.amazonaws\.com$/);
    const env = map(list(propsOf(r, 'ecs-refarch-WebsiteService', 'TaskDefinition').ContainerDefinitions)[0]).Environment;
    assert.deepEqual(env, [{ Name: 'PRODUCT_SERVICE_URL', Value: `${dns}/products` }]);
    assert.equal(stackOf(r, 'ecs-refarch').outputs.WebsiteServiceUrl, `${dns}/`);
    assert.equal(propsOf(r, 'ecs-refarch-WebsiteService', 'CloudWatchLogsGroup').LogGroupName, 'ecs-refarch-WebsiteService');
    assert.equal(propsOf(r, 'ecs-refarch-LifecycleHook', 'InstanceTerminatingHook').AutoScalingGroupName, id(r, 'ecs-refarch-ECS', 'ECSAutoScalingGroup'));
  });
});

describe('cloudformation-templates/fargate-private-vpc-service', () => {
  const r = result('cloudformation-templates/fargate-private-vpc-service');

  it('orders the exporting VPC stack first and fills every Fn::ImportValue with its values', () => {
    assert.deepEqual(
      r.deployment.stacks.map((s) => s.name),
      ['production', 'service'],
    );
    const service = propsOf(r, 'service', 'Service');
    assert.equal(service.Cluster, id(r, 'production', 'ECSCluster'));
    assert.deepEqual(map(service.NetworkConfiguration).AwsvpcConfiguration, {
      AssignPublicIp: 'ENABLED',
      SecurityGroups: [id(r, 'production', 'FargateContainerSecurityGroup')],
      Subnets: [id(r, 'production', 'PrivateSubnetOne'), id(r, 'production', 'PrivateSubnetTwo')],
    });
    assert.equal(propsOf(r, 'service', 'TargetGroup').VpcId, id(r, 'production', 'VPC'));
    assert.equal(propsOf(r, 'service', 'LoadBalancerRule').ListenerArn, id(r, 'production', 'PublicLoadBalancerListener'));
    assert.deepEqual(propsOf(r, 'service', 'LoadBalancerRule').Conditions, [{ Field: 'path-pattern', Values: ['*'] }]);
    const task = propsOf(r, 'service', 'TaskDefinition');
    assert.equal(task.ExecutionRoleArn, att(r, 'production', 'ECSTaskExecutionRole', 'Arn'));
    assert.equal('TaskRoleArn' in task, false);
    assert.deepEqual(stackOf(r, 'service').conditions, { HasCustomRole: false });
  });

  it('lays out the Fargate VPC in /24s over two zones', () => {
    assert.deepEqual(
      ['PublicSubnetOne', 'PublicSubnetTwo', 'PrivateSubnetOne', 'PrivateSubnetTwo'].map((s) => [
        propsOf(r, 'production', s).CidrBlock,
        propsOf(r, 'production', s).AvailabilityZone,
      ]),
      [
        ['10.0.0.0/24', 'us-east-1a'],
        ['10.0.1.0/24', 'us-east-1b'],
        ['10.0.2.0/24', 'us-east-1a'],
        ['10.0.3.0/24', 'us-east-1b'],
      ],
    );
  });
});

describe('cloudformation-templates/nlb-with-eips', () => {
  const r = result('cloudformation-templates/nlb-with-eips');

  it('gives each NLB subnet mapping its Elastic IP, numbered after the VPC stack ones', () => {
    assert.deepEqual(
      ['EIP1', 'EIP2', 'FirstEIP', 'SecondEIP'].map((e) => id(r, 'nlb', e)),
      ['198.18.0.3', '198.18.0.4', '198.18.0.5', '198.18.0.6'],
    );
    const lb = propsOf(r, 'nlb', 'loadBalancer');
    assert.deepEqual(lb.SubnetMappings, [
      { AllocationId: att(r, 'nlb', 'EIP1', 'AllocationId'), SubnetId: id(r, 'production', 'PublicSubnetOne') },
      { AllocationId: att(r, 'nlb', 'EIP2', 'AllocationId'), SubnetId: id(r, 'production', 'PublicSubnetTwo') },
    ]);
    assert.equal(lb.Type, 'network');
    assert.match(String(att(r, 'nlb', 'loadBalancer', 'DNSName')), /^nlb-loadB-[A-Z0-9]{12}-[0-9a-f]{16}\.elb\.us-east-1\.amazonaws\.com$/);
    assert.equal(propsOf(r, 'nlb', 'TargetGroup').VpcId, id(r, 'production', 'VPC'));
    assert.deepEqual([propsOf(r, 'nlb', 'Listener').Port, propsOf(r, 'nlb', 'Listener').Protocol], ['80', 'TCP']);
  });
});

describe('app-mesh/howto-servicediscovery-cloudmap', () => {
  const r = result('app-mesh/howto-servicediscovery-cloudmap');

  it('imports the VPC by the name the app expects and agrees with the mesh stack on names', () => {
    assert.deepEqual(
      r.deployment.stacks.map((s) => s.name),
      ['colorapp-vpc', 'colorapp-mesh', 'colorapp'],
    );
    assert.equal(propsOf(r, 'colorapp', 'SecurityGroup').VpcId, id(r, 'colorapp-vpc', 'VPC'));
    assert.deepEqual(propsOf(r, 'colorapp', 'SecurityGroup').SecurityGroupIngress, [{ CidrIp: '10.0.0.0/16', IpProtocol: -1 }]);
    assert.deepEqual(map(map(propsOf(r, 'colorapp', 'BlueColorTellerService').NetworkConfiguration).AwsvpcConfiguration).Subnets, [
      id(r, 'colorapp-vpc', 'PrivateSubnet1'),
      id(r, 'colorapp-vpc', 'PrivateSubnet2'),
    ]);
    assert.equal(propsOf(r, 'colorapp', 'CloudMapNamespace').Name, 'colorapp-mesh.local');
    assert.equal(map(map(map(propsOf(r, 'colorapp-mesh', 'ColorTellerBlueNode').Spec).ServiceDiscovery).AWSCloudMap).NamespaceName, 'colorapp-mesh.local');
    assert.equal(propsOf(r, 'colorapp-mesh', 'Mesh').MeshName, 'colorapp-mesh');
    const envoy = map(list(propsOf(r, 'colorapp', 'BlueColorTellerTaskDefinition').ContainerDefinitions)[1]);
    assert.deepEqual(list(envoy.Environment)[0], { Name: 'APPMESH_RESOURCE_ARN', Value: 'mesh/colorapp-mesh/virtualNode/colorteller-blue-node' });
    assert.equal(id(r, 'colorapp-mesh', 'ColorTellerBlueNode'), 'arn:aws:appmesh:us-east-1:123456789012:mesh/colorapp-mesh/virtualNode/colorteller-blue-node');
    assert.equal(stackOf(r, 'colorapp').outputs.ColorGatewayEndpoint, `http://${String(att(r, 'colorapp', 'PublicLoadBalancer', 'DNSName'))}`);
  });
});

describe('app-mesh/howto-alb', () => {
  const r = result('app-mesh/howto-alb');

  it('links the app to the infrastructure exports: VPC, hosted zone, namespace and mesh', () => {
    assert.equal(propsOf(r, 'app', 'TaskSecurityGroup').VpcId, id(r, 'infra', 'VPC'));
    const record = propsOf(r, 'app', 'BackendRecordSet');
    assert.equal(record.HostedZoneId, id(r, 'infra', 'DnsHostedZone'));
    assert.equal(record.Name, 'backend.howto-alb.hosted.local');
    assert.deepEqual(record.AliasTarget, { HostedZoneId: 'Z35SXDOTRQ7X7K', DNSName: att(r, 'app', 'BackendV1LoadBalancer', 'DNSName') });
    assert.match(String(att(r, 'app', 'BackendV1LoadBalancer', 'DNSName')), /^internal-app-Backe-[A-Z0-9]{12}-\d{10}\.us-east-1\.elb\.amazonaws\.com$/);
    assert.equal(propsOf(r, 'app', 'BackendVirtualService').VirtualServiceName, 'backend.howto-alb.hosted.local');
    assert.equal(propsOf(r, 'app', 'BackendV1VirtualNode').MeshName, 'howto-alb');
    assert.equal(map(map(propsOf(r, 'app', 'BackendV2ServiceRegistry').DnsConfig)).NamespaceId, att(r, 'infra', 'DnsNamespace', 'Id'));
    assert.deepEqual(map(map(propsOf(r, 'app', 'BackendRoute').Spec).HttpRoute).Action, {
      WeightedTargets: [
        { VirtualNode: 'howto-alb-backend-v1-node', Weight: 50 },
        { VirtualNode: 'howto-alb-backend-v2-node', Weight: 50 },
      ],
    });
    assert.equal(propsOf(r, 'infra', 'DnsHostedZone').Name, 'howto-alb.hosted.local');
    assert.deepEqual(att(r, 'infra', 'DnsHostedZone', 'NameServers'), []);
  });
});

describe('app-mesh/howto-ecs-basics', () => {
  it('resolves both steps of the walkthrough as one stack each, with the same network', () => {
    for (const step of ['app-mesh/howto-ecs-basics-servicediscovery', 'app-mesh/howto-ecs-basics-routing']) {
      const r = result(step);
      assert.deepEqual(
        ['PublicSubnet1', 'PublicSubnet2', 'PrivateSubnet1', 'PrivateSubnet2'].map((s) => propsOf(r, 'ecs-basics', s).CidrBlock),
        ['10.0.0.0/19', '10.0.32.0/19', '10.0.64.0/19', '10.0.96.0/19'],
      );
      assert.equal(propsOf(r, 'ecs-basics', 'DefaultPrivateRoute1').NatGatewayId, id(r, 'ecs-basics', 'NatGateway1'));
    }
    const routing = result('app-mesh/howto-ecs-basics-routing');
    const proxy = map(propsOf(routing, 'ecs-basics', 'ColorTaskDef').ProxyConfiguration);
    assert.deepEqual(
      list(proxy.ProxyConfigurationProperties).find((p) => map(p).Name === 'AppPorts'),
      { Name: 'AppPorts', Value: '8080' },
    );
    assert.deepEqual(propsOf(routing, 'ecs-basics', 'AppMeshWildcardRecordSet').Name, '*.ecs-basics.mesh.local');
  });
});

describe('task definitions', () => {
  it('imports plain RegisterTaskDefinition JSON as one AWS::ECS::TaskDefinition with CloudFormation names', () => {
    const consul = result('task-definitions/consul');
    const client = resourceOf(consul, 'consul-client', 'consulClient');
    assert.equal(client.type, 'AWS::ECS::TaskDefinition');
    assert.equal(client.properties.NetworkMode, 'host');
    assert.equal(client.physicalId, 'arn:aws:ecs:us-east-1:123456789012:task-definition/consulClient:1');
    assert.deepEqual(map(list(client.properties.ContainerDefinitions)[0]).DockerLabels, { Name: 'consulClient' });
    const nginx = result('task-definitions/nginx');
    assert.equal(propsOf(nginx, 'nginx-ec2', 'nginx').NetworkMode, 'bridge');
    assert.deepEqual(map(list(propsOf(nginx, 'nginx-ec2', 'nginx').ContainerDefinitions)[0]).PortMappings, [{ ContainerPort: 80, Protocol: 'tcp' }]);
    assert.deepEqual(
      [propsOf(nginx, 'nginx-fargate', 'nginx').Cpu, propsOf(nginx, 'nginx-fargate', 'nginx').Memory, propsOf(nginx, 'nginx-fargate', 'nginx').NetworkMode],
      ['256', '512', 'awsvpc'],
    );
    const across = result('container-patterns/task-definition-across-ec2-and-fargate');
    assert.deepEqual(propsOf(across, 'task-definition', 'nginx'), {
      Family: 'nginx',
      RequiresCompatibilities: ['EC2', 'FARGATE'],
      Cpu: '256',
      Memory: '512',
      NetworkMode: 'awsvpc',
      ContainerDefinitions: [{ Name: 'nginx', Image: 'public.ecr.aws/nginx/nginx:mainline' }],
    });
  });
});

function decodeBase64(text: string): string {
  return new TextDecoder().decode(Uint8Array.from(atob(text), (c) => c.charCodeAt(0)));
}

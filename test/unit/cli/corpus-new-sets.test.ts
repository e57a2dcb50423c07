/**
 * The stack sets added with the second corpus (PRX, API Gateway private integrations, App Mesh
 * IPv6 and metrics, cdk synth output, copilot) through the CLI, in-process: the model `show
 * --json` builds holds the CIDRs, zones, services and wiring the templates describe, and `plan
 * --json` places what the templates ask for. Values come from the templates (and the parameters
 * of corpus-sets.json), read by hand.
 */
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { describe, it } from 'node:test';
import { corpusSetArgs, corpusSets } from '../../helpers/corpus.js';
import { runCli } from '../../helpers/run-cli.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function json(command: 'show' | 'plan', name: string): Promise<Json> {
  const set = corpusSets.find((s) => s.name === name);
  assert.ok(set, name);
  const result = await runCli([command, '--json', ...corpusSetArgs(set)]);
  assert.ok(result.code === 0 || (command === 'plan' && result.code === 1), result.err);
  return JSON.parse(result.out) as Json;
}

const subnetsOf = (m: Json) => m.vpcs.flatMap((v: Json) => v.subnets.map((s: Json) => `${s.logicalId} ${s.cidr} ${s.az} ${s.public ? 'public' : 'private'}`));
const placed = (p: Json) => p.services.map((s: Json) => `${s.logicalId} ${s.placed}/${s.desired}`);

describe('prx/spire', () => {
  it("resolves the shared VPC's seven children from TemplateURLs built on the TemplateUrlPrefix parameter", async () => {
    const m = await json('show', 'prx/spire');
    assert.deepEqual(
      m.stacks.filter((s: Json) => s.parent === 'vpc').map((s: Json) => `${s.name} ${basename(s.file)}`),
      [
        'vpc-PublicNetworkAclStack public-network-acl.yml',
        'vpc-PrivateNetworkAclStack private-network-acl.yml',
        'vpc-PublicSubnetsStack public-subnets.yml',
        'vpc-PrivateSubnetsStack private-subnets.yml',
        'vpc-InterfaceEndpointsStack interface-endpoints.yml',
        'vpc-GatewayEndpointsStack gateway-endpoints.yml',
        'vpc-FlowLogsStack flow-logs.yml',
      ],
    );
  });

  it('spreads three public and three private /20s over the zones the AZ-selector custom resource returns, dual stack', async () => {
    const m = await json('show', 'prx/spire');
    assert.deepEqual(subnetsOf(m), [
      'PublicSubnet1 10.0.0.0/20 us-east-1a public',
      'PublicSubnet2 10.0.16.0/20 us-east-1b public',
      'PublicSubnet3 10.0.32.0/20 us-east-1c public',
      'PrivateSubnet1 10.0.48.0/20 us-east-1a private',
      'PrivateSubnet2 10.0.64.0/20 us-east-1b private',
      'PrivateSubnet3 10.0.80.0/20 us-east-1c private',
    ]);
    assert.ok(
      m.vpcs[0].subnets.every((s: Json) => /^2600:1f18:de59:a0[0-5]::\/64$/.test(s.ipv6Cidr)),
      "each subnet has a /64 of the VPC's Amazon-provided block",
    );
    assert.deepEqual(
      m.natGateways.map((n: Json) => n.subnetId),
      ['vpc-PublicSubnetsStack.PublicSubnet1'],
    );
    assert.deepEqual(
      m.vpcEndpoints.map((e: Json) => `${e.service} ${e.endpointType}`),
      ['s3 Gateway', 'dynamodb Gateway'],
    );
    assert.deepEqual(
      m.networkAcls.map((a: Json) => `${a.logicalId} ${a.entries.length}`),
      ['Vpc 2', 'PublicNetworkAcl 44', 'PrivateNetworkAcl 30'],
    );
    assert.equal(m.flowLogs.length, 1);
  });

  it("joins both capacity providers' Auto Scaling groups to the cluster, and the networks app to the VPC and cluster", async () => {
    const m = await json('show', 'prx/spire');
    assert.deepEqual(
      m.autoScalingGroups.map((g: Json) => `${g.stack} ${g.instanceType} ${g.minSize}/${g.desiredCapacity}/${g.maxSize} ${g.clusterId}`),
      ['asg-x86-64 t3a.medium 0/0/20 ecs-cluster.EcsCluster', 'asg-aarch64 t4g.medium 0/0/20 ecs-cluster.EcsCluster'],
    );
    assert.deepEqual(
      m.clusters[0].capacityProviders.slice(0, 2).map((p: string) => p.replace(/-[A-Z0-9]+$/, '')),
      ['asg-x86-64-DefaultCapacityProvider', 'asg-aarch64-DefaultCapacityProvider'],
    );
    assert.deepEqual(
      m.services.map((s: Json) => `${s.logicalId} ${s.networkMode} ${s.clusterId}`),
      ['PublicWebEcsService bridge ecs-cluster.EcsCluster', 'SphinxServerEcsService awsvpc ecs-cluster.EcsCluster'],
    );
    assert.deepEqual(m.services[1].awsvpc.subnetIds, [
      'vpc-PrivateSubnetsStack.PrivateSubnet1',
      'vpc-PrivateSubnetsStack.PrivateSubnet2',
      'vpc-PrivateSubnetsStack.PrivateSubnet3',
    ]);
    assert.deepEqual(
      m.listeners.map((l: Json) => `${l.logicalId} ${l.protocol}:${l.port}`),
      ['SphinxServerSearchdNlbListener TCP:9312', 'SphinxServerWebNlbListener TLS:443'],
    );
    assert.deepEqual(
      m.loadBalancers.map((l: Json) => `${l.logicalId} ${l.kind} ${l.scheme} ${l.subnetIds.length}`),
      ['Nlb network internal 3'],
    );
  });

  it('plans no task: the capacity providers start at zero instances, which ECS would scale out', async () => {
    assert.deepEqual(placed(await json('plan', 'prx/spire')), ['PublicWebEcsService 0/2', 'SphinxServerEcsService 0/1']);
  });
});

describe('aws-apigw-http-api-private', () => {
  for (const [name, stack, target] of [
    ['aws-apigw-http-api-private/alb', 'apigw-alb', 'apigw-alb.PrivateLoadBalancerListener'],
    ['aws-apigw-http-api-private/nlb', 'apigw-nlb', 'apigw-nlb.NLBListener'],
    ['aws-apigw-http-api-private/cloudmap', 'apigw-cloudmap', 'apigw-cloudmap.DiscoveryService'],
  ] as const) {
    it(`${name}: a VPC link in the three private subnets integrates with ${target.split('.')[1]}; three awsvpc tasks on three instances`, async () => {
      const m = await json('show', name);
      assert.deepEqual(
        subnetsOf(m).filter((s: string) => s.includes('private')),
        ['PrivateSubnetOne 10.0.100.0/24 us-east-1a private', 'PrivateSubnetTwo 10.0.101.0/24 us-east-1b private', 'PrivateSubnetThree 10.0.102.0/24 us-east-1c private'],
      );
      assert.deepEqual(
        m.vpcLinks.map((v: Json) => v.subnetIds),
        [[`${stack}.PrivateSubnetOne`, `${stack}.PrivateSubnetTwo`, `${stack}.PrivateSubnetThree`]],
      );
      assert.deepEqual(
        m.httpApiIntegrations.map((i: Json) => [i.targetId, i.vpcLinkId]),
        [[target, `${stack}.PrivateAPIGWvpcLink`]],
      );
      assert.equal(m.natGateways.length, 3);
      assert.deepEqual(
        m.services.map((s: Json) => `${s.launchType} ${s.networkMode} ${s.desiredCount}`),
        ['EC2 awsvpc 3'],
      );
      assert.equal(m.autoScalingGroups[0].clusterId, `${stack}.ECSCluster`);
      const p = await json('plan', name);
      assert.deepEqual(
        p.services.map((s: Json) => [s.placed, s.desired]),
        [[3, 3]],
      );
      assert.equal(p.instances.length, 3);
    });
  }
});

describe('app-mesh/howto-ipv6', () => {
  for (const variant of ['cloud', 'dns']) {
    it(`${variant}: dual-stack VPC with an egress-only gateway for the private subnets' IPv6, seven Fargate services behind the mesh`, async () => {
      const m = await json('show', `app-mesh/howto-ipv6-${variant}`);
      assert.deepEqual(subnetsOf(m), [
        'PublicSubnet1 10.0.0.0/19 us-east-1a public',
        'PublicSubnet2 10.0.32.0/19 us-east-1b public',
        'PrivateSubnet1 10.0.64.0/19 us-east-1a private',
        'PrivateSubnet2 10.0.96.0/19 us-east-1b private',
      ]);
      assert.deepEqual(
        m.egressOnlyInternetGateways.map((g: Json) => g.vpcId),
        ['howto-ipv6-vpc.VPC'],
      );
      const privateRoutes = m.routeTables.find((t: Json) => t.logicalId === 'PrivateRouteTable1').routes.map((r: Json) => `${r.destination} ${r.target.kind}`);
      assert.deepEqual(privateRoutes, ['10.0.0.0/16 local', '0.0.0.0/0 nat-gateway', '::/0 egress-only-internet-gateway']);
      assert.ok(
        m.ignored.some((i: Json) => i.type === 'AWS::EC2::SubnetCidrBlock' && i.reason === 'not-emulated'),
        "the subnets' extra IPv6 blocks are read and listed as not emulated",
      );
      assert.equal(m.services.length, 7);
      assert.ok(m.services.every((s: Json) => s.launchType === 'FARGATE' && s.serviceRegistries.length === 1));
      const namespace = variant === 'cloud' ? 'howto-ipv6-ecs-cluster.ECSServiceDiscoveryNamespaceCloud' : 'howto-ipv6-ecs-cluster.ECSServiceDiscoveryNamespaceDns';
      assert.ok(
        m.discoveryServices.every((d: Json) => d.namespaceId === namespace),
        `every discovery service is in ${namespace}`,
      );
      assert.deepEqual(
        m.mesh.filter((x: Json) => x.kind === 'VirtualGateway').map((x: Json) => x.logicalId),
        ['ColorGateway'],
      );
      assert.deepEqual(
        m.listeners.map((l: Json) => `${l.protocol}:${l.port}`),
        ['TCP:80', 'TCP:81'],
      );
      assert.deepEqual(
        placed(await json('plan', `app-mesh/howto-ipv6-${variant}`)).every((s: string) => s.endsWith(' 1/1')),
        true,
      );
    });
  }
});

describe('app-mesh/howto-metrics-extension-ecs', () => {
  it('five Fargate services with Envoy and collector sidecars, a virtual gateway behind a public NLB, Cloud Map in djapp.local', async () => {
    const m = await json('show', 'app-mesh/howto-metrics-extension-ecs');
    assert.deepEqual(
      m.dnsNamespaces.map((n: Json) => `${n.kind} ${n.name}`),
      ['private-dns djapp.local'],
    );
    assert.deepEqual(
      m.mesh.map((x: Json) => x.kind).filter((k: string, i: number, all: string[]) => all.indexOf(k) === i),
      ['Mesh', 'VirtualNode', 'VirtualService', 'VirtualRouter', 'Route', 'VirtualGateway', 'GatewayRoute'],
    );
    const gateway = m.taskDefinitions.find((t: Json) => t.logicalId === 'DJAppGatewayTaskDef');
    assert.deepEqual(
      gateway.containers.map((c: Json) => c.name),
      ['otel-collector', 'envoy'],
    );
    assert.deepEqual(
      m.services.find((s: Json) => s.logicalId === 'DJAppGatewayService').loadBalancers.map((l: Json) => [l.targetGroupId, l.containerPort]),
      [['djapp.DJAppGatewayTargetGroup', 8080]],
    );
    assert.deepEqual(placed(await json('plan', 'app-mesh/howto-metrics-extension-ecs')), [
      'DJAppGatewayService 3/3',
      'DJAppService 3/3',
      'JazzService 2/2',
      'MetalV1Service 2/2',
      'MetalV2Service 2/2',
    ]);
  });
});

describe('aws-cdk', () => {
  it('service-connect: the cluster default namespace and an HttpNamespace by ARN, client alias api:80', async () => {
    const m = await json('show', 'aws-cdk/service-connect');
    assert.match(m.clusters[0].serviceConnectNamespace, /^arn:aws:servicediscovery:us-east-1:123456789012:namespace\/ns-/);
    assert.deepEqual(
      m.services.map((s: Json) => [
        s.serviceConnect.enabled,
        s.serviceConnect.services.map((x: Json) => `${x.portName} ${x.clientAliases.map((a: Json) => `${a.dnsName}:${a.port}`).join(',')}`),
      ]),
      [
        [true, ['api api:80']],
        [true, ['api api:80']],
      ],
    );
    assert.equal(m.services[0].serviceConnect.namespace, 'scorekeep.com');
    assert.deepEqual(
      subnetsOf(m).map((s: string) => s.split(' ').slice(1).join(' ')),
      ['10.0.0.0/18 us-east-1a public', '10.0.64.0/18 us-east-1b public', '10.0.128.0/18 us-east-1a private', '10.0.192.0/18 us-east-1b private'],
    );
  });

  it('sd-bridge-nw: a bridge service with a static host port, registered as SRV, on the ASG that joins the cluster', async () => {
    const m = await json('show', 'aws-cdk/sd-bridge-nw');
    const [service] = m.services;
    assert.equal(service.networkMode, 'bridge');
    assert.deepEqual(
      m.discoveryServices.map((d: Json) => d.dnsRecords.map((r: Json) => r.type)),
      [['SRV']],
    );
    assert.deepEqual(
      m.taskDefinitions[0].containers[0].portMappings.map((p: Json) => `${p.containerPort}/${p.hostPort}`),
      ['80/80'],
    );
    assert.equal(m.autoScalingGroups[0].clusterId, 'aws-ecs-integ-ecs.EcsCluster97242B84');
    const p = await json('plan', 'aws-cdk/sd-bridge-nw');
    assert.deepEqual(placed(p), ['FrontendServiceBC94BA93 1/1']);
    assert.deepEqual(
      p.tasks[0].ports.map((x: Json) => x.hostPort),
      [80],
    );
  });
});

describe('copilot', () => {
  it("nlb-service: the environment's exports wire the NLB service (TLS 443, TCP 8080, UDP 8081, ip targets, Service Connect)", async () => {
    const m = await json('show', 'copilot/nlb-service');
    assert.deepEqual(subnetsOf(m), [
      'PublicSubnet1 10.0.0.0/24 us-east-1a public',
      'PublicSubnet2 10.0.1.0/24 us-east-1b public',
      'PrivateSubnet1 10.0.2.0/24 us-east-1a private',
      'PrivateSubnet2 10.0.3.0/24 us-east-1b private',
    ]);
    assert.deepEqual(
      m.listeners.map((l: Json) => `${l.protocol}:${l.port}`),
      ['TLS:443', 'TCP:8080', 'UDP:8081'],
    );
    assert.ok(m.targetGroups.every((t: Json) => t.targetType === 'ip'));
    const [service] = m.services;
    assert.deepEqual(service.awsvpc.subnetIds, ['my-app-test.PublicSubnet1', 'my-app-test.PublicSubnet2']);
    assert.equal(service.clusterId, 'my-app-test.Cluster');
    assert.deepEqual(
      service.serviceConnect.services.map((s: Json) => [s.portName, s.discoveryName, s.clientAliases[0].dnsName, s.clientAliases[0].port]),
      [['target', 'fe-sc', 'fe', 80]],
    );
    assert.equal(service.serviceConnect.namespace, 'test.my-app.local');
    assert.deepEqual(
      m.discoveryServices.map((d: Json) => [d.namespaceId, d.dnsRecords.map((r: Json) => r.type)]),
      [['my-app-test.ServiceDiscoveryNamespace', ['A', 'SRV']]],
    );
    assert.deepEqual(placed(await json('plan', 'copilot/nlb-service')), ['Service 5/5']);
  });

  it('backend-service: the environment controller hands over the internal listener, so both rules attach to it with distinct priorities', async () => {
    const m = await json('show', 'copilot/backend-service');
    assert.deepEqual(
      m.loadBalancers.map((l: Json) => `${l.logicalId} ${l.scheme} ${l.subnetIds.join(',')}`),
      ['InternalLoadBalancer internal my-app-my-env.PrivateSubnet1,my-app-my-env.PrivateSubnet2'],
    );
    assert.deepEqual(
      m.listenerRules.map((r: Json) => r.listenerId),
      ['my-app-my-env.InternalHTTPListener', 'my-app-my-env.InternalHTTPListener'],
    );
    const [a, b] = m.listenerRules.map((r: Json) => r.priority as number);
    assert.ok(a >= 1 && a <= 50000 && b >= 1 && b <= 50000 && a !== b, `priorities ${a}, ${b}`);
    assert.deepEqual(
      m.listenerRules.map((r: Json) => r.conditions.find((c: Json) => c.field === 'path-pattern').values[0]),
      ['/http-full-config-path', '/admin'],
    );
    assert.deepEqual(
      m.services[0].loadBalancers.map((l: Json) => `${l.targetGroupId} ${l.containerPort}`),
      ['my-app-my-env-http-full-config.TargetGroup 8081', 'my-app-my-env-http-full-config.TargetGroup1 8080'],
    );
    assert.deepEqual(placed(await json('plan', 'copilot/backend-service')), ['Service 1/1']);
  });
});

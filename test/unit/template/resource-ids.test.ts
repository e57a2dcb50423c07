/**
 * Physical ids and attributes: AWS's shapes, stable across runs, distinct per (stack, logical
 * id), public addresses allocated in deployment order, load-balancer names and DNS names as
 * AWS forms them — and every attribute produced is one AWS's resource specification declares.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadSpecIndex } from '../../../src/spec/load-spec.js';
import { resourceSpec, definitionSpec, type TypeDescriptor } from '../../../src/spec/spec-index.js';
import { fnv1a64Hex } from '../../../src/template/hash.js';
import { RESOURCE_ID_RULES } from '../../../src/template/resource-ids.js';
import { cloudFormationName } from '../../../src/template/task-definition-json.js';
import { parseTemplate } from '../../../src/template/parse.js';
import { isPlaceholder } from '../../../src/template/placeholder.js';
import { resolveDeployment } from '../../../src/template/resolve.js';
import type { CfnValue } from '../../../src/template/types.js';
import { errorsOf, resolveFiles, resolveOne, resourceOf } from './helpers.js';

const network = `Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Ipv6:
    Type: AWS::EC2::VPCCidrBlock
    Properties: {VpcId: !Ref Vpc, AmazonProvidedIpv6CidrBlock: true}
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.1.0/24
      AvailabilityZone: us-east-1b
      Ipv6CidrBlock: !Select [1, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 4, 64]]
  Igw: {Type: AWS::EC2::InternetGateway}
  Eip1: {Type: AWS::EC2::EIP, Properties: {Domain: vpc}}
  Eip2: {Type: AWS::EC2::EIP, Properties: {Domain: vpc}}
  Nat:
    Type: AWS::EC2::NatGateway
    Properties: {AllocationId: !GetAtt Eip2.AllocationId, SubnetId: !Ref Subnet}
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: x, VpcId: !Ref Vpc}
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: {Name: web, Subnets: [!Ref Subnet]}
  InternalAlb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: {Scheme: internal, Subnets: [!Ref Subnet], SecurityGroups: [!Ref Sg]}
  Nlb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: {Type: network, Name: tcp, Subnets: [!Ref Subnet]}
  Tg:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties: {Name: api, Port: 80, Protocol: HTTP, VpcId: !Ref Vpc}
  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties: {LoadBalancerArn: !Ref Alb, Port: 80, Protocol: HTTP, DefaultActions: [{Type: forward, TargetGroupArn: !Ref Tg}]}
  Rule:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties: {ListenerArn: !Ref Listener, Priority: 1, Conditions: [], Actions: [{Type: forward, TargetGroupArn: !Ref Tg}]}
  Cluster: {Type: AWS::ECS::Cluster, Properties: {ClusterName: main}}
  Generated: {Type: AWS::ECS::Cluster}
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties: {Family: api, ContainerDefinitions: []}
  Service:
    Type: AWS::ECS::Service
    Properties: {Cluster: !Ref Cluster, ServiceName: api, TaskDefinition: !Ref Task}
  Namespace:
    Type: AWS::ServiceDiscovery::PrivateDnsNamespace
    Properties: {Name: local, Vpc: !Ref Vpc}
  Discovery:
    Type: AWS::ServiceDiscovery::Service
    Properties: {Name: api, DnsConfig: {NamespaceId: !Ref Namespace, DnsRecords: [{Type: A, TTL: 10}]}}
  Zone: {Type: AWS::Route53::HostedZone, Properties: {Name: example.com}}
  Role: {Type: AWS::IAM::Role, Properties: {AssumeRolePolicyDocument: {}, Path: /service/}}
  Logs: {Type: AWS::Logs::LogGroup}
  Mesh: {Type: AWS::AppMesh::Mesh, Properties: {MeshName: m}}
  Node:
    Type: AWS::AppMesh::VirtualNode
    Properties: {MeshName: !GetAtt Mesh.MeshName, VirtualNodeName: api-node, Spec: {}}
  Api: {Type: AWS::ApiGatewayV2::Api, Properties: {Name: a, ProtocolType: HTTP}}
  Link: {Type: AWS::ApiGatewayV2::VpcLink, Properties: {Name: l, SubnetIds: [!Ref Subnet]}}
`;

describe('physical ids and attributes', () => {
  const result = resolveOne(network, { name: 'prod' });
  const r = (id: string) => resourceOf(result, 'prod', id);

  it('resolve without findings', () => {
    assert.deepEqual(errorsOf(result), []);
  });

  it('have EC2 id shapes', () => {
    assert.match(r('Vpc').physicalId, /^vpc-0[0-9a-f]{16}$/);
    assert.match(r('Subnet').physicalId, /^subnet-0[0-9a-f]{16}$/);
    assert.match(r('Igw').physicalId, /^igw-0[0-9a-f]{16}$/);
    assert.match(r('Nat').physicalId, /^nat-0[0-9a-f]{16}$/);
    assert.match(r('Sg').physicalId, /^sg-0[0-9a-f]{16}$/);
    assert.match(String(r('Eip1').attributes.AllocationId), /^eipalloc-0[0-9a-f]{16}$/);
    assert.match(r('Namespace').physicalId, /^ns-[a-z0-9]{16}$/);
    assert.match(r('Discovery').physicalId, /^srv-[a-z0-9]{16}$/);
    assert.match(r('Zone').physicalId, /^Z0[A-Z0-9]{19}$/);
    assert.match(r('Api').physicalId, /^[a-z0-9]{10}$/);
  });

  it('give VPC and subnet the attributes templates read', () => {
    const vpc = r('Vpc').attributes;
    assert.equal(vpc.CidrBlock, '10.0.0.0/16');
    assert.equal(vpc.VpcId, r('Vpc').physicalId);
    assert.match(String(vpc.DefaultSecurityGroup), /^sg-0/);
    assert.match(String(vpc.DefaultNetworkAcl), /^acl-0/);
    const [block] = vpc.Ipv6CidrBlocks as string[];
    assert.match(String(block), /^2600:1f18:[0-9a-f]{1,4}:[0-9a-f]{1,2}00::\/56$/);
    assert.match(r('Ipv6').physicalId, /^vpc-cidr-assoc-0[0-9a-f]{16}$/);
    const subnet = r('Subnet').attributes;
    assert.equal(subnet.AvailabilityZone, 'us-east-1b');
    assert.equal(subnet.AvailabilityZoneId, 'use1-az2');
    assert.equal(subnet.CidrBlock, '10.0.1.0/24');
    assert.equal(subnet.VpcId, r('Vpc').physicalId);
    assert.equal(r('Subnet').properties.Ipv6CidrBlock, (subnet.Ipv6CidrBlocks as string[])[0]);
    assert.equal(r('Sg').attributes.GroupId, r('Sg').physicalId);
    assert.equal(r('Sg').attributes.VpcId, r('Vpc').physicalId);
  });

  it('allocate Elastic IPs in order from 198.18.0.0/15; Ref of an EIP is its address', () => {
    assert.equal(r('Eip1').physicalId, '198.18.0.1');
    assert.equal(r('Eip2').physicalId, '198.18.0.2');
    assert.equal(r('Eip2').attributes.PublicIp, '198.18.0.2');
    assert.equal(r('Nat').properties.AllocationId, r('Eip2').attributes.AllocationId);
  });

  it('name load balancers, target groups, listeners and rules as ELB does', () => {
    const alb = r('Alb');
    assert.match(alb.physicalId, /^arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer\/app\/web\/[0-9a-f]{16}$/);
    const id16 = alb.physicalId.split('/').pop();
    assert.equal(alb.attributes.LoadBalancerFullName, `app/web/${id16}`);
    assert.equal(alb.attributes.LoadBalancerName, 'web');
    assert.match(String(alb.attributes.DNSName), /^web-[1-9]\d{9}\.us-east-1\.elb\.amazonaws\.com$/);
    assert.equal(alb.attributes.CanonicalHostedZoneID, 'Z35SXDOTRQ7X7K');
    assert.deepEqual(alb.attributes.SecurityGroups, [r('Vpc').attributes.DefaultSecurityGroup]);
    const internal = r('InternalAlb');
    assert.match(String(internal.attributes.DNSName), /^internal-prod-Inter-[A-Z0-9]{12}-\d{10}\.us-east-1\.elb\.amazonaws\.com$/);
    assert.ok(String(internal.attributes.LoadBalancerName).length <= 32);
    assert.deepEqual(internal.attributes.SecurityGroups, [r('Sg').physicalId]);
    const nlb = r('Nlb');
    assert.match(nlb.physicalId, /:loadbalancer\/net\/tcp\/[0-9a-f]{16}$/);
    assert.equal(nlb.attributes.DNSName, `tcp-${nlb.physicalId.split('/').pop()}.elb.us-east-1.amazonaws.com`);
    assert.equal(nlb.attributes.CanonicalHostedZoneID, 'Z26RNL4JYFTOTI');
    const tg = r('Tg');
    assert.match(tg.physicalId, /^arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup\/api\/[0-9a-f]{16}$/);
    assert.equal(tg.attributes.TargetGroupFullName, `targetgroup/api/${tg.physicalId.split('/').pop()}`);
    assert.deepEqual(tg.attributes.LoadBalancerArns, [alb.physicalId]);
    assert.equal(r('Listener').physicalId.replace(/\/[0-9a-f]{16}$/, ''), alb.physicalId.replace(':loadbalancer/', ':listener/'));
    assert.equal(r('Rule').physicalId.replace(/\/[0-9a-f]{16}$/, ''), r('Listener').physicalId.replace(':listener/', ':listener-rule/'));
  });

  it('give ECS, Cloud Map, IAM, logs, App Mesh and API Gateway their names and ARNs', () => {
    assert.equal(r('Cluster').physicalId, 'main');
    assert.equal(r('Cluster').attributes.Arn, 'arn:aws:ecs:us-east-1:123456789012:cluster/main');
    assert.match(r('Generated').physicalId, /^prod-Generated-[A-Z0-9]{12}$/);
    assert.equal(r('Task').physicalId, 'arn:aws:ecs:us-east-1:123456789012:task-definition/api:1');
    assert.equal(r('Service').physicalId, 'arn:aws:ecs:us-east-1:123456789012:service/main/api');
    assert.equal(r('Service').attributes.Name, 'api');
    assert.equal(r('Namespace').attributes.Id, r('Namespace').physicalId);
    assert.equal(r('Namespace').attributes.Arn, `arn:aws:servicediscovery:us-east-1:123456789012:namespace/${r('Namespace').physicalId}`);
    assert.match(String(r('Namespace').attributes.HostedZoneId), /^Z0[A-Z0-9]{19}$/);
    assert.equal(r('Discovery').attributes.Name, 'api');
    assert.equal((r('Zone').attributes.NameServers as string[]).length, 4);
    assert.match(r('Role').physicalId, /^prod-Role-[A-Z0-9]{12}$/);
    assert.equal(r('Role').attributes.Arn, `arn:aws:iam::123456789012:role/service/${r('Role').physicalId}`);
    assert.match(String(r('Role').attributes.RoleId), /^AROA[A-Z0-9]{17}$/);
    assert.equal(r('Logs').attributes.Arn, `arn:aws:logs:us-east-1:123456789012:log-group:${r('Logs').physicalId}:*`);
    assert.equal(r('Node').physicalId, 'arn:aws:appmesh:us-east-1:123456789012:mesh/m/virtualNode/api-node');
    assert.equal(r('Node').attributes.VirtualNodeName, 'api-node');
    assert.equal(r('Api').attributes.ApiEndpoint, `https://${r('Api').physicalId}.execute-api.us-east-1.amazonaws.com`);
    assert.equal(r('Link').attributes.VpcLinkId, r('Link').physicalId);
  });

  it('are the same on every run and differ between stacks', () => {
    const again = resolveOne(network, { name: 'prod' });
    const other = resolveOne(network, { name: 'staging' });
    for (const id of Object.keys(result.deployment.stacks[0]?.resources ?? {})) {
      assert.equal(resourceOf(again, 'prod', id).physicalId, r(id).physicalId, id);
      assert.deepEqual(resourceOf(again, 'prod', id).attributes, r(id).attributes, id);
    }
    assert.notEqual(resourceOf(other, 'staging', 'Vpc').physicalId, r('Vpc').physicalId);
  });

  it('continue the public address sequence across stacks in deployment order', () => {
    const eips = 'Resources:\n  A: {Type: AWS::EC2::EIP}\n  B: {Type: AWS::EC2::EIP}\nOutputs:\n  Ip: {Value: !Ref A, Export: {Name: ip}}\n';
    const user = 'Resources:\n  C: {Type: AWS::EC2::EIP}\n  D: {Type: Test::Thing::Here, Properties: {Ip: !ImportValue ip}}\n';
    const two = resolveFiles({ 'eips.yml': eips, 'user.yml': user }, ['user=user.yml', 'eips=eips.yml']);
    assert.deepEqual(
      ['A', 'B'].map((id) => resourceOf(two, 'eips', id).physicalId),
      ['198.18.0.1', '198.18.0.2'],
    );
    assert.equal(resourceOf(two, 'user', 'C').physicalId, '198.18.0.3');
    assert.equal(resourceOf(two, 'user', 'D').properties.Ip, '198.18.0.1');
  });
});

describe('address attributes', () => {
  const body = `Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  Subnet: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24}}
  Web: {Type: AWS::EC2::Instance, Properties: {SubnetId: !Ref Subnet}}
  Fixed: {Type: AWS::EC2::Instance, Properties: {SubnetId: !Ref Subnet, PrivateIpAddress: 10.0.1.50}}
  Eni: {Type: AWS::EC2::NetworkInterface, Properties: {SubnetId: !Ref Subnet, SecondaryPrivateIpAddressCount: 1}}
Outputs:
  Ip: {Value: !GetAtt Web.PrivateIp}
  Dns: {Value: !GetAtt Web.PrivateDnsName}
  Public: {Value: !GetAtt Web.PublicIp}
  PublicDns: {Value: !GetAtt Web.PublicDnsName}
  Fixed: {Value: !GetAtt Fixed.PrivateIp}
  Primary: {Value: !GetAtt Eni.PrimaryPrivateIpAddress}
  Secondary: {Value: !Select [0, !GetAtt Eni.SecondaryPrivateIpAddresses]}
`;
  const resolve = (addresses?: Parameters<typeof resolveDeployment>[1]['addresses']) =>
    resolveDeployment(
      [{ name: 'test', template: parseTemplate(body, 't.yml') }],
      { region: 'eu-west-1', accountId: '123456789012', parameters: {}, templateMap: {}, ...(addresses ? { addresses } : {}) },
      () => undefined,
    );

  it('are placeholders without the plan (the template layer picks no address), except the ones the template fixes', () => {
    const result = resolve();
    const outputs = result.deployment.stacks[0]?.outputs ?? {};
    for (const name of ['Ip', 'Dns', 'Public', 'PublicDns', 'Primary', 'Secondary']) assert.equal(isPlaceholder(outputs[name]), true, name);
    assert.equal(outputs.Fixed, '10.0.1.50');
    assert.deepEqual(errorsOf(result), []);
    assert.deepEqual(
      result.observedAddresses.map((o) => `${o.resourceId}.${o.attribute}`),
      ['test.Web.PrivateIp', 'test.Web.PublicIp', 'test.Eni.PrimaryPrivateIpAddress', 'test.Eni.SecondaryPrivateIpAddresses'],
    );
  });

  it("are the oracle's answers, with DNS names in EC2's shape for the region", () => {
    const answers: Record<string, CfnValue> = {
      'test.Web.PrivateIp': '10.0.1.7',
      'test.Web.PublicIp': '198.19.0.9',
      'test.Eni.PrimaryPrivateIpAddress': '10.0.1.8',
      'test.Eni.SecondaryPrivateIpAddresses': ['10.0.1.9'],
    };
    const outputs = resolve((id, attribute) => answers[`${id}.${attribute}`]).deployment.stacks[0]?.outputs ?? {};
    assert.deepEqual(
      { ...outputs },
      {
        Ip: '10.0.1.7',
        Dns: 'ip-10-0-1-7.eu-west-1.compute.internal',
        Public: '198.19.0.9',
        PublicDns: 'ec2-198-19-0-9.eu-west-1.compute.amazonaws.com',
        Fixed: '10.0.1.50',
        Primary: '10.0.1.8',
        Secondary: '10.0.1.9',
      },
    );
  });

  it('an address the oracle does not give is a warning at the GetAtt', () => {
    const result = resolve((_id, attribute) => (attribute === 'PublicIp' ? undefined : attribute === 'SecondaryPrivateIpAddresses' ? [] : '10.0.1.7'));
    const warnings = result.diagnostics.filter((d) => d.code === 'address-not-planned');
    assert.deepEqual(
      warnings.map((d) => d.logicalId),
      ['Public', 'PublicDns'],
    );
  });
});

describe('hashing', () => {
  it('is FNV-1a 64', () => {
    assert.equal(fnv1a64Hex(''), 'cbf29ce484222325');
    assert.equal(fnv1a64Hex('a'), 'af63dc4c8601ec8c');
    assert.equal(fnv1a64Hex('foobar'), '85944171f73967e8');
  });
});

describe('agreement with AWS resource specification', () => {
  const spec = loadSpecIndex();

  it('every attribute produced for a type is an attribute the specification declares', () => {
    const types = Object.keys(RESOURCE_ID_RULES);
    const body = `Resources:\n${types.map((t, i) => `  R${i}: {Type: "${t}"}`).join('\n')}\n`;
    const resolved = resolveOne(body);
    const stack = resolved.deployment.stacks[0];
    const problems: string[] = [];
    types.forEach((type, i) => {
      const declared = resourceSpec(spec, type)?.attributes;
      if (!declared) return problems.push(`${type}: not in the specification`);
      const rule = RESOURCE_ID_RULES[type];
      // Attributes computed when first read (addresses, public IPs) count too.
      const produced = [...Object.keys(stack?.resources[`R${i}`]?.attributes ?? {}), ...Object.keys(rule?.lazy ?? {}), ...Object.keys(rule?.onDemand ?? {})];
      for (const attribute of new Set(produced)) {
        if (!(attribute in declared)) problems.push(`${type}.${attribute}`);
      }
      return undefined;
    });
    assert.deepEqual(problems, []);
  });

  it('task definition JSON becomes property names the specification declares', () => {
    const everything = {
      family: 'all',
      taskRoleArn: 'r',
      executionRoleArn: 'e',
      networkMode: 'awsvpc',
      ipcMode: 'task',
      pidMode: 'task',
      cpu: '256',
      memory: '512',
      requiresCompatibilities: ['FARGATE'],
      placementConstraints: [{ type: 'memberOf', expression: 'x' }],
      runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
      ephemeralStorage: { sizeInGiB: 30 },
      inferenceAccelerators: [{ deviceName: 'd', deviceType: 't' }],
      proxyConfiguration: { type: 'APPMESH', containerName: 'envoy', properties: [{ name: 'AppPorts', value: '80' }] },
      tags: [{ key: 'k', value: 'v' }],
      volumes: [
        {
          name: 'v',
          host: { sourcePath: '/x' },
          configuredAtLaunch: false,
          dockerVolumeConfiguration: { scope: 'task', autoprovision: true, driver: 'local', driverOpts: { a: 'b' }, labels: { c: 'd' } },
          efsVolumeConfiguration: {
            fileSystemId: 'fs',
            rootDirectory: '/',
            transitEncryption: 'ENABLED',
            transitEncryptionPort: 2049,
            authorizationConfig: { accessPointId: 'ap', iam: 'ENABLED' },
          },
          fsxWindowsFileServerVolumeConfiguration: { fileSystemId: 'fs', rootDirectory: 'r', authorizationConfig: { credentialsParameter: 'c', domain: 'd' } },
        },
      ],
      containerDefinitions: [
        {
          name: 'c',
          image: 'i',
          cpu: 1,
          memory: 2,
          memoryReservation: 1,
          essential: true,
          command: ['a'],
          entryPoint: ['b'],
          workingDirectory: '/',
          user: 'u',
          hostname: 'h',
          links: ['x'],
          privileged: false,
          readonlyRootFilesystem: true,
          disableNetworking: false,
          interactive: false,
          pseudoTerminal: false,
          startTimeout: 1,
          stopTimeout: 2,
          dnsServers: ['1.1.1.1'],
          dnsSearchDomains: ['x'],
          dockerSecurityOptions: ['x'],
          dockerLabels: { any: 'thing' },
          credentialSpecs: ['x'],
          versionConsistency: 'enabled',
          portMappings: [{ containerPort: 80, hostPort: 80, protocol: 'tcp', name: 'http', appProtocol: 'http', containerPortRange: '1-2' }],
          environment: [{ name: 'A', value: 'B' }],
          environmentFiles: [{ type: 's3', value: 'arn' }],
          secrets: [{ name: 'S', valueFrom: 'arn' }],
          mountPoints: [{ sourceVolume: 'v', containerPath: '/v', readOnly: true }],
          volumesFrom: [{ sourceContainer: 'o', readOnly: true }],
          dependsOn: [{ containerName: 'o', condition: 'START' }],
          extraHosts: [{ hostname: 'h', ipAddress: '1.2.3.4' }],
          ulimits: [{ name: 'nofile', softLimit: 1, hardLimit: 2 }],
          systemControls: [{ namespace: 'net.core.somaxconn', value: '1024' }],
          healthCheck: { command: ['CMD'], interval: 5, timeout: 2, retries: 3, startPeriod: 0 },
          logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': 'g' }, secretOptions: [{ name: 'n', valueFrom: 'v' }] },
          firelensConfiguration: { type: 'fluentbit', options: { 'enable-ecs-log-metadata': 'true' } },
          repositoryCredentials: { credentialsParameter: 'arn' },
          resourceRequirements: [{ type: 'GPU', value: '1' }],
          restartPolicy: { enabled: true, ignoredExitCodes: [0], restartAttemptPeriod: 60 },
          linuxParameters: {
            capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] },
            devices: [{ hostPath: '/dev/x', containerPath: '/dev/x', permissions: ['read'] }],
            initProcessEnabled: true,
            maxSwap: 0,
            sharedMemorySize: 64,
            swappiness: 0,
            tmpfs: [{ containerPath: '/t', size: 1, mountOptions: ['rw'] }],
          },
        },
      ],
    };
    const parsed = parseTemplate(JSON.stringify(everything), 'all.json');
    const properties = (parsed.body.Resources as Record<string, { Properties: CfnValue }>).all?.Properties ?? null;
    const unknown: string[] = [];
    const freeForm = new Set(['DockerLabels', 'Options', 'DriverOpts', 'Labels']);
    const walk = (value: CfnValue, descriptor: TypeDescriptor | undefined, path: string): void => {
      if (descriptor === undefined || typeof descriptor === 'string') return;
      if ('list' in descriptor) return Array.isArray(value) ? value.forEach((v, i) => walk(v, descriptor.list, `${path}[${i}]`)) : undefined;
      if ('map' in descriptor || 'anyOf' in descriptor) return;
      const shape = definitionSpec(spec, descriptor.def);
      if (!shape || typeof value !== 'object' || value === null || Array.isArray(value)) return;
      for (const [key, child] of Object.entries(value)) {
        const property = shape.properties[key];
        if (!property) unknown.push(`${path}.${key}`);
        else if (!freeForm.has(key)) walk(child, property.type, `${path}.${key}`);
      }
    };
    const resource = resourceSpec(spec, 'AWS::ECS::TaskDefinition');
    for (const [key, child] of Object.entries(properties as Record<string, CfnValue>)) {
      const property = resource?.properties[key];
      if (!property) unknown.push(key);
      else walk(child, property.type, key);
    }
    assert.deepEqual(unknown, []);
    assert.equal(cloudFormationName('fileSystemId', 'FSxWindowsFileServerVolumeConfiguration'), 'FileSystemId');
  });
});

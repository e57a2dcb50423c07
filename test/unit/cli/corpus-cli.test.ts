/**
 * Every corpus stack set through the real CLI, in-process: `validate` passes, `show` prints the
 * tree, `show --json` holds the resolved network, and `plan` places what it can with reasons.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { corpusSetArgs as argsOf, corpusSets as sets } from '../../helpers/corpus.js';
import { runCli } from '../../helpers/run-cli.js';

const run = runCli;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function model(name: string): Promise<Json> {
  const set = sets.find((s) => s.name === name);
  assert.ok(set, name);
  const result = await run(['show', '--json', ...argsOf(set)]);
  assert.equal(result.code, 0, result.err);
  return JSON.parse(result.out) as Json;
}

async function plan(name: string): Promise<Json> {
  const set = sets.find((s) => s.name === name);
  assert.ok(set, name);
  return JSON.parse((await run(['plan', '--json', ...argsOf(set)])).out) as Json;
}

const subnetsOf = (m: Json) => m.vpcs.flatMap((v: Json) => v.subnets.map((s: Json) => `${s.logicalId} ${s.cidr} ${s.az} ${s.public ? 'public' : 'private'}`));

describe('corpus through the CLI', () => {
  for (const set of sets) {
    it(`${set.name}: validate passes and show prints it`, async () => {
      const validate = await run(['validate', ...argsOf(set)]);
      assert.equal(validate.code, 0, validate.out + validate.err);
      assert.match(validate.out, /^valid: \d+ stack\(s\)/m);
      const show = await run(['show', ...argsOf(set)]);
      assert.equal(show.code, 0, show.err);
      assert.match(show.out, /^Stacks: /);
      const planned = await run(['plan', '--json', ...argsOf(set)]);
      assert.ok(planned.code === 0 || planned.code === 1, planned.err);
      const p = JSON.parse(planned.out) as Json;
      for (const service of p.services) {
        assert.equal(typeof service.logicalId, 'string');
        assert.ok(service.placed <= service.desired);
        assert.equal(service.reasons.length > 0, service.placed < service.desired, `${service.logicalId}: reasons exactly when tasks are missing`);
      }
      assert.equal(
        planned.code === 1,
        p.services.some((s: Json) => s.placed < s.desired),
      );
    });
  }

  it("ecs-refarch: nested VPC with a NAT gateway per AZ, EC2 bridge services placed on the cluster's instances", async () => {
    const m = await model('ecs-refarch-cloudformation');
    assert.deepEqual(subnetsOf(m), [
      'PublicSubnet1 10.180.8.0/21 us-east-1a public',
      'PublicSubnet2 10.180.16.0/21 us-east-1b public',
      'PrivateSubnet1 10.180.24.0/21 us-east-1a private',
      'PrivateSubnet2 10.180.32.0/21 us-east-1b private',
    ]);
    assert.deepEqual(
      m.natGateways.map((n: Json) => n.subnetId),
      ['ecs-refarch-VPC.PublicSubnet1', 'ecs-refarch-VPC.PublicSubnet2'],
    );
    assert.equal(m.autoScalingGroups[0].clusterId, 'ecs-refarch-ECS.ECSCluster');
    const p = await plan('ecs-refarch-cloudformation');
    assert.deepEqual(
      p.services.map((s: Json) => [s.logicalId, s.placed, s.desired]),
      [
        ['Service', 2, 2],
        ['Service', 2, 2],
      ],
    );
    const ports = p.tasks.flatMap((t: Json) => t.ports.map((x: Json) => x.hostPort));
    assert.ok(
      ports.every((port: number) => port >= 32768 && port <= 60999),
      'dynamic host ports come from the agent range',
    );
  });

  it('isolated VPC: no NAT gateway, interface endpoints for ECR and logs, the service in its private subnets', async () => {
    const m = await model('container-patterns/isolated-vpc-no-nat');
    assert.equal(m.natGateways.length, 0);
    assert.deepEqual(m.vpcEndpoints.map((e: Json) => `${e.service} ${e.endpointType}`).sort(), [
      'ecr.api Interface',
      'ecr.dkr Interface',
      'logs Interface',
      's3 Gateway',
      'secretsmanager Interface',
      'ssm Interface',
      'ssmmessages Interface',
    ]);
    assert.deepEqual(m.services[0].awsvpc.subnetIds, ['isolated-vpc.PrivateSubnetOne', 'isolated-vpc.PrivateSubnetTwo']);
  });

  it("Fargate private VPC: the service stack finds the VPC stack's exports when named production", async () => {
    const m = await model('cloudformation-templates/fargate-private-vpc-service');
    const service = m.services[0];
    assert.equal(service.launchType, 'FARGATE');
    assert.deepEqual(service.awsvpc.subnetIds, ['production.PrivateSubnetOne', 'production.PrivateSubnetTwo']);
    assert.equal(service.loadBalancers[0].targetGroupId, 'service.TargetGroup');
    assert.deepEqual(
      m.loadBalancers.map((l: Json) => `${l.logicalId} ${l.scheme}`),
      ['PublicLoadBalancer internet-facing', 'PrivateLoadBalancer internal'],
    );
  });

  it('NLB with EIPs: subnet mappings carry the Elastic IP allocations', async () => {
    const m = await model('cloudformation-templates/nlb-with-eips');
    const nlb = m.loadBalancers.find((l: Json) => l.kind === 'network');
    assert.equal(nlb.subnetMappings.length, 2);
    const allocations = m.elasticIps.map((e: Json) => e.allocationId);
    assert.ok(nlb.subnetMappings.every((s: Json) => allocations.includes(s.allocationId)));
  });

  it('App Mesh with Cloud Map: services register in Cloud Map, the mesh is read', async () => {
    const m = await model('app-mesh/howto-servicediscovery-cloudmap');
    assert.deepEqual(
      m.services.map((s: Json) => s.serviceRegistries[0]?.discoveryServiceId),
      ['colorapp.ColorGatewayServiceRegistry', 'colorapp.ColorTellerServiceRegistry', 'colorapp.ColorTellerServiceRegistry'],
    );
    assert.equal(m.mesh.length, 8);
    const proxied = m.taskDefinitions.filter((t: Json) => t.proxyConfiguration);
    assert.ok(proxied.length > 0);
    assert.equal(proxied[0].proxyConfiguration.properties.IgnoredUID, '1337');
  });

  it('plain task definitions: network mode defaults to bridge, and host mode maps host = container port', async () => {
    const nginx = await model('task-definitions/nginx');
    assert.deepEqual(
      nginx.taskDefinitions.map((t: Json) => t.networkMode),
      ['bridge', 'awsvpc'],
    );
    const consul = await model('task-definitions/consul');
    for (const task of consul.taskDefinitions) {
      assert.equal(task.networkMode, 'host');
      for (const c of task.containers) for (const p of c.portMappings) assert.equal(p.hostPort, p.containerPort);
    }
  });
});

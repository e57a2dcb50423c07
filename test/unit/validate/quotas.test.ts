/**
 * ECS quotas (issue 14, item 2) as errors before any expensive work: tasks per service,
 * containers per task definition, container instances per cluster (Auto Scaling desired
 * capacities and EC2 instances together); and `validate`, `plan` and `check` refuse a
 * ContainerInstanceCount of 10,000,000 in well under a second instead of planning it.
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { describe, it } from 'node:test';
import { refusePlanning } from '../../../src/cli/refuse-planning.js';
import { MAX_CONTAINERS_PER_TASK_DEFINITION, MAX_CONTAINER_INSTANCES_PER_CLUSTER, MAX_TASKS_PER_SERVICE } from '../../../src/validate/check-quotas.js';
import { planBlockers } from '../../../src/validate/plan-blockers.js';
import { findingsWithCode, importText } from '../../helpers/import-text.js';
import { runCli } from '../../helpers/run-cli.js';

const BASE = `Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: { CidrBlock: 10.0.0.0/16 }
  Subnet:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/20, AvailabilityZone: us-east-1a }
  Cluster:
    Type: AWS::ECS::Cluster
    Properties: { ClusterName: big }
  Template:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        InstanceType: c5.large
        UserData: !Base64 "#!/bin/bash\\necho ECS_CLUSTER=big >> /etc/ecs/ecs.config\\n"
`;

const asg = (id: string, desired: number) => `
  ${id}:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      VPCZoneIdentifier: [!Ref Subnet]
      LaunchTemplate: { LaunchTemplateId: !Ref Template, Version: '1' }
      MinSize: '0'
      MaxSize: '${desired}'
      DesiredCapacity: '${desired}'
`;

const containers = (count: number) => Array.from({ length: count }, (_, i) => `        - { Name: c${i}, Image: nginx, Memory: 64 }`).join('\n');
const service = (desired: number, count = 1) => `
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      ContainerDefinitions:
${containers(count)}
  Service:
    Type: AWS::ECS::Service
    Properties: { Cluster: !Ref Cluster, TaskDefinition: !Ref Task, DesiredCount: ${desired} }
`;

describe('ECS quotas', () => {
  it('are the documented defaults', () => {
    assert.deepEqual([MAX_TASKS_PER_SERVICE, MAX_CONTAINERS_PER_TASK_DEFINITION, MAX_CONTAINER_INSTANCES_PER_CLUSTER], [5000, 10, 5000]);
  });

  it('tasks per service: 5,000 is accepted, 5,001 refused at DesiredCount', () => {
    assert.deepEqual(findingsWithCode(importText({ 'a.yml': BASE + service(5000) }), 'quota-exceeded'), []);
    const text = BASE + service(5001);
    const [d, ...rest] = findingsWithCode(importText({ 'a.yml': text }), 'quota-exceeded');
    assert.deepEqual(rest, []);
    assert.equal(d?.logicalId, 'Service');
    assert.equal(d?.path, 'Properties.DesiredCount');
    assert.equal(d?.line, text.split('\n').findIndex((l) => l.includes('DesiredCount: 5001')) + 1);
    assert.match(d?.message ?? '', /DesiredCount 5001 is above ECS's quota of 5,000 tasks per service/);
  });

  it('containers per task definition: 10 accepted, 11 refused', () => {
    assert.deepEqual(findingsWithCode(importText({ 'a.yml': BASE + service(1, 10) }), 'quota-exceeded'), []);
    const found = findingsWithCode(importText({ 'a.yml': BASE + service(1, 11) }), 'quota-exceeded');
    assert.deepEqual(
      found.map((d) => [d.logicalId, d.path]),
      [['Task', 'Properties.ContainerDefinitions']],
    );
    assert.match(found[0]?.message ?? '', /11 containers; ECS allows at most 10/);
  });

  it('container instances per cluster: the groups of a cluster and its EC2 instances count together', () => {
    const instance = `
  Host:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      SubnetId: !Ref Subnet
      UserData: !Base64 "#!/bin/bash\\necho ECS_CLUSTER=big >> /etc/ecs/ecs.config\\n"
`;
    assert.deepEqual(findingsWithCode(importText({ 'a.yml': BASE + asg('GroupA', 3000) + asg('GroupB', 1999) + instance }), 'quota-exceeded'), []);
    const found = findingsWithCode(importText({ 'a.yml': BASE + asg('GroupA', 3000) + asg('GroupB', 2000) + instance }), 'quota-exceeded');
    assert.deepEqual(
      found.map((d) => [d.logicalId, d.path]),
      [['GroupA', 'Properties.DesiredCapacity']],
    );
    assert.match(found[0]?.message ?? '', /cluster Cluster would have 5001 container instances \(GroupA 3000, GroupB 2000, 1 EC2 instance\(s\)\); ECS allows 5,000 per cluster/);
    assert.equal(planBlockers(found).length, 1, 'a quota finding stops planning');
  });
});

describe('VPC quotas', () => {
  it('rules per network ACL: 20 inbound IPv4 entries are accepted, the 21st is refused where it is declared', () => {
    const entries = (count: number) =>
      Array.from(
        { length: count },
        (_, i) => `
  Entry${i}:
    Type: AWS::EC2::NetworkAclEntry
    Properties: { NetworkAclId: !Ref Acl, RuleNumber: ${100 + i}, Protocol: -1, RuleAction: allow, CidrBlock: 10.${i}.0.0/16 }`,
      ).join('');
    const acl = `
  Acl:
    Type: AWS::EC2::NetworkAcl
    Properties: { VpcId: !Ref Vpc }
  Out:
    Type: AWS::EC2::NetworkAclEntry
    Properties: { NetworkAclId: !Ref Acl, RuleNumber: 100, Protocol: -1, RuleAction: allow, Egress: true, CidrBlock: 0.0.0.0/0 }`;
    assert.deepEqual(findingsWithCode(importText({ 'a.yml': BASE + acl + entries(20) }), 'vpc-quota-exceeded'), []);
    const found = findingsWithCode(importText({ 'a.yml': BASE + acl + entries(21) }), 'vpc-quota-exceeded');
    assert.deepEqual(
      found.map((d) => d.logicalId),
      ['Entry20'],
    );
    assert.match(found[0]?.message ?? '', /network ACL Acl has 21 inbound IPv4 rules; the VPC quota "Rules per network ACL" allows 20/);
    assert.deepEqual(planBlockers(found), [], 'a VPC quota does not stop planning');
  });
});

describe('a ContainerInstanceCount of 10,000,000 is refused fast by every command that would plan it', () => {
  const args = ['--param', 'ContainerInstanceCount=10000000'];

  for (const command of ['validate', 'plan', 'check']) {
    it(`${command}: exit 1 with the located quota and Auto Scaling errors, without planning (under 5 s)`, async () => {
      const started = performance.now();
      const result = await runCli([command, ...args]);
      const elapsed = performance.now() - started;
      assert.equal(result.code, 1, result.out + result.err);
      const text = result.out + result.err;
      assert.match(
        text,
        /examples\/app\.yml:\d+:\d+: error \[quota-exceeded\] app\.ContainerInstances Properties\.DesiredCapacity: cluster Cluster would have 10000000 container instances/,
      );
      assert.match(text, /error \[auto-scaling-size-order\] app\.ContainerInstances Properties\.DesiredCapacity: DesiredCapacity 10000000 is greater than MaxSize 4/);
      if (command !== 'validate') assert.match(result.err, new RegExp(`ecsnet ${command}: not planned`));
      assert.ok(elapsed < 5000, `${command} took ${elapsed.toFixed(0)} ms`);
    });
  }

  it('what-ifs past the quotas are usage errors, not plans: --scale 5001, --count 10000000', async () => {
    const scale = await runCli(['plan', '--scale', 'catalog=5001']);
    assert.equal(scale.code, 2);
    assert.match(scale.err, /--scale 5001 is above ECS's quota of 5,000 tasks per service/);
    const count = await runCli(['check', '--count', 'ContainerInstances=10000000']);
    assert.equal(count.code, 2);
    assert.match(count.err, /--count 10000000 is above ECS's quota of 5,000 container instances per cluster/);
  });

  it('plan --json answers with the findings and planned: false', async () => {
    const result = await runCli(['plan', '--json', ...args]);
    assert.equal(result.code, 1);
    const answer = JSON.parse(result.out) as { planned: boolean; diagnostics: { code: string }[] };
    assert.equal(answer.planned, false);
    assert.deepEqual(answer.diagnostics.map((d) => d.code).sort(), ['auto-scaling-size-order', 'quota-exceeded']);
  });

  it('up (after its own error listing, even with --force) stops before planning', () => {
    const lines: string[] = [];
    const output = { out: (t: string) => lines.push(t), err: (t: string) => lines.push(t) };
    const blocker = { severity: 'error' as const, code: 'quota-exceeded', message: 'x', file: 'a.yml', line: 1 };
    assert.equal(refusePlanning('up', [blocker], output, 'printed'), true);
    assert.deepEqual(lines, ["ecsnet up: not planned: 1 finding(s) above are past AWS's quotas or Auto Scaling limits, which AWS refuses and the plan cannot allocate"]);
    assert.equal(refusePlanning('up', [{ ...blocker, code: 'invalid-cidr' }], output, 'printed'), false, 'other errors leave planning to the command');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planDeployment } from '../../../src/plan/index.js';
import type { Plan } from '../../../src/plan/types.js';
import { ModelBuilder } from './fixtures.js';

const AZS = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

/** A VPC with one /20 private subnet per AZ and a cluster. */
function base(subnetCount = 3) {
  const b = new ModelBuilder();
  const vpc = b.vpc('Vpc', '10.0.0.0/16');
  const subnets = AZS.slice(0, subnetCount).map((az, i) => b.subnet(`Private${i}`, vpc, `10.0.${i * 16}.0/20`, az));
  const cluster = b.cluster('Cluster');
  return { b, vpc, subnets, cluster };
}

const service = (plan: Plan, logicalId: string) => plan.services.find((s) => s.logicalId === logicalId)!;
const tasksOf = (plan: Plan, logicalId: string) => plan.tasks.filter((t) => t.serviceLogicalId === logicalId);

describe('awsvpc tasks against the ENI limit', () => {
  function awsvpcOn(instanceType: string, desired: number) {
    const { b, subnets, cluster } = base(1);
    b.autoScalingGroup('Asg', { subnets, capacity: 1, instanceType, cluster });
    const td = b.taskDefinition('Td', { networkMode: 'awsvpc', cpu: 16, memory: 16, containers: [{}] });
    b.service('Svc', { taskDefinition: td, desired, cluster, subnets });
    return b.build();
  }

  it('c5.large hosts 2 awsvpc tasks without trunking and 10 with it', () => {
    const off = planDeployment(awsvpcOn('c5.large', 12));
    assert.equal(service(off, 'Svc').placed, 2);
    assert.deepEqual(service(off, 'Svc').reasons, ['RESOURCE:ENI']);
    assert.equal(off.instances[0]!.capacity.awsvpcTasks, 2);
    const on = planDeployment(awsvpcOn('c5.large', 12), { trunking: true });
    assert.equal(service(on, 'Svc').placed, 10);
    assert.deepEqual(
      service(on, 'Svc').unplaced.map((u) => [u.reason, u.count, u.firstTask]),
      [['RESOURCE:ENI', 2, 11]],
    );
  });

  it('m5.4xlarge hosts 7 awsvpc tasks without trunking and 60 with it', () => {
    assert.equal(service(planDeployment(awsvpcOn('m5.4xlarge', 70)), 'Svc').placed, 7);
    assert.equal(service(planDeployment(awsvpcOn('m5.4xlarge', 70), { trunking: true }), 'Svc').placed, 60);
  });

  it('gives task ENIs device indexes without trunking, branch ENIs with VLAN ids on the trunk with it', () => {
    const off = planDeployment(awsvpcOn('c5.large', 2));
    const instance = off.instances[0]!;
    const taskEnis = off.enis.filter((e) => e.kind === 'ec2-task');
    assert.deepEqual(
      taskEnis.map((e) => e.attachment),
      [1, 2].map((deviceIndex) => ({ instanceId: instance.id, deviceIndex })),
    );
    const on = planDeployment(awsvpcOn('c5.large', 3), { trunking: true });
    const trunk = on.enis.find((e) => e.kind === 'trunk')!;
    assert.equal(on.instances[0]!.trunkEniId, trunk.id);
    assert.deepEqual(trunk.attachment, { instanceId: on.instances[0]!.id, deviceIndex: 1 });
    const branches = on.enis.filter((e) => e.kind === 'branch');
    assert.deepEqual(
      branches.map((e) => e.trunk),
      [1, 2, 3].map((vlanId) => ({ trunkEniId: trunk.id, vlanId })),
    );
    assert.ok(
      branches.every((e) => e.publicIp === undefined),
      'EC2 awsvpc tasks get no public IP',
    );
  });

  it('does not add a trunk on types without trunking support', () => {
    const plan = planDeployment(awsvpcOn('t3.large', 5), { trunking: true });
    assert.equal(plan.enis.filter((e) => e.kind === 'trunk').length, 0);
    assert.equal(service(plan, 'Svc').placed, 2);
    assert.match(plan.instances[0]!.capacity.awsvpcWhy, /does not support/);
  });
});

describe('spread across Availability Zones', () => {
  it('places 10 tasks over 3 AZs as 4/3/3 (EC2, default AZ-balanced spread)', () => {
    const { b, subnets, cluster } = base();
    b.autoScalingGroup('Asg', { subnets, capacity: 6, instanceType: 'm5.xlarge', cluster });
    const td = b.taskDefinition('Td', { networkMode: 'bridge', containers: [{ memory: 64 }] });
    b.service('Svc', { taskDefinition: td, desired: 10, cluster });
    const plan = planDeployment(b.build());
    const perAz = AZS.map((az) => tasksOf(plan, 'Svc').filter((t) => t.az === az).length);
    assert.deepEqual(perAz, [4, 3, 3]);
    // then across instances: 6 instances, no instance holds more than 2
    const perInstance = plan.instances.map((i) => i.used.tasks);
    assert.deepEqual(perInstance, [2, 2, 2, 2, 1, 1]);
  });

  it('places 10 Fargate tasks over 3 subnets as 4/3/3', () => {
    const { b, subnets } = base();
    const td = b.taskDefinition('Td', { networkMode: 'awsvpc', cpu: 256, memory: 512, containers: [{}], fargate: true });
    b.service('Svc', { taskDefinition: td, desired: 10, launchType: 'FARGATE', subnets, assignPublicIp: true });
    const plan = planDeployment(b.build());
    const perAz = AZS.map((az) => tasksOf(plan, 'Svc').filter((t) => t.az === az).length);
    assert.deepEqual(perAz, [4, 3, 3]);
    const enis = plan.enis.filter((e) => e.kind === 'fargate-task');
    assert.equal(enis.length, 10);
    assert.ok(enis.every((e) => e.publicIp?.startsWith('198.19.') && e.publicIpSource === 'auto-assigned'));
    assert.equal(new Set(enis.map((e) => e.publicIp)).size, 10);
  });

  it('with only an AZ spread given, breaks ties towards the instance with fewest tasks (ECS picks at random)', () => {
    const { b, subnets, cluster } = base(1);
    b.autoScalingGroup('Asg', { subnets, capacity: 2, instanceType: 'm5.large', cluster });
    const td = b.taskDefinition('Td', { networkMode: 'bridge', containers: [{ memory: 16 }] });
    b.service('Svc', { taskDefinition: td, desired: 4, cluster, strategies: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }] });
    assert.deepEqual(
      planDeployment(b.build()).instances.map((i) => i.used.tasks),
      [2, 2],
    );
  });

  it('binpacks on memory when asked', () => {
    const { b, subnets, cluster } = base();
    b.autoScalingGroup('Asg', { subnets, capacity: 3, instanceType: 'm5.large', cluster });
    const td = b.taskDefinition('Td', { networkMode: 'bridge', containers: [{ memory: 1024 }] });
    b.service('Svc', { taskDefinition: td, desired: 9, cluster, strategies: [{ type: 'binpack', field: 'memory' }] });
    const plan = planDeployment(b.build());
    assert.deepEqual(
      plan.instances.map((i) => i.used.tasks),
      [8, 1, 0],
    );
  });
});

describe('host ports', () => {
  it('two host-mode tasks wanting port 80 on one instance: the second is RESOURCE:PORTS', () => {
    const { b, subnets, cluster } = base(1);
    b.autoScalingGroup('Asg', { subnets, capacity: 1, instanceType: 'm5.large', cluster });
    const td = b.taskDefinition('Web', { networkMode: 'host', containers: [{ memory: 256, ports: [{ containerPort: 80 }] }] });
    b.service('Web', { taskDefinition: td, desired: 2, cluster });
    const plan = planDeployment(b.build());
    const web = service(plan, 'Web');
    assert.equal(web.placed, 1);
    assert.deepEqual(web.reasons, ['RESOURCE:PORTS']);
    assert.equal(web.unplaced[0]!.firstTask, 2);
    assert.match(web.unplaced[0]!.detail, /host port 80\/tcp already in use/);
    assert.deepEqual(tasksOf(plan, 'Web')[0]!.ports, [{ containerName: 'c0', protocol: 'tcp', containerPort: 80, hostPort: 80, count: 1, dynamic: false }]);
  });

  it('dynamic bridge ports are distinct per instance and inside the range', () => {
    const { b, subnets, cluster } = base(1);
    b.autoScalingGroup('Asg', { subnets, capacity: 2, instanceType: 'm5.4xlarge', cluster });
    const td = b.taskDefinition('Td', { networkMode: 'bridge', containers: [{ memory: 16, ports: [{ containerPort: 8080 }, { containerPort: 9090, protocol: 'udp' }] }] });
    b.service('Svc', { taskDefinition: td, desired: 50, cluster });
    const plan = planDeployment(b.build(), { dynamicPortRange: '40000-40100' });
    assert.equal(service(plan, 'Svc').placed, 50);
    for (const instance of plan.instances) {
      const ports = plan.tasks.filter((t) => t.instanceId === instance.id).flatMap((t) => t.ports.map((p) => `${p.hostPort}/${p.protocol}`));
      assert.equal(ports.length, 50);
      assert.equal(new Set(ports).size, ports.length, 'no host port used twice on one instance');
      assert.ok(ports.every((p) => Number(p.split('/')[0]) >= 40000 && Number(p.split('/')[0]) <= 40100));
    }
    assert.ok(plan.tasks.every((t) => t.ports.every((p) => p.dynamic) && t.bridgeIp?.startsWith('172.17.')));
  });

  it('runs out of dynamic ports with RESOURCE:PORTS', () => {
    const { b, subnets, cluster } = base(1);
    b.autoScalingGroup('Asg', { subnets, capacity: 1, instanceType: 'm5.4xlarge', cluster });
    const td = b.taskDefinition('Td', { networkMode: 'bridge', containers: [{ memory: 16, ports: [{ containerPort: 8080 }] }] });
    b.service('Svc', { taskDefinition: td, desired: 12, cluster });
    const plan = planDeployment(b.build(), { dynamicPortRange: [40000, 40009] });
    assert.equal(service(plan, 'Svc').placed, 10);
    assert.deepEqual(service(plan, 'Svc').reasons, ['RESOURCE:PORTS']);
  });

  it('a task that maps a reserved port never fits', () => {
    const { b, subnets, cluster } = base(1);
    b.autoScalingGroup('Asg', { subnets, capacity: 2, instanceType: 'm5.large', cluster });
    const td = b.taskDefinition('Ssh', { networkMode: 'host', containers: [{ memory: 16, ports: [{ containerPort: 22 }] }] });
    b.service('Ssh', { taskDefinition: td, desired: 1, cluster });
    const plan = planDeployment(b.build());
    assert.deepEqual(service(plan, 'Ssh').reasons, ['RESOURCE:PORTS']);
    assert.match(service(plan, 'Ssh').unplaced[0]!.detail, /22\/tcp is reserved/);
  });
});

describe('CPU, memory and constraints', () => {
  it('reports RESOURCE:CPU and RESOURCE:MEMORY of the closest instance', () => {
    const { b, subnets, cluster } = base(1);
    b.autoScalingGroup('Asg', { subnets, capacity: 1, instanceType: 'c5.large', cluster });
    const cpu = b.taskDefinition('Cpu', { networkMode: 'bridge', cpu: 1024, memory: 128, containers: [{}] });
    b.service('Cpu', { taskDefinition: cpu, desired: 3, cluster });
    const plan = planDeployment(b.build());
    assert.equal(service(plan, 'Cpu').placed, 2);
    assert.deepEqual(service(plan, 'Cpu').reasons, ['RESOURCE:CPU']);

    const m = base(1);
    m.b.autoScalingGroup('Asg', { subnets: m.subnets, capacity: 1, instanceType: 'c5.large', cluster: m.cluster });
    const mem = m.b.taskDefinition('Mem', { networkMode: 'bridge', containers: [{ memoryReservation: 1500, memory: 3000 }] });
    m.b.service('Mem', { taskDefinition: mem, desired: 3, cluster: m.cluster });
    const memPlan = planDeployment(m.b.build());
    assert.equal(service(memPlan, 'Mem').placed, 2, 'memoryReservation is what is reserved: 2 × 1500 ≤ 4096');
    assert.deepEqual(service(memPlan, 'Mem').reasons, ['RESOURCE:MEMORY']);
    assert.match(service(memPlan, 'Mem').unplaced[0]!.detail, /1096 of 4096 MiB free; a task needs 1500/);
  });

  it('honours distinctInstance', () => {
    const { b, subnets, cluster } = base();
    b.autoScalingGroup('Asg', { subnets, capacity: 3, instanceType: 'm5.large', cluster });
    const td = b.taskDefinition('Td', { networkMode: 'bridge', containers: [{ memory: 16 }] });
    b.service('Svc', { taskDefinition: td, desired: 5, cluster, constraints: [{ type: 'distinctInstance' }] });
    const plan = planDeployment(b.build());
    assert.equal(service(plan, 'Svc').placed, 3);
    assert.deepEqual(service(plan, 'Svc').reasons, ['DistinctInstance placement constraint unsatisfied']);
    assert.deepEqual(
      plan.instances.map((i) => i.used.tasks),
      [1, 1, 1],
    );
  });

  it('honours memberOf on instance type and AZ', () => {
    const { b, subnets, cluster } = base();
    b.autoScalingGroup('Big', { subnets, capacity: 3, instanceType: 'm5.xlarge', cluster });
    b.autoScalingGroup('Small', { subnets, capacity: 3, instanceType: 't3.large', cluster });
    const td = b.taskDefinition('Td', { networkMode: 'bridge', containers: [{ memory: 16 }] });
    b.service('Typed', { taskDefinition: td, desired: 6, cluster, constraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type == t3.large' }] });
    b.service('Zoned', { taskDefinition: td, desired: 4, cluster, constraints: [{ type: 'memberOf', expression: 'attribute:ecs.availability-zone in [us-east-1a, us-east-1b]' }] });
    b.service('Nowhere', { taskDefinition: td, desired: 2, cluster, constraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type == c5.large' }] });
    const plan = planDeployment(b.build());
    const typeOf = new Map(plan.instances.map((i) => [i.id, i.instanceType]));
    assert.ok(tasksOf(plan, 'Typed').every((t) => typeOf.get(t.instanceId!) === 't3.large'));
    assert.equal(service(plan, 'Typed').placed, 6);
    assert.ok(tasksOf(plan, 'Zoned').every((t) => t.az !== 'us-east-1c'));
    assert.equal(service(plan, 'Zoned').placed, 4);
    assert.deepEqual(service(plan, 'Nowhere').reasons, ['MemberOf placement constraint unsatisfied']);
    assert.equal(service(plan, 'Nowhere').placed, 0);
  });

  it('ignores (and reports) memberOf expressions that depend on the running cluster', () => {
    const { b, subnets, cluster } = base(1);
    b.autoScalingGroup('Asg', { subnets, capacity: 1, instanceType: 'm5.large', cluster });
    const td = b.taskDefinition('Td', { networkMode: 'bridge', containers: [{ memory: 16 }] });
    b.service('Svc', { taskDefinition: td, desired: 1, cluster, constraints: [{ type: 'memberOf', expression: 'attribute:team == a' }] });
    const plan = planDeployment(b.build());
    assert.equal(service(plan, 'Svc').placed, 1);
    assert.ok(plan.notes.some((n) => n.code === 'plan-member-of-unsupported' && n.logicalId === 'Svc'));
  });

  it('says "no container instances" for a cluster without instances', () => {
    const { b, cluster } = base(1);
    const td = b.taskDefinition('Td', { networkMode: 'bridge', containers: [{ memory: 16 }] });
    b.service('Svc', { taskDefinition: td, desired: 2, cluster });
    const plan = planDeployment(b.build());
    assert.deepEqual(service(plan, 'Svc').reasons, ['no container instances']);
    assert.equal(service(plan, 'Svc').unplaced[0]!.count, 2);
  });

  it('runs a DAEMON task on each instance first, before replica tasks', () => {
    const { b, subnets, cluster } = base();
    b.autoScalingGroup('Asg', { subnets, capacity: 3, instanceType: 'c5.large', cluster });
    const agent = b.taskDefinition('Agent', { networkMode: 'bridge', containers: [{ memory: 1024 }] });
    const app = b.taskDefinition('App', { networkMode: 'bridge', containers: [{ memory: 1024 }] });
    b.service('AAA', { taskDefinition: app, desired: 20, cluster });
    b.service('Zagent', { taskDefinition: agent, desired: 0, cluster, daemon: true });
    const plan = planDeployment(b.build());
    assert.deepEqual([service(plan, 'Zagent').placed, service(plan, 'Zagent').desired], [3, 3]);
    assert.equal(service(plan, 'Zagent').desiredSource, 'daemon');
    assert.equal(service(plan, 'AAA').placed, 9);
    assert.ok(plan.instances.every((i) => plan.tasks.some((t) => t.instanceId === i.id && t.serviceLogicalId === 'Zagent')));
  });
});

describe('subnet exhaustion', () => {
  it('a service whose subnet is full reports where it ran out', () => {
    const b = new ModelBuilder();
    const vpc = b.vpc('Vpc', '10.0.0.0/16');
    const subnet = b.subnet('Tiny', vpc, '10.0.0.0/24', 'us-east-1a');
    b.natGateway('Nat', subnet);
    const td = b.taskDefinition('Td', { networkMode: 'awsvpc', cpu: 256, memory: 512, containers: [{}], fargate: true });
    b.service('Svc', { taskDefinition: td, desired: 300, launchType: 'FARGATE', subnets: [subnet] });
    const plan = planDeployment(b.build());
    const svc = service(plan, 'Svc');
    assert.equal(svc.placed, 250, '251 usable minus the NAT gateway');
    assert.deepEqual(svc.reasons, ['no free IP in subnet Test.Tiny']);
    assert.deepEqual([svc.unplaced[0]!.count, svc.unplaced[0]!.firstTask], [50, 251]);
    assert.match(svc.unplaced[0]!.detail, /task 251 of 300/);
    const tiny = plan.subnets[0]!;
    assert.deepEqual([tiny.used, tiny.free], [251, 0]);
    assert.deepEqual(tiny.runsOutAt, [{ kind: 'service', id: 'Test.Svc', logicalId: 'Svc', current: 300, at: 250, full: true }]);
  });

  it('EC2 awsvpc tasks move to other AZs when one subnet is full, and report it when all are', () => {
    const b = new ModelBuilder();
    const vpc = b.vpc('Vpc', '10.0.0.0/16');
    const small = b.subnet('Small', vpc, '10.0.0.0/28', 'us-east-1a');
    const other = b.subnet('Other', vpc, '10.0.0.16/28', 'us-east-1b');
    const hosts = b.subnet('Hosts', vpc, '10.0.1.0/24', 'us-east-1a');
    const hostsB = b.subnet('HostsB', vpc, '10.0.2.0/24', 'us-east-1b');
    const cluster = b.cluster('Cluster');
    b.autoScalingGroup('Asg', { subnets: [hosts, hostsB], capacity: 2, instanceType: 'm5.4xlarge', cluster });
    const td = b.taskDefinition('Td', { networkMode: 'awsvpc', cpu: 16, memory: 16, containers: [{}] });
    b.service('Svc', { taskDefinition: td, desired: 40, cluster, subnets: [small, other] });
    const plan = planDeployment(b.build(), { trunking: true });
    const svc = service(plan, 'Svc');
    assert.equal(svc.placed, 22, 'two /28 subnets hold 11 each');
    assert.match(svc.reasons[0]!, /^no free IP in subnet Test\.(Small|Other)$/);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planDeployment } from '../../../src/plan/index.js';
import { ModelBuilder } from './fixtures.js';

function model() {
  const b = new ModelBuilder();
  const vpc = b.vpc('Vpc', '10.0.0.0/16');
  const subnets = ['a', 'b'].map((az, i) => b.subnet(`S${i}`, vpc, `10.0.${i}.0/24`, `us-east-1${az}`));
  const cluster = b.cluster('Cluster');
  b.autoScalingGroup('Asg', { subnets, capacity: 2, instanceType: 'c5.large', cluster });
  b.autoScalingGroup('Other', { subnets, capacity: 1, instanceType: 'c5.large' });
  const td = b.taskDefinition('Td', { networkMode: 'awsvpc', cpu: 16, memory: 16, containers: [{}] });
  b.service('Svc', { taskDefinition: td, desired: 4, cluster, subnets });
  return b.build();
}

describe('what-if options', () => {
  it('scales a service by logical id or model id', () => {
    const a = planDeployment(model(), { scale: { Svc: 3 } });
    assert.deepEqual([a.services[0]!.desired, a.services[0]!.desiredSource, a.services[0]!.placed], [3, 'what-if', 3]);
    const b = planDeployment(model(), { scale: { 'Test.Svc': 6 } });
    assert.deepEqual([b.services[0]!.desired, b.services[0]!.placed, b.services[0]!.reasons], [6, 4, ['RESOURCE:ENI']]);
  });

  it('changes an ASG count and instance types (all, or one group)', () => {
    const counted = planDeployment(model(), { count: { Asg: 4 } });
    assert.equal(counted.instances.filter((i) => i.source.logicalId === 'Asg').length, 4);
    assert.equal(counted.services[0]!.placed, 4);
    const all = planDeployment(model(), { instanceType: 'm5.4xlarge', scale: { Svc: 20 } });
    assert.ok(all.instances.every((i) => i.instanceType === 'm5.4xlarge'));
    assert.equal(all.services[0]!.placed, 14);
    const one = planDeployment(model(), { instanceType: { Asg: 'm5.4xlarge' } });
    assert.deepEqual(all.instances.map((i) => i.instanceType).length, 3);
    assert.deepEqual(
      one.instances.map((i) => `${i.source.logicalId}:${i.instanceType}`),
      ['Asg:m5.4xlarge', 'Asg:m5.4xlarge', 'Other:c5.large'],
    );
  });

  it('turns trunking on', () => {
    const plan = planDeployment(model(), { trunking: true, scale: { Svc: 20 } });
    assert.equal(plan.settings.trunking, true);
    assert.equal(plan.services[0]!.placed, 20);
    assert.equal(plan.enis.filter((e) => e.kind === 'trunk').length, 2, 'only container instances get a trunk');
  });

  it('reports keys that name nothing and values that are not counts', () => {
    const plan = planDeployment(model(), { scale: { Nope: 3, Svc: -1 }, count: { Missing: 1 }, instanceType: { Ghost: 'c5.large' }, dynamicPortRange: '9-1' });
    const codes = plan.notes.map((n) => n.code).sort();
    assert.deepEqual(codes, ['plan-port-range', 'plan-what-if-unknown', 'plan-what-if-unknown', 'plan-what-if-unknown', 'plan-what-if-value']);
    assert.equal(plan.services[0]!.desired, 4);
    assert.deepEqual(plan.settings.dynamicPortRange, [32768, 60999]);
  });

  it('plans instances of unknown types but places nothing on them, and says so', () => {
    const plan = planDeployment(model(), { instanceType: { Asg: 'x9.huge' } });
    assert.equal(plan.instances.filter((i) => !i.knownType).length, 2);
    assert.deepEqual(plan.services[0]!.reasons, ['unknown instance type x9.huge']);
    assert.ok(plan.notes.some((n) => n.code === 'plan-unknown-instance-type' && n.logicalId === 'Asg'));
  });
});

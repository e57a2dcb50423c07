import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planDeployment, renderPlan } from '../../../src/plan/index.js';
import { ModelBuilder } from './fixtures.js';

describe('renderPlan', () => {
  it('shows subnets, instances and services with their reasons', () => {
    const b = new ModelBuilder();
    const vpc = b.vpc('Vpc', '10.0.0.0/16');
    const subnet = b.subnet('Private', vpc, '10.0.1.0/24', 'us-east-1a');
    const cluster = b.cluster('Cluster');
    b.autoScalingGroup('Asg', { subnets: [subnet], capacity: 1, instanceType: 'c5.large', cluster });
    const td = b.taskDefinition('Td', { networkMode: 'awsvpc', cpu: 16, memory: 16, containers: [{}] });
    b.service('Api', { taskDefinition: td, desired: 5, cluster, subnets: [subnet] });
    const text = renderPlan(planDeployment(b.build(), { scale: { Api: 3 } }));
    const lines = text.split('\n');
    assert.match(lines[0]!, /^Plan: trunking off, dynamic host ports 32768-60999/);
    const subnetRow = lines.find((l) => l.startsWith('Test.Private'))!;
    assert.match(subnetRow, /10\.0\.1\.0\/24\s+256\s+251\s+3\s+248\s+instance 1, ec2-task 2\s+Test\.Asg at 249 instances \(now 1\); Test\.Api at 250 tasks \(now 3\)/);
    const instanceRow = lines.find((l) => l.startsWith('Test.Asg#0'))!;
    assert.match(instanceRow, /c5\.large\s+us-east-1a\s+10\.0\.1\.4\s+2\s+2\/2\s+32\/2048\s+32\/4096\s+5\+0\s+c5\.large: 3 ENIs − 1 primary = 2 \(trunking off\)/);
    const serviceRow = lines.find((l) => l.startsWith('Test.Api'))!;
    assert.match(serviceRow, /EC2\s+awsvpc\s+2\/3\*\s+RESOURCE:ENI: 1 task from task 3 — closest matching container instance Test\.Asg#0/);
    assert.ok(text.includes('* desired count from --scale'));
    assert.ok(text.endsWith('\n'));
  });

  it('lists notes the way other layers print diagnostics', () => {
    const b = new ModelBuilder();
    const vpc = b.vpc('Vpc', '10.0.0.0/16');
    const subnet = b.subnet('Private', vpc, '10.0.1.0/24', 'us-east-1a');
    b.instance('Box', { subnet, instanceType: 'q1.nano' });
    const text = renderPlan(planDeployment(b.build()));
    assert.match(text, /Notes\ntest\.yaml:1:1: warning \[plan-unknown-instance-type\] Test\.Box: instance type q1\.nano/);
  });
});

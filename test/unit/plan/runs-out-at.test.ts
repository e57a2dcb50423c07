import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planDeployment } from '../../../src/plan/index.js';
import { extraUntilFull, type SpreadBucket } from '../../../src/plan/runs-out-at.js';
import { ModelBuilder } from './fixtures.js';

/** Step-by-step simulation of the spread, to check the closed form against. */
function simulate(buckets: SpreadBucket[], target: number): number {
  const state = buckets.map((b) => ({ ...b }));
  let extra = 0;
  while (state[target]!.free > 0) {
    const zones = new Map<string, { count: number; room: boolean }>();
    for (const b of state) {
      const z = zones.get(b.group) ?? { count: 0, room: false };
      z.count += b.count;
      z.room ||= b.free > 0;
      zones.set(b.group, z);
    }
    let zone: string | undefined;
    for (const [g, z] of zones) if (z.room && (zone === undefined || z.count < zones.get(zone)!.count)) zone = g;
    let pick = -1;
    state.forEach((b, i) => {
      if (b.group === zone && b.free > 0 && (pick < 0 || b.count < state[pick]!.count)) pick = i;
    });
    state[pick]!.count++;
    state[pick]!.free--;
    extra++;
  }
  return extra;
}

describe('runs-out-at', () => {
  it('matches a step-by-step simulation of the AZ-balanced spread', () => {
    const cases: SpreadBucket[][] = [
      [{ group: 'a', count: 0, free: 10 }],
      [
        { group: 'a', count: 3, free: 5 },
        { group: 'b', count: 2, free: 9 },
      ],
      [
        { group: 'a', count: 0, free: 4 },
        { group: 'b', count: 0, free: 9 },
        { group: 'c', count: 7, free: 1 },
      ],
      [
        { group: 'a', count: 1, free: 3 },
        { group: 'a', count: 0, free: 6 },
        { group: 'b', count: 5, free: 2 },
        { group: 'c', count: 0, free: 0 },
      ],
      [
        { group: 'b', count: 2, free: 0 },
        { group: 'a', count: 0, free: 6 },
        { group: 'b', count: 0, free: 5 },
        { group: 'a', count: 4, free: 3 },
      ],
    ];
    for (const buckets of cases) {
      buckets.forEach((_, i) => assert.equal(extraUntilFull(buckets, i), simulate(buckets, i), `${JSON.stringify(buckets)} target ${i}`));
    }
  });

  it('a Fargate service over three /24s runs out near three times the free addresses', () => {
    const b = new ModelBuilder();
    const vpc = b.vpc('Vpc', '10.0.0.0/16');
    const subnets = ['a', 'b', 'c'].map((az, i) => b.subnet(`S${i}`, vpc, `10.0.${i}.0/24`, `us-east-1${az}`));
    const td = b.taskDefinition('Td', { networkMode: 'awsvpc', cpu: 256, memory: 512, containers: [{}], fargate: true });
    b.service('Svc', { taskDefinition: td, desired: 10, launchType: 'FARGATE', subnets });
    const plan = planDeployment(b.build());
    const at = plan.subnets.map((s) => s.runsOutAt[0]!.at);
    // 753 addresses in all; among equal subnets the first in order takes each round's task first, so fills first.
    assert.deepEqual(at, [751, 752, 753]);
    // Check by planning at that count: S0 has no free address and nothing is left unplaced.
    const full = planDeployment(b.build(), { scale: { Svc: 753 } });
    assert.deepEqual(
      full.subnets.map((s) => s.free),
      [0, 0, 0],
    );
    assert.equal(full.services[0]!.placed, 753);
    const justBefore = planDeployment(b.build(), { scale: { Svc: 750 } });
    assert.deepEqual(
      justBefore.subnets.map((s) => s.free),
      [1, 1, 1],
    );
  });

  it('gives the capacity at which an Auto Scaling group fills each of its subnets', () => {
    const b = new ModelBuilder();
    const vpc = b.vpc('Vpc', '10.0.0.0/16');
    const a = b.subnet('A', vpc, '10.0.0.0/28', 'us-east-1a');
    const c = b.subnet('C', vpc, '10.0.1.0/24', 'us-east-1b');
    const cluster = b.cluster('Cluster');
    b.autoScalingGroup('Asg', { subnets: [a, c], capacity: 2, instanceType: 'c5.large', cluster });
    const off = planDeployment(b.build());
    assert.deepEqual(off.subnets.find((s) => s.id === 'Test.A')!.runsOutAt, [{ kind: 'auto-scaling-group', id: 'Test.Asg', logicalId: 'Asg', current: 2, at: 21, full: false }]);
    const on = planDeployment(b.build(), { trunking: true });
    assert.equal(on.subnets.find((s) => s.id === 'Test.A')!.runsOutAt[0]!.at, 9, 'two addresses per instance with a trunk ENI');
    const check = planDeployment(b.build(), { count: { Asg: 21 } });
    assert.equal(check.subnets.find((s) => s.id === 'Test.A')!.free, 0);
    assert.equal(check.instances.length, 21);
  });
});

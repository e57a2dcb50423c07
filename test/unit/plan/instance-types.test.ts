import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awsvpcCapacity, INSTANCE_TYPES } from '../../../src/plan/instance-types.js';

const spec = (type: string) => {
  const s = INSTANCE_TYPES[type];
  assert.ok(s, `${type} is in the data`);
  return s;
};

describe('instance-type data (reference/ecs-internals.md §3)', () => {
  it('c5.large hosts 2 awsvpc tasks without trunking and 10 with it', () => {
    assert.equal(awsvpcCapacity('c5.large', spec('c5.large'), false).limit, 2);
    const on = awsvpcCapacity('c5.large', spec('c5.large'), true);
    assert.equal(on.limit, 10);
    assert.equal(on.trunk, true);
  });

  it('m5.4xlarge hosts 7 awsvpc tasks without trunking and 60 with it', () => {
    assert.equal(awsvpcCapacity('m5.4xlarge', spec('m5.4xlarge'), false).limit, 7);
    assert.equal(awsvpcCapacity('m5.4xlarge', spec('m5.4xlarge'), true).limit, 60);
  });

  it('matches the reference table rows', () => {
    const rows: [string, number, number, number, number | null][] = [
      ['c5.large', 3, 10, 2, 10],
      ['c5.xlarge', 4, 15, 3, 20],
      ['c5.2xlarge', 4, 15, 3, 40],
      ['c5.4xlarge', 8, 30, 7, 60],
      ['m5.16xlarge', 15, 50, 14, 120],
      ['m6i.8xlarge', 8, 30, 7, 90],
      ['r6i.12xlarge', 8, 30, 7, 120],
      ['t3.large', 3, 12, 2, null],
    ];
    for (const [type, enis, ipv4, tasks, trunked] of rows) {
      const s = spec(type);
      assert.deepEqual([s.maxEnis, s.ipv4PerEni, s.awsvpcTasks, s.awsvpcTasksWithTrunking], [enis, ipv4, tasks, trunked], type);
    }
  });

  it('covers the required families from large to 16xlarge', () => {
    const sizes: Record<string, string[]> = {
      t3: ['large', 'xlarge', '2xlarge'],
      t3a: ['large', 'xlarge', '2xlarge'],
      m5: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
      m5a: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
      m6i: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
      m7g: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
      c5: ['large', 'xlarge', '2xlarge', '4xlarge', '9xlarge', '12xlarge'],
      c6i: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
      c7g: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
      r5: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
      r6i: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
    };
    for (const [family, list] of Object.entries(sizes)) for (const size of list) spec(`${family}.${size}`);
  });

  it('is consistent: tasks = ENIs − 1, CPU and memory present, derived values flagged', () => {
    for (const [type, s] of Object.entries(INSTANCE_TYPES)) {
      assert.equal(s.awsvpcTasks, s.maxEnis - 1, type);
      assert.ok(s.vcpu > 0 && s.memoryMiB > 0, type);
      assert.equal(s.trunking, s.awsvpcTasksWithTrunking !== null, type);
      if (!s.trunking) assert.match(s.derived ?? '', /maxEnis - 1/, type);
    }
  });

  it('keeps the plain limit when trunking is on but the type does not support it', () => {
    const t3 = awsvpcCapacity('t3.large', spec('t3.large'), true);
    assert.equal(t3.limit, 2);
    assert.equal(t3.trunk, false);
    assert.match(t3.why, /does not support/);
    const r5 = awsvpcCapacity('r5.8xlarge', spec('r5.8xlarge'), true);
    assert.equal(r5.limit, 7);
    assert.equal(r5.trunk, false);
  });

  it('knows Graviton types are arm64', () => {
    assert.equal(spec('c7g.large').architecture, 'arm64');
    assert.equal(spec('c6i.large').architecture, 'x86_64');
    assert.equal(spec('m7g.4xlarge').vcpu, 16);
    assert.equal(spec('c4.large').memoryMiB, 3840);
  });
});

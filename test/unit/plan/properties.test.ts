/**
 * Property tests over random deployments: whatever the model, the plan never hands out an
 * address twice or a reserved one, never exceeds an instance's or a subnet's limits, and is
 * the same for the same input (and for the same input listed in another order).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseCidr, parseIpv4 } from '../../../src/net/ipv4.js';
import { planDeployment } from '../../../src/plan/index.js';
import type { Plan, PlanOptions } from '../../../src/plan/types.js';
import type { NetworkModel } from '../../../src/model/types.js';
import { ModelBuilder } from './fixtures.js';

const TYPES = ['c5.large', 'm5.4xlarge', 't3.large', 'c7g.medium', 'r5.8xlarge', 'zz.unknown'];
const AZS = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const STATIC_PORTS = [80, 443, 8080, 22, 40001];

const subnetRecipe = fc.record({
  secondary: fc.boolean(),
  prefix: fc.integer({ min: 20, max: 28 }),
  az: fc.integer({ min: 0, max: 2 }),
  mapPublicIp: fc.boolean(),
});

const portRecipe = fc.record({
  kind: fc.constantFrom('static', 'dynamic', 'range'),
  port: fc.constantFrom(...STATIC_PORTS),
  udp: fc.boolean(),
});

const serviceRecipe = fc.record({
  mode: fc.constantFrom('awsvpc', 'bridge', 'host', 'none'),
  fargate: fc.boolean(),
  daemon: fc.boolean(),
  desired: fc.integer({ min: 0, max: 40 }),
  cpu: fc.constantFrom(0, 128, 512, 2048),
  memory: fc.constantFrom(16, 256, 2048, 6000),
  ports: fc.array(portRecipe, { maxLength: 3 }),
  subnets: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
  distinct: fc.boolean(),
  memberOf: fc.constantFrom(undefined, 'attribute:ecs.instance-type == c5.large', 'attribute:ecs.availability-zone in [us-east-1a]'),
  strategy: fc.constantFrom(undefined, 'binpack', 'spread-host'),
  assignPublicIp: fc.boolean(),
});

const recipe = fc.record({
  subnets: fc.array(subnetRecipe, { minLength: 1, maxLength: 4 }),
  overlap: fc.boolean(),
  nats: fc.array(fc.record({ subnet: fc.nat(), fixedOffset: fc.option(fc.integer({ min: 0, max: 20 })) }), { maxLength: 2 }),
  albs: fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), { maxLength: 2 }),
  groups: fc.array(fc.record({ capacity: fc.integer({ min: 0, max: 6 }), type: fc.constantFrom(...TYPES), subnets: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }) }), {
    maxLength: 2,
  }),
  instances: fc.array(fc.record({ subnet: fc.nat(), type: fc.constantFrom(...TYPES), container: fc.boolean(), fixedOffset: fc.option(fc.integer({ min: 0, max: 20 })) }), {
    maxLength: 2,
  }),
  services: fc.array(serviceRecipe, { maxLength: 5 }),
  trunking: fc.boolean(),
  portRangeSize: fc.constantFrom(undefined, 3, 50),
});

type Recipe = typeof recipe extends fc.Arbitrary<infer R> ? R : never;

function build(r: Recipe): { model: NetworkModel; options: PlanOptions } {
  const b = new ModelBuilder();
  const vpc = b.vpc('Vpc', '10.0.0.0/16', ['100.64.0.0/16']);
  const cidrs: string[] = [];
  const subnets = r.subnets.map((s, i) => {
    const cidr = `${s.secondary ? '100.64' : '10.0'}.${i * 16}.0/${s.prefix}`;
    cidrs.push(cidr);
    return b.subnet(`S${i}`, vpc, cidr, AZS[s.az]!, { mapPublicIpOnLaunch: s.mapPublicIp });
  });
  if (r.overlap) subnets.push(b.subnet('Overlap', vpc, cidrs[0]!, AZS[0]!));
  const pick = (n: number) => subnets[n % subnets.length]!;
  const addressIn = (subnetIndex: number, offset: number) => {
    const block = parseCidr(cidrs[subnetIndex % cidrs.length]!)!;
    const value = block.base + (offset % block.size);
    return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
  };
  r.nats.forEach((n, i) => b.natGateway(`Nat${i}`, pick(n.subnet), n.fixedOffset === null ? {} : { privateIp: addressIn(n.subnet, n.fixedOffset) }));
  r.albs.forEach((list, i) => b.loadBalancer(`Alb${i}`, 'application', [...new Set(list.map(pick))]));
  const cluster = b.cluster('Cluster');
  r.groups.forEach((g, i) => b.autoScalingGroup(`Asg${i}`, { subnets: g.subnets.map(pick), capacity: g.capacity, instanceType: g.type, cluster }));
  r.instances.forEach((inst, i) =>
    b.instance(`I${i}`, {
      subnet: pick(inst.subnet),
      instanceType: inst.type,
      ...(inst.container ? { cluster } : {}),
      ...(inst.fixedOffset === null ? {} : { privateIp: addressIn(inst.subnet, inst.fixedOffset) }),
    }),
  );
  r.services.forEach((s, i) => {
    const fargate = s.fargate && !s.daemon;
    const mode = fargate ? 'awsvpc' : s.mode;
    const td = b.taskDefinition(`Td${i}`, {
      networkMode: mode,
      fargate,
      containers: [
        {
          cpu: s.cpu,
          memory: s.memory,
          ports: s.ports.map((p) =>
            p.kind === 'range'
              ? { containerPort: 0, range: [p.port, p.port + 2] as [number, number], protocol: p.udp ? 'udp' : 'tcp' }
              : { containerPort: p.port, hostPort: p.kind === 'static' ? p.port : 0, protocol: p.udp ? 'udp' : 'tcp' },
          ),
        },
      ],
    });
    b.service(`Svc${i}`, {
      taskDefinition: td,
      desired: s.desired,
      cluster,
      launchType: fargate ? 'FARGATE' : 'EC2',
      daemon: s.daemon,
      assignPublicIp: s.assignPublicIp,
      ...(mode === 'awsvpc' ? { subnets: [...new Set(s.subnets.map(pick))] } : {}),
      constraints: [...(s.distinct ? [{ type: 'distinctInstance' as const }] : []), ...(s.memberOf ? [{ type: 'memberOf' as const, expression: s.memberOf }] : [])],
      strategies: s.strategy === 'binpack' ? [{ type: 'binpack', field: 'memory' }] : s.strategy === 'spread-host' ? [{ type: 'spread', field: 'instanceId' }] : [],
    });
  });
  const options: PlanOptions = { trunking: r.trunking };
  if (r.portRangeSize !== undefined) options.dynamicPortRange = [40000, 40000 + r.portRangeSize - 1];
  return { model: b.build(), options };
}

function checkAddresses(plan: Plan): void {
  const seen = new Set<string>();
  const publicSeen = new Set<string>();
  const subnets = new Map(plan.subnets.map((s) => [s.id, s]));
  for (const eni of plan.enis) {
    const key = `${eni.vpcId}/${eni.privateIp}`;
    assert.ok(!seen.has(key), `address ${key} allocated twice`);
    seen.add(key);
    const subnet = subnets.get(eni.subnetId)!;
    const block = parseCidr(subnet.cidr)!;
    const offset = parseIpv4(eni.privateIp)! - block.base;
    assert.ok(offset >= 4 && offset < block.size - 1, `${eni.privateIp} is outside ${subnet.cidr} or reserved`);
    assert.ok(!subnet.reservedAddresses.includes(eni.privateIp));
    if (eni.publicIp) {
      assert.ok(!publicSeen.has(eni.publicIp), `public ${eni.publicIp} twice`);
      publicSeen.add(eni.publicIp);
    }
  }
  assert.equal(new Set(plan.enis.map((e) => e.id)).size, plan.enis.length);
  assert.equal(new Set(plan.enis.map((e) => e.mac)).size, plan.enis.length);
  for (const subnet of plan.subnets) {
    const count = plan.enis.filter((e) => e.subnetId === subnet.id).length;
    assert.equal(subnet.used, count);
    assert.ok(subnet.used <= subnet.usable && subnet.free === subnet.usable - subnet.used && subnet.free >= 0);
    assert.equal(
      Object.values(subnet.usedBy).reduce((a, b) => a + b, 0),
      subnet.used,
    );
  }
}

function checkLimits(plan: Plan): void {
  const [low, high] = plan.settings.dynamicPortRange;
  for (const instance of plan.instances) {
    const tasks = plan.tasks.filter((t) => t.instanceId === instance.id);
    assert.equal(tasks.length, instance.used.tasks);
    assert.ok(instance.used.cpuUnits <= instance.capacity.cpuUnits, `${instance.name} CPU`);
    assert.ok(instance.used.memoryMiB <= instance.capacity.memoryMiB, `${instance.name} memory`);
    const awsvpc = tasks.filter((t) => t.networkMode === 'awsvpc').length;
    assert.equal(awsvpc, instance.used.awsvpcTasks);
    assert.ok(awsvpc <= instance.capacity.awsvpcTasks, `${instance.name} ENIs`);
    if (!instance.capacity.trunking) {
      const attached = plan.enis.filter((e) => e.attachment?.instanceId === instance.id);
      const type = instance.capacity.awsvpcTasks + 1;
      assert.ok(attached.length <= type, `${instance.name} has ${attached.length} ENIs attached`);
    }
    const used = new Set<string>();
    let reserved = plan.settings.reservedTcpPorts.length;
    for (const task of tasks) {
      if (task.networkMode === 'awsvpc') continue;
      for (const port of task.ports) {
        for (let p = port.hostPort; p < port.hostPort + port.count; p++) {
          const key = `${p}/${port.protocol}`;
          assert.ok(!used.has(key), `${instance.name}: host port ${key} used twice`);
          used.add(key);
          assert.ok(!(port.protocol === 'tcp' && plan.settings.reservedTcpPorts.includes(p)), `reserved port ${p} used`);
          if (port.dynamic) assert.ok(p >= low && p <= high, `dynamic port ${p} outside ${low}-${high}`);
          else reserved++;
        }
      }
    }
    assert.ok(reserved <= plan.settings.maxReservedPortsPerInstance);
  }
  for (const service of plan.services) {
    const tasks = plan.tasks.filter((t) => t.serviceId === service.id);
    assert.equal(tasks.length, service.placed);
    assert.equal(service.placed + service.unplaced.reduce((a, u) => a + u.count, 0), service.desired);
    assert.deepEqual(
      service.reasons,
      service.unplaced.map((u) => u.reason),
    );
    assert.equal(new Set(tasks.map((t) => t.id)).size, tasks.length);
  }
}

function shuffled(model: NetworkModel, seed: number): NetworkModel {
  const rotate = <T>(list: T[]) => (list.length === 0 ? list : [...list.slice(seed % list.length), ...list.slice(0, seed % list.length)].reverse());
  const copy = structuredClone(model);
  for (const key of Object.keys(copy) as (keyof NetworkModel)[]) {
    const value = copy[key];
    if (Array.isArray(value)) (copy as unknown as Record<string, unknown[]>)[key] = rotate(value as unknown[]);
  }
  for (const vpc of copy.vpcs) vpc.subnets = rotate(vpc.subnets);
  return copy;
}

describe('planner properties over random deployments', () => {
  it('no address is allocated twice and none is reserved', () => {
    fc.assert(
      fc.property(recipe, (r) => {
        const { model, options } = build(r);
        checkAddresses(planDeployment(model, options));
      }),
      { numRuns: 200 },
    );
  });

  it('no instance, port or subnet limit is exceeded and every desired task is accounted for', () => {
    let placed = 0;
    const reasons = new Set<string>();
    fc.assert(
      fc.property(recipe, (r) => {
        const { model, options } = build(r);
        const plan = planDeployment(model, options);
        checkLimits(plan);
        placed += plan.tasks.length;
        for (const s of plan.services) for (const reason of s.reasons) reasons.add(reason.replace(/ Test\..*$/, ''));
      }),
      { numRuns: 200 },
    );
    // The random models must reach the limits, or the property says nothing.
    if (process.env.PLAN_PROPERTY_STATS) console.log({ placed, reasons: [...reasons].sort() });
    assert.ok(placed > 500, `only ${placed} tasks placed over 200 models`);
    assert.ok(reasons.size >= 5, `only ${[...reasons].join(', ')} met`);
  });

  it('the same input gives the same plan, in whatever order the model lists its objects, and the plan is plain JSON', () => {
    fc.assert(
      fc.property(recipe, fc.nat(), (r, seed) => {
        const { model, options } = build(r);
        const first = planDeployment(model, options);
        const text = JSON.stringify(first);
        assert.equal(JSON.stringify(planDeployment(model, options)), text);
        assert.equal(JSON.stringify(planDeployment(shuffled(model, seed), options)), text);
        assert.deepStrictEqual(JSON.parse(text), first);
      }),
      { numRuns: 100 },
    );
  });
});

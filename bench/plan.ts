/**
 * Planner speed: plan 10,000 tasks over 500 container instances (goal: under 1 s), next to
 * a reference run on the same machine and the same model. Run: `node dist/bench/plan.js
 * [rounds]`.
 *
 * Workload: one VPC, three private /18 subnets (one per AZ), an Auto Scaling group of 500
 * m5.4xlarge container instances, ENI trunking on, and 40 services of 250 tasks each
 * (256 CPU units, 512 MiB): 25 bridge services with a dynamic host port, 10 awsvpc services
 * (a branch ENI and an address each) and 5 host-mode services with their own static port.
 *
 * Reference: a minimal naive first-fit loop written here over the same model — for each task,
 * the first instance in order with enough CPU, memory, a free static port, an ENI slot and
 * room in a dynamic-port counter. It gives no addresses, ENIs, port numbers, spread, reasons,
 * subnets or runs-out figures, so it bounds from below what placement alone costs; the ratio
 * says what the full plan costs on top.
 */
import { performance } from 'node:perf_hooks';
import type { NetworkModel } from '../src/model/types.js';
import { planDeployment } from '../src/plan/index.js';
import { CPU_UNITS_PER_VCPU, INSTANCE_TYPES } from '../src/plan/instance-types.js';
import { ModelBuilder } from '../test/unit/plan/fixtures.js';
import { median } from './support.js';

const ROUNDS = Number(process.argv[2] ?? 15);
const INSTANCES = 500;
const SERVICES = 40;
const TASKS_PER_SERVICE = 250;

function workload(): NetworkModel {
  const b = new ModelBuilder();
  const vpc = b.vpc('Vpc', '10.0.0.0/16');
  const subnets = ['a', 'b', 'c'].map((az, i) => b.subnet(`Private${az.toUpperCase()}`, vpc, `10.0.${i * 64}.0/18`, `us-east-1${az}`));
  const cluster = b.cluster('Cluster');
  b.autoScalingGroup('Hosts', { subnets, capacity: INSTANCES, instanceType: 'm5.4xlarge', cluster });
  for (let s = 0; s < SERVICES; s++) {
    const mode = s < 25 ? 'bridge' : s < 35 ? 'awsvpc' : 'host';
    const td = b.taskDefinition(`Td${s}`, {
      networkMode: mode,
      cpu: 256,
      memory: 512,
      containers: [{ ports: mode === 'awsvpc' ? [{ containerPort: 8080 }] : mode === 'host' ? [{ containerPort: 9000 + s }] : [{ containerPort: 8080, hostPort: 0 }] }],
    });
    b.service(`Svc${String(s).padStart(2, '0')}`, { taskDefinition: td, desired: TASKS_PER_SERVICE, cluster, ...(mode === 'awsvpc' ? { subnets } : {}) });
  }
  return b.build();
}

/** The reference: naive first fit, no addresses, no spread. Returns the number of tasks placed. */
function naiveFirstFit(model: NetworkModel, trunking: boolean): number {
  const hosts: { cpu: number; memory: number; enis: number; ports: Set<number>; dynamicLeft: number }[] = [];
  for (const group of model.autoScalingGroups) {
    const spec = INSTANCE_TYPES[group.instanceType]!;
    for (let i = 0; i < group.desiredCapacity; i++) {
      hosts.push({
        cpu: spec.vcpu * CPU_UNITS_PER_VCPU,
        memory: spec.memoryMiB,
        enis: trunking && spec.awsvpcTasksWithTrunking !== null ? spec.awsvpcTasksWithTrunking : spec.awsvpcTasks,
        ports: new Set([22, 2375, 2376, 51678, 51679]),
        dynamicLeft: 60999 - 32768 + 1,
      });
    }
  }
  const definitions = new Map(model.taskDefinitions.map((t) => [t.id, t]));
  let placed = 0;
  for (const service of model.services) {
    const td = definitions.get(service.taskDefinitionId!)!;
    const cpu = td.cpu ?? 0;
    const memory = td.memory ?? 0;
    const mappings = td.containers.flatMap((c) => c.portMappings);
    const fixed = service.networkMode === 'awsvpc' ? [] : mappings.filter((m) => service.networkMode === 'host' || m.hostPort > 0).map((m) => m.containerPort);
    const dynamic = service.networkMode === 'bridge' ? mappings.filter((m) => m.hostPort === 0).length : 0;
    const eni = service.networkMode === 'awsvpc' ? 1 : 0;
    for (let t = 0; t < service.desiredCount; t++) {
      const host = hosts.find((h) => h.cpu >= cpu && h.memory >= memory && h.enis >= eni && h.dynamicLeft >= dynamic && fixed.every((p) => !h.ports.has(p)));
      if (!host) continue;
      host.cpu -= cpu;
      host.memory -= memory;
      host.enis -= eni;
      host.dynamicLeft -= dynamic;
      for (const p of fixed) host.ports.add(p);
      placed++;
    }
  }
  return placed;
}

/** Runs both sides alternately (so machine noise hits both alike) after one warm-up each. */
function timeBoth(a: () => number, b: () => number): [{ ms: number; placed: number }, { ms: number; placed: number }] {
  const runs: [number[], number[]] = [[], []];
  const placed = [a(), b()];
  for (let i = 0; i < ROUNDS; i++) {
    [a, b].forEach((fn, side) => {
      const start = performance.now();
      placed[side] = fn();
      runs[side]!.push(performance.now() - start);
    });
  }
  return [
    { ms: median(runs[0]), placed: placed[0]! },
    { ms: median(runs[1]), placed: placed[1]! },
  ];
}

const model = workload();
const [ours, reference] = timeBoth(
  () => planDeployment(model, { trunking: true }).tasks.length,
  () => naiveFirstFit(model, true),
);
const plan = planDeployment(model, { trunking: true });

console.log(
  `plan benchmark: ${SERVICES * TASKS_PER_SERVICE} tasks (25 bridge/dynamic, 10 awsvpc/trunk, 5 host services × ${TASKS_PER_SERVICE}) over ${INSTANCES} m5.4xlarge instances, median of ${ROUNDS} rounds`,
);
console.log(
  `  planDeployment (full plan: ${plan.enis.length} ENIs with addresses, ${plan.tasks.length} tasks with ports, spread, reasons, runs-out-at): ${ours.ms.toFixed(1)} ms, ${ours.placed} placed`,
);
console.log(
  `  reference (naive first-fit loop over the same model: CPU, memory, ENI slots, static ports, dynamic-port count; no addresses, no spread): ${reference.ms.toFixed(1)} ms, ${reference.placed} placed`,
);
console.log(`  ratio planDeployment / reference: ${(ours.ms / reference.ms).toFixed(2)}×`);
console.log(`  goal < 1000 ms: ${ours.ms < 1000 ? 'met' : 'NOT met'}`);

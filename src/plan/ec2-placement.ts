/**
 * Placement on EC2 container instances, following the ECS service scheduler
 * (ecs-developer-guide ecs_services.md, task-placement*.md): keep the instances of the
 * service's cluster (and capacity providers) that satisfy its memberOf constraints, drop
 * those that lack CPU, memory, ports, an ENI slot or a subnet address, then pick by the
 * placement strategies — by default spread over Availability Zones, then over instances.
 * When nothing fits, the reason is the one of the "closest matching container instance":
 * the instance that passed the most checks.
 */
import type { NetworkModel, PlacementStrategy } from '../model/types.js';
import type { SubnetSlot } from './address-book.js';
import type { Host } from './container-instances.js';
import { compileMemberOf } from './member-of.js';
import { noFreeIpDetail, noFreeIpReason, recordTask, recordUnplaced, type PlacementContext, type PreparedService } from './placement-context.js';

/** Checks in the order they are made; a higher stage means a closer match. */
const enum Stage {
  Distinct = 0,
  Cpu = 1,
  Memory = 2,
  Ports = 3,
  Eni = 4,
  Ip = 5,
  Fits = 6,
}

const DISTINCT_REASON = 'DistinctInstance placement constraint unsatisfied';
const MEMBER_OF_REASON = 'MemberOf placement constraint unsatisfied';

/** Instances of the service's cluster that its capacity providers and memberOf constraints allow. */
function eligibleInstances(context: PlacementContext, prepared: PreparedService, model: NetworkModel): Host[] | { reason: string; detail: string } {
  const { service } = prepared;
  const clusterName = service.clusterId ?? service.clusterRaw ?? 'default';
  let hosts = context.hosts.filter((h) => service.clusterId !== undefined && h.plan.clusterId === service.clusterId);
  if (hosts.length === 0) {
    return { reason: 'no container instances', detail: `cluster ${clusterName} has no container instances in the plan (no Auto Scaling group or instance registers with it)` };
  }
  const groups = new Set<string>();
  for (const item of service.capacityProviderStrategy) {
    const provider = model.capacityProviders.find((p) => [p.name, p.id, p.logicalId, p.physicalId].includes(item.capacityProvider));
    if (provider?.autoScalingGroupId) groups.add(provider.autoScalingGroupId);
  }
  if (groups.size > 0) {
    hosts = hosts.filter((h) => h.autoScalingGroupId !== undefined && groups.has(h.autoScalingGroupId));
    if (hosts.length === 0) {
      return {
        reason: 'no container instances',
        detail: `the capacity providers of ${service.id} (Auto Scaling groups ${[...groups].sort().join(', ')}) have no instances in cluster ${clusterName}`,
      };
    }
  }
  service.placementConstraints.forEach((constraint, i) => {
    if (constraint.type !== 'memberOf') return;
    const compiled = compileMemberOf(constraint.expression ?? '');
    if ('unsupported' in compiled) {
      context.notes.add(
        'warning',
        'plan-member-of-unsupported',
        service,
        `memberOf "${constraint.expression ?? ''}" is not planned: ${compiled.unsupported}; the constraint is ignored`,
        undefined,
        `Properties.PlacementConstraints[${i}].Expression`,
      );
      return;
    }
    hosts = hosts.filter((h) => compiled.test(h.attributes));
  });
  if (hosts.length === 0) {
    return {
      reason: MEMBER_OF_REASON,
      detail: `no container instance of cluster ${clusterName} satisfies ${service.placementConstraints
        .filter((c) => c.type === 'memberOf')
        .map((c) => `memberOf(${c.expression ?? ''})`)
        .join(' and ')}`,
    };
  }
  return hosts;
}

const subnetCache = new WeakMap<PreparedService, (readonly SubnetSlot[] | undefined)[]>();

/** The service's awsvpc subnets an instance can attach an ENI from: same VPC and AZ (memoised per service and instance). */
function subnetsForHost(prepared: PreparedService, host: Host): readonly SubnetSlot[] {
  let byHost = subnetCache.get(prepared);
  if (byHost === undefined) {
    byHost = [];
    subnetCache.set(prepared, byHost);
  }
  let list = byHost[host.order];
  if (list === undefined) {
    list = prepared.subnets.filter((s) => s.subnet.az === host.plan.az && s.vpc.id === host.plan.vpcId);
    byHost[host.order] = list;
  }
  return list;
}

/** The subnet a task ENI goes to: the one with fewest of the service's tasks and a free address. */
function pickSubnet(prepared: PreparedService, slots: readonly SubnetSlot[]): SubnetSlot | undefined {
  let best: SubnetSlot | undefined;
  for (const slot of slots) {
    if (slot.pool.free <= 0) continue;
    if (!best || (prepared.perSubnet.get(slot.subnet.id) ?? 0) < (prepared.perSubnet.get(best.subnet.id) ?? 0)) best = slot;
  }
  return best;
}

type Scorer = (host: Host) => number;

/** Turns the placement strategies into scorers (lower is better), with ECS's default when none is given. */
function scorers(context: PlacementContext, prepared: PreparedService, hosts: readonly Host[], perHost: Int32Array): { scorers: Scorer[]; onPlace: (h: Host) => void } {
  const { service, requirements } = prepared;
  const given = service.placementStrategies;
  const strategies: PlacementStrategy[] =
    given.length > 0
      ? given
      : [
          { type: 'spread', field: 'attribute:ecs.availability-zone' },
          { type: 'spread', field: 'instanceId' },
        ];
  const list: Scorer[] = [];
  const updates: ((h: Host) => void)[] = [];
  for (const strategy of strategies) {
    const field = strategy.field ?? '';
    if (strategy.type === 'spread') {
      if (field === 'instanceId' || field === 'host') {
        list.push((h) => perHost[h.order]!);
        continue;
      }
      // Group the instances by the attribute's value and count the service's tasks per group.
      const groupOf = new Int32Array(context.hosts.length);
      const values = new Map<string, number>();
      for (const h of hosts) {
        const value = h.attributes.get(field) ?? '';
        if (!values.has(value)) values.set(value, values.size);
        groupOf[h.order] = values.get(value)!;
      }
      const counts = new Int32Array(values.size);
      list.push((h) => counts[groupOf[h.order]!]!);
      updates.push((h) => counts[groupOf[h.order]!]!++);
    } else if (strategy.type === 'binpack') {
      if (field.toLowerCase() === 'cpu') list.push((h) => h.cpuFree - requirements.cpuUnits);
      else if (field.toLowerCase() === 'memory') list.push((h) => h.memoryFree - requirements.memoryMiB);
    } else {
      context.notes.add(
        'info',
        'plan-random-strategy',
        service,
        `the random placement strategy of ${service.id} is planned deterministically: the instance with fewest of its tasks, then the first in order`,
      );
    }
  }
  // ECS breaks the remaining ties at random; the plan, which must be reproducible, sends the
  // task to the instance with fewest tasks of the service (then to the first in order), which
  // is what random choice averages to.
  const last = strategies[strategies.length - 1];
  if (!(last?.type === 'spread' && (last.field === 'instanceId' || last.field === 'host'))) list.push((h) => perHost[h.order]!);
  return { scorers: list, onPlace: (h) => updates.forEach((u) => u(h)) };
}

/** First check the instance fails, or Stage.Fits. */
function check(prepared: PreparedService, host: Host, perHost: Int32Array, distinct: boolean): Stage {
  const { requirements, service } = prepared;
  if (distinct && perHost[host.order]! > 0) return Stage.Distinct;
  if (host.cpuFree < requirements.cpuUnits) return Stage.Cpu;
  if (host.memoryFree < requirements.memoryMiB) return Stage.Memory;
  if ((requirements.ports.staticPortCount > 0 || requirements.ports.dynamic.length > 0) && !host.ports.fits(requirements.ports)) return Stage.Ports;
  if (service.networkMode === 'awsvpc') {
    if (host.awsvpcFree <= 0) return Stage.Eni;
    if (pickSubnet(prepared, subnetsForHost(prepared, host)) === undefined) return Stage.Ip;
  }
  return Stage.Fits;
}

function explain(prepared: PreparedService, host: Host, stage: Stage, taskNumber: number, eligible: number): { reason: string; detail: string } {
  const { requirements, service } = prepared;
  const who = `closest matching container instance ${host.plan.name} (${host.plan.instanceType})`;
  switch (stage) {
    case Stage.Distinct:
      return { reason: DISTINCT_REASON, detail: `each of the ${eligible} eligible container instances already runs a task of ${service.id}` };
    case Stage.Cpu:
      return { reason: 'RESOURCE:CPU', detail: `${who} has ${host.cpuFree} of ${host.plan.capacity.cpuUnits} CPU units free; a task needs ${requirements.cpuUnits}` };
    case Stage.Memory:
      return { reason: 'RESOURCE:MEMORY', detail: `${who} has ${host.memoryFree} of ${host.plan.capacity.memoryMiB} MiB free; a task needs ${requirements.memoryMiB}` };
    case Stage.Ports:
      return { reason: 'RESOURCE:PORTS', detail: `${who}: ${host.ports.whyNot(requirements.ports)}` };
    case Stage.Eni:
      return { reason: 'RESOURCE:ENI', detail: `${who} runs ${host.plan.used.awsvpcTasks} of ${host.plan.capacity.awsvpcTasks} awsvpc tasks (${host.plan.capacity.awsvpcWhy})` };
    default: {
      const slot = subnetsForHost(prepared, host)[0]!;
      return { reason: noFreeIpReason(slot), detail: noFreeIpDetail(slot, prepared, taskNumber) };
    }
  }
}

/**
 * Filters that hold for every task of the service: instance types the plan knows, and for
 * awsvpc an instance in an AZ (and VPC) of one of the service's subnets.
 */
function usable(prepared: PreparedService, hosts: Host[]): Host[] | { reason: string; detail: string } {
  const known = hosts.filter((h) => h.plan.knownType);
  if (known.length === 0) {
    const types = [...new Set(hosts.map((h) => h.plan.instanceType))].sort();
    return { reason: `unknown instance type ${types.join(', ')}`, detail: `the instance-type data has no ${types.join(', ')}, so the plan cannot size them` };
  }
  if (prepared.service.networkMode !== 'awsvpc') return known;
  if (prepared.subnets.length === 0) {
    return { reason: 'no subnets in awsvpcConfiguration', detail: `${prepared.service.id} uses awsvpc but names no subnet of the deployment` };
  }
  const reachable = known.filter((h) => subnetsForHost(prepared, h).length > 0);
  if (reachable.length === 0) {
    return {
      reason: 'ATTRIBUTE',
      detail: `no container instance is in an Availability Zone of the service's subnets (${prepared.subnets.map((s) => `${s.subnet.id} ${s.subnet.az}`).join(', ')})`,
    };
  }
  return reachable;
}

function place(context: PlacementContext, prepared: PreparedService, host: Host, key: string, index: number): void {
  const slot = prepared.service.networkMode === 'awsvpc' ? pickSubnet(prepared, subnetsForHost(prepared, host)) : undefined;
  const dynamicPorts = host.ports.take(prepared.requirements.ports);
  recordTask(context, prepared, { key, index, host, ...(slot ? { slot } : {}), ...(dynamicPorts ? { dynamicPorts } : {}) });
}

/** Places the desired tasks of a REPLICA service on EC2. */
export function placeReplicaService(context: PlacementContext, prepared: PreparedService, model: NetworkModel): void {
  const desired = prepared.plan.desired;
  if (desired === 0) return;
  const eligible = eligibleInstances(context, prepared, model);
  const candidates = Array.isArray(eligible) ? usable(prepared, eligible) : eligible;
  if (!Array.isArray(candidates)) {
    recordUnplaced(prepared, candidates.reason, desired, 1, candidates.detail);
    return;
  }
  if (prepared.requirements.portProblem) {
    recordUnplaced(prepared, 'RESOURCE:PORTS', desired, 1, prepared.requirements.portProblem);
    return;
  }
  const distinct = prepared.service.placementConstraints.some((c) => c.type === 'distinctInstance');
  const perHost = new Int32Array(context.hosts.length);
  const { scorers: rank, onPlace } = scorers(context, prepared, candidates, perHost);
  const best = new Float64Array(rank.length);
  const score = new Float64Array(rank.length);
  for (let index = 0; index < desired; index++) {
    let chosen: Host | undefined;
    let closest: Host | undefined;
    let closestStage = -1;
    for (const host of candidates) {
      const stage = check(prepared, host, perHost, distinct);
      if (stage !== Stage.Fits) {
        if (stage > closestStage) {
          closestStage = stage;
          closest = host;
        }
        continue;
      }
      for (let k = 0; k < rank.length; k++) score[k] = rank[k]!(host);
      let better = chosen === undefined;
      for (let k = 0; !better && k < rank.length; k++) {
        if (score[k]! < best[k]!) better = true;
        else if (score[k]! > best[k]!) break;
      }
      if (better) {
        chosen = host;
        best.set(score);
      }
    }
    if (chosen === undefined) {
      // Nothing changed since the failed attempt, so every remaining task fails the same way.
      const { reason, detail } = explain(prepared, closest!, closestStage, index + 1, candidates.length);
      recordUnplaced(prepared, reason, desired - index, index + 1, detail);
      return;
    }
    place(context, prepared, chosen, `${prepared.service.id}#${index}`, index);
    perHost[chosen.order]!++;
    onPlace(chosen);
  }
}

/** Places one task of a DAEMON service on each eligible container instance. */
export function placeDaemonService(context: PlacementContext, prepared: PreparedService, model: NetworkModel): void {
  const eligible = eligibleInstances(context, prepared, model);
  if (!Array.isArray(eligible)) {
    // A daemon's desired count is the number of eligible instances; with none there is nothing to place.
    prepared.plan.desired = 0;
    context.notes.add('info', 'plan-daemon-no-instances', prepared.service, `DAEMON service ${prepared.service.id} runs no task: ${eligible.detail}`);
    return;
  }
  prepared.plan.desired = eligible.length;
  const perHost = new Int32Array(context.hosts.length);
  eligible.forEach((host, index) => {
    const alone = usable(prepared, [host]);
    if (!Array.isArray(alone)) {
      recordUnplaced(prepared, alone.reason, 1, index + 1, alone.detail);
      return;
    }
    if (prepared.requirements.portProblem) {
      recordUnplaced(prepared, 'RESOURCE:PORTS', 1, index + 1, prepared.requirements.portProblem);
      return;
    }
    const stage = check(prepared, host, perHost, false);
    if (stage !== Stage.Fits) {
      const { reason, detail } = explain(prepared, host, stage, index + 1, eligible.length);
      recordUnplaced(prepared, reason, 1, index + 1, detail.replace('closest matching container instance', 'container instance'));
      return;
    }
    place(context, prepared, host, `${prepared.service.id}@${host.plan.name}`, index);
    perHost[host.order]!++;
  });
}

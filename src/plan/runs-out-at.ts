/**
 * "At what desired count does this subnet run out?" — answered per consumer of the subnet
 * (an awsvpc service, an Auto Scaling group), counting addresses only and holding the rest
 * of the plan as it is. For services the answer follows the AZ-balanced spread: a subnet
 * fills when its service has grown evenly over its other subnets, so a /24 shared by three
 * AZs' worth of tasks runs out near three times its free addresses, not one.
 */
import type { SubnetSlot } from './address-book.js';
import type { PreparedService } from './placement-context.js';
import type { RunsOutAt } from './types.js';

/** One subnet of a service: its AZ, the service's tasks in it, its free addresses. */
export interface SpreadBucket {
  group: string;
  count: number;
  free: number;
}

/** Final count of a bucket that grows to `level` unless its room ends first; it never shrinks. */
function grown(count: number, free: number, level: number): number {
  return Math.min(Math.max(count, level), count + free);
}

/**
 * How many more tasks the spread (AZ with fewest tasks first, then the subnet with fewest,
 * ties in template order) places before bucket `target` has no free address. Closed form:
 * when the target takes its last address at level μ, earlier buckets of its AZ stand at μ
 * and later ones at μ − 1 (or full); the same holds one level up for the AZs.
 */
export function extraUntilFull(buckets: readonly SpreadBucket[], target: number): number {
  const goal = buckets[target]!;
  if (goal.free <= 0) return 0;
  const level = goal.count + goal.free;
  let inZone = goal.free;
  buckets.forEach((b, i) => {
    if (i === target || b.group !== goal.group) return;
    inZone += grown(b.count, b.free, i < target ? level : level - 1) - b.count;
  });
  const zones = new Map<string, { count: number; free: number }>();
  for (const b of buckets) {
    const zone = zones.get(b.group) ?? { count: 0, free: 0 };
    zone.count += b.count;
    zone.free += b.free;
    zones.set(b.group, zone);
  }
  const zoneLevel = zones.get(goal.group)!.count + inZone;
  let extra = inZone;
  let before = true;
  for (const [group, zone] of zones) {
    if (group === goal.group) {
      before = false;
      continue;
    }
    extra += grown(zone.count, zone.free, before ? zoneLevel : zoneLevel - 1) - zone.count;
  }
  return extra;
}

/** Runs-out-at of every subnet of an awsvpc service. */
export function serviceRunsOut(prepared: PreparedService): Map<string, RunsOutAt> {
  const result = new Map<string, RunsOutAt>();
  const buckets = prepared.subnets.map((slot) => ({
    group: slot.subnet.az,
    count: prepared.perSubnet.get(slot.subnet.id) ?? 0,
    free: slot.pool.free,
  }));
  prepared.subnets.forEach((slot, i) => {
    result.set(slot.subnet.id, {
      kind: 'service',
      id: prepared.service.id,
      logicalId: prepared.service.logicalId,
      current: prepared.plan.desired,
      at: prepared.plan.placed + extraUntilFull(buckets, i),
      full: slot.pool.free <= 0,
    });
  });
  return result;
}

/**
 * The capacity at which an Auto Scaling group fills `slot`: instance n goes to subnet
 * n mod k, and each instance takes `addressesPerInstance` addresses (2 with a trunk ENI).
 */
export function groupRunsOut(group: { id: string; logicalId: string; subnetIds: readonly string[] }, capacity: number, slot: SubnetSlot, addressesPerInstance: number): RunsOutAt {
  let room = Math.floor(slot.pool.free / addressesPerInstance);
  const full = room === 0;
  let at = capacity;
  const k = group.subnetIds.length;
  while (room > 0) {
    if (group.subnetIds[at % k] === slot.subnet.id) room--;
    at++;
  }
  return { kind: 'auto-scaling-group', id: group.id, logicalId: group.logicalId, current: capacity, at, full };
}

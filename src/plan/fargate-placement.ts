/**
 * Fargate placement: no instances, one ENI per task in one of the service's subnets,
 * balanced across Availability Zones (ecs_services.md: "the service scheduler attempts to
 * maintain a balance across Availability Zones"), then across the subnets of a zone. The
 * only resource the plan can run out of is addresses.
 */
import type { SubnetSlot } from './address-book.js';
import { noFreeIpDetail, noFreeIpReason, recordTask, recordUnplaced, type PlacementContext, type PreparedService } from './placement-context.js';

/**
 * The subnet for the next task: the AZ with fewest of the service's tasks, then the subnet
 * of that AZ with fewest, then template order. `withRoom` limits it to subnets with a free
 * address; without it, it names where the task would have gone.
 */
export function nextSpreadSubnet(slots: readonly SubnetSlot[], perSubnet: ReadonlyMap<string, number>, withRoom: boolean): SubnetSlot | undefined {
  const perAz = new Map<string, { count: number; room: boolean }>();
  for (const slot of slots) {
    const az = perAz.get(slot.subnet.az) ?? { count: 0, room: false };
    az.count += perSubnet.get(slot.subnet.id) ?? 0;
    az.room ||= slot.pool.free > 0;
    perAz.set(slot.subnet.az, az);
  }
  let bestAz: string | undefined;
  for (const [az, state] of perAz) {
    if (withRoom && !state.room) continue;
    if (bestAz === undefined || state.count < perAz.get(bestAz)!.count) bestAz = az;
  }
  let best: SubnetSlot | undefined;
  for (const slot of slots) {
    if (slot.subnet.az !== bestAz || (withRoom && slot.pool.free <= 0)) continue;
    if (best === undefined || (perSubnet.get(slot.subnet.id) ?? 0) < (perSubnet.get(best.subnet.id) ?? 0)) best = slot;
  }
  return best;
}

/** Places the desired tasks of a Fargate service. */
export function placeFargateService(context: PlacementContext, prepared: PreparedService): void {
  const desired = prepared.plan.desired;
  if (desired === 0) return;
  if (prepared.subnets.length === 0) {
    recordUnplaced(prepared, 'no subnets in awsvpcConfiguration', desired, 1, `${prepared.service.id} runs on Fargate but names no subnet of the deployment`);
    return;
  }
  for (let index = 0; index < desired; index++) {
    const slot = nextSpreadSubnet(prepared.subnets, prepared.perSubnet, true);
    if (slot === undefined) {
      const wanted = nextSpreadSubnet(prepared.subnets, prepared.perSubnet, false)!;
      recordUnplaced(prepared, noFreeIpReason(wanted), desired - index, index + 1, noFreeIpDetail(wanted, prepared, index + 1));
      return;
    }
    recordTask(context, prepared, { key: `${prepared.service.id}#${index}`, index, slot });
  }
}

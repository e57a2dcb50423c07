/**
 * State shared while services are placed one after the other: the address book, the
 * instances with their remaining capacity, the tasks placed so far, and the bookkeeping of
 * each service's result.
 */
import type { Service, TaskDefinition } from '../model/types.js';
import { isEni, type AddressBook, type SubnetSlot } from './address-book.js';
import type { Host } from './container-instances.js';
import { formatIpv4 } from '../net/ipv4.js';
import type { PlanNotes } from './notes.js';
import type { TaskRequirements } from './task-requirements.js';
import type { EniPlan, PlanSettings, ServicePlan, TaskPlan, TaskPortPlan } from './types.js';

/** Everything placement reads and changes. */
export interface PlacementContext {
  book: AddressBook;
  hosts: Host[];
  settings: PlanSettings;
  notes: PlanNotes;
  tasks: TaskPlan[];
  taskDefinitions: ReadonlyMap<string, TaskDefinition>;
}

/** A service ready to place: its result record, task requirements and awsvpc subnets. */
export interface PreparedService {
  service: Service;
  plan: ServicePlan;
  requirements: TaskRequirements;
  /** Resolved awsvpcConfiguration subnets in template order (empty when none). */
  subnets: SubnetSlot[];
  /** Tasks of this service per subnet id, for spreading and for runs-out-at. */
  perSubnet: Map<string, number>;
}

/** Records `count` tasks that could not be placed, merging with earlier ones of the same reason. */
export function recordUnplaced(prepared: PreparedService, reason: string, count: number, firstTask: number, detail: string): void {
  if (count <= 0) return;
  const existing = prepared.plan.unplaced.find((u) => u.reason === reason);
  if (existing) {
    existing.count += count;
    existing.firstTask = Math.min(existing.firstTask, firstTask);
    return;
  }
  prepared.plan.unplaced.push({ reason, count, firstTask, detail });
  prepared.plan.reasons.push(reason);
}

/** The ECS reason for a full subnet, naming the subnet by model id. */
export function noFreeIpReason(slot: SubnetSlot): string {
  return `no free IP in subnet ${slot.subnet.id}`;
}

/** Detail sentence for a full subnet: where the service ran out. */
export function noFreeIpDetail(slot: SubnetSlot, prepared: PreparedService, taskNumber: number): string {
  return `subnet ${slot.subnet.id} (${slot.subnet.cidr}, ${slot.pool.usable} usable) has no free address when task ${taskNumber} of ${prepared.plan.desired} needs one; ${prepared.perSubnet.get(slot.subnet.id) ?? 0} of the service's tasks are in it`;
}

const DOCKER_BRIDGE_BASE = 0xac110000; // 172.17.0.0/16, Docker's default docker0 network.

/** Where a placed task lands. */
export interface Landing {
  key: string;
  index: number;
  host?: Host;
  /** The awsvpc subnet (task ENI); host/bridge tasks use their instance's. */
  slot?: SubnetSlot;
  dynamicPorts?: number[];
}

/**
 * Creates the task: its ENI for awsvpc (a branch ENI on the trunk when the instance has
 * one), its ports, and the usage of its instance. The caller has checked that it fits.
 */
export function recordTask(context: PlacementContext, prepared: PreparedService, landing: Landing): TaskPlan {
  const { service, requirements } = prepared;
  const { book } = context;
  const host = landing.host;
  const id = book.ids.taskId(landing.key);
  let eni: EniPlan | undefined;
  if (landing.slot) {
    const onInstance = host !== undefined;
    const trunk = host?.trunkEni;
    const result = book.createEni({
      key: `task:${landing.key}`,
      kind: !onInstance ? 'fargate-task' : trunk ? 'branch' : 'ec2-task',
      ownerId: id,
      subnetId: landing.slot.subnet.id,
      securityGroupIds: service.awsvpc?.securityGroupIds ?? [],
      defaultSecurityGroup: true,
      description: `arn:aws:ecs:${book.region}:${book.accountId}:attachment/${id}`,
      ...(!onInstance && service.awsvpc?.assignPublicIp ? { publicIp: { source: 'auto-assigned' as const } } : {}),
      ...(host && trunk ? { trunk: { trunkEniId: trunk.id, vlanId: host.nextVlanId++ } } : {}),
      ...(host && !trunk ? { attachment: { instanceId: host.plan.id, deviceIndex: host.nextDeviceIndex++ } } : {}),
    });
    if (!isEni(result)) throw new Error(`internal: ENI for ${landing.key} refused after the fit check`);
    eni = result;
    prepared.perSubnet.set(result.subnetId, (prepared.perSubnet.get(result.subnetId) ?? 0) + 1);
  }
  const ports: TaskPortPlan[] = requirements.mappings.map((m) => {
    const hostPort = m.hostPort ?? landing.dynamicPorts?.[m.dynamicIndex ?? -1] ?? 0;
    return { containerName: m.containerName, protocol: m.protocol, containerPort: m.containerPort, hostPort, count: m.count, dynamic: m.hostPort === undefined };
  });
  const task: TaskPlan = {
    id,
    name: `${service.id}/${landing.index + 1}`,
    serviceId: service.id,
    serviceLogicalId: service.logicalId,
    index: landing.index,
    launchType: service.launchType,
    networkMode: host ? service.networkMode : 'awsvpc',
    az: eni?.az ?? host!.plan.az,
    subnetId: eni?.subnetId ?? host!.plan.subnetId,
    privateIp: eni?.privateIp ?? host!.plan.privateIp,
    cpuUnits: requirements.cpuUnits,
    memoryMiB: requirements.memoryMiB,
    ports,
  };
  if (service.taskDefinitionId) task.taskDefinitionId = service.taskDefinitionId;
  if (eni) task.eniId = eni.id;
  if (eni?.publicIp) task.publicIp = eni.publicIp;
  if (host) {
    task.instanceId = host.plan.id;
    host.cpuFree -= requirements.cpuUnits;
    host.memoryFree -= requirements.memoryMiB;
    const used = host.plan.used;
    used.cpuUnits += requirements.cpuUnits;
    used.memoryMiB += requirements.memoryMiB;
    used.tasks++;
    used.reservedPorts = host.ports.reservedPorts;
    used.dynamicPorts += requirements.ports.dynamic.reduce((sum, d) => sum + d.count, 0);
    if (eni) {
      host.awsvpcFree--;
      used.awsvpcTasks++;
    }
    if (service.networkMode === 'bridge' && host.nextBridgeHost < 65535) task.bridgeIp = formatIpv4(DOCKER_BRIDGE_BASE + host.nextBridgeHost++);
    host.plan.taskIds.push(id);
  }
  prepared.plan.taskIds.push(id);
  prepared.plan.placed++;
  context.tasks.push(task);
  return task;
}

/**
 * planDeployment: the network model in, the Plan out — every address, ENI, instance, task
 * placement and host port the lab will create, with the reasons for what does not fit.
 *
 * Order matters for addresses and is fixed: template-fixed addresses first, then NAT
 * gateways, load balancer nodes, endpoints, VPC links and TGW attachments, the template's
 * unattached network interfaces, then instances (every primary ENI, then the trunk ENIs, so
 * an instance's address does not depend on the trunking setting), then tasks service by service (DAEMON services first, as ECS
 * launches daemon tasks first on an instance, then by model id). Everything is sorted so
 * the same input gives the same plan.
 */
import { sortDiagnostics } from '../diagnostics.js';
import type { NetworkModel, TaskDefinition } from '../model/types.js';
import { AddressBook, type SubnetSlot } from './address-book.js';
import { compareText, sortById } from './compare.js';
import { claimInstanceAddresses, createInstances } from './container-instances.js';
import { placeDaemonService, placeReplicaService } from './ec2-placement.js';
import { placeFargateService } from './fargate-placement.js';
import { claimInfrastructureAddresses, createInfrastructureEnis, loadBalancerSubnets } from './infrastructure-enis.js';
import { INSTANCE_TYPES, type InstanceTypeCatalog } from './instance-types.js';
import { claimNetworkInterfaceAddresses, createNetworkInterfaces } from './network-interfaces.js';
import { formatIpv4, parseIpv4 } from '../net/ipv4.js';
import { PlanNotes } from './notes.js';
import { recordUnplaced, type PlacementContext, type PreparedService } from './placement-context.js';
import { DEFAULT_DYNAMIC_HOST_PORT_RANGE, DEFAULT_RESERVED_TCP_PORTS, DEFAULT_RESERVED_UDP_PORTS, MAX_RESERVED_PORTS_PER_INSTANCE, parsePortRange } from './port-range.js';
import { PUBLIC_IP_POOL } from './public-ip-pool.js';
import { groupRunsOut, serviceRunsOut } from './runs-out-at.js';
import { taskRequirements } from './task-requirements.js';
import type { EniKind, EniPlan, Plan, PlanOptions, PlanSettings, RunsOutAt, ServicePlan, SubnetPlan } from './types.js';
import { resolveWhatIf, type WhatIf } from './what-if.js';

/** AWS asks for at least 8 free addresses in each subnet of an ALB so it can scale (ELB docs, "Subnets for your load balancer"). */
export const ALB_FREE_ADDRESSES_NEEDED = 8;

const ENI_KINDS: readonly EniKind[] = [
  'instance',
  'trunk',
  'ec2-task',
  'branch',
  'fargate-task',
  'nat-gateway',
  'load-balancer',
  'vpc-endpoint',
  'vpc-link',
  'transit-gateway-attachment',
  'network-interface',
];

function resolveSettings(options: PlanOptions, notes: PlanNotes): PlanSettings {
  let range = DEFAULT_DYNAMIC_HOST_PORT_RANGE;
  if (options.dynamicPortRange !== undefined) {
    const parsed = parsePortRange(options.dynamicPortRange);
    if (parsed) range = parsed;
    else {
      notes.add(
        'warning',
        'plan-port-range',
        undefined,
        `dynamic host port range ${String(options.dynamicPortRange)} is not start-end within 1-65535; the default ${range[0]}-${range[1]} is used, as the ECS agent does`,
      );
    }
  }
  return {
    trunking: options.trunking ?? false,
    dynamicPortRange: [range[0], range[1]],
    reservedTcpPorts: [...DEFAULT_RESERVED_TCP_PORTS],
    reservedUdpPorts: [...DEFAULT_RESERVED_UDP_PORTS],
    maxReservedPortsPerInstance: MAX_RESERVED_PORTS_PER_INSTANCE,
    publicIpPool: PUBLIC_IP_POOL,
  };
}

function prepare(model: NetworkModel, context: PlacementContext, whatIf: WhatIf): PreparedService[] {
  const list: PreparedService[] = [];
  for (const service of sortById(model.services)) {
    const taskDefinition = service.taskDefinitionId ? context.taskDefinitions.get(service.taskDefinitionId) : undefined;
    if (taskDefinition === undefined) {
      context.notes.add(
        'warning',
        'plan-task-definition-missing',
        service,
        `the task definition of ${service.id} (${service.taskDefinitionId ?? service.taskDefinitionRaw ?? 'none'}) is not in the deployment; its tasks are planned with no CPU, memory or ports`,
      );
    }
    const networkMode = service.launchType === 'FARGATE' ? 'awsvpc' : service.networkMode;
    const requirements = taskRequirements(taskDefinition, networkMode, { tcp: context.settings.reservedTcpPorts, udp: context.settings.reservedUdpPorts });
    const subnets: SubnetSlot[] = [];
    for (const subnetId of new Set(service.awsvpc?.subnetIds ?? [])) {
      const slot = context.book.subnets.get(subnetId);
      if (slot) subnets.push(slot);
      else context.notes.add('warning', 'plan-unknown-subnet', service, `${service.id} names subnet ${subnetId}, which is not in the deployment`);
    }
    for (const raw of service.awsvpc?.subnetRaw ?? []) {
      context.notes.add('warning', 'plan-unknown-subnet', service, `${service.id} names subnet ${raw}, which is not in the deployment; no task is planned there`);
    }
    const { desired, source } = whatIf.desiredCount(service);
    const plan: ServicePlan = {
      id: service.id,
      logicalId: service.logicalId,
      stack: service.stack,
      name: service.name,
      launchType: service.launchType,
      networkMode,
      schedulingStrategy: service.schedulingStrategy,
      desired: service.schedulingStrategy === 'DAEMON' ? 0 : desired,
      desiredSource: service.schedulingStrategy === 'DAEMON' ? 'daemon' : source,
      placed: 0,
      reasons: [],
      unplaced: [],
      taskIds: [],
    };
    if (service.clusterId) plan.clusterId = service.clusterId;
    list.push({ service, plan, requirements, subnets, perSubnet: new Map() });
  }
  // ECS launches daemon tasks first on an instance (ecs_services.md, "Daemon").
  return [...list.filter((p) => p.service.schedulingStrategy === 'DAEMON'), ...list.filter((p) => p.service.schedulingStrategy !== 'DAEMON')];
}

function placeAll(model: NetworkModel, context: PlacementContext, services: PreparedService[]): void {
  for (const prepared of services) {
    const { service, plan } = prepared;
    if (service.launchType === 'EXTERNAL') {
      recordUnplaced(prepared, 'EXTERNAL launch type is not emulated', plan.desired, 1, `${service.id} runs on ECS Anywhere instances, which the lab does not have`);
    } else if (service.launchType === 'FARGATE') {
      if (service.schedulingStrategy === 'DAEMON') {
        context.notes.add('error', 'plan-daemon-fargate', service, `DAEMON service ${service.id} cannot run on Fargate (AWS rejects it); nothing is planned`);
      } else placeFargateService(context, prepared);
    } else if (service.schedulingStrategy === 'DAEMON') placeDaemonService(context, prepared, model);
    else placeReplicaService(context, prepared, model);
  }
}

function subnetPlans(model: NetworkModel, book: AddressBook, services: PreparedService[], whatIf: WhatIf, settings: PlanSettings, catalog: InstanceTypeCatalog): SubnetPlan[] {
  const usage = new Map<string, Partial<Record<EniKind, number>>>();
  for (const eni of book.enis) {
    const counts = usage.get(eni.subnetId) ?? {};
    counts[eni.kind] = (counts[eni.kind] ?? 0) + 1;
    usage.set(eni.subnetId, counts);
  }
  const runsOut = new Map<string, RunsOutAt[]>();
  const addRunsOut = (subnetId: string, entry: RunsOutAt) => runsOut.set(subnetId, [...(runsOut.get(subnetId) ?? []), entry]);
  for (const prepared of services) {
    const { service } = prepared;
    if (service.schedulingStrategy === 'DAEMON' || service.launchType === 'EXTERNAL' || prepared.plan.networkMode !== 'awsvpc') continue;
    for (const [subnetId, entry] of serviceRunsOut(prepared)) addRunsOut(subnetId, entry);
  }
  for (const group of model.autoScalingGroups) {
    const type = catalog[whatIf.instanceType(group)];
    const perInstance = group.clusterId && settings.trunking && type?.trunking ? 2 : 1;
    for (const subnetId of new Set(group.subnetIds)) {
      const slot = book.subnets.get(subnetId);
      if (slot) addRunsOut(subnetId, groupRunsOut(group, whatIf.capacity(group), slot, perInstance));
    }
  }
  const albs = new Map<string, string[]>();
  for (const lb of model.loadBalancers) {
    if (lb.kind !== 'application') continue;
    for (const subnetId of loadBalancerSubnets(lb)) albs.set(subnetId, [...(albs.get(subnetId) ?? []), lb.id]);
  }
  return [...book.subnets.values()]
    .sort((a, b) => compareText(a.subnet.id, b.subnet.id))
    .map(({ subnet, pool }) => {
      const counts = usage.get(subnet.id) ?? {};
      const usedBy: Partial<Record<EniKind, number>> = {};
      for (const kind of ENI_KINDS) if (counts[kind]) usedBy[kind] = counts[kind];
      const plan: SubnetPlan = {
        id: subnet.id,
        logicalId: subnet.logicalId,
        physicalId: subnet.physicalId,
        vpcId: subnet.vpcId,
        az: subnet.az,
        cidr: subnet.cidr,
        public: subnet.public,
        size: pool.block.size,
        usable: pool.usable,
        used: pool.used,
        free: pool.free,
        usedBy,
        reservedAddresses: pool.reservedAddresses().map(formatIpv4),
        runsOutAt: (runsOut.get(subnet.id) ?? []).sort((a, b) => a.at - b.at || compareText(a.id, b.id)),
      };
      const lbs = albs.get(subnet.id);
      if (lbs) plan.albScaling = { loadBalancerIds: [...lbs].sort(), freeNeeded: ALB_FREE_ADDRESSES_NEEDED, ok: pool.free >= ALB_FREE_ADDRESSES_NEEDED };
      return plan;
    });
}

function noteAlbHeadroom(model: NetworkModel, subnets: SubnetPlan[], notes: PlanNotes): void {
  for (const subnet of subnets) {
    if (!subnet.albScaling || subnet.albScaling.ok) continue;
    for (const lbId of subnet.albScaling.loadBalancerIds) {
      const lb = model.loadBalancers.find((l) => l.id === lbId);
      notes.add(
        'warning',
        'plan-alb-scaling-headroom',
        lb,
        `subnet ${subnet.id} (${subnet.cidr}) keeps ${subnet.free} free addresses once the plan is deployed; AWS asks for at least ${ALB_FREE_ADDRESSES_NEEDED} free in each subnet of an Application Load Balancer so it can scale`,
        'use a larger subnet (at least /27) or move tasks out of it',
      );
    }
  }
}

/** ENIs by subnet, then by numeric address (parsed once, not in the comparator). */
function sortEnis(enis: readonly EniPlan[]): EniPlan[] {
  return enis
    .map((eni) => ({ eni, address: parseIpv4(eni.privateIp) ?? 0 }))
    .sort((a, b) => compareText(a.eni.subnetId, b.eni.subnetId) || a.address - b.address)
    .map((entry) => entry.eni);
}

/**
 * Plans the deployment. Pure: no file, clock or randomness; the instance-type data is the
 * bundled JSON unless `options.instanceTypes` replaces it.
 */
export function planDeployment(model: NetworkModel, options: PlanOptions = {}): Plan {
  const notes = new PlanNotes();
  const settings = resolveSettings(options, notes);
  const catalog = options.instanceTypes ?? INSTANCE_TYPES;
  const whatIf = resolveWhatIf(model, options, notes);
  const book = new AddressBook(model, notes);
  claimInstanceAddresses(model, book);
  claimInfrastructureAddresses(model, book);
  claimNetworkInterfaceAddresses(model, book);
  createInfrastructureEnis(model, book, notes);
  createNetworkInterfaces(model, book, notes);
  const hosts = createInstances(model, book, whatIf, settings, catalog, notes);
  const context: PlacementContext = {
    book,
    hosts,
    settings,
    notes,
    tasks: [],
    taskDefinitions: new Map<string, TaskDefinition>(model.taskDefinitions.map((t) => [t.id, t])),
  };
  const services = prepare(model, context, whatIf);
  placeAll(model, context, services);
  const subnets = subnetPlans(model, book, services, whatIf, settings, catalog);
  noteAlbHeadroom(model, subnets, notes);

  return {
    schemaVersion: 1,
    settings,
    subnets,
    enis: sortEnis(book.enis),
    instances: hosts.map((h) => h.plan).sort((a, b) => compareText(a.source.id, b.source.id) || a.source.index - b.source.index),
    tasks: [...context.tasks].sort((a, b) => compareText(a.serviceId, b.serviceId) || a.index - b.index),
    services: services.map((s) => s.plan).sort((a, b) => compareText(a.id, b.id)),
    notes: sortDiagnostics(notes.list),
  };
}

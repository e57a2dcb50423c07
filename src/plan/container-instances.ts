/**
 * EC2 instances of the plan: standalone AWS::EC2::Instance resources and the members of
 * Auto Scaling groups (desired capacity, round-robin over the group's subnets as the group
 * balances AZs). Each gets its primary ENI; a container instance gets a trunk ENI too when
 * trunking is on and its type supports it (after every instance has its primary ENI). Their capacity is what ECS registers: 1024 CPU
 * units per vCPU and the type's memory (nominal; the real agent registers a little less
 * after the OS and ECS_RESERVED_MEMORY, so the plan is optimistic by that margin).
 */
import type { AutoScalingGroup, Instance, NetworkInterface, NetworkModel } from '../model/types.js';
import { isEni, type AddressBook } from './address-book.js';
import { sortById } from './compare.js';
import { HostPortBook } from './host-ports.js';
import { awsvpcCapacity, CPU_UNITS_PER_VCPU, type InstanceTypeCatalog, type InstanceTypeSpec } from './instance-types.js';
import { claimSecondaryAddresses } from './network-interfaces.js';
import type { PlanNotes } from './notes.js';
import type { EniPlan, InstancePlan, PlanSettings } from './types.js';
import type { WhatIf } from './what-if.js';

/** An instance with its remaining capacity, as placement works on it. */
export interface Host {
  plan: InstancePlan;
  spec: InstanceTypeSpec | undefined;
  /** Position in the sorted host list: the final tie-break of placement. */
  order: number;
  autoScalingGroupId?: string;
  cpuFree: number;
  memoryFree: number;
  awsvpcFree: number;
  trunkEni?: EniPlan;
  ports: HostPortBook;
  /** Cluster-query-language subjects (attribute:ecs.instance-type, ec2InstanceId, …). */
  attributes: Map<string, string>;
  nextDeviceIndex: number;
  nextVlanId: number;
  nextBridgeHost: number;
}

interface Launch {
  key: string;
  source: InstancePlan['source'];
  name: string;
  owner: AutoScalingGroup | Instance;
  subnetId: string;
  securityGroupIds: string[];
  /** Explicit AssociatePublicIpAddress; absent: the subnet's MapPublicIpOnLaunch decides. */
  associatePublicIp?: boolean;
  /** Elastic IP associated with a standalone instance. */
  elasticIp?: string;
  /** The template's network interface that is its primary ENI. */
  primaryInterface?: NetworkInterface;
  clusterId?: string;
  autoScalingGroupId?: string;
}

const standaloneKey = (instance: Instance) => instance.id;

/** Claims the PrivateIpAddress that standalone instances fix. */
export function claimInstanceAddresses(model: NetworkModel, book: AddressBook): void {
  for (const instance of sortById(model.instances)) {
    if (instance.privateIp) {
      book.claimFixed(`instance:${standaloneKey(instance)}`, instance.subnetId, instance.privateIp, instance, 'Properties.PrivateIpAddress');
    }
    const primary = primaryInterfaceOf(model, instance);
    if (primary) claimSecondaryAddresses(book, `instance:${standaloneKey(instance)}`, primary);
  }
}

/** The template's network interface that is `instance`'s primary ENI, if it names one. */
function primaryInterfaceOf(model: NetworkModel, instance: Instance): NetworkInterface | undefined {
  return instance.primaryNetworkInterfaceId === undefined ? undefined : model.networkInterfaces.find((n) => n.id === instance.primaryNetworkInterfaceId);
}

function launches(model: NetworkModel, whatIf: WhatIf, notes: PlanNotes): Launch[] {
  const list: Launch[] = [];
  for (const instance of sortById(model.instances)) {
    const launch: Launch = {
      key: standaloneKey(instance),
      source: { kind: 'instance', id: instance.id, logicalId: instance.logicalId, index: 0 },
      name: instance.id,
      owner: instance,
      subnetId: instance.subnetId,
      securityGroupIds: instance.securityGroupIds,
    };
    if (instance.associatePublicIp !== undefined) launch.associatePublicIp = instance.associatePublicIp;
    const primaryInterface = primaryInterfaceOf(model, instance);
    const eip = model.elasticIps.find((e) => e.instanceId === instance.id || (primaryInterface !== undefined && e.networkInterfaceId === primaryInterface.id));
    if (eip) launch.elasticIp = eip.publicIp;
    if (instance.clusterId) launch.clusterId = instance.clusterId;
    if (primaryInterface) launch.primaryInterface = primaryInterface;
    list.push(launch);
  }
  for (const group of sortById(model.autoScalingGroups)) {
    const capacity = whatIf.capacity(group);
    if (capacity > 0 && group.subnetIds.length === 0) {
      notes.add(
        'warning',
        'plan-asg-no-subnets',
        group,
        `Auto Scaling group ${group.id} has no subnets in the deployment; its ${capacity} instances are not planned`,
        'set VPCZoneIdentifier to subnets of the template',
      );
      continue;
    }
    for (let index = 0; index < capacity; index++) {
      const launch: Launch = {
        key: `${group.id}#${index}`,
        source: { kind: 'auto-scaling-group', id: group.id, logicalId: group.logicalId, index },
        name: `${group.id}#${index}`,
        owner: group,
        subnetId: group.subnetIds[index % group.subnetIds.length]!,
        securityGroupIds: group.securityGroupIds,
        autoScalingGroupId: group.id,
      };
      if (group.associatePublicIp !== undefined) launch.associatePublicIp = group.associatePublicIp;
      if (group.clusterId) launch.clusterId = group.clusterId;
      list.push(launch);
    }
  }
  return list;
}

/**
 * The public address of an instance's primary ENI, as EC2 gives it: an associated Elastic IP,
 * else an auto-assigned one when AssociatePublicIpAddress says so, or when it is not set and
 * the subnet maps public IPs on launch.
 */
function publicIpOf(launch: Launch, mapPublicIpOnLaunch: boolean): { publicIp?: { source: 'auto-assigned' } | { source: 'elastic-ip'; ip: string } } {
  if (launch.elasticIp) return { publicIp: { source: 'elastic-ip', ip: launch.elasticIp } };
  return (launch.associatePublicIp ?? mapPublicIpOnLaunch) ? { publicIp: { source: 'auto-assigned' } } : {};
}

/**
 * Creates every instance with its primary (and trunk) ENI. Instances whose subnet is unknown
 * or full are reported and left out, as EC2 would fail to launch them.
 */
export function createInstances(model: NetworkModel, book: AddressBook, whatIf: WhatIf, settings: PlanSettings, catalog: InstanceTypeCatalog, notes: PlanNotes): Host[] {
  const hosts: Host[] = [];
  const trunked: { host: Host; launch: Launch }[] = [];
  const reportedTypes = new Set<string>();
  for (const launch of launches(model, whatIf, notes)) {
    const instanceType = whatIf.instanceType(launch.owner);
    const spec = catalog[instanceType];
    if (spec === undefined && !reportedTypes.has(`${launch.owner.id}:${instanceType}`)) {
      reportedTypes.add(`${launch.owner.id}:${instanceType}`);
      notes.add(
        'warning',
        'plan-unknown-instance-type',
        launch.owner,
        `instance type ${instanceType} is not in the instance-type data; ${launch.owner.id}'s instances take no tasks in the plan`,
        'use a type listed in data/instance-types.json, or add it there with its sources',
      );
    }
    const slot = book.subnets.get(launch.subnetId);
    const instanceId = book.ids.instanceId(launch.key);
    const primary = book.createEni({
      key: `instance:${launch.key}`,
      kind: 'instance',
      ownerId: instanceId,
      subnetId: launch.subnetId,
      securityGroupIds: launch.securityGroupIds,
      defaultSecurityGroup: true,
      description: 'Primary network interface',
      attachment: { instanceId, deviceIndex: 0 },
      ...publicIpOf(launch, slot?.subnet.mapPublicIpOnLaunch ?? false),
      ...(launch.primaryInterface ? { secondaryCount: launch.primaryInterface.secondaryCount, networkInterfaceId: launch.primaryInterface.id } : {}),
    });
    if (!isEni(primary)) {
      const why =
        primary.problem === 'unknown-subnet' ? `subnet ${launch.subnetId} is not in the deployment` : `no free IP in subnet ${launch.subnetId} (${primary.slot.subnet.cidr})`;
      notes.add('error', 'plan-instance-not-launched', launch.owner, `instance ${launch.name} cannot launch: ${why}`);
      continue;
    }
    const capacity = spec ? awsvpcCapacity(instanceType, spec, settings.trunking) : { limit: 0, trunk: false, why: `${instanceType}: unknown instance type` };
    const plan: InstancePlan = {
      id: instanceId,
      name: launch.name,
      source: launch.source,
      instanceType,
      knownType: spec !== undefined,
      az: primary.az,
      subnetId: primary.subnetId,
      vpcId: primary.vpcId,
      primaryEniId: primary.id,
      privateIp: primary.privateIp,
      securityGroupIds: primary.securityGroupIds,
      capacity: {
        cpuUnits: spec ? spec.vcpu * CPU_UNITS_PER_VCPU : 0,
        memoryMiB: spec ? spec.memoryMiB : 0,
        awsvpcTasks: capacity.limit,
        trunking: false,
        awsvpcWhy: capacity.why,
      },
      used: { cpuUnits: 0, memoryMiB: 0, awsvpcTasks: 0, tasks: 0, reservedPorts: 0, dynamicPorts: 0 },
      taskIds: [],
    };
    if (spec) plan.architecture = spec.architecture;
    if (launch.clusterId) plan.clusterId = launch.clusterId;
    if (primary.publicIp) plan.publicIp = primary.publicIp;
    const host: Host = {
      plan,
      spec,
      order: hosts.length,
      cpuFree: plan.capacity.cpuUnits,
      memoryFree: plan.capacity.memoryMiB,
      awsvpcFree: capacity.limit,
      ports: new HostPortBook(settings.dynamicPortRange, settings.reservedTcpPorts, settings.reservedUdpPorts),
      attributes: new Map(),
      nextDeviceIndex: 1,
      nextVlanId: 1,
      nextBridgeHost: 2,
    };
    if (launch.autoScalingGroupId) host.autoScalingGroupId = launch.autoScalingGroupId;
    if (launch.clusterId && capacity.trunk) trunked.push({ host, launch });
    plan.used.reservedPorts = host.ports.reservedPorts;
    hosts.push(host);
  }
  // Trunk ENIs after every primary ENI: an instance's address (which a template may read) must not depend on trunking.
  for (const { host, launch } of trunked) addTrunk(host, book, notes, launch);
  for (const host of hosts) setAttributes(host, book);
  return hosts;
}

function addTrunk(host: Host, book: AddressBook, notes: PlanNotes, launch: Launch): void {
  const trunk = book.createEni({
    key: `trunk:${launch.key}`,
    kind: 'trunk',
    ownerId: host.plan.id,
    subnetId: host.plan.subnetId,
    securityGroupIds: host.plan.securityGroupIds,
    defaultSecurityGroup: false,
    description: 'ENI trunk managed by Amazon ECS',
    attachment: { instanceId: host.plan.id, deviceIndex: host.nextDeviceIndex++ },
  });
  if (isEni(trunk)) {
    host.trunkEni = trunk;
    host.plan.trunkEniId = trunk.id;
    host.plan.capacity.trunking = true;
    return;
  }
  // Without its trunk ENI the instance keeps the plain ENI limit (ECS: REGISTRATION_FAILED for trunking).
  const spec = host.spec!;
  host.awsvpcFree = spec.awsvpcTasks;
  host.plan.capacity.awsvpcTasks = spec.awsvpcTasks;
  host.plan.capacity.awsvpcWhy = `${host.plan.instanceType}: ${spec.maxEnis} ENIs − 1 primary = ${spec.awsvpcTasks} (no free IP for the trunk ENI)`;
  notes.add('error', 'plan-no-free-ip', launch.owner, `no free IP in subnet ${host.plan.subnetId} for the trunk ENI of ${host.plan.name}; it runs without trunking`);
}

function setAttributes(host: Host, book: AddressBook): void {
  const slot = book.subnets.get(host.plan.subnetId)!;
  const a = host.attributes;
  a.set('attribute:ecs.availability-zone', host.plan.az);
  a.set('attribute:ecs.instance-type', host.plan.instanceType);
  a.set('attribute:ecs.os-type', 'linux');
  a.set('attribute:ecs.os-family', 'LINUX');
  if (host.spec) a.set('attribute:ecs.cpu-architecture', host.spec.architecture);
  a.set('attribute:ecs.vpc-id', slot.vpc.physicalId);
  a.set('attribute:ecs.subnet-id', slot.subnet.physicalId);
  if (host.trunkEni) a.set('attribute:ecs.awsvpc-trunk-id', host.trunkEni.id);
  a.set('ec2InstanceId', host.plan.id);
}

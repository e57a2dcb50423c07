/**
 * Which ENIs of the plan the fabric wires, and who owns each: EC2 instances (standalone and
 * the members of Auto Scaling groups), NAT gateways and interface endpoints. ENIs of kinds
 * that later issues bring to life (awsvpc tasks, trunks, load balancer nodes, VPC links,
 * transit gateway attachments) are left out here and said so once each, so the compiler stays
 * open to them: they only need to become FabricEnis. Pure.
 *
 * @module
 */
import type { NetworkModel } from '../model/types.js';
import type { EniKind, EniPlan, Plan } from '../plan/types.js';
import { endpointNamespace, IFACE, instanceNamespace, natNamespace } from './fabric-names.js';
import type { FabricEni } from './fabric-eni.js';

/** What each left-out kind of ENI is waiting for. */
const NOT_YET: Partial<Record<EniKind, string>> = {
  trunk: 'trunk ENIs come with awsvpc tasks on EC2',
  'ec2-task': 'awsvpc tasks come in a later issue',
  branch: 'awsvpc tasks come in a later issue',
  'fargate-task': 'Fargate tasks come in a later issue',
  'load-balancer': 'load balancer nodes come in a later issue',
  'vpc-link': 'API Gateway VPC links come in a later issue',
  'transit-gateway-attachment': 'transit gateways are not emulated yet',
  'network-interface': 'a network interface no instance has as its primary ENI has nothing behind it (attachments other than device 0 are not emulated)',
};

/** The ENIs the fabric wires, in plan order, and notes about the ones it leaves out. */
export function collectEnis(model: NetworkModel, plan: Plan): { enis: FabricEni[]; notes: string[] } {
  const notes = new Map<string, number>();
  const enis: FabricEni[] = [];
  const byId = new Map(plan.enis.map((e) => [e.id, e]));
  const make = (eni: EniPlan, kind: FabricEni['kind'], ownerId: string, namespace: string, aliases: string[]): FabricEni => ({
    eni,
    kind,
    ownerId,
    aliases: [...new Set([ownerId, ...aliases, eni.id])],
    namespace,
    ownerInterface: IFACE.eni,
    routerInterface: eni.id,
  });

  for (const instance of plan.instances) {
    const eni = byId.get(instance.primaryEniId);
    if (!eni) continue;
    const { logicalId, index, kind } = instance.source;
    const aliases = kind === 'instance' ? [logicalId, instance.id] : [`${logicalId}#${index}`, `${logicalId}-${index}`, `${instance.name.replace('#', '-')}`, instance.id];
    enis.push(make(eni, 'instance', instance.name, instanceNamespace(instance.name), aliases));
  }
  for (const nat of model.natGateways) {
    const eni = plan.enis.find((e) => e.kind === 'nat-gateway' && e.ownerId === nat.id);
    if (eni) enis.push(make(eni, 'nat-gateway', nat.id, natNamespace(nat.id), [nat.logicalId, nat.physicalId]));
  }
  for (const eni of plan.enis.filter((e) => e.kind === 'vpc-endpoint')) {
    const endpoint = model.vpcEndpoints.find((v) => v.id === eni.ownerId);
    if (!endpoint) continue;
    if (endpoint.endpointType !== 'Interface') {
      notes.set(`Gateway Load Balancer endpoints are not emulated yet (${endpoint.id})`, 1);
      continue;
    }
    enis.push(make(eni, 'vpc-endpoint', endpoint.id, endpointNamespace(endpoint.id, eni.subnetId), [endpoint.logicalId, endpoint.physicalId]));
  }
  for (const eni of plan.enis) {
    const why = NOT_YET[eni.kind];
    if (why) notes.set(`${eni.kind} ENIs are not wired yet: ${why}`, (notes.get(`${eni.kind} ENIs are not wired yet: ${why}`) ?? 0) + 1);
  }
  return { enis, notes: [...notes].map(([text, count]) => (count > 1 ? `${text} (${count} ENIs)` : text)) };
}

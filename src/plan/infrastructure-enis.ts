/**
 * ENIs that exist whatever the tasks do: NAT gateways, load balancer nodes (one per subnet
 * given), interface and Gateway Load Balancer endpoints (one per subnet), API Gateway VPC
 * links (one per subnet) and transit gateway attachments (one per subnet). They are created
 * before instances and tasks so their addresses do not move when a service scales.
 */
import type { LoadBalancer, ModelObject, NetworkModel } from '../model/types.js';
import { isEni, type AddressBook, type EniRequest } from './address-book.js';
import { sortById } from './compare.js';
import type { PlanNotes } from './notes.js';

/** Subnets of a load balancer in template order, Subnets first then SubnetMappings, without repeats. */
export function loadBalancerSubnets(lb: LoadBalancer): string[] {
  return [...new Set([...lb.subnetIds, ...lb.subnetMappings.map((m) => m.subnetId)])];
}

/** Key of the ENI of a NAT gateway, load balancer node, … (also used to claim fixed addresses). */
export const infrastructureEniKey = {
  natGateway: (id: string) => `nat:${id}`,
  loadBalancer: (id: string, subnetId: string) => `lb:${id}:${subnetId}`,
};

/** Claims the private addresses that NAT gateways and load balancer subnet mappings fix. */
export function claimInfrastructureAddresses(model: NetworkModel, book: AddressBook): void {
  for (const nat of sortById(model.natGateways)) {
    if (nat.privateIp) book.claimFixed(infrastructureEniKey.natGateway(nat.id), nat.subnetId, nat.privateIp, nat, 'Properties.PrivateIpAddress');
  }
  for (const lb of sortById(model.loadBalancers)) {
    lb.subnetMappings.forEach((mapping, i) => {
      if (mapping.privateIp) {
        book.claimFixed(infrastructureEniKey.loadBalancer(lb.id, mapping.subnetId), mapping.subnetId, mapping.privateIp, lb, `Properties.SubnetMappings[${i}].PrivateIPv4Address`);
      }
    });
  }
}

function create(book: AddressBook, notes: PlanNotes, owner: ModelObject, request: EniRequest): void {
  const result = book.createEni(request);
  if (isEni(result)) return;
  if (result.problem === 'unknown-subnet') {
    notes.add('warning', 'plan-unknown-subnet', owner, `${owner.id} names subnet ${request.subnetId}, which is not in the deployment; its ENI there is not planned`);
  } else {
    notes.add(
      'error',
      'plan-no-free-ip',
      owner,
      `no free IP in subnet ${request.subnetId} (${result.slot.subnet.cidr}) for the ${request.kind} ENI of ${owner.id}`,
      'use a larger subnet or fewer ENIs in it',
    );
  }
}

const LB_PREFIX: Record<LoadBalancer['kind'], string> = { application: 'app', network: 'net', gateway: 'gwy', classic: 'classic' };

/** Creates the ENIs of NAT gateways, load balancers, endpoints, VPC links and TGW attachments. */
export function createInfrastructureEnis(model: NetworkModel, book: AddressBook, notes: PlanNotes): void {
  for (const nat of sortById(model.natGateways)) {
    const request: EniRequest = {
      key: infrastructureEniKey.natGateway(nat.id),
      kind: 'nat-gateway',
      ownerId: nat.id,
      subnetId: nat.subnetId,
      securityGroupIds: [],
      defaultSecurityGroup: false,
      description: `Interface for NAT Gateway ${nat.physicalId}`,
    };
    if (nat.connectivity === 'public' && nat.publicIp) request.publicIp = { source: 'elastic-ip', ip: nat.publicIp };
    create(book, notes, nat, request);
  }

  for (const lb of sortById(model.loadBalancers)) {
    const internetFacing = lb.scheme === 'internet-facing' && lb.kind !== 'gateway';
    for (const subnetId of loadBalancerSubnets(lb)) {
      const request: EniRequest = {
        key: infrastructureEniKey.loadBalancer(lb.id, subnetId),
        kind: 'load-balancer',
        ownerId: lb.id,
        subnetId,
        securityGroupIds: lb.securityGroupIds,
        // ALBs and Classic ELBs fall back to the default group; NLBs and GWLBs may have none.
        defaultSecurityGroup: lb.kind === 'application' || lb.kind === 'classic',
        description: lb.kind === 'classic' ? `ELB ${lb.name}` : `ELB ${LB_PREFIX[lb.kind]}/${lb.name}`,
      };
      if (internetFacing) {
        const allocation = lb.subnetMappings.find((m) => m.subnetId === subnetId)?.allocationId;
        const eip = allocation === undefined ? undefined : model.elasticIps.find((e) => [e.allocationId, e.id, e.physicalId].includes(allocation));
        request.publicIp = eip ? { source: 'elastic-ip', ip: eip.publicIp } : { source: 'auto-assigned' };
      }
      create(book, notes, lb, request);
    }
  }

  for (const endpoint of sortById(model.vpcEndpoints)) {
    if (endpoint.endpointType === 'Gateway') continue;
    for (const subnetId of [...new Set(endpoint.subnetIds)]) {
      create(book, notes, endpoint, {
        key: `vpce:${endpoint.id}:${subnetId}`,
        kind: 'vpc-endpoint',
        ownerId: endpoint.id,
        subnetId,
        securityGroupIds: endpoint.securityGroupIds,
        defaultSecurityGroup: endpoint.endpointType === 'Interface',
        description: `VPC Endpoint ${endpoint.endpointType} ${endpoint.physicalId}`,
      });
    }
  }

  for (const link of sortById(model.vpcLinks)) {
    for (const subnetId of [...new Set(link.subnetIds)]) {
      create(book, notes, link, {
        key: `vpclink:${link.id}:${subnetId}`,
        kind: 'vpc-link',
        ownerId: link.id,
        subnetId,
        securityGroupIds: link.securityGroupIds,
        defaultSecurityGroup: true,
        description: `VPC Link ${link.name}`,
      });
    }
  }

  for (const attachment of sortById(model.transitGatewayAttachments)) {
    for (const subnetId of [...new Set(attachment.subnetIds)]) {
      create(book, notes, attachment, {
        key: `tgw:${attachment.id}:${subnetId}`,
        kind: 'transit-gateway-attachment',
        ownerId: attachment.id,
        subnetId,
        securityGroupIds: [],
        defaultSecurityGroup: false,
        description: `Network Interface for Transit Gateway Attachment ${attachment.physicalId}`,
      });
    }
  }
}

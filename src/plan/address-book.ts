/**
 * Every address of the plan: one SubnetAddressPool per subnet, the public IPv4 pool, and the
 * ENIs created so far. ENIs are the only holders of addresses, so counting ENIs per subnet
 * is counting used addresses, and no address can be handed out twice.
 */
import type { NetworkModel, Subnet, Vpc } from '../model/types.js';
import { sortById } from './compare.js';
import { IdentifierFactory } from './identifiers.js';
import { blockContains, blockOverlaps, formatIpv4, parseCidr, parseIpv4, type Ipv4Block } from '../net/ipv4.js';
import type { PlanNotes } from './notes.js';
import { PublicIpPool } from './public-ip-pool.js';
import { LARGEST_SUBNET_PREFIX, SMALLEST_SUBNET_PREFIX, SubnetAddressPool } from './subnet-address-pool.js';
import type { EniKind, EniPlan } from './types.js';

/** A subnet with its VPC and its address pool. */
export interface SubnetSlot {
  subnet: Subnet;
  vpc: Vpc;
  pool: SubnetAddressPool;
}

/** What to create. `key` is stable across what-if runs (owner + position) and names the ENI. */
export interface EniRequest {
  key: string;
  kind: EniKind;
  ownerId: string;
  subnetId: string;
  securityGroupIds: readonly string[];
  /** Use the VPC's default security group when the list is empty (as EC2 does for most ENIs). */
  defaultSecurityGroup: boolean;
  description: string;
  publicIp?: { source: 'auto-assigned' } | { source: 'elastic-ip'; ip: string };
  attachment?: EniPlan['attachment'];
  trunk?: EniPlan['trunk'];
  /** Secondary private addresses to give it (fixed ones claimed under `secondaryKey(key, i)`, the rest the next free). */
  secondaryCount?: number;
  networkInterfaceId?: string;
}

/** Key under which the `index`-th secondary address of ENI `key` is claimed. */
export function secondaryKey(key: string, index: number): string {
  return `${key}#secondary-${index}`;
}

/** Why an ENI could not be created. */
export type EniRefusal = { problem: 'unknown-subnet' } | { problem: 'subnet-full'; slot: SubnetSlot };

function blockOf(cidr: string): Ipv4Block | undefined {
  return parseCidr(cidr);
}

/** The address state of the whole plan. */
export class AddressBook {
  readonly subnets = new Map<string, SubnetSlot>();
  readonly enis: EniPlan[] = [];
  readonly ids = new IdentifierFactory();
  private readonly publicIps: PublicIpPool;
  private readonly fixed = new Map<string, number>();
  /** Region and account, for the ARNs AWS writes into ENI descriptions. */
  readonly region: string;
  readonly accountId: string;

  constructor(
    model: NetworkModel,
    private readonly notes: PlanNotes,
  ) {
    this.region = model.region;
    this.accountId = model.accountId;
    this.publicIps = new PublicIpPool(new Set(model.elasticIps.map((e) => e.publicIp)));
    const vpcs = sortById(model.vpcs);
    for (const vpc of vpcs) this.addVpc(vpc);
  }

  private addVpc(vpc: Vpc): void {
    const vpcBlocks = [vpc.cidr, ...vpc.secondaryCidrs].map(blockOf).filter((b): b is Ipv4Block => b !== undefined);
    const claimed: { block: Ipv4Block; id: string }[] = [];
    for (const subnet of sortById(vpc.subnets)) {
      const block = blockOf(subnet.cidr);
      if (block === undefined) {
        this.notes.add(
          'error',
          'plan-subnet-cidr',
          subnet,
          `subnet CIDR "${subnet.cidr}" is not an IPv4 network address/prefix; nothing is planned into it`,
          'write it as a.b.c.d/n with the host bits zero',
        );
        continue;
      }
      let allocatable = true;
      if (block.prefixLength < LARGEST_SUBNET_PREFIX || block.prefixLength > SMALLEST_SUBNET_PREFIX) {
        allocatable = false;
        this.notes.add(
          'error',
          'plan-subnet-size',
          subnet,
          `subnet ${subnet.cidr} is outside the /16 to /28 sizes AWS accepts; nothing is planned into it`,
          'use a prefix between /16 and /28',
        );
      } else if (vpcBlocks.length > 0 && !vpcBlocks.some((v) => blockContains(v, block))) {
        allocatable = false;
        this.notes.add(
          'error',
          'plan-subnet-outside-vpc',
          subnet,
          `subnet ${subnet.cidr} is in neither the VPC's CIDR ${vpc.cidr} nor its secondary CIDRs${vpc.secondaryCidrs.length ? ` (${vpc.secondaryCidrs.join(', ')})` : ''}; nothing is planned into it`,
          'pick a CIDR inside the VPC or associate a secondary CIDR (AWS::EC2::VPCCidrBlock) that holds it',
        );
      } else {
        const clash = claimed.find((c) => blockOverlaps(c.block, block));
        if (clash) {
          allocatable = false;
          this.notes.add(
            'error',
            'plan-subnet-overlap',
            subnet,
            `subnet ${subnet.cidr} overlaps subnet ${clash.id}; nothing is planned into it`,
            'give each subnet of a VPC its own CIDR',
          );
        } else claimed.push({ block, id: subnet.id });
      }
      this.subnets.set(subnet.id, { subnet, vpc, pool: new SubnetAddressPool(block, allocatable) });
    }
  }

  /**
   * Claims an address a template fixes (an instance's PrivateIpAddress, a NAT gateway's,
   * a load balancer's subnet mapping), before anything is allocated, as AWS honours them.
   */
  claimFixed(key: string, subnetId: string, ip: string, about: Parameters<PlanNotes['add']>[2], path: string): void {
    const slot = this.subnets.get(subnetId);
    const address = parseIpv4(ip);
    if (slot === undefined) return;
    if (address === undefined) {
      this.notes.add('error', 'plan-fixed-ip', about, `fixed private IP "${ip}" is not an IPv4 address; the next free address is used instead`, undefined, path);
      return;
    }
    const refusal = slot.pool.claim(address);
    if (refusal === undefined) {
      this.fixed.set(key, address);
      return;
    }
    const why = {
      'outside-subnet': `is outside subnet ${slot.subnet.id} (${slot.subnet.cidr})`,
      reserved: `is one of the five addresses AWS reserves in ${slot.subnet.cidr} (network, router, DNS, future use, broadcast)`,
      taken: 'is already fixed for another resource',
      'subnet-unusable': `is in subnet ${slot.subnet.id}, which cannot hold addresses`,
    }[refusal];
    this.notes.add(
      'error',
      'plan-fixed-ip',
      about,
      `fixed private IP ${ip} ${why}; AWS would refuse it, the plan uses the next free address instead`,
      'pick a free address inside the subnet, after its first four',
      path,
    );
  }

  /** Creates an ENI with its fixed address if one was claimed, else the subnet's lowest free one. */
  createEni(request: EniRequest): EniPlan | EniRefusal {
    const slot = this.subnets.get(request.subnetId);
    if (slot === undefined) return { problem: 'unknown-subnet' };
    const fixedAddress = this.fixed.get(request.key);
    const address = fixedAddress ?? slot.pool.next();
    if (address === undefined) return { problem: 'subnet-full', slot };
    const secondaries: number[] = [];
    for (let i = 0; i < (request.secondaryCount ?? 0); i++) {
      const secondary = this.fixed.get(secondaryKey(request.key, i)) ?? slot.pool.next();
      if (secondary === undefined) {
        this.notes.add(
          'error',
          'plan-no-free-ip',
          undefined,
          `no free IP in subnet ${slot.subnet.id} (${slot.subnet.cidr}) for secondary address ${i + 1} of ${request.ownerId}`,
          'use a larger subnet or fewer secondary addresses',
        );
        break;
      }
      secondaries.push(secondary);
    }
    const groups = request.securityGroupIds.length === 0 && request.defaultSecurityGroup ? [slot.vpc.defaultSecurityGroupId] : [...request.securityGroupIds];
    const eni: EniPlan = {
      id: this.ids.eniId(request.key),
      mac: this.ids.mac(request.key),
      kind: request.kind,
      ownerId: request.ownerId,
      subnetId: slot.subnet.id,
      vpcId: slot.vpc.id,
      az: slot.subnet.az,
      privateIp: formatIpv4(address),
      prefixLength: slot.pool.block.prefixLength,
      gatewayIp: formatIpv4(slot.pool.block.base + 1),
      fixedIp: fixedAddress !== undefined,
      securityGroupIds: [...groups].sort(),
      description: request.description,
    };
    if (request.publicIp?.source === 'elastic-ip') {
      eni.publicIp = request.publicIp.ip;
      eni.publicIpSource = 'elastic-ip';
    } else if (request.publicIp?.source === 'auto-assigned') {
      const ip = this.publicIps.take();
      if (ip === undefined) {
        this.notes.add('error', 'plan-public-ip-pool', undefined, `the lab's public IPv4 pool is exhausted; ENI ${eni.id} gets no public address`);
      } else {
        eni.publicIp = ip;
        eni.publicIpSource = 'auto-assigned';
      }
    }
    if (secondaries.length > 0) eni.secondaryPrivateIps = secondaries.map(formatIpv4);
    if (request.networkInterfaceId) eni.networkInterfaceId = request.networkInterfaceId;
    if (request.attachment) eni.attachment = request.attachment;
    if (request.trunk) eni.trunk = request.trunk;
    this.enis.push(eni);
    return eni;
  }
}

/** Narrows a createEni result. */
export function isEni(result: EniPlan | EniRefusal): result is EniPlan {
  return (result as EniPlan).id !== undefined;
}

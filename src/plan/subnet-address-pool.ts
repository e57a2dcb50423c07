/**
 * The addresses of one subnet, handed out the way the VPC does: the first four addresses
 * (network, VPC router, DNS, reserved) and the last one (broadcast) are never given to an
 * ENI, so a /24 has 251 usable and a /20 4091 (reference/ecs-internals.md §4.1). Automatic
 * allocation takes the lowest free address, so the same input always gives the same
 * addresses and a plan diff shows only what changed.
 */
import { blockHas, type Ipv4Block } from '../net/ipv4.js';

/** Addresses AWS keeps at the start of every subnet (network, router, DNS, future use). */
export const RESERVED_AT_START = 4;
/** Addresses AWS keeps at the end of every subnet (broadcast). */
export const RESERVED_AT_END = 1;
/** The smallest subnet AWS accepts (/28); the planner refuses smaller ones as AWS would. */
export const SMALLEST_SUBNET_PREFIX = 28;
/** The largest subnet AWS accepts (/16). */
export const LARGEST_SUBNET_PREFIX = 16;

/** How many addresses of a subnet an ENI can get, per AWS's five reserved addresses. */
export function usableAddressCount(prefixLength: number): number {
  return Math.max(0, 2 ** (32 - prefixLength) - RESERVED_AT_START - RESERVED_AT_END);
}

/** Why a fixed address could not be claimed. */
export type ClaimRefusal = 'outside-subnet' | 'reserved' | 'taken' | 'subnet-unusable';

/** Address book of one subnet. */
export class SubnetAddressPool {
  readonly usable: number;
  private readonly taken: Uint8Array;
  private usedCount = 0;
  private cursor = RESERVED_AT_START;

  /**
   * `allocatable` false makes a pool that holds no address at all: used for subnets whose
   * CIDR AWS would refuse, so nothing is planned into them.
   */
  constructor(
    readonly block: Ipv4Block,
    readonly allocatable = true,
  ) {
    this.usable = allocatable ? usableAddressCount(block.prefixLength) : 0;
    this.taken = new Uint8Array(allocatable ? block.size : 0);
  }

  get used(): number {
    return this.usedCount;
  }

  get free(): number {
    return this.usable - this.usedCount;
  }

  /** The five addresses AWS keeps, ascending. */
  reservedAddresses(): number[] {
    const { base, size } = this.block;
    const low = Array.from({ length: Math.min(RESERVED_AT_START, size) }, (_, i) => base + i);
    return size > RESERVED_AT_START ? [...low, base + size - 1] : low;
  }

  /** True for the network, router, DNS, future-use and broadcast addresses. */
  isReserved(address: number): boolean {
    const offset = address - this.block.base;
    return offset < RESERVED_AT_START || offset >= this.block.size - RESERVED_AT_END;
  }

  /** True when the address is inside the subnet and already given out. */
  isTaken(address: number): boolean {
    return blockHas(this.block, address) && this.taken[address - this.block.base] === 1;
  }

  /** Takes a fixed address written in a template; says why not when AWS would refuse it. */
  claim(address: number): ClaimRefusal | undefined {
    if (!this.allocatable) return 'subnet-unusable';
    if (!blockHas(this.block, address)) return 'outside-subnet';
    if (this.isReserved(address)) return 'reserved';
    const offset = address - this.block.base;
    if (this.taken[offset] === 1) return 'taken';
    this.taken[offset] = 1;
    this.usedCount++;
    return undefined;
  }

  /** Takes the lowest free address, or undefined when the subnet is full. */
  next(): number | undefined {
    if (this.free <= 0) return undefined;
    const end = this.block.size - RESERVED_AT_END;
    while (this.cursor < end && this.taken[this.cursor] === 1) this.cursor++;
    if (this.cursor >= end) return undefined;
    this.taken[this.cursor] = 1;
    this.usedCount++;
    return this.block.base + this.cursor++;
  }
}

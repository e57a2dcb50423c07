/**
 * IPv4 addresses and CIDR blocks as plain numbers. VPC logic is mostly containment and
 * overlap of blocks, and the planner hands out tens of thousands of addresses, which is exact
 * and cheap on integers and error-prone on strings: addresses stay unsigned 32-bit integers
 * and become text only at the edge. Pure; shared by the checks, the planner and the fabric.
 */

/** A CIDR block: `base` is the network address, `size` the number of addresses. */
export interface Ipv4Block {
  base: number;
  prefixLength: number;
  size: number;
}

/** Parses dotted-quad text; undefined for anything that is not exactly four octets 0-255 without leading zeros. */
export function parseIpv4(text: string): number | undefined {
  // One match for the four octets: this runs for every address of a large lab spec on each change.
  const m = DOTTED_QUAD.exec(text.trim());
  if (!m) return undefined;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

const DOTTED_QUAD = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;

/** Formats an unsigned 32-bit address as dotted-quad text. */
export function formatIpv4(value: number): string {
  return `${Math.floor(value / 16777216) % 256}.${Math.floor(value / 65536) % 256}.${Math.floor(value / 256) % 256}.${value % 256}`;
}

/**
 * Parses `a.b.c.d/n`. Host bits must be zero unless `lenient`, as EC2 rejects a CIDR like
 * 10.0.0.5/24: a lenient parse would silently move a subnet. `lenient` masks them instead.
 */
export function parseCidr(text: string, lenient = false): Ipv4Block | undefined {
  const [address, prefix, extra] = text.trim().split('/');
  if (address === undefined || prefix === undefined || extra !== undefined || !/^\d{1,2}$/.test(prefix)) return undefined;
  const value = parseIpv4(address);
  const prefixLength = Number(prefix);
  if (value === undefined || prefixLength > 32) return undefined;
  const size = 2 ** (32 - prefixLength);
  const base = Math.floor(value / size) * size;
  if (base !== value && !lenient) return undefined;
  return { base, prefixLength, size };
}

/** Formats a block as `a.b.c.d/n`. */
export function formatCidr(block: Ipv4Block): string {
  return `${formatIpv4(block.base)}/${block.prefixLength}`;
}

/** True when `inner` lies entirely inside `outer`. */
export function blockContains(outer: Ipv4Block, inner: Ipv4Block): boolean {
  return inner.base >= outer.base && inner.base + inner.size <= outer.base + outer.size;
}

/** True when the address lies inside the block. */
export function blockHas(block: Ipv4Block, address: number): boolean {
  return address >= block.base && address < block.base + block.size;
}

/** True when two blocks share at least one address. */
export function blockOverlaps(a: Ipv4Block, b: Ipv4Block): boolean {
  return a.base < b.base + b.size && b.base < a.base + a.size;
}

/** Last address of a block (its broadcast address). */
export function lastAddress(block: Ipv4Block): number {
  return block.base + block.size - 1;
}

/**
 * IPv4 arithmetic on plain numbers. The planner hands out tens of thousands of addresses,
 * so addresses are kept as unsigned 32-bit integers and only turned into text at the edge.
 */

/** An IPv4 CIDR block as numbers: `base` is the network address, `size` the number of addresses. */
export interface Ipv4Block {
  base: number;
  prefixLength: number;
  size: number;
}

/** Parses dotted-quad text; undefined for anything that is not exactly four octets 0-255. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.trim().split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** Formats an unsigned 32-bit address as dotted-quad text. */
export function formatIpv4(value: number): string {
  return `${Math.floor(value / 16777216) % 256}.${Math.floor(value / 65536) % 256}.${Math.floor(value / 256) % 256}.${value % 256}`;
}

/**
 * Parses `a.b.c.d/n`. Host bits must be zero, as EC2 rejects a CIDR like 10.0.0.5/24; a
 * lenient parse would silently move a subnet.
 */
export function parseCidr(text: string): Ipv4Block | undefined {
  const [address, prefix, extra] = text.trim().split('/');
  if (address === undefined || prefix === undefined || extra !== undefined || !/^\d{1,2}$/.test(prefix)) return undefined;
  const base = parseIpv4(address);
  const prefixLength = Number(prefix);
  if (base === undefined || prefixLength > 32) return undefined;
  const size = 2 ** (32 - prefixLength);
  if (base % size !== 0) return undefined;
  return { base, prefixLength, size };
}

/** True when `inner` lies entirely inside `outer`. */
export function blockContains(outer: Ipv4Block, inner: Ipv4Block): boolean {
  return inner.base >= outer.base && inner.base + inner.size <= outer.base + outer.size;
}

/** True when the address lies inside the block. */
export function blockHas(block: Ipv4Block, address: number): boolean {
  return address >= block.base && address < block.base + block.size;
}

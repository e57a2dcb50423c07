/**
 * IPv4 addresses and CIDR blocks as 32-bit numbers. VPC logic is mostly containment and
 * overlap of blocks, which is exact and cheap on integers and error-prone on strings.
 * Pure; shared by the model checks, the planner and the data plane.
 */

/** A parsed CIDR block: first address and prefix length. */
export interface Cidr {
  base: number;
  prefix: number;
}

/** Parses dotted-quad IPv4 text to an unsigned 32-bit number, or undefined when malformed. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^(?:0|[1-9]\d{0,2})$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** Formats an unsigned 32-bit number as dotted-quad text. */
export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** Parses `a.b.c.d/n`; undefined when malformed. `strict` also rejects host bits set (AWS rejects them in VPC CIDRs). */
export function parseCidr(text: string, strict = false): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseIpv4(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (address === undefined || !/^\d{1,2}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > 32) return undefined;
  const base = networkOf(address, prefix);
  if (strict && base !== address) return undefined;
  return { base, prefix };
}

/** First address of the block of length `prefix` holding `address`. */
export function networkOf(address: number, prefix: number): number {
  const size = 2 ** (32 - prefix);
  return Math.floor(address / size) * size;
}

/** Number of addresses in a block. */
export function blockSize(cidr: Cidr): number {
  return 2 ** (32 - cidr.prefix);
}

/** Last address of a block. */
export function lastAddress(cidr: Cidr): number {
  return cidr.base + blockSize(cidr) - 1;
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && inner.base >= outer.base && lastAddress(inner) <= lastAddress(outer);
}

/** True when `address` lies inside `cidr`. */
export function containsAddress(cidr: Cidr, address: number): boolean {
  return address >= cidr.base && address <= lastAddress(cidr);
}

/** True when two blocks share at least one address. */
export function cidrOverlaps(a: Cidr, b: Cidr): boolean {
  return a.base <= lastAddress(b) && b.base <= lastAddress(a);
}

/** Formats a block as `a.b.c.d/n`. */
export function formatCidr(cidr: Cidr): string {
  return `${formatIpv4(cidr.base)}/${cidr.prefix}`;
}

/**
 * Addresses of either family, for what must handle both: Fn::Cidr, placeholder addresses and
 * the data plane's checks of a lab spec. IPv4 arithmetic lives in ./ipv4 (plain numbers);
 * IPv6 uses BigInt. Formatting follows RFC 5952 (the compressed form AWS prints). Pure.
 */
import { formatIpv4, parseIpv4 } from './ipv4.js';

export { formatIpv4, parseIpv4 };

/** A parsed CIDR block: network address (masked to the prefix), prefix length and family. */
export interface CidrBlock {
  family: 4 | 6;
  /** Network address as an integer (bigint for both families, so one code path splits either). */
  address: bigint;
  prefix: number;
}

/** Parses IPv6 (with `::` compression and an optional embedded IPv4 tail); undefined when malformed. */
export function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  let groups: string[];
  const doubleColon = text.indexOf('::');
  if (doubleColon !== text.lastIndexOf('::')) return undefined;
  const expand = (part: string): string[] => (part === '' ? [] : part.split(':'));
  let head: string[];
  let tail: string[];
  if (doubleColon >= 0) {
    head = expand(text.slice(0, doubleColon));
    tail = expand(text.slice(doubleColon + 2));
  } else {
    head = expand(text);
    tail = [];
  }
  const last = tail.length > 0 ? tail : head;
  const lastGroup = last[last.length - 1];
  if (lastGroup !== undefined && lastGroup.includes('.')) {
    const v4 = parseIpv4(lastGroup);
    if (v4 === undefined) return undefined;
    last.splice(last.length - 1, 1, (v4 >>> 16).toString(16), (v4 & 0xffff).toString(16));
  }
  if (doubleColon >= 0) {
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return undefined;
    groups = [...head, ...new Array<string>(missing).fill('0'), ...tail];
  } else groups = head;
  if (groups.length !== 8) return undefined;
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return value;
}

/** Formats an IPv6 value in RFC 5952 form: lowercase, leading zeros dropped, longest zero run (≥2) as `::`. */
export function formatIpv6(value: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLength < 2) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** Parses `a.b.c.d/n` or `x::/n`; the address is masked to its network. Undefined when malformed. */
export function parseCidr(text: string): CidrBlock | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const addressText = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const v4 = parseIpv4(addressText);
  if (v4 !== undefined) {
    if (prefix > 32) return undefined;
    return { family: 4, address: maskTo(BigInt(v4), prefix, 32), prefix };
  }
  const v6 = parseIpv6(addressText);
  if (v6 === undefined || prefix > 128) return undefined;
  return { family: 6, address: maskTo(v6, prefix, 128), prefix };
}

function maskTo(address: bigint, prefix: number, bits: number): bigint {
  const hostBits = BigInt(bits - prefix);
  return (address >> hostBits) << hostBits;
}

/** Renders a block as `address/prefix`. */
export function formatCidr(block: CidrBlock): string {
  const address = block.family === 4 ? formatIpv4(Number(block.address)) : formatIpv6(block.address);
  return `${address}/${block.prefix}`;
}

/** 4 or 6. */
export type IpFamily = 4 | 6;

/** The family of an address, or undefined when it is not a literal IPv4 or IPv6 address. */
export function ipFamily(address: string): IpFamily | undefined {
  if (parseIpv4(address) !== undefined) return 4;
  if (parseIpv6(address) !== undefined) return 6;
  return undefined;
}

/** The family of `address/prefix` with an in-range prefix, or undefined. */
export function cidrFamily(cidr: string): IpFamily | undefined {
  return parseCidr(cidr)?.family;
}

/**
 * Values of the model's data types: whether a value fits its type, how nft writes it, and the
 * numeric range it stands for (what the fake compares packets with). The text written here is
 * only ever a number, a checked dotted quad or CIDR, a keyword from a closed list, or a quoted
 * string that {@link quoteNftString} accepted, so no value can become syntax. Pure.
 *
 * @module
 */
import { formatIpv4, lastAddress, parseCidr, parseIpv4 } from '../../net/ipv4.js';
import { ifnameProblem, quoteNftString } from './identifiers.js';
import type { NftCtState, NftDataType, NftScalar, NftValue } from './types.js';

/** Types a match can compare with, beyond those of sets and maps. */
export type NftMatchType = NftDataType | 'ct_state' | 'nf_proto';

const NUMBER_LIMIT: Partial<Record<NftMatchType, number>> = {
  inet_proto: 255,
  inet_service: 65535,
  icmp_type: 255,
  icmp_code: 255,
  mark: 0xffffffff,
};

const CT_STATES: readonly NftCtState[] = ['new', 'established', 'related', 'invalid'];
const NF_PROTOS = ['ipv4', 'ipv6'];
const PROTOCOL_NAMES: Readonly<Record<number, string>> = { 1: 'icmp', 6: 'tcp', 17: 'udp' };

/** True for a two-element interval. */
export function isInterval(value: NftValue): value is readonly [NftScalar, NftScalar] {
  return Array.isArray(value);
}

/** Why `value` is not of `type` (intervals only when `intervals`), or undefined when it is. */
export function valueProblem(type: NftMatchType, value: NftValue, intervals: boolean): string | undefined {
  if (isInterval(value)) {
    if (!intervals) return `${JSON.stringify(value)}: an interval needs a set or map with flags interval`;
    if (value.length !== 2) return `${JSON.stringify(value)}: an interval has two ends`;
    const lo = scalarProblem(type, value[0], false) ?? scalarProblem(type, value[1], false);
    if (lo) return lo;
    const [a] = scalarRange(type, value[0]);
    const [b] = scalarRange(type, value[1]);
    if (typeof a !== 'number' || typeof b !== 'number') return `${JSON.stringify(value)}: a ${type} has no intervals`;
    return a > b ? `${JSON.stringify(value)}: the interval is reversed` : undefined;
  }
  return scalarProblem(type, value, intervals);
}

function scalarProblem(type: NftMatchType, value: NftScalar, prefixes: boolean): string | undefined {
  const bad = `${JSON.stringify(value)} is not a ${type}`;
  switch (type) {
    case 'ipv4_addr': {
      if (typeof value !== 'string') return bad;
      if (parseIpv4(value) !== undefined) return undefined;
      if (!value.includes('/') || parseCidr(value) === undefined) return bad;
      return prefixes ? undefined : `${value}: a prefix needs a set or map with flags interval, or a match`;
    }
    case 'ifname':
      return typeof value === 'string' ? ifnameProblem(value) : bad;
    case 'ct_state':
      return CT_STATES.includes(value as NftCtState) ? undefined : bad;
    case 'nf_proto':
      return NF_PROTOS.includes(value as string) ? undefined : bad;
    case 'verdict':
      return `${JSON.stringify(value)}: verdicts are written as verdict objects`;
    default: {
      const limit = NUMBER_LIMIT[type] as number;
      return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= limit ? undefined : `${bad} (an integer 0..${limit})`;
    }
  }
}

/**
 * The inclusive range a scalar covers: numbers for addresses (a CIDR spans its block) and
 * numeric types, the string itself for names and keywords.
 */
export function scalarRange(type: NftMatchType, value: NftScalar): [number, number] | [string, string] {
  if (type === 'ipv4_addr' && typeof value === 'string') {
    const single = parseIpv4(value);
    if (single !== undefined) return [single, single];
    const block = parseCidr(value);
    if (block) return [block.base, lastAddress(block)];
  }
  if (typeof value === 'number') return [value, value];
  return [value, value];
}

/** The range a value covers (see {@link scalarRange}); an interval spans from its low end to its high end. */
export function valueRange(type: NftMatchType, value: NftValue): [number, number] | [string, string] {
  if (!isInterval(value)) return scalarRange(type, value);
  const lo = scalarRange(type, value[0])[0];
  const hi = scalarRange(type, value[1])[1];
  return [lo, hi] as [number, number] | [string, string];
}

/** True when `probe` (a packet's field) lies in `value`. */
export function valueContains(type: NftMatchType, value: NftValue, probe: NftScalar): boolean {
  const [lo, hi] = valueRange(type, value);
  const p = typeof lo === 'number' ? (typeof probe === 'number' ? probe : (parseIpv4(String(probe)) ?? Number.NaN)) : probe;
  return p >= lo && p <= hi;
}

/** One scalar as nft writes it. */
export function renderScalar(type: NftMatchType, value: NftScalar): string {
  const problem = scalarProblem(type, value, true);
  if (problem) throw new Error(problem);
  if (type === 'ifname') return quoteNftString(String(value), 'interface name');
  if (type === 'inet_proto') return PROTOCOL_NAMES[value as number] ?? String(value);
  return String(value);
}

/** A value as nft writes it: an aligned address interval as a CIDR, another as `a-b`, numbers as `n` or `a-b`. */
export function renderValue(type: NftMatchType, value: NftValue): string {
  if (!isInterval(value)) return renderScalar(type, value);
  const [lo, hi] = valueRange(type, value);
  if (type === 'ipv4_addr' && typeof lo === 'number' && typeof hi === 'number') {
    if (lo === hi) return formatIpv4(lo);
    const size = hi - lo + 1;
    const prefix = 32 - Math.log2(size);
    if (Number.isInteger(prefix) && lo % size === 0) return `${formatIpv4(lo)}/${prefix}`;
    return `${formatIpv4(lo)}-${formatIpv4(hi)}`;
  }
  if (lo === hi) return renderScalar(type, value[0]);
  return `${renderScalar(type, value[0])}-${renderScalar(type, value[1])}`;
}

/** A concatenated key as nft writes it (`10.0.0.0/16 . tcp . 443`); also the identity of an element. */
export function renderKey(types: readonly NftMatchType[], key: readonly NftValue[]): string {
  return key.map((v, i) => renderValue(types[i] as NftMatchType, v)).join(' . ');
}

/**
 * Small writers of nftables syntax for the fabric's rulesets: quoted names, intervals as
 * `a-b` or a CIDR, element lists, and identifiers made safe for set, chain and counter names.
 * Everything the compilers emit goes through here, so the text is uniform and its quoting
 * rules live in one place. Pure.
 *
 * @module
 */
import { formatIpv4 } from '../net/ipv4.js';
import type { Interval } from './box-union.js';

/** A double-quoted nft string (interface names, comments). Quotes and backslashes are dropped: nft has no escape for them. */
export function quoted(text: string): string {
  return `"${text.replace(/["\\\n]/g, '')}"`;
}

/** An address interval as nft writes it: one address, a CIDR when aligned, else `a-b`. */
export function addressInterval([lo, hi]: Interval): string {
  if (lo === hi) return formatIpv4(lo);
  const size = hi - lo + 1;
  const prefix = 32 - Math.log2(size);
  if (Number.isInteger(prefix) && lo % size === 0) return `${formatIpv4(lo)}/${prefix}`;
  return `${formatIpv4(lo)}-${formatIpv4(hi)}`;
}

/** A number interval as nft writes it: `n` or `a-b`. */
export function numberInterval([lo, hi]: Interval): string {
  return lo === hi ? String(lo) : `${lo}-${hi}`;
}

/** An `elements = { ... }` clause, or nothing when there are none (nft rejects an empty list). */
export function elementsClause(elements: readonly string[], indent = '    '): string {
  if (elements.length === 0) return '';
  return `\n${indent}elements = {\n${elements.map((e) => `${indent}  ${e}`).join(',\n')}\n${indent}}`;
}

/** nft's limit on set, chain and object names is 255 bytes; ours stay far below it. */
const NAME_LIMIT = 200;

/** A name made of `[A-Za-z0-9_]`, as nft accepts unquoted for sets, chains and counters. */
export function nftIdentifier(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z]/.test(cleaned) ? cleaned.slice(0, NAME_LIMIT) : `x${cleaned}`.slice(0, NAME_LIMIT);
}

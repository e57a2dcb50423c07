/**
 * The one gate between identities and nft text. Every name that reaches a ruleset (table, set,
 * map, counter, chain) must match {@link NFT_NAME_PATTERN}, which nft accepts unquoted and which
 * cannot carry anything but a name; every string value (interface names, comments) is quoted
 * and may not contain what would end the quote or the line. Nothing is silently stripped: a
 * value that does not fit is refused, so a logical id with a newline can never become syntax.
 *
 * Names derive from identity, never from position: {@link nftNameFor} keeps a readable slug of
 * the identity and appends a hash of it, so the same security group has the same set name in
 * every compile, whatever else the lab holds — which is what lets a diff keep its counters. Pure.
 *
 * @module
 */
import { fnv1a64Hex } from '../../template/hash.js';

/** Names nft takes unquoted: a letter, then letters, digits and `_`; 64 characters at most (nft allows 255). */
export const NFT_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** Longest slug kept from an identity in a derived name. */
const SLUG_LIMIT = 36;

/** Why `name` cannot be an nft object name, or undefined when it can. */
export function nftNameProblem(name: string): string | undefined {
  if (NFT_NAME_PATTERN.test(name)) return undefined;
  return `${JSON.stringify(name)} is not an nft name: it must be a letter followed by at most 63 letters, digits or "_"`;
}

/** Throws unless `name` is a valid nft object name; `what` says which object in the error. */
export function assertNftName(name: string, what: string): string {
  const problem = nftNameProblem(name);
  if (problem) throw new NftIdentifierError(`${what}: ${problem}`);
  return name;
}

/** Why `text` cannot be a quoted nft string (interface name, comment), or undefined when it can. */
export function nftStringProblem(text: string, limit = 128): string | undefined {
  if (text.length === 0) return 'an nft string may not be empty';
  if (text.length > limit) return `${JSON.stringify(text.slice(0, 20))}… is longer than ${limit} characters`;
  // eslint-disable-next-line no-control-regex
  if (/["\\\u0000-\u001f\u007f]/.test(text)) return `${JSON.stringify(text)} contains a quote, a backslash or a control character (newline, tab…), which nft strings cannot carry`;
  return undefined;
}

/** A double-quoted nft string; throws instead of altering a value that cannot be quoted. */
export function quoteNftString(text: string, what = 'nft string', limit?: number): string {
  const problem = nftStringProblem(text, limit);
  if (problem) throw new NftIdentifierError(`${what}: ${problem}`);
  return `"${text}"`;
}

/** Interface names are kernel names: 1 to 15 characters, no `/`, no whitespace, nothing to unquote. */
export function ifnameProblem(name: string): string | undefined {
  if (!/^[A-Za-z0-9_.:@-]{1,15}$/.test(name)) return `${JSON.stringify(name)} is not an interface name (1 to 15 characters of A-Z, a-z, 0-9, "_", ".", ":", "@" and "-")`;
  return undefined;
}

/**
 * A stable nft name for an identity: `<prefix>_<slug>_<hash>`, the slug a readable part of
 * the identity (`[A-Za-z0-9_]`, shortened), the hash 12 hex digits of the whole identity, so
 * two identities that slug alike still get different names. `prefix` must itself be a name.
 *
 * @example nftNameFor('sg', 'app.WebSg') === 'sg_app_WebSg_<12 hex>'
 */
export function nftNameFor(prefix: string, identity: string, suffix?: string): string {
  assertNftName(prefix, 'name prefix');
  const slug = identity
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, SLUG_LIMIT);
  const hash = fnv1a64Hex(identity).slice(0, 12);
  const name = [prefix, slug, hash, suffix].filter((p) => p !== undefined && p !== '').join('_');
  return assertNftName(name, `name derived from ${JSON.stringify(identity)}`);
}

/** A stable name for a set of identities (a combination of security groups): a hash of the sorted, distinct ids. */
export function nftNameForSet(prefix: string, identities: readonly string[], suffix?: string): string {
  assertNftName(prefix, 'name prefix');
  const key = [...new Set(identities)].sort().join('\n');
  const name = [prefix, fnv1a64Hex(key).slice(0, 16), suffix].filter((p) => p !== undefined && p !== '').join('_');
  return assertNftName(name, 'name derived from a set of identities');
}

/** A name or string refused on its way into nft text. */
export class NftIdentifierError extends Error {
  override readonly name = 'NftIdentifierError';
}

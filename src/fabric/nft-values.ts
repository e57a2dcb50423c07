/**
 * The fabric's intervals as values of the nftables object model: an address interval as one
 * address or a range of two (the renderer writes aligned ones as a CIDR), a number interval as
 * one number or a range. Pure.
 *
 * @module
 */
import { interfaceName } from '../dataplane/names.js';
import type { NftChain, NftCounter, NftMapElement, NftSet, NftValue } from '../dataplane/nft/types.js';
import { formatIpv4 } from '../net/ipv4.js';
import type { Interval } from './box-union.js';

/** An address interval as a model value. */
export function addressValue([lo, hi]: Interval): NftValue {
  return lo === hi ? formatIpv4(lo) : [formatIpv4(lo), formatIpv4(hi)];
}

/** A number interval as a model value. */
export function numberValue([lo, hi]: Interval): NftValue {
  return lo === hi ? lo : [lo, hi];
}

/** A verdict-map entry sending the packets of a logical interface to a chain. */
export function jumpEntry(logicalInterface: string, chain: string): NftMapElement {
  return { key: [interfaceName(logicalInterface)], value: { kind: 'jump', chain } };
}

/** Objects a compiler contributes to a table. */
export interface TableParts {
  sets: NftSet[];
  counters: NftCounter[];
  chains: NftChain[];
}

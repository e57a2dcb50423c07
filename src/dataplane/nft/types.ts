/**
 * nftables as data: tables holding sets, maps, named counters and chains, and chains holding
 * rules written in a small typed expression language — exactly the part of nft that ecsnet
 * emits, so that a fake can evaluate it and a diff can compare it object by object. Every
 * type is plain JSON (a LabSpec carries it), and nothing here is text: the renderer is the only
 * place that writes nft syntax, from names checked by {@link ./identifiers.ts}. Pure.
 *
 * @module
 */

/** Address families ecsnet uses (`inet` covers both IP versions). */
export type NftFamily = 'ip' | 'ip6' | 'inet';

/** Data types of set keys, map keys and map values. */
export type NftDataType = 'ipv4_addr' | 'ifname' | 'inet_proto' | 'inet_service' | 'icmp_type' | 'icmp_code' | 'mark' | 'verdict';

/**
 * One value of a key or map value. Addresses are dotted quads or CIDRs (`10.0.0.0/16`),
 * interface names are plain strings, the numeric types are numbers; a two-element array is an
 * inclusive interval (only in sets and maps flagged `interval`, or in a match).
 */
export type NftScalar = string | number;
export type NftValue = NftScalar | readonly [NftScalar, NftScalar];

/** A verdict: terminal (`accept`, `drop`), back to the caller (`return`), or into a regular chain. */
export type NftVerdict = { kind: 'accept' } | { kind: 'drop' } | { kind: 'return' } | { kind: 'jump'; chain: string } | { kind: 'goto'; chain: string };

/** One element of a set (`key` has one value per component of the set's type). */
export interface NftSetElement {
  key: NftValue[];
}

/** One element of a map: a key and its value (a verdict in a verdict map). */
export interface NftMapElement {
  key: NftValue[];
  value: NftValue | NftVerdict;
}

/** A named set; `type` has several components for a concatenation (`ipv4_addr . inet_proto . inet_service`). */
export interface NftSet {
  name: string;
  type: NftDataType[];
  /** `interval` lets elements be ranges and prefixes. */
  flags?: 'interval'[];
  elements: NftSetElement[];
}

/** A named map from a (possibly concatenated) key to a value of one type. */
export interface NftMap {
  name: string;
  key: NftDataType[];
  value: NftDataType;
  flags?: 'interval'[];
  elements: NftMapElement[];
}

/** A named counter object; its packets and bytes survive every transaction that does not delete it. */
export interface NftCounter {
  name: string;
}

/** The hooks of the inet/ip families. */
export type NftHook = 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting';

/** What makes a chain a base chain, attached to a hook. */
export interface NftBaseChain {
  type: 'filter' | 'nat' | 'route';
  hook: NftHook;
  /** Numeric priority (mangle −150, dstnat −100, filter 0, srcnat 100). */
  priority: number;
  /** @default 'accept' */
  policy?: 'accept' | 'drop';
}

/** A chain; regular chains (no `base`) are entered by jump, goto or a verdict map. */
export interface NftChain {
  name: string;
  base?: NftBaseChain;
  rules: NftRule[];
}

/** What a packet offers to match on, and the type of each field. */
export type NftField =
  'iifname' | 'oifname' | 'ip saddr' | 'ip daddr' | 'meta l4proto' | 'th sport' | 'th dport' | 'icmp type' | 'icmp code' | 'ct state' | 'meta nfproto' | 'meta mark' | 'ct mark';

/** Connection-tracking states. */
export type NftCtState = 'new' | 'established' | 'related' | 'invalid';

/**
 * One expression of a rule, evaluated left to right as nft does: a match stops the rule when
 * it fails, a statement acts, a verdict ends it.
 */
export type NftExpr =
  /** `field value`, `field != value`, `field { a, b }` (any of). */
  | { match: NftField; op?: '==' | '!='; value: NftValue | { anyOf: NftValue[] } }
  /** `a . b . c @set` or `… != @set`. */
  | { lookup: NftField[]; set: string; op?: '==' | '!=' }
  /** `a . b vmap @map`: the verdict of the packet's key, nothing when it has none. */
  | { vmap: NftField[]; map: string }
  /** `meta mark set …` / `ct mark set …`, from a field or from a map lookup. */
  | { setMark: 'meta mark' | 'ct mark'; from: { field: NftField } | { map: string; key: NftField[] } }
  /** `dnat ip to …` / `snat ip to …`: an address (with a port range), or the value a map holds for the key. */
  | { nat: 'dnat' | 'snat'; to: { address: string; ports?: readonly [number, number] } | { map: string; key: NftField[] } }
  /** `counter name "x"`. */
  | { counter: string }
  | { verdict: NftVerdict };

/** A rule: its expressions and an optional comment (quoted on output; no quotes or newlines). */
export interface NftRule {
  exprs: NftExpr[];
  comment?: string;
}

/** A table and everything in it. */
export interface NftTable {
  family: NftFamily;
  name: string;
  sets: NftSet[];
  maps: NftMap[];
  counters: NftCounter[];
  chains: NftChain[];
}

/** Kinds of named objects inside a table. */
export type NftObjectKind = 'set' | 'map' | 'counter' | 'chain';

/** Where an object lives. */
export interface NftTableRef {
  family: NftFamily;
  table: string;
}

/**
 * One operation of a transaction. A transaction is applied all or nothing (`nft -f` commits the
 * whole input or none of it), in order: references are resolved as each operation is read.
 */
export type NftOp =
  | ({ op: 'add-table' } & NftTableRef)
  | ({ op: 'delete-table' } & NftTableRef)
  | ({ op: 'add-set'; set: NftSet } & NftTableRef)
  | ({ op: 'add-map'; map: NftMap } & NftTableRef)
  | ({ op: 'add-counter'; counter: string } & NftTableRef)
  | ({ op: 'add-chain'; chain: NftChain } & NftTableRef)
  | ({ op: 'delete-object'; kind: NftObjectKind; name: string } & NftTableRef)
  | ({ op: 'add-elements'; kind: 'set' | 'map'; name: string; elements: Array<NftSetElement | NftMapElement> } & NftTableRef)
  | ({ op: 'delete-elements'; kind: 'set' | 'map'; name: string; keys: NftValue[][] } & NftTableRef)
  | ({ op: 'flush-chain'; chain: string } & NftTableRef)
  | ({ op: 'add-rule'; chain: string; rule: NftRule } & NftTableRef);

/** An ordered list of operations applied as one nft transaction. */
export type NftTransaction = NftOp[];

/** An empty table, to fill in. */
export function emptyTable(family: NftFamily, name: string): NftTable {
  return { family, name, sets: [], maps: [], counters: [], chains: [] };
}

/** The data type a packet field has. */
export const FIELD_TYPE: Readonly<Record<NftField, NftDataType | 'ct_state' | 'nf_proto'>> = {
  iifname: 'ifname',
  oifname: 'ifname',
  'ip saddr': 'ipv4_addr',
  'ip daddr': 'ipv4_addr',
  'meta l4proto': 'inet_proto',
  'th sport': 'inet_service',
  'th dport': 'inet_service',
  'icmp type': 'icmp_type',
  'icmp code': 'icmp_code',
  'ct state': 'ct_state',
  'meta nfproto': 'nf_proto',
  'meta mark': 'mark',
  'ct mark': 'mark',
};

/** nft's named priorities, for rendering and for the readers of a model. */
export const PRIORITY = { raw: -300, mangle: -150, dstnat: -100, filter: 0, security: 50, srcnat: 100 } as const;

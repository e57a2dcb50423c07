/**
 * Follows one packet through a namespace's tables as the kernel would: the base chains of
 * each hook on its path (prerouting → forward → postrouting when it is routed through,
 * prerouting → input when it is for the namespace, output → postrouting when the namespace
 * sends it), by priority; nat chains only for the first packet of a connection; rules left to
 * right, jumps and gotos with a return stack, the policy when a base chain runs out. It says
 * the verdict, every named counter hit, the chains walked, and what NAT and marks did.
 *
 * Routing is not modelled: the caller says which interface the packet leaves by. A transport
 * header field the packet lacks (`th dport` of an ICMP echo, whose bytes there are its
 * checksum) only matches a range that covers every value, so no outcome depends on it. Pure.
 *
 * @module
 */
import {
  FIELD_TYPE,
  type NftChain,
  type NftCtState,
  type NftExpr,
  type NftField,
  type NftFamily,
  type NftHook,
  type NftMap,
  type NftMapElement,
  type NftScalar,
  type NftSet,
  type NftTable,
  type NftValue,
  type NftVerdict,
} from './types.js';
import { isInterval, valueContains, valueRange } from './values.js';

/** A packet as the trace sees it. */
export interface NftPacket {
  /** Interface it arrives on (absent when the namespace sends it). */
  iif?: string;
  /** Interface it leaves by (absent when it is delivered to the namespace). */
  oif?: string;
  /** @default 'ipv4' */
  family?: 'ipv4' | 'ipv6';
  saddr: string;
  daddr: string;
  /** IP protocol number (6 tcp, 17 udp, 1 icmp). */
  proto: number;
  sport?: number;
  dport?: number;
  icmpType?: number;
  icmpCode?: number;
  /** Connection-tracking state of the packet. @default 'new' */
  ct?: NftCtState;
  mark?: number;
  ctMark?: number;
}

/** What happened to a packet. */
export interface NftTrace {
  verdict: 'accept' | 'drop';
  /** Names of the named counters the packet hit, in order. */
  counters: string[];
  counterHits: Array<{ family: NftFamily; table: string; counter: string }>;
  /** `table/chain` of every chain entered, in order. */
  path: string[];
  /** The base chain (or the rule's chain) that dropped it. */
  droppedIn?: string;
  /** Addresses after NAT, when a nat chain translated them. */
  dnat?: string;
  snat?: string;
  mark: number;
  ctMark: number;
}

const HOOK_PATHS: Readonly<Record<'forward' | 'input' | 'output', NftHook[]>> = {
  forward: ['prerouting', 'forward', 'postrouting'],
  input: ['prerouting', 'input'],
  output: ['output', 'postrouting'],
};

const TRANSPORT_WITH_PORTS = new Set([6, 17, 132, 136]);
const FIELD_LIMIT: Partial<Record<NftField, number>> = { 'th sport': 65535, 'th dport': 65535 };

interface Walk {
  packet: NftPacket & { mark: number; ctMark: number; saddr: string; daddr: string };
  trace: NftTrace;
  table: NftTable;
}

/** A field of the packet; `undefined` when the packet has no such field (the match fails), `'any'` when its value cannot be known. */
function fieldValue(p: Walk['packet'], field: NftField): NftScalar | undefined | 'any' {
  const v4 = (p.family ?? 'ipv4') === 'ipv4';
  switch (field) {
    case 'iifname':
      return p.iif;
    case 'oifname':
      return p.oif;
    case 'ip saddr':
      return v4 ? p.saddr : undefined;
    case 'ip daddr':
      return v4 ? p.daddr : undefined;
    case 'meta l4proto':
      return p.proto;
    case 'th sport':
    case 'th dport':
      if (TRANSPORT_WITH_PORTS.has(p.proto)) return field === 'th sport' ? p.sport : p.dport;
      return 'any';
    case 'icmp type':
      return v4 && p.proto === 1 ? p.icmpType : undefined;
    case 'icmp code':
      return v4 && p.proto === 1 ? p.icmpCode : undefined;
    case 'ct state':
      return p.ct ?? 'new';
    case 'meta nfproto':
      return p.family ?? 'ipv4';
    case 'meta mark':
      return p.mark;
    case 'ct mark':
      return p.ctMark;
  }
}

function contains(field: NftField, value: NftValue, probe: NftScalar | 'any' | undefined): boolean {
  if (probe === undefined) return false;
  const type = FIELD_TYPE[field];
  if (probe === 'any') {
    const [lo, hi] = valueRange(type, value);
    return lo === 0 && hi === (FIELD_LIMIT[field] ?? Number.NaN);
  }
  if (type === 'ifname' || type === 'ct_state' || type === 'nf_proto') return !isInterval(value) && value === probe;
  return valueContains(type, value, probe);
}

function findElement<T extends NftSet | NftMap>(container: T, fields: readonly NftField[], p: Walk['packet']): T['elements'][number] | undefined {
  const probes = fields.map((f) => fieldValue(p, f));
  if (probes.some((v) => v === undefined)) return undefined;
  return (container.elements as Array<{ key: NftValue[] }>).find((e) => e.key.every((v, i) => contains(fields[i] as NftField, v, probes[i]))) as T['elements'][number] | undefined;
}

type Flow = { kind: 'next' } | { kind: 'verdict'; verdict: NftVerdict };

function evalExpr(w: Walk, expr: NftExpr): Flow | 'break' {
  const { packet: p, table } = w;
  if ('match' in expr) {
    const probe = fieldValue(p, expr.match);
    const values = typeof expr.value === 'object' && !Array.isArray(expr.value) && 'anyOf' in expr.value ? expr.value.anyOf : [expr.value as NftValue];
    if (probe === undefined) return 'break';
    const hit = values.some((v) => contains(expr.match, v, probe));
    return hit === (expr.op !== '!=') ? { kind: 'next' } : 'break';
  }
  if ('lookup' in expr) {
    if (expr.lookup.some((f) => fieldValue(p, f) === undefined)) return 'break';
    const set = table.sets.find((s) => s.name === expr.set) as NftSet;
    const hit = findElement(set, expr.lookup, p) !== undefined;
    return hit === (expr.op !== '!=') ? { kind: 'next' } : 'break';
  }
  if ('vmap' in expr) {
    const map = table.maps.find((m) => m.name === expr.map) as NftMap;
    const e = findElement(map, expr.vmap, p) as NftMapElement | undefined;
    return e ? { kind: 'verdict', verdict: e.value as NftVerdict } : 'break';
  }
  if ('setMark' in expr) {
    let value: number | undefined;
    if ('field' in expr.from) value = fieldValue(p, expr.from.field) as number;
    else {
      const map = table.maps.find((m) => m.name === (expr.from as { map: string }).map) as NftMap;
      value = (findElement(map, expr.from.key, p) as NftMapElement | undefined)?.value as number | undefined;
      if (value === undefined) return 'break';
    }
    if (expr.setMark === 'meta mark') p.mark = value ?? 0;
    else p.ctMark = value ?? 0;
    return { kind: 'next' };
  }
  if ('nat' in expr) {
    let address: string;
    if ('map' in expr.to) {
      const map = table.maps.find((m) => m.name === (expr.to as { map: string }).map) as NftMap;
      const e = findElement(map, expr.to.key, p) as NftMapElement | undefined;
      if (!e) return 'break';
      address = String(e.value);
    } else address = expr.to.address;
    if (expr.nat === 'dnat') {
      p.daddr = address;
      w.trace.dnat = address;
    } else {
      p.saddr = address;
      w.trace.snat = address;
    }
    return { kind: 'verdict', verdict: { kind: 'accept' } };
  }
  if ('counter' in expr) {
    w.trace.counters.push(expr.counter);
    w.trace.counterHits.push({ family: table.family, table: table.name, counter: expr.counter });
    return { kind: 'next' };
  }
  return { kind: 'verdict', verdict: expr.verdict };
}

/** Runs a chain; the verdict that ends the packet's walk through this base chain, or `return` when it ran out. */
function runChain(w: Walk, chain: NftChain, depth: number): NftVerdict {
  if (depth > 16) throw new Error(`chain ${chain.name}: jumps nest deeper than 16`);
  w.trace.path.push(`${w.table.name}/${chain.name}`);
  for (const rule of chain.rules) {
    let flow: Flow | 'break' = { kind: 'next' };
    for (const expr of rule.exprs) {
      flow = evalExpr(w, expr);
      if (flow === 'break' || flow.kind === 'verdict') break;
    }
    if (flow === 'break' || flow.kind === 'next') continue;
    const v = flow.verdict;
    if (v.kind === 'jump' || v.kind === 'goto') {
      const target = w.table.chains.find((c) => c.name === v.chain) as NftChain;
      const result = runChain(w, target, depth + 1);
      if (result.kind === 'accept' || result.kind === 'drop') return result;
      if (v.kind === 'goto') return { kind: 'return' };
      continue;
    }
    if (v.kind === 'drop') w.trace.droppedIn ??= `${w.table.name}/${chain.name}`;
    return v;
  }
  return { kind: 'return' };
}

/** Traces `packet` through `tables`; see the module documentation. */
export function traceInTables(tables: readonly NftTable[], packet: NftPacket): NftTrace {
  const trace: NftTrace = { verdict: 'accept', counters: [], counterHits: [], path: [], mark: packet.mark ?? 0, ctMark: packet.ctMark ?? 0 };
  const p = { ...packet, mark: packet.mark ?? 0, ctMark: packet.ctMark ?? 0 };
  const route = packet.iif !== undefined && packet.oif !== undefined ? 'forward' : packet.iif !== undefined ? 'input' : 'output';
  for (const hook of HOOK_PATHS[route]) {
    const chains = tables
      .flatMap((table) => table.chains.filter((c) => c.base && c.base.hook === hook).map((chain) => ({ table, chain })))
      .filter(({ chain }) => chain.base?.type !== 'nat' || (p.ct ?? 'new') === 'new')
      .sort((a, b) => (a.chain.base?.priority ?? 0) - (b.chain.base?.priority ?? 0));
    for (const { table, chain } of chains) {
      const w: Walk = { packet: p, trace, table };
      const result = runChain(w, chain, 0);
      const verdict = result.kind === 'return' ? (chain.base?.policy ?? 'accept') : result.kind;
      if (verdict === 'drop') {
        trace.verdict = 'drop';
        trace.droppedIn ??= `${table.name}/${chain.name}`;
        trace.mark = p.mark;
        trace.ctMark = p.ctMark;
        return trace;
      }
    }
  }
  trace.mark = p.mark;
  trace.ctMark = p.ctMark;
  return trace;
}

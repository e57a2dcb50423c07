/**
 * An nft backend in memory, for unit tests without root: it applies transactions to a model of
 * each namespace's tables the way nft does — in order, all or nothing — and refuses what nft
 * would refuse: an unknown table, set, map, chain or counter; an element of the wrong type, a
 * duplicate or missing element; a rule whose lookups do not fit; the deletion of a chain that
 * still has rules or is jumped to, or of a set, map or counter a rule still uses. Counters count
 * the packets sent through {@link FakeNftBackend.send}, and survive like the kernel's do.
 * Pure (no Node imports).
 *
 * @module
 */
import type { NftBackend, NftCounterValue } from './backend.js';
import { traceInTables, type NftPacket, type NftTrace } from './trace.js';
import type { NftChain, NftExpr, NftFamily, NftMap, NftMapElement, NftOp, NftSet, NftSetElement, NftTable, NftTransaction, NftVerdict } from './types.js';
import { elementProblem, nftTablesProblems, ruleProblem } from './validate.js';
import { renderKey } from './values.js';
import { nftNameProblem } from './identifiers.js';

/** A transaction the fake refused, and why (the whole transaction was dropped). */
export class FakeNftError extends Error {
  override readonly name = 'FakeNftError';
  constructor(
    readonly opIndex: number,
    message: string,
  ) {
    super(`transaction refused at operation ${opIndex + 1}: ${message}`);
  }
}

interface NamespaceState {
  tables: NftTable[];
  counters: Map<string, NftCounterValue>;
}

const counterKey = (family: string, table: string, name: string): string => `${family} ${table} ${name}`;

/** See the module documentation. */
export class FakeNftBackend implements NftBackend {
  private readonly namespaces = new Map<string, NamespaceState>();
  /** Every transaction applied (or refused), in order: what tests check minimality against. */
  readonly log: Array<{ namespace: string; tx: NftTransaction; ok: boolean }> = [];
  /** Make the next N transactions fail (to exercise resyncs). */
  failNext = 0;

  async apply(namespace: string, tx: NftTransaction): Promise<void> {
    const state = this.state(namespace);
    if (this.failNext > 0) {
      this.failNext--;
      this.log.push({ namespace, tx, ok: false });
      throw new FakeNftError(0, 'injected failure');
    }
    const tables = structuredClone(state.tables);
    try {
      tx.forEach((op, i) => {
        const problem = applyOp(tables, op);
        if (problem) throw new FakeNftError(i, problem);
      });
    } catch (err) {
      this.log.push({ namespace, tx, ok: false });
      throw err;
    }
    this.log.push({ namespace, tx, ok: true });
    state.tables = tables;
    // Counters of deleted objects (and tables) go; new ones start at zero.
    const live = new Set(tables.flatMap((t) => t.counters.map((c) => counterKey(t.family, t.name, c.name))));
    for (const key of [...state.counters.keys()]) if (!live.has(key)) state.counters.delete(key);
    for (const key of live) if (!state.counters.has(key)) state.counters.set(key, { packets: 0, bytes: 0 });
  }

  async listCounters(namespace: string, family: NftFamily, table: string): Promise<Map<string, NftCounterValue>> {
    const state = this.state(namespace);
    const t = state.tables.find((x) => x.family === family && x.name === table);
    if (!t) throw new Error(`Error: No such file or directory: table ${family} ${table} in ${namespace}`);
    return new Map(t.counters.map((c) => [c.name, { ...(state.counters.get(counterKey(family, table, c.name)) as NftCounterValue) }]));
  }

  /** The tables of a namespace as they stand (a copy). */
  tables(namespace: string): NftTable[] {
    return structuredClone(this.state(namespace).tables);
  }

  /** Traces a packet through a namespace's hooks without counting it. */
  trace(namespace: string, packet: NftPacket): NftTrace {
    return traceInTables(this.state(namespace).tables, packet);
  }

  /** Traces a packet and counts it on every named counter it hits, as the kernel would. */
  send(namespace: string, packet: NftPacket, bytes = 64): NftTrace {
    const state = this.state(namespace);
    const trace = traceInTables(state.tables, packet);
    for (const hit of trace.counterHits) {
      const c = state.counters.get(counterKey(hit.family, hit.table, hit.counter));
      if (c) {
        c.packets++;
        c.bytes += bytes;
      }
    }
    return trace;
  }

  private state(namespace: string): NamespaceState {
    let s = this.namespaces.get(namespace);
    if (!s) {
      s = { tables: [], counters: new Map() };
      this.namespaces.set(namespace, s);
    }
    return s;
  }
}

/** References a table's rules and map elements make, to refuse deleting what is used. */
function referencesIn(table: NftTable): { chains: Set<string>; containers: Set<string>; counters: Set<string> } {
  const chains = new Set<string>();
  const containers = new Set<string>();
  const counters = new Set<string>();
  const verdict = (v: NftVerdict): void => {
    if (v.kind === 'jump' || v.kind === 'goto') chains.add(v.chain);
  };
  const expr = (e: NftExpr): void => {
    if ('lookup' in e) containers.add(e.set);
    else if ('vmap' in e) containers.add(e.map);
    else if ('setMark' in e && 'map' in e.from) containers.add(e.from.map);
    else if ('nat' in e && 'map' in e.to) containers.add(e.to.map);
    else if ('counter' in e) counters.add(e.counter);
    else if ('verdict' in e) verdict(e.verdict);
  };
  for (const c of table.chains) for (const r of c.rules) r.exprs.forEach(expr);
  for (const m of table.maps) if (m.value === 'verdict') for (const e of m.elements) verdict(e.value as NftVerdict);
  return { chains, containers, counters };
}

/** Applies one operation to `tables` in place; a message when nft would refuse it. */
function applyOp(tables: NftTable[], op: NftOp): string | undefined {
  const index = tables.findIndex((t) => t.family === op.family && t.name === op.table);
  const table = tables[index];
  if (op.op === 'add-table') {
    const p = nftNameProblem(op.table);
    if (p) return p;
    if (!table) tables.push({ family: op.family, name: op.table, sets: [], maps: [], counters: [], chains: [] });
    return undefined;
  }
  if (!table) return `No such file or directory: table ${op.family} ${op.table}`;
  const container = (kind: 'set' | 'map', name: string): NftSet | NftMap | undefined =>
    kind === 'set' ? table.sets.find((s) => s.name === name) : table.maps.find((m) => m.name === name);
  switch (op.op) {
    case 'delete-table':
      tables.splice(index, 1);
      return undefined;
    case 'add-set':
    case 'add-map': {
      const c = op.op === 'add-set' ? op.set : op.map;
      const existing = table.sets.find((s) => s.name === c.name) ?? table.maps.find((m) => m.name === c.name);
      const probe = {
        ...table,
        sets: op.op === 'add-set' ? [{ ...op.set, elements: [] }] : [],
        maps: op.op === 'add-map' ? [{ ...op.map, elements: [] }] : [],
        counters: [],
        chains: [],
      };
      const problems = nftTablesProblems([probe]);
      if (problems.length > 0) return problems[0]?.message;
      if (existing) {
        const same = JSON.stringify({ ...existing, elements: [] }) === JSON.stringify({ ...c, elements: [] });
        return same ? undefined : `File exists: ${c.name} already exists with another type or flags`;
      }
      if (op.op === 'add-set') table.sets.push({ ...op.set, elements: [] });
      else table.maps.push({ ...op.map, elements: [] });
      return undefined;
    }
    case 'add-counter': {
      const p = nftNameProblem(op.counter);
      if (p) return p;
      if (!table.counters.some((c) => c.name === op.counter)) table.counters.push({ name: op.counter });
      return undefined;
    }
    case 'add-chain': {
      const p = nftNameProblem(op.chain.name);
      if (p) return p;
      const existing = table.chains.find((c) => c.name === op.chain.name);
      if (existing) {
        const a = existing.base;
        const b = op.chain.base;
        if (!a !== !b || (a && b && (a.type !== b.type || a.hook !== b.hook || a.priority !== b.priority)))
          return `Operation not supported: chain ${op.chain.name} exists with another hook`;
        if (a && b) a.policy = b.policy ?? 'accept';
        return undefined;
      }
      const problems = nftTablesProblems([{ ...table, sets: [], maps: [], counters: [], chains: [{ ...op.chain, rules: [] }] }]);
      if (problems.length > 0) return problems[0]?.message;
      table.chains.push({ ...op.chain, rules: [] });
      return undefined;
    }
    case 'delete-object': {
      const refs = referencesIn(table);
      if (op.kind === 'chain') {
        const i = table.chains.findIndex((c) => c.name === op.name);
        if (i < 0) return `No such file or directory: chain ${op.name}`;
        if ((table.chains[i] as NftChain).rules.length > 0) return `Device or resource busy: chain ${op.name} still has rules`;
        if (refs.chains.has(op.name)) return `Device or resource busy: chain ${op.name} is jumped to`;
        table.chains.splice(i, 1);
        return undefined;
      }
      if (op.kind === 'counter') {
        const i = table.counters.findIndex((c) => c.name === op.name);
        if (i < 0) return `No such file or directory: counter ${op.name}`;
        if (refs.counters.has(op.name)) return `Device or resource busy: counter ${op.name} is used by a rule`;
        table.counters.splice(i, 1);
        return undefined;
      }
      const list: Array<NftSet | NftMap> = op.kind === 'set' ? table.sets : table.maps;
      const i = list.findIndex((c) => c.name === op.name);
      if (i < 0) return `No such file or directory: ${op.kind} ${op.name}`;
      if (refs.containers.has(op.name)) return `Device or resource busy: ${op.kind} ${op.name} is used by a rule`;
      list.splice(i, 1);
      return undefined;
    }
    case 'add-elements': {
      const c = container(op.kind, op.name);
      if (!c) return `No such file or directory: ${op.kind} ${op.name}`;
      const types = 'type' in c ? c.type : c.key;
      const have = new Set((c.elements as Array<NftSetElement | NftMapElement>).map((e) => renderKey(types, e.key)));
      for (const e of op.elements) {
        const p = elementProblem(table, c, e);
        if (p) return p;
        const k = renderKey(types, e.key);
        if (have.has(k)) return `File exists: element ${k} is already in ${op.name}`;
        have.add(k);
        (c.elements as Array<NftSetElement | NftMapElement>).push(structuredClone(e));
      }
      return undefined;
    }
    case 'delete-elements': {
      const c = container(op.kind, op.name);
      if (!c) return `No such file or directory: ${op.kind} ${op.name}`;
      const types = 'type' in c ? c.type : c.key;
      for (const key of op.keys) {
        if (key.length !== types.length) return `element ${JSON.stringify(key)} does not fit ${op.name}`;
        const k = renderKey(types, key);
        const i = (c.elements as Array<NftSetElement | NftMapElement>).findIndex((e) => renderKey(types, e.key) === k);
        if (i < 0) return `No such file or directory: element ${k} is not in ${op.name}`;
        c.elements.splice(i, 1);
      }
      return undefined;
    }
    case 'flush-chain': {
      const c = table.chains.find((x) => x.name === op.chain);
      if (!c) return `No such file or directory: chain ${op.chain}`;
      c.rules = [];
      return undefined;
    }
    case 'add-rule': {
      const c = table.chains.find((x) => x.name === op.chain);
      if (!c) return `No such file or directory: chain ${op.chain}`;
      const p = ruleProblem(table, op.rule);
      if (p) return p;
      c.rules.push(structuredClone(op.rule));
      return undefined;
    }
  }
}

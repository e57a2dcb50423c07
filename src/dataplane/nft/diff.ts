/**
 * The smallest transaction that turns the tables a namespace has into the tables it should
 * have, object by object, by name: new objects are added (sets, maps and counters, then chains,
 * then elements, then rules, so that every reference is resolvable as nft reads it); changed
 * sets and maps get only their missing elements added and their extra ones deleted; a chain
 * whose rules changed is flushed and refilled; removed objects go last, after whatever
 * referred to them. An object that did not change is not named at all, so its counters and
 * elements survive. A change nft cannot make in place (a set's type, a chain's hook) rebuilds
 * that one table. Pure.
 *
 * @module
 */
import type { NftMap, NftMapElement, NftOp, NftSet, NftSetElement, NftTable, NftTransaction } from './types.js';

const tableKey = (t: NftTable): string => `${t.family} ${t.name}`;

/** The operations that create `table` from nothing (the table itself included). */
export function tableCreationOps(table: NftTable): NftTransaction {
  const ref = { family: table.family, table: table.name };
  const ops: NftOp[] = [{ op: 'add-table', ...ref }];
  for (const set of table.sets) ops.push({ op: 'add-set', ...ref, set: { ...set, elements: [] } });
  for (const map of table.maps) ops.push({ op: 'add-map', ...ref, map: { ...map, elements: [] } });
  for (const c of table.counters) ops.push({ op: 'add-counter', ...ref, counter: c.name });
  for (const chain of table.chains) ops.push({ op: 'add-chain', ...ref, chain: { ...chain, rules: [] } });
  ops.push(...elementOps(table, []));
  for (const chain of table.chains) for (const rule of chain.rules) ops.push({ op: 'add-rule', ...ref, chain: chain.name, rule });
  return ops;
}

function elementOps(table: NftTable, skip: readonly string[]): NftOp[] {
  const ref = { family: table.family, table: table.name };
  const ops: NftOp[] = [];
  for (const set of table.sets)
    if (!skip.includes(set.name) && set.elements.length > 0) ops.push({ op: 'add-elements', ...ref, kind: 'set', name: set.name, elements: set.elements });
  for (const map of table.maps)
    if (!skip.includes(map.name) && map.elements.length > 0) ops.push({ op: 'add-elements', ...ref, kind: 'map', name: map.name, elements: map.elements });
  return ops;
}

/**
 * A transaction that replaces whatever tables of these names exist with `desired`, whatever
 * their state: each is added (a no-op when it exists) and deleted, then recreated — the full
 * resync after a failed transaction, and the first apply of a namespace whose state is unknown.
 */
export function resyncOps(desired: readonly NftTable[], alsoRemove: readonly NftTable[] = []): NftTransaction {
  const ops: NftOp[] = [];
  const seen = new Set<string>();
  for (const t of [...alsoRemove, ...desired]) {
    if (seen.has(tableKey(t))) continue;
    seen.add(tableKey(t));
    ops.push({ op: 'add-table', family: t.family, table: t.name }, { op: 'delete-table', family: t.family, table: t.name });
  }
  for (const t of desired) ops.push(...tableCreationOps(t));
  return ops;
}

/** The minimal transaction from `applied` to `desired` (see the module documentation); empty when they are the same. */
export function diffTables(applied: readonly NftTable[], desired: readonly NftTable[]): NftTransaction {
  const ops: NftOp[] = [];
  const before = new Map(applied.map((t) => [tableKey(t), t]));
  const after = new Set(desired.map(tableKey));
  for (const want of desired) {
    const have = before.get(tableKey(want));
    if (!have) ops.push(...tableCreationOps(want));
    else if (!compatible(have, want)) ops.push({ op: 'delete-table', family: want.family, table: want.name }, ...tableCreationOps(want));
    else ops.push(...diffTable(have, want));
  }
  for (const have of applied) if (!after.has(tableKey(have))) ops.push({ op: 'delete-table', family: have.family, table: have.name });
  return ops;
}

/** False when some object changed in a way nft cannot apply in place. */
function compatible(have: NftTable, want: NftTable): boolean {
  const sets = new Map(have.sets.map((s) => [s.name, s]));
  const maps = new Map(have.maps.map((m) => [m.name, m]));
  const chains = new Map(have.chains.map((c) => [c.name, c]));
  const same = (a: unknown, b: unknown): boolean => sameData(a ?? [], b ?? []);
  for (const s of want.sets) {
    const h = sets.get(s.name);
    if (h && (!same(h.type, s.type) || !same(h.flags, s.flags))) return false;
    if (!h && maps.has(s.name)) return false;
  }
  for (const m of want.maps) {
    const h = maps.get(m.name);
    if (h && (!same(h.key, m.key) || h.value !== m.value || !same(h.flags, m.flags))) return false;
    if (!h && sets.has(m.name)) return false;
  }
  for (const c of want.chains) {
    const h = chains.get(c.name);
    if (h && !sameData({ ...h.base, policy: h.base?.policy ?? 'accept' }, { ...c.base, policy: c.base?.policy ?? 'accept' })) return false;
  }
  return true;
}

/**
 * Structural equality of plain JSON data, without serialising it: the diff compares whole
 * element lists and rule lists this way, and most of them are equal, so it must be cheap.
 * The model is built the same way every time, so equal objects are equal as data (a rule
 * written differently but meaning the same is merely re-added).
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

/** An element's key as a map key (one string per distinct key). */
function keyId(key: readonly unknown[]): string {
  return key.map((v) => (Array.isArray(v) ? `${String(v[0])}-${String(v[1])}` : String(v))).join(' ');
}

/** Elements by key. */
function elementKeys(c: NftSet | NftMap): Map<string, NftSetElement | NftMapElement> {
  return new Map((c.elements as Array<NftSetElement | NftMapElement>).map((e) => [keyId(e.key), e]));
}

function diffTable(have: NftTable, want: NftTable): NftOp[] {
  const ref = { family: want.family, table: want.name };
  const adds: NftOp[] = [];
  const deleteElements: NftOp[] = [];
  const addElements: NftOp[] = [];
  const rules: NftOp[] = [];
  const removals: NftOp[] = [];

  const diffContainers = (kind: 'set' | 'map', haveList: readonly (NftSet | NftMap)[], wantList: readonly (NftSet | NftMap)[]): void => {
    const old = new Map(haveList.map((c) => [c.name, c]));
    for (const c of wantList) {
      const h = old.get(c.name);
      if (!h) {
        adds.push(kind === 'set' ? { op: 'add-set', ...ref, set: { ...(c as NftSet), elements: [] } } : { op: 'add-map', ...ref, map: { ...(c as NftMap), elements: [] } });
        if (c.elements.length > 0) addElements.push({ op: 'add-elements', ...ref, kind, name: c.name, elements: c.elements as Array<NftSetElement | NftMapElement> });
        continue;
      }
      // Most sets do not change: one structural comparison skips them.
      if (sameData(h.elements, c.elements)) continue;
      const was = elementKeys(h);
      const now = elementKeys(c);
      const gone = (h.elements as Array<NftSetElement | NftMapElement>).filter((e) => !sameData(now.get(keyId(e.key)), e)).map((e) => e.key);
      const added = (c.elements as Array<NftSetElement | NftMapElement>).filter((e) => !sameData(was.get(keyId(e.key)), e));
      if (gone.length > 0) deleteElements.push({ op: 'delete-elements', ...ref, kind, name: c.name, keys: gone });
      if (added.length > 0) addElements.push({ op: 'add-elements', ...ref, kind, name: c.name, elements: added });
    }
    const keep = new Set(wantList.map((c) => c.name));
    for (const h of haveList) if (!keep.has(h.name)) removals.push({ op: 'delete-object', ...ref, kind, name: h.name });
  };

  diffContainers('set', have.sets, want.sets);
  diffContainers('map', have.maps, want.maps);

  const oldCounters = new Set(have.counters.map((c) => c.name));
  for (const c of want.counters) if (!oldCounters.has(c.name)) adds.push({ op: 'add-counter', ...ref, counter: c.name });

  const oldChains = new Map(have.chains.map((c) => [c.name, c]));
  for (const c of want.chains) {
    const h = oldChains.get(c.name);
    if (!h) {
      adds.push({ op: 'add-chain', ...ref, chain: { ...c, rules: [] } });
      for (const rule of c.rules) rules.push({ op: 'add-rule', ...ref, chain: c.name, rule });
    } else if (!sameData(h.rules, c.rules)) {
      rules.push({ op: 'flush-chain', ...ref, chain: c.name });
      for (const rule of c.rules) rules.push({ op: 'add-rule', ...ref, chain: c.name, rule });
    }
  }
  // Removed chains are emptied first (they may jump to each other), then deleted, then what their rules used.
  const keepChains = new Set(want.chains.map((c) => c.name));
  const goneChains = have.chains.filter((c) => !keepChains.has(c.name));
  const flushGone: NftOp[] = goneChains.filter((c) => c.rules.length > 0).map((c) => ({ op: 'flush-chain', ...ref, chain: c.name }));
  const deleteChains: NftOp[] = goneChains.map((c) => ({ op: 'delete-object', ...ref, kind: 'chain', name: c.name }));
  const keepCounters = new Set(want.counters.map((c) => c.name));
  const deleteCounters: NftOp[] = have.counters.filter((c) => !keepCounters.has(c.name)).map((c) => ({ op: 'delete-object', ...ref, kind: 'counter', name: c.name }));

  return [...adds, ...deleteElements, ...addElements, ...rules, ...flushGone, ...deleteChains, ...removals, ...deleteCounters];
}

/**
 * Checks of the object model that nft itself would make, done before anything reaches a
 * kernel: names, duplicates, element types, and every reference of a rule or verdict (a set
 * the rule looks up must exist with the key the rule builds, a jump must land on a regular
 * chain of the same table). The lab-spec validator reports these with paths; the fake refuses
 * the same things when a transaction asks for them. Pure.
 *
 * @module
 */
import { ifnameProblem, nftNameProblem, nftStringProblem } from './identifiers.js';
import {
  FIELD_TYPE,
  type NftChain,
  type NftExpr,
  type NftField,
  type NftMap,
  type NftMapElement,
  type NftOp,
  type NftRule,
  type NftSet,
  type NftSetElement,
  type NftTable,
  type NftValue,
  type NftVerdict,
} from './types.js';
import { renderKey, valueProblem, type NftMatchType } from './values.js';

/** One problem, with the path of the offending field inside the table list. */
export interface NftProblem {
  path: string;
  message: string;
}

const DATA_TYPES = new Set(['ipv4_addr', 'ifname', 'inet_proto', 'inet_service', 'icmp_type', 'icmp_code', 'mark', 'verdict']);

/** Problems of one verdict (a jump or goto must reach a regular chain of the table). */
export function verdictProblem(table: NftTable, verdict: NftVerdict): string | undefined {
  if (verdict.kind !== 'jump' && verdict.kind !== 'goto') return ['accept', 'drop', 'return'].includes(verdict.kind) ? undefined : `unknown verdict ${JSON.stringify(verdict)}`;
  const target = table.chains.find((c) => c.name === verdict.chain);
  if (!target) return `${verdict.kind} to chain "${verdict.chain}", which table ${table.name} does not have`;
  if (target.base) return `${verdict.kind} to base chain "${verdict.chain}": only regular chains can be jumped to`;
  return undefined;
}

/** Problems of one element of a set or map. */
export function elementProblem(table: NftTable, container: NftSet | NftMap, element: NftSetElement | NftMapElement): string | undefined {
  const types = 'type' in container ? container.type : container.key;
  const intervals = (container.flags ?? []).includes('interval');
  if (!Array.isArray(element.key) || element.key.length !== types.length)
    return `element ${JSON.stringify(element.key)} has ${element.key?.length ?? 0} component(s); ${container.name} takes ${types.length} (${types.join(' . ')})`;
  for (const [i, v] of element.key.entries()) {
    const p = valueProblem(types[i] as NftMatchType, v, intervals);
    if (p) return `element of ${container.name}: ${p}`;
  }
  if ('type' in container) return 'value' in element ? `${container.name} is a set: its elements have no value` : undefined;
  if (!('value' in element)) return `${container.name} is a map: element ${JSON.stringify(element.key)} needs a value`;
  if (container.value === 'verdict') {
    const v = element.value as NftVerdict;
    return typeof v === 'object' && v !== null && 'kind' in v ? verdictProblem(table, v) : `${JSON.stringify(element.value)} is not a verdict`;
  }
  const p = valueProblem(container.value, element.value as NftValue, false);
  return p ? `value of ${container.name}: ${p}` : undefined;
}

function fieldsProblem(list: readonly NftField[]): string | undefined {
  if (!Array.isArray(list) || list.length === 0) return 'a key needs at least one field';
  const bad = list.find((f) => !(f in FIELD_TYPE));
  return bad !== undefined ? `unknown field ${JSON.stringify(bad)}` : undefined;
}

function keyMatches(fields: readonly NftField[], types: readonly string[]): boolean {
  return fields.length === types.length && fields.every((f, i) => FIELD_TYPE[f] === types[i]);
}

/** Problems of one expression of a rule in `table`. */
export function exprProblem(table: NftTable, expr: NftExpr): string | undefined {
  const set = (name: string): NftSet | undefined => table.sets.find((s) => s.name === name);
  const map = (name: string): NftMap | undefined => table.maps.find((m) => m.name === name);
  if ('match' in expr) {
    const f = fieldsProblem([expr.match]);
    if (f) return f;
    const type = FIELD_TYPE[expr.match];
    const values = typeof expr.value === 'object' && !Array.isArray(expr.value) && 'anyOf' in expr.value ? expr.value.anyOf : [expr.value as NftValue];
    if (values.length === 0) return 'an anonymous set needs at least one value';
    for (const v of values) {
      const p = valueProblem(type, v, type !== 'ifname' && type !== 'ct_state' && type !== 'nf_proto');
      if (p) return `${expr.match}: ${p}`;
    }
    return undefined;
  }
  if ('lookup' in expr) {
    const s = set(expr.set);
    if (!s) return `lookup in set "${expr.set}", which table ${table.name} does not have`;
    return fieldsProblem(expr.lookup) ?? (keyMatches(expr.lookup, s.type) ? undefined : `key ${expr.lookup.join(' . ')} does not fit set ${s.name} (${s.type.join(' . ')})`);
  }
  if ('vmap' in expr) {
    const m = map(expr.map);
    if (!m) return `vmap @${expr.map}: table ${table.name} has no such map`;
    if (m.value !== 'verdict') return `vmap @${expr.map}: the map holds ${m.value}, not verdicts`;
    return fieldsProblem(expr.vmap) ?? (keyMatches(expr.vmap, m.key) ? undefined : `key ${expr.vmap.join(' . ')} does not fit map ${m.name} (${m.key.join(' . ')})`);
  }
  if ('setMark' in expr) {
    if (expr.setMark !== 'meta mark' && expr.setMark !== 'ct mark') return `cannot set ${JSON.stringify(expr.setMark)}`;
    if ('field' in expr.from) return FIELD_TYPE[expr.from.field] === 'mark' ? undefined : `${expr.setMark} set ${expr.from.field}: not a mark`;
    const m = map(expr.from.map);
    if (!m) return `map @${expr.from.map}: table ${table.name} has no such map`;
    if (m.value !== 'mark') return `map @${m.name} holds ${m.value}, not marks`;
    return keyMatches(expr.from.key, m.key) ? undefined : `key ${expr.from.key.join(' . ')} does not fit map ${m.name}`;
  }
  if ('nat' in expr) {
    if (expr.nat !== 'dnat' && expr.nat !== 'snat') return `unknown nat ${JSON.stringify(expr.nat)}`;
    if ('map' in expr.to) {
      const m = map(expr.to.map);
      if (!m) return `map @${expr.to.map}: table ${table.name} has no such map`;
      if (m.value !== 'ipv4_addr') return `map @${m.name} holds ${m.value}, not addresses`;
      return keyMatches(expr.to.key, m.key) ? undefined : `key ${expr.to.key.join(' . ')} does not fit map ${m.name}`;
    }
    return valueProblem('ipv4_addr', expr.to.address, false) ?? (expr.to.ports ? valueProblem('inet_service', expr.to.ports, true) : undefined);
  }
  if ('counter' in expr) return table.counters.some((c) => c.name === expr.counter) ? undefined : `counter "${expr.counter}", which table ${table.name} does not have`;
  if ('verdict' in expr) return verdictProblem(table, expr.verdict);
  return `unknown expression ${JSON.stringify(expr)}`;
}

/** Problems of one rule: its expressions, and a comment nft can carry. */
export function ruleProblem(table: NftTable, rule: NftRule): string | undefined {
  if (!Array.isArray(rule.exprs) || rule.exprs.length === 0) return 'a rule needs at least one expression';
  for (const e of rule.exprs) {
    const p = exprProblem(table, e);
    if (p) return p;
  }
  return rule.comment !== undefined ? nftStringProblem(rule.comment, 255) : undefined;
}

function containerProblem(c: NftSet | NftMap): string | undefined {
  const types = 'type' in c ? c.type : [...c.key, c.value];
  if (!Array.isArray(types) || types.length === 0 || types.some((t) => !DATA_TYPES.has(t))) return `${c.name}: unknown type ${JSON.stringify(types)}`;
  const keyTypes = 'type' in c ? c.type : c.key;
  if (keyTypes.includes('verdict')) return `${c.name}: a verdict cannot be part of a key`;
  if ((c.flags ?? []).some((f) => f !== 'interval')) return `${c.name}: unknown flags ${JSON.stringify(c.flags)}`;
  return undefined;
}

function chainProblem(chain: NftChain): string | undefined {
  const b = chain.base;
  if (!b) return undefined;
  if (!['filter', 'nat', 'route'].includes(b.type)) return `unknown chain type ${JSON.stringify(b.type)}`;
  if (!['prerouting', 'input', 'forward', 'output', 'postrouting'].includes(b.hook)) return `unknown hook ${JSON.stringify(b.hook)}`;
  if (b.type === 'route' && b.hook !== 'output') return 'a route chain hooks output only';
  if (b.type === 'nat' && b.hook === 'forward') return 'a nat chain cannot hook forward';
  if (!Number.isInteger(b.priority)) return `priority ${JSON.stringify(b.priority)} is not an integer`;
  if (b.policy !== undefined && b.policy !== 'accept' && b.policy !== 'drop') return `unknown policy ${JSON.stringify(b.policy)}`;
  return undefined;
}

/** Every problem of a list of tables meant for one namespace; empty when nft would take them. */
export function nftTablesProblems(tables: readonly NftTable[], prefix = 'tables'): NftProblem[] {
  const problems: NftProblem[] = [];
  const seenTables = new Set<string>();
  tables.forEach((table, t) => {
    const at = `${prefix}[${t}]`;
    const report = (path: string, message: string): void => void problems.push({ path: `${at}${path}`, message });
    if (!['ip', 'ip6', 'inet'].includes(table.family)) report('.family', `${JSON.stringify(table.family)} is not an nft family ecsnet uses (ip, ip6, inet)`);
    const n = nftNameProblem(table.name);
    if (n) return report('.name', n);
    if (seenTables.has(`${table.family} ${table.name}`)) report('.name', `table ${table.family} ${table.name} is declared twice`);
    seenTables.add(`${table.family} ${table.name}`);
    // Sets and maps share one namespace in nft; counters and chains have their own.
    const names = { set: new Set<string>(), counter: new Set<string>(), chain: new Set<string>() };
    const claim = (kind: keyof typeof names, name: string, path: string): boolean => {
      const p = nftNameProblem(name);
      if (p) return (report(path, p), false);
      if (names[kind].has(name)) return (report(path, `${kind === 'set' ? 'a set or map' : `a ${kind}`} named "${name}" is declared twice`), false);
      names[kind].add(name);
      return true;
    };
    const containers: Array<[string, NftSet | NftMap]> = [
      ...table.sets.map((s, i) => [`.sets[${i}]`, s] as [string, NftSet]),
      ...table.maps.map((m, i) => [`.maps[${i}]`, m] as [string, NftMap]),
    ];
    for (const [path, c] of containers) {
      if (!claim('set', c.name, `${path}.name`)) continue;
      const p = containerProblem(c);
      if (p) {
        report(path, p);
        continue;
      }
      const keys = new Set<string>();
      const types = 'type' in c ? c.type : c.key;
      (c.elements as Array<NftSetElement | NftMapElement>).forEach((e, i) => {
        const ep = elementProblem(table, c, e);
        if (ep) return report(`${path}.elements[${i}]`, ep);
        const k = renderKey(types, e.key);
        if (keys.has(k)) report(`${path}.elements[${i}]`, `element ${k} is in ${c.name} twice`);
        keys.add(k);
      });
    }
    table.counters.forEach((c, i) => claim('counter', c.name, `.counters[${i}].name`));
    table.chains.forEach((c, i) => {
      if (!claim('chain', c.name, `.chains[${i}].name`)) return;
      const p = chainProblem(c);
      if (p) report(`.chains[${i}].base`, p);
    });
    table.chains.forEach((c, i) => {
      c.rules.forEach((r, j) => {
        const p = ruleProblem(table, r);
        if (p) report(`.chains[${i}].rules[${j}]`, p);
      });
    });
    for (const [path, c] of containers) {
      if ('value' in c && c.value === 'ifname') {
        for (const e of c.elements) if (typeof e.value === 'string' && ifnameProblem(e.value)) report(path, ifnameProblem(e.value) as string);
      }
    }
  });
  return problems;
}

/**
 * Problems of what a transaction adds, checked against the tables it leads to: names of new
 * objects, their types, every added element and every added rule. Cheaper than
 * {@link nftTablesProblems} on the whole model when a transaction touches little of it, and
 * enough before a diff, whose untouched objects were checked when they were added.
 */
export function transactionProblems(tx: readonly NftOp[], desired: readonly NftTable[]): NftProblem[] {
  const problems: NftProblem[] = [];
  const tables = new Map(desired.map((t) => [`${t.family} ${t.name}`, t]));
  tx.forEach((op, i) => {
    const report = (message: string): void => void problems.push({ path: `transaction[${i}]`, message });
    const nameProblem = nftNameProblem(op.table);
    if (nameProblem) return report(nameProblem);
    if (op.op === 'delete-table' || op.op === 'delete-object' || op.op === 'delete-elements' || op.op === 'flush-chain') return;
    const table = tables.get(`${op.family} ${op.table}`);
    if (!table) return op.op === 'add-table' ? undefined : report(`${op.op} in table ${op.family} ${op.table}, which the model does not have`);
    switch (op.op) {
      case 'add-set':
      case 'add-map': {
        const c = op.op === 'add-set' ? op.set : op.map;
        const p = nftNameProblem(c.name) ?? containerProblem(c);
        if (p) report(p);
        return;
      }
      case 'add-counter': {
        const p = nftNameProblem(op.counter);
        if (p) report(p);
        return;
      }
      case 'add-chain': {
        const p = nftNameProblem(op.chain.name) ?? chainProblem(op.chain);
        if (p) report(p);
        return;
      }
      case 'add-elements': {
        const c = op.kind === 'set' ? table.sets.find((s) => s.name === op.name) : table.maps.find((m) => m.name === op.name);
        if (!c) return report(`elements for ${op.kind} ${op.name}, which the model does not have`);
        for (const e of op.elements) {
          const p = elementProblem(table, c, e);
          if (p) return report(p);
        }
        return;
      }
      case 'add-rule': {
        const p = ruleProblem(table, op.rule);
        if (p) report(p);
        return;
      }
    }
  });
  return problems;
}

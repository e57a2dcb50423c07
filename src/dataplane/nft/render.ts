/**
 * The only writer of nft syntax: a whole table as a readable block (what `nft list table`
 * would show, for people and snapshots) and a transaction as one command per line for
 * `nft -f -`. Every name goes through {@link assertNftName} and every value through
 * {@link renderValue} as it is written, so even a model that skipped validation cannot put
 * syntax into the text. Pure.
 *
 * @module
 */
import { assertNftName, quoteNftString } from './identifiers.js';
import {
  FIELD_TYPE,
  type NftBaseChain,
  type NftExpr,
  type NftFamily,
  type NftField,
  type NftMap,
  type NftMapElement,
  type NftOp,
  type NftRule,
  type NftSet,
  type NftSetElement,
  type NftTable,
  type NftTransaction,
  type NftValue,
  type NftVerdict,
} from './types.js';
import { renderKey, renderValue } from './values.js';

const FAMILIES: readonly NftFamily[] = ['ip', 'ip6', 'inet'];

/** `inet ecsnet`: family and checked name. */
function tableRef(family: NftFamily, table: string): string {
  if (!FAMILIES.includes(family)) throw new Error(`${JSON.stringify(family)} is not an nft family`);
  return `${family} ${assertNftName(table, 'table')}`;
}

/** A verdict as nft writes it. */
export function renderVerdict(verdict: NftVerdict): string {
  if (verdict.kind === 'jump' || verdict.kind === 'goto') return `${verdict.kind} ${assertNftName(verdict.chain, 'chain')}`;
  if (verdict.kind === 'accept' || verdict.kind === 'drop' || verdict.kind === 'return') return verdict.kind;
  throw new Error(`unknown verdict ${JSON.stringify(verdict)}`);
}

function fields(list: readonly NftField[]): string {
  return list
    .map((f) => {
      if (!(f in FIELD_TYPE)) throw new Error(`unknown field ${JSON.stringify(f)}`);
      return f;
    })
    .join(' . ');
}

/** One expression of a rule. */
export function renderExpr(expr: NftExpr, family: NftFamily = 'inet'): string {
  if ('match' in expr) {
    const type = FIELD_TYPE[expr.match];
    const value =
      typeof expr.value === 'object' && !Array.isArray(expr.value) && 'anyOf' in expr.value
        ? `{ ${expr.value.anyOf.map((v) => renderValue(type, v)).join(', ')} }`
        : renderValue(type, expr.value as NftValue);
    return `${fields([expr.match])} ${expr.op === '!=' ? '!= ' : ''}${value}`;
  }
  if ('lookup' in expr) return `${fields(expr.lookup)} ${expr.op === '!=' ? '!= ' : ''}@${assertNftName(expr.set, 'set')}`;
  if ('vmap' in expr) return `${fields(expr.vmap)} vmap @${assertNftName(expr.map, 'map')}`;
  if ('setMark' in expr) {
    const from = 'field' in expr.from ? fields([expr.from.field]) : `${fields(expr.from.key)} map @${assertNftName(expr.from.map, 'map')}`;
    return `${expr.setMark} set ${from}`;
  }
  if ('nat' in expr) {
    const ip = family === 'inet' ? ' ip' : '';
    if ('map' in expr.to) return `${expr.nat}${ip} to ${fields(expr.to.key)} map @${assertNftName(expr.to.map, 'map')}`;
    const ports = expr.to.ports ? `:${renderValue('inet_service', expr.to.ports)}` : '';
    return `${expr.nat}${ip} to ${renderValue('ipv4_addr', expr.to.address)}${ports}`;
  }
  if ('counter' in expr) return `counter name ${quoteNftString(assertNftName(expr.counter, 'counter'))}`;
  if ('verdict' in expr) return renderVerdict(expr.verdict);
  throw new Error(`unknown expression ${JSON.stringify(expr)}`);
}

/** A rule's expressions (and its quoted comment). */
export function renderRule(rule: NftRule, family: NftFamily = 'inet'): string {
  const text = rule.exprs.map((e) => renderExpr(e, family)).join(' ');
  return rule.comment !== undefined ? `${text} comment ${quoteNftString(rule.comment, 'rule comment', 255)}` : text;
}

function baseChainSpec(base: NftBaseChain): string {
  if (!['filter', 'nat', 'route'].includes(base.type)) throw new Error(`unknown chain type ${JSON.stringify(base.type)}`);
  if (!['prerouting', 'input', 'forward', 'output', 'postrouting'].includes(base.hook)) throw new Error(`unknown hook ${JSON.stringify(base.hook)}`);
  if (!Number.isInteger(base.priority)) throw new Error(`priority ${JSON.stringify(base.priority)} is not an integer`);
  const policy = base.policy ?? 'accept';
  if (policy !== 'accept' && policy !== 'drop') throw new Error(`unknown policy ${JSON.stringify(policy)}`);
  return `type ${base.type} hook ${base.hook} priority ${base.priority}; policy ${policy};`;
}

/** The flags of a set or map, checked against the one flag the model knows. */
function checkedFlags(flags: readonly string[] | undefined): readonly string[] {
  const f = flags ?? [];
  if (f.some((x) => x !== 'interval')) throw new Error(`unknown set flags ${JSON.stringify(f)}`);
  return f;
}

function setSpec(type: string, flags: readonly string[] | undefined): string {
  const f = checkedFlags(flags);
  return `type ${type};${f.length > 0 ? ` flags ${f.join(',')};` : ''}`;
}

function setTypeText(types: readonly string[]): string {
  for (const t of types) if (!/^[a-z_0-9]+$/.test(t)) throw new Error(`unknown data type ${JSON.stringify(t)}`);
  return types.join(' . ');
}

/** An element of a set (its key) or of a map (`key : value`). */
export function renderElement(container: NftSet | NftMap, element: NftSetElement | NftMapElement): string {
  const keyTypes = 'type' in container ? container.type : container.key;
  const key = renderKey(keyTypes, element.key);
  if (!('value' in element)) return key;
  const map = container as NftMap;
  const value = map.value === 'verdict' ? renderVerdict(element.value as NftVerdict) : renderValue(map.value, element.value as NftValue);
  return `${key} : ${value}`;
}

function setTypeOf(container: NftSet | NftMap): string {
  return 'type' in container ? setTypeText(container.type) : `${setTypeText(container.key)} : ${setTypeText([container.value])}`;
}

/** The whole table as one block, indented as nft lists it. */
export function renderTable(table: NftTable): string {
  const lines = [`table ${tableRef(table.family, table.name)} {`];
  const containers: Array<[string, NftSet | NftMap]> = [...table.sets.map((s) => ['set', s] as [string, NftSet]), ...table.maps.map((m) => ['map', m] as [string, NftMap])];
  for (const [kind, c] of containers) {
    lines.push(`  ${kind} ${assertNftName(c.name, kind)} {`);
    lines.push(`    type ${setTypeOf(c)}`);
    const flags = checkedFlags(c.flags);
    if (flags.length > 0) lines.push(`    flags ${flags.join(',')}`);
    const elements = (c.elements as Array<NftSetElement | NftMapElement>).map((e) => renderElement(c, e));
    if (elements.length > 0) lines.push('    elements = {', elements.map((e) => `      ${e}`).join(',\n'), '    }');
    lines.push('  }');
  }
  for (const counter of table.counters) lines.push(`  counter ${assertNftName(counter.name, 'counter')} {`, '  }');
  for (const chain of table.chains) {
    lines.push(`  chain ${assertNftName(chain.name, 'chain')} {`);
    if (chain.base) lines.push(`    ${baseChainSpec(chain.base)}`);
    for (const rule of chain.rules) lines.push(`    ${renderRule(rule, table.family)}`);
    lines.push('  }');
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** The set, map or chain declaration that `add` needs (no elements, no rules). */
function declaration(container: NftSet | NftMap): string {
  return `{ ${setSpec(setTypeOf(container), container.flags)} }`;
}

/** One operation as an nft command. */
export function renderOp(op: NftOp, lookup: (op: Extract<NftOp, { op: 'add-elements' | 'delete-elements' }>) => NftSet | NftMap): string {
  const t = tableRef(op.family, op.table);
  switch (op.op) {
    case 'add-table':
      return `add table ${t}`;
    case 'delete-table':
      return `delete table ${t}`;
    case 'add-set':
      return `add set ${t} ${assertNftName(op.set.name, 'set')} ${declaration(op.set)}`;
    case 'add-map':
      return `add map ${t} ${assertNftName(op.map.name, 'map')} ${declaration(op.map)}`;
    case 'add-counter':
      return `add counter ${t} ${assertNftName(op.counter, 'counter')}`;
    case 'add-chain':
      return `add chain ${t} ${assertNftName(op.chain.name, 'chain')}${op.chain.base ? ` { ${baseChainSpec(op.chain.base)} }` : ''}`;
    case 'delete-object':
      return `delete ${op.kind} ${t} ${assertNftName(op.name, op.kind)}`;
    case 'add-elements': {
      const c = lookup(op);
      return `add element ${t} ${assertNftName(op.name, op.kind)} { ${op.elements.map((e) => renderElement(c, e)).join(', ')} }`;
    }
    case 'delete-elements': {
      const c = lookup(op);
      const types = 'type' in c ? c.type : c.key;
      return `delete element ${t} ${assertNftName(op.name, op.kind)} { ${op.keys.map((k) => renderKey(types, k)).join(', ')} }`;
    }
    case 'flush-chain':
      return `flush chain ${t} ${assertNftName(op.chain, 'chain')}`;
    case 'add-rule':
      return `add rule ${t} ${assertNftName(op.chain, 'chain')} ${renderRule(op.rule, op.family)}`;
  }
}

/**
 * A transaction as `nft -f` input. Element operations need the type of their set or map: they
 * are looked up first among the sets and maps the transaction itself adds, then in `known`
 * (the tables as they stand before it).
 */
export function renderTransaction(tx: NftTransaction, known: readonly NftTable[] = []): string {
  const added = new Map<string, NftSet | NftMap>();
  const key = (family: string, table: string, kind: string, name: string): string => `${family} ${table} ${kind} ${name}`;
  for (const t of known) {
    for (const s of t.sets) added.set(key(t.family, t.name, 'set', s.name), s);
    for (const m of t.maps) added.set(key(t.family, t.name, 'map', m.name), m);
  }
  const lines: string[] = [];
  for (const op of tx) {
    if (op.op === 'add-set') added.set(key(op.family, op.table, 'set', op.set.name), op.set);
    if (op.op === 'add-map') added.set(key(op.family, op.table, 'map', op.map.name), op.map);
    lines.push(
      renderOp(op, (o) => {
        const c = added.get(key(o.family, o.table, o.kind, o.name));
        if (!c) throw new Error(`${o.op} names ${o.kind} ${o.family} ${o.table} ${o.name}, which the transaction does not know`);
        return c;
      }),
    );
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

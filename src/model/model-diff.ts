/**
 * What changed between two network models, by logical id — what `ecsnet up --dry-run` prints,
 * like `terraform plan`: resources added, changed and removed. Objects are compared whole; a
 * container's children that are resources of their own (a VPC's subnets, a route table's
 * routes, a NACL's entries) are compared as themselves, so adding a route shows the route, not
 * a changed route table. Pure.
 *
 * @module
 */
import { canonicalJson } from '../util/canonical-json.js';
import type { NetworkModel } from './types.js';

/** One resource that differs. */
export interface ModelChange {
  change: 'added' | 'changed' | 'removed';
  /** Model id, `Stack.LogicalId` (implicit objects carry a `#suffix`). */
  id: string;
  /** The model collection it belongs to, e.g. `securityGroups`, `subnets`. */
  kind: string;
}

/** Where a resource is written is not part of it: a line moving in the file is no change. */
const LOCATION_KEYS: ReadonlySet<string> = new Set(['source', 'location']);

/** Children compared on their own, by the collection that holds them. */
const CHILDREN: Readonly<Record<string, string>> = { vpcs: 'subnets', routeTables: 'routes', networkAcls: 'entries' };

/** The resources of `after` that are new, different or gone compared with `before`, sorted by id. */
export function diffModels(before: NetworkModel, after: NetworkModel): ModelChange[] {
  const a = index(before);
  const b = index(after);
  const changes: ModelChange[] = [];
  for (const [key, item] of b) {
    const old = a.get(key);
    if (old === undefined) changes.push({ change: 'added', id: item.id, kind: item.kind });
    else if (old.json !== item.json) changes.push({ change: 'changed', id: item.id, kind: item.kind });
  }
  for (const [key, item] of a) if (!b.has(key)) changes.push({ change: 'removed', id: item.id, kind: item.kind });
  return changes.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : x.kind < y.kind ? -1 : 1));
}

interface Indexed {
  id: string;
  kind: string;
  json: string;
}

function index(model: NetworkModel): Map<string, Indexed> {
  const out = new Map<string, Indexed>();
  const add = (kind: string, item: Record<string, unknown>, omit?: string): void => {
    const id = typeof item.id === 'string' ? item.id : undefined;
    if (id === undefined) return;
    const copy = omit ? { ...item, [omit]: undefined } : item;
    out.set(`${kind}\0${id}`, { id, kind, json: canonicalJson(copy, LOCATION_KEYS) });
  };
  for (const [kind, value] of Object.entries(model)) {
    if (!Array.isArray(value) || kind === 'stacks') continue;
    const child = CHILDREN[kind];
    for (const item of value as Array<Record<string, unknown>>) {
      add(kind, item, child);
      if (child && Array.isArray(item[child])) for (const c of item[child] as Array<Record<string, unknown>>) add(child, c);
    }
  }
  return out;
}

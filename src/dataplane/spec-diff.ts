/**
 * The difference between the lab spec that is applied and the one that is wanted, by stable
 * identity: a namespace by its name, a veth by its two ends, a route by namespace, table,
 * destination and metric (what the kernel itself keys routes on), a rule by namespace, family
 * and priority, a neighbour by interface and address, a process by namespace, role and command.
 * Only what differs is touched on a running lab, so an unrelated ENI, its neighbours and the
 * connections through it are never disturbed. Pure.
 *
 * An object whose identity stays but whose attributes change is *changed*. Most are changed in
 * place (`route replace`, `neigh replace`, addresses added and removed on a veth that stays);
 * a veth whose MAC or MTU changes is recreated, and then the routes and neighbours through it
 * are re-added too, because the kernel drops them with the link.
 *
 * @module
 */
import type { BridgeSpec, InterfaceEnd, LabSpec, NamespaceSpec, NeighborSpec, NftNamespaceSpec, ProcessSpec, RouteSpec, RuleSpec, VethSpec } from './lab-spec.js';
import { canonicalJson } from '../util/canonical-json.js';

/** Added, removed and changed objects of one kind. Changed pairs are `[applied, desired]`. */
export interface KindDiff<T> {
  added: T[];
  removed: T[];
  changed: Array<[T, T]>;
}

/** Addresses to add to or remove from an interface that stays. */
export interface AddressChange {
  namespace: string;
  interface: string;
  add: string[];
  remove: string[];
}

/** Everything that differs between two specs of one lab. */
export interface SpecDiff {
  lab: string;
  namespaces: KindDiff<NamespaceSpec>;
  veths: KindDiff<VethSpec>;
  /** Veths recreated because their MAC or MTU changed (also listed in `veths.changed`). */
  recreatedVeths: VethSpec[];
  addresses: AddressChange[];
  bridges: KindDiff<BridgeSpec>;
  routes: KindDiff<RouteSpec>;
  rules: KindDiff<RuleSpec>;
  neighbors: KindDiff<NeighborSpec>;
  nftables: KindDiff<NftNamespaceSpec>;
  processes: KindDiff<ProcessSpec>;
}

/** Stable identity of each kind of object. */
export const identity = {
  namespace: (n: NamespaceSpec): string => n.name,
  veth: (v: VethSpec): string => `${v.a.namespace}/${v.a.name}|${v.b.namespace}/${v.b.name}`,
  bridge: (b: BridgeSpec): string => `${b.namespace}/${b.name}`,
  route: (r: RouteSpec): string => `${r.namespace}|${r.table ?? 'main'}|${r.destination}|${r.metric ?? 0}`,
  rule: (r: RuleSpec): string => `${r.namespace}|${ruleFamily(r)}|${r.priority}`,
  neighbor: (n: NeighborSpec): string => `${n.namespace}|${n.interface}|${n.address}`,
  nftables: (n: NftNamespaceSpec): string => n.namespace,
  process: (p: ProcessSpec): string => `${p.namespace}|${p.role}|${canonicalJson({ argv: p.argv, env: p.env ?? {}, cwd: p.cwd ?? '' })}`,
} as const;

function ruleFamily(r: RuleSpec): 4 | 6 {
  const address = r.from ?? r.to;
  if (address !== undefined) return address.includes(':') ? 6 : 4;
  return r.family ?? 4;
}

/** Compares two specs of the same lab. */
export function diffSpecs(applied: LabSpec, desired: LabSpec): SpecDiff {
  if (applied.lab !== desired.lab) throw new Error(`cannot diff lab "${applied.lab}" against lab "${desired.lab}"`);
  const veths = diffKind(applied.veths ?? [], desired.veths ?? [], identity.veth);
  const recreatedVeths: VethSpec[] = [];
  const addresses: AddressChange[] = [];
  const inPlace: Array<[VethSpec, VethSpec]> = [];
  for (const [before, after] of veths.changed) {
    if (linkShapeDiffers(before.a, after.a) || linkShapeDiffers(before.b, after.b)) recreatedVeths.push(after);
    else inPlace.push([before, after]);
  }
  for (const [before, after] of inPlace) {
    for (const [b, a] of [
      [before.a, after.a],
      [before.b, after.b],
    ] as const) {
      const change = addressChange(b, a);
      if (change) addresses.push(change);
    }
  }

  const routes = diffKind(applied.routes ?? [], desired.routes ?? [], identity.route);
  const neighbors = diffKind(applied.neighbors ?? [], desired.neighbors ?? [], identity.neighbor);
  // The kernel drops a link's routes and neighbours with it: re-add those of recreated links.
  // A changed bridge is recreated too (render-delta.ts), and takes its routes and neighbours with it.
  const bridges = diffKind(applied.bridges ?? [], desired.bridges ?? [], identity.bridge);
  const recreatedDevs = new Set([
    ...recreatedVeths.flatMap((v) => [`${v.a.namespace}\0${v.a.name}`, `${v.b.namespace}\0${v.b.name}`]),
    ...bridges.changed.map(([, b]) => `${b.namespace}\0${b.name}`),
  ]);
  const throughRecreated = (ns: string, dev: string | undefined): boolean => dev !== undefined && recreatedDevs.has(`${ns}\0${dev}`);
  if (recreatedDevs.size > 0) {
    const handled = new Set([...routes.added, ...routes.changed.map(([, r]) => r)].map(identity.route));
    for (const r of desired.routes ?? []) if (throughRecreated(r.namespace, r.dev) && !handled.has(identity.route(r))) routes.added.push(r);
    const handledN = new Set([...neighbors.added, ...neighbors.changed.map(([, n]) => n)].map(identity.neighbor));
    for (const n of desired.neighbors ?? []) if (throughRecreated(n.namespace, n.interface) && !handledN.has(identity.neighbor(n))) neighbors.added.push(n);
  }

  return {
    lab: desired.lab,
    namespaces: diffKind(applied.namespaces, desired.namespaces, identity.namespace),
    veths,
    recreatedVeths,
    addresses,
    bridges,
    routes,
    rules: diffKind(applied.rules ?? [], desired.rules ?? [], identity.rule),
    neighbors,
    nftables: diffKind(applied.nftables ?? [], desired.nftables ?? [], identity.nftables),
    processes: diffKind(applied.processes ?? [], desired.processes ?? [], identity.process),
  };
}

/** Number of objects added, removed or changed. Zero means the running lab already is the spec. */
export function diffSize(diff: SpecDiff): number {
  const kinds = [diff.namespaces, diff.veths, diff.bridges, diff.routes, diff.rules, diff.neighbors, diff.nftables, diff.processes];
  return kinds.reduce((n, k) => n + k.added.length + k.removed.length + k.changed.length, 0);
}

/** One line per kind that differs, e.g. `veths +1 -0 ~0`. */
export function describeDiff(diff: SpecDiff): string[] {
  const rows: Array<[string, KindDiff<unknown>]> = [
    ['namespaces', diff.namespaces],
    ['veths', diff.veths],
    ['bridges', diff.bridges],
    ['routes', diff.routes],
    ['rules', diff.rules],
    ['neighbours', diff.neighbors],
    ['nftables rulesets', diff.nftables],
    ['processes', diff.processes],
  ];
  return rows
    .filter(([, k]) => k.added.length + k.removed.length + k.changed.length > 0)
    .map(([name, k]) => `${name}: +${k.added.length} -${k.removed.length} ~${k.changed.length}`);
}

function diffKind<T>(applied: readonly T[], desired: readonly T[], key: (item: T) => string): KindDiff<T> {
  const before = new Map(applied.map((item) => [key(item), item]));
  const after = new Map(desired.map((item) => [key(item), item]));
  const diff: KindDiff<T> = { added: [], removed: [], changed: [] };
  for (const [k, item] of after) {
    const old = before.get(k);
    if (old === undefined) diff.added.push(item);
    else if (!sameValue(old, item)) diff.changed.push([old, item]);
  }
  for (const [k, item] of before) if (!after.has(k)) diff.removed.push(item);
  return diff;
}

/**
 * Deep equality of two JSON values, key order ignored and undefined members counted as absent
 * (as in the JSON the state directory keeps); it stops at the first difference, which keeps
 * diffing a 1,000-ENI spec to a few milliseconds.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let xKeys = 0;
  for (const k in x) {
    if (x[k] === undefined) continue;
    xKeys++;
    if (!sameValue(x[k], y[k])) return false;
  }
  let yKeys = 0;
  for (const k in y) if (y[k] !== undefined) yKeys++;
  return xKeys === yKeys;
}

function linkShapeDiffers(a: InterfaceEnd, b: InterfaceEnd): boolean {
  return (a.mac ?? '').toLowerCase() !== (b.mac ?? '').toLowerCase() || (a.mtu ?? 1500) !== (b.mtu ?? 1500) || (a.up ?? true) !== (b.up ?? true);
}

function addressChange(before: InterfaceEnd, after: InterfaceEnd): AddressChange | undefined {
  const old = new Set(before.addresses ?? []);
  const now = new Set(after.addresses ?? []);
  const add = [...now].filter((a) => !old.has(a));
  const remove = [...old].filter((a) => !now.has(a));
  return add.length + remove.length > 0 ? { namespace: after.namespace, interface: after.name, add, remove } : undefined;
}

/**
 * A spec difference as `ip -batch` text, in the order a running lab can take it: first what
 * goes away or is replaced (rules, routes, neighbours, addresses, links, then namespaces), then
 * what comes (namespaces, veths, then per namespace bridges, addresses, links up, neighbours,
 * routes, rules — the order of a fresh bring-up, rendered by the same functions). Removal batches
 * run with `-force`: an object the kernel already dropped with its link is not an error. Pure.
 *
 * @module
 */
import type { LabSpec, NamespaceSpec, NeighborSpec, RouteSpec, RuleSpec } from './lab-spec.js';
import { interfaceName, namespaceName } from './names.js';
import { neighborLine, renderNamespaceConfigs, renderVethCreation, routeLine, ruleLine } from './render-ip.js';
import type { SpecDiff } from './spec-diff.js';

/** The `ip` batches of one difference, by phase. */
export interface DeltaBatches {
  /** Per logical namespace, `ip -n <ns> -force -batch` removals. */
  removals: Map<string, string>;
  /** Kernel names of namespaces to delete. */
  namespacesToDelete: string[];
  /** `ip -batch` creating the new namespaces. */
  namespaceCreation: string;
  /** `ip -batch` creating new and recreated veths. */
  vethCreation: string;
  /** Per logical namespace, `ip -n <ns> -batch` additions. */
  configs: Map<string, string>;
  /** Number of kernel objects written (lines of all batches). */
  writes: number;
}

/** Renders the batches of `diff`, which takes `applied` to `desired`. */
export function renderDelta(diff: SpecDiff, desired: LabSpec): DeltaBatches {
  const lab = diff.lab;
  const removedNs = new Set(diff.namespaces.removed.map((n) => n.name));
  const removals = new Map<string, string[]>();
  const remove = (ns: string, line: string): void => {
    if (removedNs.has(ns)) return;
    const list = removals.get(ns) ?? [];
    list.push(line);
    removals.set(ns, list);
  };
  for (const r of [...diff.rules.removed, ...diff.rules.changed.map(([old]) => old)]) remove(r.namespace, ruleDeleteLine(r));
  for (const r of diff.routes.removed) remove(r.namespace, routeDeleteLine(r));
  for (const n of diff.neighbors.removed) remove(n.namespace, neighborDeleteLine(n));
  for (const change of diff.addresses) for (const a of change.remove) remove(change.namespace, `address del ${a} dev ${interfaceName(change.interface)}`);
  const recreated = new Set(diff.recreatedVeths.map((v) => `${v.a.namespace}/${v.a.name}|${v.b.namespace}/${v.b.name}`));
  for (const v of [...diff.veths.removed, ...diff.veths.changed.map(([old]) => old).filter((v) => recreated.has(`${v.a.namespace}/${v.a.name}|${v.b.namespace}/${v.b.name}`))]) {
    // Deleting one end deletes the pair; whichever namespace still exists does it.
    const end = removedNs.has(v.a.namespace) ? v.b : v.a;
    remove(end.namespace, `link del dev ${interfaceName(end.name)}`);
  }
  for (const b of [...diff.bridges.removed, ...diff.bridges.changed.map(([old]) => old)]) remove(b.namespace, `link del dev ${interfaceName(b.name)}`);
  for (const [old, now] of diff.namespaces.changed) {
    const kept = new Set(now.loopbackAddresses ?? []);
    for (const a of old.loopbackAddresses ?? []) if (!kept.has(a)) remove(now.name, `address del ${a} dev lo`);
  }

  // Additions: a sub-spec holding only what is new, rendered like a fresh bring-up.
  const newVeths = [...diff.veths.added, ...diff.recreatedVeths];
  const changedNs = new Map(diff.namespaces.changed.map(([old, now]) => [now.name, { old, now }]));
  const touched = new Map<string, NamespaceSpec>();
  const touch = (name: string): void => {
    if (touched.has(name)) return;
    const added = diff.namespaces.added.find((n) => n.name === name);
    if (added) touched.set(name, { name, ...(added.loopbackAddresses ? { loopbackAddresses: added.loopbackAddresses } : {}) });
    else {
      const change = changedNs.get(name);
      const before = new Set(change?.old.loopbackAddresses ?? []);
      const fresh = (change?.now.loopbackAddresses ?? []).filter((a) => !before.has(a));
      touched.set(name, { name, ...(fresh.length > 0 ? { loopbackAddresses: fresh } : {}) });
    }
  };
  for (const n of diff.namespaces.added) touch(n.name);
  for (const [name, change] of changedNs) if ((change.now.loopbackAddresses ?? []).some((a) => !(change.old.loopbackAddresses ?? []).includes(a))) touch(name);
  const bridges = [...diff.bridges.added, ...diff.bridges.changed.map(([, now]) => now)];
  const neighbors = [...diff.neighbors.added, ...diff.neighbors.changed.map(([, now]) => now)];
  const rules = [...diff.rules.added, ...diff.rules.changed.map(([, now]) => now)];
  for (const v of newVeths) [v.a.namespace, v.b.namespace].forEach(touch);
  for (const x of [...bridges, ...neighbors, ...diff.routes.added, ...rules]) touch(x.namespace);
  for (const [, now] of diff.routes.changed) touch(now.namespace);
  for (const change of diff.addresses) if (change.add.length > 0) touch(change.namespace);

  const sub: LabSpec = { lab, namespaces: [...touched.values()], veths: newVeths, bridges, neighbors, routes: diff.routes.added, rules };
  const configs = new Map<string, string>();
  for (const [ns, text] of renderNamespaceConfigs(sub)) {
    const extra = [
      ...diff.addresses.filter((c) => c.namespace === ns).flatMap((c) => c.add.map((a) => `address add ${a} dev ${interfaceName(c.interface)}${a.includes(':') ? ' nodad' : ''}`)),
      ...diff.routes.changed.filter(([, now]) => now.namespace === ns).map(([, now]) => routeLine(now).replace(/^route add/, 'route replace')),
      // Ports of a recreated bridge that stay are enslaved to it again (new veth ends get their master from the sub-spec).
      ...diff.bridges.changed
        .map(([, now]) => now)
        .filter((b) => b.namespace === ns)
        .flatMap((b) =>
          b.ports
            .filter((port) => !newVeths.some((v) => [v.a, v.b].some((e) => e.namespace === ns && e.name === port)))
            .map((port) => `link set dev ${interfaceName(port)} master ${interfaceName(b.name)}`),
        ),
      // A new veth end that is a port of a bridge that stays is enslaved to it here.
      ...newVeths
        .flatMap((v) => [v.a, v.b])
        .filter((end) => end.namespace === ns)
        .flatMap((end) => {
          const bridge = (desired.bridges ?? []).find((b) => b.namespace === ns && b.ports.includes(end.name) && !bridges.includes(b));
          return bridge ? [`link set dev ${interfaceName(end.name)} master ${interfaceName(bridge.name)}`] : [];
        }),
    ];
    // The lo line of a namespace that only gets new objects is skipped: lo is already up and aliased.
    const lines = text.split('\n').filter((l) => l !== '' && !(l.startsWith('link set dev lo ') && !diff.namespaces.added.some((n) => n.name === ns)));
    const all = [...lines, ...extra];
    if (all.length > 0) configs.set(ns, `${all.join('\n')}\n`);
  }
  const namespaceCreation = diff.namespaces.added.map((n) => `netns add ${namespaceName(lab, n.name)}\n`).join('');
  const vethCreation = renderVethCreation(sub);
  const removalText = new Map([...removals].map(([ns, lines]) => [ns, `${lines.join('\n')}\n`]));
  const namespacesToDelete = diff.namespaces.removed.map((n) => namespaceName(lab, n.name));
  const count = (text: string): number => text.split('\n').filter((l) => l !== '').length;
  const writes = [...removalText.values(), namespaceCreation, vethCreation, ...configs.values()].reduce((n, t) => n + count(t), 0) + namespacesToDelete.length;
  return { removals: removalText, namespacesToDelete, namespaceCreation, vethCreation, configs, writes };
}

function ruleDeleteLine(rule: RuleSpec): string {
  return ruleLine(rule).replace(/^rule add/, 'rule del');
}

function routeDeleteLine(route: RouteSpec): string {
  return routeLine(route).replace(/^route add/, 'route del');
}

function neighborDeleteLine(neighbor: NeighborSpec): string {
  return neighborLine(neighbor).replace(/^neigh replace (\S+) lladdr \S+ (dev \S+) nud permanent$/, 'neigh del $1 $2');
}

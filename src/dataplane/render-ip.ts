/**
 * Renders a lab spec into `ip -batch` text: one batch that creates every namespace, one that
 * creates every veth pair with both ends placed straight into their namespaces (so nothing
 * ever exists in the host namespace, even for a moment), and one per namespace that sets
 * addresses, brings links up and adds routes and rules. Batches keep the number of processes
 * per lab small and fixed, which is what makes a 500-ENI lab come up in about a second. Pure.
 *
 * @module
 */
import { ipFamily, cidrFamily } from '../net/ip-address.js';
import type { BridgeSpec, InterfaceEnd, LabSpec, NeighborSpec, RouteSpec, RouteTable, RuleSpec } from './lab-spec.js';
import { interfaceAlias, interfaceAliasPrefix, interfaceName, namespaceName } from './names.js';

/** `ip -batch` line creating each namespace. */
export function renderNamespaceCreation(spec: LabSpec): string {
  return spec.namespaces.map((ns) => `netns add ${namespaceName(spec.lab, ns.name)}\n`).join('');
}

/** `ip -batch` deleting namespaces given by kernel name. */
export function renderNamespaceDeletion(netnsNames: readonly string[]): string {
  return netnsNames.map((n) => `netns del ${n}\n`).join('');
}

/**
 * `ip -batch` creating every veth pair. `netns` on both the device and its peer makes the
 * kernel create each end inside its target namespace in the same netlink request.
 */
export function renderVethCreation(spec: LabSpec): string {
  const end = (e: InterfaceEnd): string => {
    const parts = [`name ${interfaceName(e.name)}`, `netns ${namespaceName(spec.lab, e.namespace)}`];
    if (e.mac !== undefined) parts.push(`address ${e.mac.toLowerCase()}`);
    if (e.mtu !== undefined) parts.push(`mtu ${e.mtu}`);
    return parts.join(' ');
  };
  return (spec.veths ?? []).map((v) => `link add ${end(v.a)} type veth peer ${end(v.b)}\n`).join('');
}

/**
 * `ip -n <ns> -batch` text configuring one namespace, in dependency order: `lo`, bridges,
 * interface marks and membership, addresses, links up, permanent neighbours (after the links
 * are up: taking a link down flushes its neighbours, permanent ones included), routes (which
 * need addresses and up links), rules.
 */
export function renderNamespaceConfig(spec: LabSpec, namespace: string): string {
  return renderNamespaceConfigs(spec).get(namespace) ?? '';
}

/** {@link renderNamespaceConfig} for every namespace at once, in one pass over the spec. */
export function renderNamespaceConfigs(spec: LabSpec): Map<string, string> {
  const byNs = new Map<string, { head: string[]; links: string[]; addrs: string[]; ups: string[]; neighbors: string[]; routes: string[]; rules: string[] }>();
  for (const ns of spec.namespaces) {
    const section = {
      head: [] as string[],
      links: [] as string[],
      addrs: [] as string[],
      ups: [] as string[],
      neighbors: [] as string[],
      routes: [] as string[],
      rules: [] as string[],
    };
    section.head.push(`link set dev lo alias ${interfaceAliasPrefix(spec.lab)} up`);
    for (const a of ns.loopbackAddresses ?? []) section.addrs.push(addressLine(a, 'lo'));
    byNs.set(ns.name, section);
  }
  const sectionOf = (ns: string) => {
    const s = byNs.get(ns);
    if (!s) throw new Error(`namespace "${ns}" is not declared`);
    return s;
  };

  const masterOf = new Map<string, string>();
  for (const bridge of spec.bridges ?? []) {
    for (const port of bridge.ports) masterOf.set(`${bridge.namespace}\0${port}`, bridge.name);
    const s = sectionOf(bridge.namespace);
    s.head.push(bridgeLine(bridge));
    s.links.push(`link set dev ${interfaceName(bridge.name)} alias ${interfaceAlias(spec.lab, bridge.name)}`);
    for (const a of bridge.addresses ?? []) s.addrs.push(addressLine(a, interfaceName(bridge.name)));
    if (bridge.up ?? true) s.ups.push(`link set dev ${interfaceName(bridge.name)} up`);
  }

  for (const veth of spec.veths ?? []) {
    for (const end of [veth.a, veth.b]) {
      const s = sectionOf(end.namespace);
      const dev = interfaceName(end.name);
      const master = masterOf.get(`${end.namespace}\0${end.name}`);
      s.links.push(`link set dev ${dev} alias ${interfaceAlias(spec.lab, end.name)}${master !== undefined ? ` master ${interfaceName(master)}` : ''}`);
      for (const a of end.addresses ?? []) s.addrs.push(addressLine(a, dev));
      if (end.up ?? true) s.ups.push(`link set dev ${dev} up`);
    }
  }

  for (const neighbor of spec.neighbors ?? []) sectionOf(neighbor.namespace).neighbors.push(neighborLine(neighbor));
  for (const route of spec.routes ?? []) sectionOf(route.namespace).routes.push(routeLine(route));
  for (const rule of spec.rules ?? []) sectionOf(rule.namespace).rules.push(ruleLine(rule));

  const out = new Map<string, string>();
  for (const [ns, s] of byNs) {
    const lines = [...s.head, ...s.links, ...s.addrs, ...s.ups, ...s.neighbors, ...s.routes, ...s.rules];
    out.set(ns, lines.map((l) => `${l}\n`).join(''));
  }
  return out;
}

function bridgeLine(bridge: BridgeSpec): string {
  const parts = [`link add name ${interfaceName(bridge.name)}`];
  if (bridge.mac !== undefined) parts.push(`address ${bridge.mac.toLowerCase()}`);
  if (bridge.mtu !== undefined) parts.push(`mtu ${bridge.mtu}`);
  parts.push('type bridge');
  return parts.join(' ');
}

/** IPv6 addresses skip duplicate address detection: lab addresses are unique by construction, and DAD would delay routes using them as `src`. */
function addressLine(cidr: string, dev: string): string {
  return `address add ${cidr} dev ${dev}${cidrFamily(cidr) === 6 ? ' nodad' : ''}`;
}

function tableText(table: RouteTable): string {
  return String(table);
}

/**
 * One `neigh replace` line. `replace` rather than `add`, so an entry the kernel learned in the
 * moment between link-up and this line (an ARP reply, a gratuitous announcement) is overwritten
 * instead of failing the batch with "File exists".
 */
export function neighborLine(neighbor: NeighborSpec): string {
  return `neigh replace ${neighbor.address} lladdr ${neighbor.mac.toLowerCase()} dev ${interfaceName(neighbor.interface)} nud permanent`;
}

/** One `route add` line; the kernel picks the `local` table for `local` routes unless a table is given. */
export function routeLine(route: RouteSpec): string {
  const type = route.type ?? 'unicast';
  const v6 = (route.via !== undefined && ipFamily(route.via) === 6) || (route.src !== undefined && ipFamily(route.src) === 6);
  const destination = route.destination === 'default' ? (v6 ? '::/0' : 'default') : route.destination;
  const parts = ['route add'];
  if (type !== 'unicast') parts.push(type);
  parts.push(destination);
  if (route.via !== undefined) parts.push(`via ${route.via}`);
  if (route.dev !== undefined) parts.push(`dev ${interfaceName(route.dev)}`);
  if (route.src !== undefined) parts.push(`src ${route.src}`);
  if (route.metric !== undefined) parts.push(`metric ${route.metric}`);
  if (route.table !== undefined) parts.push(`table ${tableText(route.table)}`);
  if (route.onlink) parts.push('onlink');
  return parts.join(' ');
}

/** One `rule add` line. An IPv6 rule with no addresses gets `from ::/0`, which is how a batch line (no `-6`) says its family. */
export function ruleLine(rule: RuleSpec): string {
  const parts = [`rule add priority ${rule.priority}`];
  const family = (rule.from && cidrFamily(rule.from)) || (rule.to && cidrFamily(rule.to)) || rule.family || 4;
  if (rule.from !== undefined) parts.push(`from ${rule.from}`);
  else if (family === 6 && rule.to === undefined) parts.push('from ::/0');
  if (rule.to !== undefined) parts.push(`to ${rule.to}`);
  if (rule.iif !== undefined) parts.push(`iif ${interfaceName(rule.iif)}`);
  if (rule.oif !== undefined) parts.push(`oif ${interfaceName(rule.oif)}`);
  if (rule.fwmark !== undefined) parts.push(`fwmark 0x${rule.fwmark.toString(16)}/0x${(rule.fwmask ?? 0xffffffff).toString(16)}`);
  parts.push(`table ${tableText(rule.table)}`);
  return parts.join(' ');
}

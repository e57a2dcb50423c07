/**
 * Checks a lab spec before anything touches the kernel, and reports every problem at once with
 * the path of the offending field (`veths[3].b.addresses[0]`). A half-applied lab costs a
 * teardown; a bad spec caught here costs nothing. Pure.
 *
 * @module
 */
import { EcsnetError, type Diagnostic } from '../diagnostics.js';
import { cidrFamily, ipFamily } from '../net/ip-address.js';
import type { InterfaceEnd, LabSpec, RouteTable } from './lab-spec.js';
import { interfaceName, labNameProblem, LOGICAL_NAME_PATTERN, namespaceName } from './names.js';
import { splitSysctls } from './sysctls.js';
import { nftTablesProblems } from './nft/validate.js';

const MAC_PATTERN = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/i;
const ROLE_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,47}$/;
const RESERVED_ENV = new Set(['ECSNET_LAB', 'ECSNET_ROLE', 'ECSNET_NAMESPACE']);

/** Options of {@link validateLabSpec}. */
export interface ValidateOptions {
  /**
   * Objects of the spec already validated and applied unchanged (a live change passes what its
   * diff left alone): their values are not checked again, only their place in the whole — names,
   * references, duplicates — so checking a change costs little more than the change.
   */
  trusted?: ReadonlySet<object>;
}

/** Problems found in a spec; empty when it can be applied. */
export function validateLabSpec(spec: LabSpec, options: ValidateOptions = {}): Diagnostic[] {
  const trusted = options.trusted ?? new Set<object>();
  const problems: Diagnostic[] = [];
  const report = (path: string, message: string, hint?: string): void => {
    problems.push({ severity: 'error', code: 'lab-spec-invalid', path, message, ...(hint ? { hint } : {}) });
  };

  const labProblem = labNameProblem(spec.lab);
  if (labProblem) report('lab', labProblem);

  // Interfaces per namespace, by logical name, and which kernel name each took (to catch hash collisions).
  const interfaces = new Map<string, Map<string, string>>();
  const kernelNames = new Map<string, Map<string, string>>();
  spec.namespaces.forEach((ns, i) => {
    if (!LOGICAL_NAME_PATTERN.test(ns.name) || ns.name === '.' || ns.name === '..') {
      report(`namespaces[${i}].name`, `namespace name "${ns.name}" must be 1 to 64 characters of A-Z, a-z, 0-9, "_", "." and "-"`);
    } else if (interfaces.has(ns.name)) {
      report(`namespaces[${i}].name`, `namespace "${ns.name}" is declared twice`);
    } else if (namespaceName(spec.lab, ns.name).length > 255) {
      report(`namespaces[${i}].name`, `namespace name "${ns.name}" is too long`);
    }
    interfaces.set(ns.name, new Map([['lo', 'lo']]));
    kernelNames.set(ns.name, new Map([['lo', 'lo']]));
    (ns.loopbackAddresses ?? []).forEach((a, j) => {
      if (!cidrFamily(a)) report(`namespaces[${i}].loopbackAddresses[${j}]`, `"${a}" is not an address with a prefix length`, 'write it as 169.254.169.253/32');
    });
  });

  const declareInterface = (path: string, namespace: string, name: string): void => {
    const names = interfaces.get(namespace);
    if (!names) {
      report(`${path}.namespace`, `namespace "${namespace}" is not declared in namespaces`);
      return;
    }
    if (!LOGICAL_NAME_PATTERN.test(name)) {
      report(`${path}.name`, `interface name "${name}" must be 1 to 64 characters of A-Z, a-z, 0-9, "_", "." and "-"`);
      return;
    }
    if (names.has(name)) {
      report(`${path}.name`, `interface "${name}" already exists in namespace "${namespace}"`);
      return;
    }
    const kernel = interfaceName(name);
    const owner = kernelNames.get(namespace)?.get(kernel);
    if (owner !== undefined) {
      report(`${path}.name`, `interface "${name}" maps to kernel name "${kernel}", already taken by "${owner}" in namespace "${namespace}"`, 'rename one of them');
      return;
    }
    names.set(name, kernel);
    kernelNames.get(namespace)?.set(kernel, name);
  };
  const hasInterface = (namespace: string, name: string): boolean => interfaces.get(namespace)?.has(name) ?? false;

  const checkEnd = (path: string, end: Pick<InterfaceEnd, 'mac' | 'addresses' | 'mtu'>): void => {
    if (end.mac !== undefined && !isUnicastMac(end.mac)) {
      report(`${path}.mac`, `"${end.mac}" is not a unicast MAC address`, 'use a locally administered one such as 02:00:0a:00:01:17');
    }
    if (end.mtu !== undefined && (!Number.isInteger(end.mtu) || end.mtu < 68 || end.mtu > 65535)) {
      report(`${path}.mtu`, `MTU ${end.mtu} is outside 68..65535`);
    }
    (end.addresses ?? []).forEach((a, j) => {
      if (!cidrFamily(a)) report(`${path}.addresses[${j}]`, `"${a}" is not an address with a prefix length`, 'write it as 10.0.1.23/24');
    });
  };

  (spec.veths ?? []).forEach((veth, i) => {
    for (const side of ['a', 'b'] as const) {
      const path = `veths[${i}].${side}`;
      declareInterface(path, veth[side].namespace, veth[side].name);
      if (!trusted.has(veth)) checkEnd(path, veth[side]);
    }
  });

  const bridgePorts = new Map<string, string>();
  (spec.bridges ?? []).forEach((bridge, i) => {
    const path = `bridges[${i}]`;
    declareInterface(path, bridge.namespace, bridge.name);
    checkEnd(path, bridge);
  });
  (spec.bridges ?? []).forEach((bridge, i) => {
    const vethEnds = new Set(
      (spec.veths ?? [])
        .flatMap((v) => [v.a, v.b])
        .filter((e) => e.namespace === bridge.namespace)
        .map((e) => e.name),
    );
    bridge.ports.forEach((port, j) => {
      const path = `bridges[${i}].ports[${j}]`;
      if (!vethEnds.has(port)) {
        report(path, `port "${port}" is not a veth end in namespace "${bridge.namespace}"`);
        return;
      }
      const key = `${bridge.namespace}\0${port}`;
      const other = bridgePorts.get(key);
      if (other !== undefined) report(path, `port "${port}" is already a port of bridge "${other}"`);
      else bridgePorts.set(key, bridge.name);
    });
  });

  spec.namespaces.forEach((ns, i) => {
    let split;
    try {
      split = splitSysctls(ns.sysctls ?? {});
    } catch (err) {
      report(`namespaces[${i}].sysctls`, (err as Error).message);
      return;
    }
    for (const s of split.perInterface) {
      if (!hasInterface(ns.name, s.interface)) {
        report(`namespaces[${i}].sysctls["${s.key}"]`, `interface "${s.interface}" does not exist in namespace "${ns.name}"`);
      }
    }
  });

  const routeKeys = new Set<string>();
  (spec.routes ?? []).forEach((route, i) => {
    const path = `routes[${i}]`;
    if (!interfaces.has(route.namespace)) {
      report(`${path}.namespace`, `namespace "${route.namespace}" is not declared in namespaces`);
      return;
    }
    const type = route.type ?? 'unicast';
    if (route.dev !== undefined && !hasInterface(route.namespace, route.dev)) {
      report(`${path}.dev`, `interface "${route.dev}" does not exist in namespace "${route.namespace}"`);
    }
    const key = [
      route.namespace,
      route.table ?? 'main',
      route.destination === 'default' ? '0.0.0.0/0' : route.destination,
      route.metric ?? 0,
      type === 'local' ? 'local' : 'main',
    ].join('|');
    if (routeKeys.has(key))
      report(
        path,
        `a route to ${route.destination} with the same table and metric already exists in namespace "${route.namespace}"`,
        'the kernel would reject it with "File exists"',
      );
    routeKeys.add(key);
    if (trusted.has(route)) return;
    const destFamily = route.destination === 'default' ? 4 : cidrFamily(route.destination);
    if (!destFamily) report(`${path}.destination`, `"${route.destination}" is not "default" or an address with a prefix length`);
    if (route.via !== undefined) {
      const viaFamily = ipFamily(route.via);
      if (!viaFamily) report(`${path}.via`, `"${route.via}" is not an IP address`);
      else if (destFamily && viaFamily !== destFamily && route.destination !== 'default') report(`${path}.via`, `next hop ${route.via} is not of the destination's address family`);
    }
    if (route.src !== undefined && !ipFamily(route.src)) report(`${path}.src`, `"${route.src}" is not an IP address`);
    if (type === 'unicast' && route.via === undefined && route.dev === undefined) {
      report(path, 'a unicast route needs "via" or "dev"');
    }
    if ((type === 'blackhole' || type === 'unreachable' || type === 'prohibit') && (route.via !== undefined || route.dev !== undefined)) {
      report(path, `a ${type} route takes no "via" or "dev"`);
    }
    if (type === 'local' && route.via !== undefined) report(`${path}.via`, 'a local route takes no "via"');
    if (route.metric !== undefined && (!Number.isInteger(route.metric) || route.metric < 0 || route.metric > 0xffffffff)) {
      report(`${path}.metric`, `metric ${route.metric} is not a 32-bit unsigned integer`);
    }
    const tableProblem = routeTableProblem(route.table ?? 'main');
    if (tableProblem) report(`${path}.table`, tableProblem);
  });

  const rulePriorities = new Set<string>();
  (spec.rules ?? []).forEach((rule, i) => {
    const path = `rules[${i}]`;
    if (!interfaces.has(rule.namespace)) {
      report(`${path}.namespace`, `namespace "${rule.namespace}" is not declared in namespaces`);
      return;
    }
    if (!Number.isInteger(rule.priority) || rule.priority < 1 || rule.priority > 32765) {
      report(`${path}.priority`, `priority ${rule.priority} is outside 1..32765 (0, 32766 and 32767 are the kernel's own rules)`);
    }
    for (const field of ['iif', 'oif'] as const) {
      const dev = rule[field];
      if (dev !== undefined && !hasInterface(rule.namespace, dev)) {
        report(`${path}.${field}`, `interface "${dev}" does not exist in namespace "${rule.namespace}"`);
      }
    }
    const families = new Set<number>();
    for (const field of ['from', 'to'] as const) {
      const cidr = rule[field];
      if (cidr === undefined) continue;
      const family = cidrFamily(cidr);
      if (!family) report(`${path}.${field}`, `"${cidr}" is not an address with a prefix length`);
      else families.add(family);
    }
    if (families.size > 1) report(path, '"from" and "to" are of different address families');
    if (rule.family !== undefined && families.size === 1 && !families.has(rule.family)) report(`${path}.family`, `family ${rule.family} contradicts the addresses`);
    if (rule.fwmark !== undefined && (!Number.isInteger(rule.fwmark) || rule.fwmark < 0 || rule.fwmark > 0xffffffff)) {
      report(`${path}.fwmark`, `fwmark ${rule.fwmark} is not a 32-bit unsigned integer`);
    }
    if (rule.fwmask !== undefined && (rule.fwmark === undefined || !Number.isInteger(rule.fwmask) || rule.fwmask < 0 || rule.fwmask > 0xffffffff)) {
      report(`${path}.fwmask`, 'fwmask needs a fwmark and must be a 32-bit unsigned integer');
    }
    const tableProblem = routeTableProblem(rule.table);
    if (tableProblem) report(`${path}.table`, tableProblem);
    const family = [...families][0] ?? rule.family ?? 4;
    const key = `${rule.namespace}|${family}|${rule.priority}`;
    if (rulePriorities.has(key))
      report(`${path}.priority`, `priority ${rule.priority} is used twice in namespace "${rule.namespace}"`, 'give every rule its own priority so their order is explicit');
    rulePriorities.add(key);
  });

  const neighborKeys = new Set<string>();
  (spec.neighbors ?? []).forEach((neighbor, i) => {
    const path = `neighbors[${i}]`;
    if (!interfaces.has(neighbor.namespace)) {
      report(`${path}.namespace`, `namespace "${neighbor.namespace}" is not declared in namespaces`);
      return;
    }
    if (neighbor.interface === 'lo') {
      report(`${path}.interface`, 'the loopback interface has no neighbours', 'name the veth end or bridge the neighbour is reached through');
    } else if (!hasInterface(neighbor.namespace, neighbor.interface)) {
      report(`${path}.interface`, `interface "${neighbor.interface}" does not exist in namespace "${neighbor.namespace}"`);
    } else {
      // A bridge port carries no addresses of its own: the kernel resolves neighbours on the bridge.
      const bridge = bridgePorts.get(`${neighbor.namespace}\0${neighbor.interface}`);
      if (bridge !== undefined) report(`${path}.interface`, `interface "${neighbor.interface}" is a port of bridge "${bridge}"`, `put the neighbour on "${bridge}"`);
    }
    if (!trusted.has(neighbor) && !ipFamily(neighbor.address)) {
      report(`${path}.address`, `"${neighbor.address}" is not an IP address`, cidrFamily(neighbor.address) ? 'write the address without a prefix length' : undefined);
    }
    if (!trusted.has(neighbor) && !isUnicastMac(neighbor.mac)) {
      report(`${path}.mac`, `"${neighbor.mac}" is not a unicast MAC address`, 'write it as 02:00:0a:00:01:17');
    }
    const key = `${neighbor.namespace}\0${neighbor.interface}\0${neighbor.address}`;
    if (neighborKeys.has(key)) {
      report(
        `${path}.address`,
        `${neighbor.address} already has a neighbour entry on "${neighbor.interface}" in namespace "${neighbor.namespace}"`,
        'the later entry would silently replace the earlier one',
      );
    }
    neighborKeys.add(key);
  });

  const nftNamespaces = new Set<string>();
  (spec.nftables ?? []).forEach((nft, i) => {
    const path = `nftables[${i}]`;
    if (!interfaces.has(nft.namespace)) report(`${path}.namespace`, `namespace "${nft.namespace}" is not declared in namespaces`);
    if (nftNamespaces.has(nft.namespace))
      report(`${path}.namespace`, `namespace "${nft.namespace}" already has an nftables entry`, 'put all of its tables in one entry so they apply in one transaction');
    nftNamespaces.add(nft.namespace);
    if (!Array.isArray(nft.tables) || nft.tables.length === 0) {
      report(`${path}.tables`, 'the entry has no table', 'give it at least one table, or leave the namespace out');
      return;
    }
    if (trusted.has(nft)) return;
    for (const problem of nftTablesProblems(nft.tables, `${path}.tables`))
      report(problem.path, problem.message, 'nft would refuse it: names are letters, digits and "_", values must fit the type of their set, map or field');
  });

  (spec.processes ?? []).forEach((proc, i) => {
    const path = `processes[${i}]`;
    if (!interfaces.has(proc.namespace)) report(`${path}.namespace`, `namespace "${proc.namespace}" is not declared in namespaces`);
    if (!ROLE_PATTERN.test(proc.role)) report(`${path}.role`, `role "${proc.role}" must be 1 to 48 characters of a-z, 0-9, "_", "." and "-", starting with a letter or digit`);
    if (proc.argv.length === 0 || proc.argv[0] === '') report(`${path}.argv`, 'argv needs at least the program to run');
    if (proc.configFile && !/^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,79}$/.test(proc.configFile.name))
      report(
        `${path}.configFile.name`,
        `config file name "${proc.configFile.name}" must be 1 to 80 characters of A-Z, a-z, 0-9, "_", ".", "@" and "-" (a file of the lab's daemons directory)`,
      );
    for (const key of Object.keys(proc.env ?? {})) {
      if (RESERVED_ENV.has(key)) report(`${path}.env.${key}`, `${key} is set by ecsnet to mark the process as the lab's`);
    }
  });

  return problems;
}

/** Throws an {@link EcsnetError} listing every problem when the spec cannot be applied. */
export function assertValidLabSpec(spec: LabSpec, options: ValidateOptions = {}): void {
  const problems = validateLabSpec(spec, options);
  if (problems.length === 0) return;
  const lines = problems.map((p) => `  ${p.path}: ${p.message}${p.hint ? ` (${p.hint})` : ''}`);
  throw new EcsnetError(`lab spec "${spec.lab}" is invalid:\n${lines.join('\n')}`, problems, 2);
}

/** Six colon-separated octets, not multicast or broadcast (low bit of the first octet clear), not all zero. */
function isUnicastMac(mac: string): boolean {
  return MAC_PATTERN.test(mac) && (parseInt(mac.slice(0, 2), 16) & 1) === 0 && !/^0{2}(?::0{2}){5}$/.test(mac);
}

function routeTableProblem(table: RouteTable): string | undefined {
  if (table === 'main' || table === 'local') return undefined;
  if (!Number.isInteger(table) || table < 1 || table > 0xffffffff || (table >= 253 && table <= 255)) {
    return `table ${table} must be "main", "local" or 1..4294967295 other than 253..255`;
  }
  return undefined;
}

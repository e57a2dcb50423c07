/**
 * The desired state of a lab as pure data: what namespaces, links, addresses, routes, rules,
 * firewall rulesets and processes must exist. The VPC compiler produces it; the applier makes
 * it real and the destroyer removes it. It knows nothing about AWS, so the same kernel layer
 * can be driven by anything that can describe a topology, and it is plain JSON so it can be
 * hashed, written to the lab's state directory and shown by the dashboard.
 *
 * Names in a spec are *logical*: namespaces become `ecsnet-<lab>.<name>` (see
 * {@link namespaceName}) and interfaces longer than the kernel's 15 characters are hashed
 * (see {@link interfaceName}). Every reference inside the spec (route `dev`, rule `iif`,
 * bridge ports) uses the logical name; only nftables tables, whose interface names are matched
 * by the kernel as they are, use the kernel names, so compilers call {@link interfaceName} for them.
 *
 * @module
 */
import type { NftTable } from './nft/types.js';

/** An address with its prefix length, IPv4 (`10.0.1.23/24`) or IPv6 (`fd00::5/64`). */
export type Cidr = string;

/** A routing table: a number (1..4294967295, except 253..255) or one of the kernel's named tables. */
export type RouteTable = number | 'main' | 'local';

/**
 * `unicast` forwards; `blackhole` drops silently (a VPC route to a deleted target);
 * `unreachable` and `prohibit` drop with an ICMP error; `local` delivers to this namespace.
 */
export type RouteType = 'unicast' | 'blackhole' | 'local' | 'unreachable' | 'prohibit';

/** The whole desired state of one lab. */
export interface LabSpec {
  /**
   * Lab name: 1 to 16 characters of `[a-z0-9-]`, starting and ending with a letter or digit.
   * It prefixes every kernel object, so two labs with different names never collide.
   */
  lab: string;
  namespaces: NamespaceSpec[];
  /** Point-to-point links; each end is created directly in its namespace. */
  veths?: VethSpec[];
  /** Linux bridges inside namespaces (docker0 of a bridge-mode container instance). */
  bridges?: BridgeSpec[];
  routes?: RouteSpec[];
  /** Policy-routing rules (`ip rule`), e.g. one per subnet choosing its route table by ingress interface. */
  rules?: RuleSpec[];
  /**
   * Permanent neighbour (ARP/NDP) entries, for peers whose MAC is known in advance: a router
   * with a thousand ports would otherwise overflow the neighbour table, whose garbage-collection
   * thresholds are global to the host and cannot be raised inside a namespace.
   */
  neighbors?: NeighborSpec[];
  /** At most one entry per namespace: its nftables tables, applied as one transaction. */
  nftables?: NftNamespaceSpec[];
  /** Long-running processes started once the network is in place. */
  processes?: ProcessSpec[];
}

/** A network namespace. */
export interface NamespaceSpec {
  /** Logical name, 1 to 64 characters of `[A-Za-z0-9_.-]`, unique in the lab. */
  name: string;
  /**
   * `net.*` sysctls of this namespace, e.g. `{ 'net.ipv4.ip_forward': 1 }`,
   * `{ 'net.ipv4.ip_local_port_range': '32768 60999' }`. Keys naming an interface
   * (`net.ipv4.conf.<iface>.rp_filter`) use the logical interface name and are applied after
   * the interface exists; the others are applied before any interface is created, so that
   * `conf.default.*` reaches the lab's interfaces. Set `rp_filter` explicitly when routing is
   * asymmetric: a new namespace inherits its IPv4 `conf.all/default` values from the host.
   */
  sysctls?: Record<string, string | number>;
  /** Extra addresses on `lo` (e.g. a resolver's 169.254.169.253/32). `lo` is always brought up. */
  loopbackAddresses?: Cidr[];
}

/** One end of a veth pair, or any interface the applier configures. */
export interface InterfaceEnd {
  /** Logical namespace name. */
  namespace: string;
  /** Logical interface name, 1 to 64 characters of `[A-Za-z0-9_.-]`, unique in its namespace. */
  name: string;
  /** Unicast MAC `02:00:0a:00:01:17`; the kernel picks a random one when absent. */
  mac?: string;
  addresses?: Cidr[];
  /** @default 1500 (the kernel's default for veth) */
  mtu?: number;
  /** @default true */
  up?: boolean;
}

/** A veth pair: a cable between two namespaces (an ENI between its owner and the VPC router). */
export interface VethSpec {
  a: InterfaceEnd;
  b: InterfaceEnd;
}

/** A Linux bridge inside a namespace, with veth ends of the same namespace as its ports. */
export interface BridgeSpec {
  namespace: string;
  name: string;
  /** Logical names of veth ends in the same namespace. */
  ports: string[];
  mac?: string;
  addresses?: Cidr[];
  mtu?: number;
  /** @default true */
  up?: boolean;
}

/** One route. Longest prefix wins inside a table; rules choose the table. */
export interface RouteSpec {
  namespace: string;
  /** @default 'main' */
  table?: RouteTable;
  /** A CIDR, or `default` (IPv4 `0.0.0.0/0`; use `::/0` for IPv6). */
  destination: Cidr | 'default';
  /** @default 'unicast' */
  type?: RouteType;
  /** Next hop address (unicast only). */
  via?: string;
  /** Logical name of the output interface (`lo` allowed for `local` routes). */
  dev?: string;
  /** Preferred source address. */
  src?: string;
  metric?: number;
  /** Next hop is on the link even if no connected route covers it. */
  onlink?: boolean;
}

/** One policy-routing rule. */
export interface RuleSpec {
  namespace: string;
  /** 1..32765; 0, 32766 and 32767 are the kernel's own rules. Unique per namespace and family. */
  priority: number;
  /** Logical name of the ingress interface (the subnet a packet comes from). */
  iif?: string;
  oif?: string;
  from?: Cidr;
  to?: Cidr;
  fwmark?: number;
  /** Mask for `fwmark`. @default 0xffffffff */
  fwmask?: number;
  table: RouteTable;
  /** Which address family the rule is for when neither `from` nor `to` says. @default 4 */
  family?: 4 | 6;
}

/**
 * A permanent neighbour entry (`ip neigh replace … nud permanent`): the kernel never asks for
 * it, never expires it and does not count it toward the neighbour table's garbage-collection
 * thresholds. Installed once the interface is up, because taking an interface down flushes
 * its neighbours, permanent ones included.
 */
export interface NeighborSpec {
  namespace: string;
  /** Logical name of the interface the neighbour is reached through (a veth end or a bridge, not `lo`). */
  interface: string;
  /** The neighbour's IP address, IPv4 or IPv6, without a prefix length. */
  address: string;
  /** The neighbour's unicast MAC, e.g. `02:00:0a:00:01:17`. */
  mac: string;
}

/**
 * The nftables tables of one namespace, as the typed object model ({@link NftTable}): plain
 * data whose names are checked identifiers, so nothing in a spec is nft syntax. The applier
 * creates them in one transaction (replacing tables of the same names); a running lab changes
 * them by diff through {@link LabHandle.updateNftables}.
 */
export interface NftNamespaceSpec {
  namespace: string;
  tables: NftTable[];
}

/** A long-running process inside a namespace (a container, a proxy, a test server). */
export interface ProcessSpec {
  namespace: string;
  /** What it is for, `[a-z0-9][a-z0-9_.-]*`, e.g. `alb-haproxy`, `echo`. Names its log file. */
  role: string;
  /** Program and arguments, run without a shell. */
  argv: string[];
  /**
   * Environment on top of `PATH`. `ECSNET_LAB`, `ECSNET_ROLE` and `ECSNET_NAMESPACE` are added
   * by the applier (they mark the process as the lab's) and cannot be set here.
   */
  env?: Record<string, string>;
  cwd?: string;
}

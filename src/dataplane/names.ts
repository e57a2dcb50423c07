/**
 * Deterministic kernel names and ownership markers. Everything the lab creates is named from
 * the lab name, so `down` can find it again after a crash without any state, and two labs can
 * never pick the same name. Pure: the VPC compiler imports it to write nftables text that
 * names interfaces the way the applier will create them.
 *
 * @module
 */

/** Every namespace of every lab starts with this, so our namespaces are told apart from others at a glance. */
export const NAMESPACE_PREFIX = 'ecsnet-';

/** The kernel's limit for an interface name (IFNAMSIZ 16, including the terminating NUL). */
export const MAX_INTERFACE_NAME = 15;

/** Lab names: short because they prefix every namespace, and without dots because a dot ends the lab part of a namespace name. */
export const LAB_NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,14}[a-z0-9])?$/;

/** Logical names of namespaces and interfaces: no spaces or quotes, so they go into `ip -batch` lines unquoted. */
export const LOGICAL_NAME_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}$/;

/** Names the kernel takes as they are: short, and without dots (a dot in a sysctl key would split it). */
const KERNEL_SAFE_INTERFACE_NAME = /^[A-Za-z0-9_-]{1,15}$/;

/** Why a lab name is unusable, or undefined when it is fine. */
export function labNameProblem(lab: string): string | undefined {
  if (LAB_NAME_PATTERN.test(lab)) return undefined;
  return `lab name "${lab}" must be 1 to 16 characters of a-z, 0-9 and "-", starting and ending with a letter or digit`;
}

/**
 * The kernel name of a lab's namespace: `ecsnet-<lab>.<name>`. The dot cannot occur in a lab
 * name, so the lab a namespace belongs to is read back unambiguously (`ecsnet-a-b.c` is lab
 * `a-b`, never lab `a`), which a dash separator could not guarantee.
 */
export function namespaceName(lab: string, name: string): string {
  return `${NAMESPACE_PREFIX}${lab}.${name}`;
}

/** The lab and logical name a kernel namespace name was made from, or undefined when it is not one of ours. */
export function parseNamespaceName(netns: string): { lab: string; name: string } | undefined {
  if (!netns.startsWith(NAMESPACE_PREFIX)) return undefined;
  const rest = netns.slice(NAMESPACE_PREFIX.length);
  const dot = rest.indexOf('.');
  if (dot <= 0) return undefined;
  const lab = rest.slice(0, dot);
  const name = rest.slice(dot + 1);
  if (!LAB_NAME_PATTERN.test(lab) || !LOGICAL_NAME_PATTERN.test(name)) return undefined;
  return { lab, name };
}

/** True when a kernel namespace name belongs to this lab. */
export function isLabNamespace(lab: string, netns: string): boolean {
  return parseNamespaceName(netns)?.lab === lab;
}

/**
 * The kernel name of a logical interface name. Names that fit (≤ 15 characters of
 * `[A-Za-z0-9_-]`) are kept, so short names stay readable in `ip link`; longer ones become
 * `<first 7 characters>-<7-character hash>`, deterministic, so the compiler and the applier
 * agree without talking to each other. The full logical name stays visible in the interface's
 * alias (see {@link interfaceAlias}).
 *
 * @example interfaceName('eth0') === 'eth0'
 * @example interfaceName('eni-0a1b2c3d4e5f67890').length === 15
 */
export function interfaceName(logical: string): string {
  if (KERNEL_SAFE_INTERFACE_NAME.test(logical)) return logical;
  const readable = logical.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 7);
  return `${readable}-${shortHash(logical)}`;
}

/**
 * The alias (`ip link set ... alias`) every interface of a lab carries: `ecsnet:<lab>:<logical name>`.
 * It is the ownership marker for interfaces (should one ever end up outside the lab's
 * namespaces) and tells a human which logical interface a hashed name stands for.
 */
export function interfaceAlias(lab: string, logical: string): string {
  return `${interfaceAliasPrefix(lab)}${logical}`;
}

/** Prefix of the aliases of one lab's interfaces; `lo` of each lab namespace carries it alone. */
export function interfaceAliasPrefix(lab: string): string {
  return `ecsnet:${lab}:`;
}

/** 7 base-36 characters of the FNV-1a hash of a string: stable across runs and machines, no crypto needed in a pure module. */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36).padStart(7, '0');
}

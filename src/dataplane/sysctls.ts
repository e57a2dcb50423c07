/**
 * Namespace sysctls, split by when they can be applied. A key naming an interface
 * (`net.ipv4.conf.eth0.rp_filter`) needs the interface to exist; every other key is applied
 * before the lab's interfaces are created so that `conf.default.*` shapes them. Pure.
 *
 * @module
 */
import { interfaceName } from './names.js';

/** One sysctl, ready for `sysctl -w key=value`. */
export interface SysctlSetting {
  /** The key as written in the spec. */
  key: string;
  /** The key the kernel knows (interface segment replaced by the kernel interface name). */
  kernelKey: string;
  value: string;
}

/** A sysctl bound to one interface of the namespace. */
export interface InterfaceSysctl extends SysctlSetting {
  /** Logical interface name. */
  interface: string;
}

/** Sysctls in the order they are applied. */
export interface SplitSysctls {
  /** Applied before interfaces exist (forwarding, port range, `conf.all` / `conf.default`). */
  namespaceWide: SysctlSetting[];
  /** Applied after interfaces exist. */
  perInterface: InterfaceSysctl[];
}

const KEY_PATTERN = /^net\.[a-z0-9_]+(?:\.[A-Za-z0-9_-]+)+$/;
const INTERFACE_KEY = /^net\.(ipv4|ipv6)\.(conf|neigh)\.([^.]+)\.(.+)$/;

/**
 * Splits and checks a namespace's sysctls. Only `net.*` keys are accepted: they are the ones
 * that belong to a network namespace; anything else would change the host.
 *
 * @throws Error naming the key when a key or value is unusable.
 */
export function splitSysctls(sysctls: Record<string, string | number>): SplitSysctls {
  const namespaceWide: SysctlSetting[] = [];
  const perInterface: InterfaceSysctl[] = [];
  for (const [key, raw] of Object.entries(sysctls).sort(([a], [b]) => a.localeCompare(b))) {
    if (!KEY_PATTERN.test(key)) {
      throw new Error(`sysctl "${key}" is not a net.* key (only network-namespace sysctls can be set; others would change the host)`);
    }
    const value = String(raw);
    if (value === '' || /[\n\r=\0]/.test(value)) throw new Error(`sysctl "${key}" has an unusable value ${JSON.stringify(value)}`);
    const m = INTERFACE_KEY.exec(key);
    const iface = m?.[3];
    if (m && iface !== undefined && iface !== 'all' && iface !== 'default' && iface !== 'lo') {
      const kernelKey = `net.${m[1]}.${m[2]}.${interfaceName(iface)}.${m[4]}`;
      perInterface.push({ key, kernelKey, value, interface: iface });
    } else {
      namespaceWide.push({ key, kernelKey: key, value });
    }
  }
  return { namespaceWide, perInterface };
}

/** `sysctl -q -w k=v ...` arguments for a batch of settings (one process for all of them). */
export function sysctlArgv(settings: readonly SysctlSetting[]): string[] {
  return ['sysctl', '-q', '-w', ...settings.map((s) => `${s.kernelKey}=${s.value}`)];
}

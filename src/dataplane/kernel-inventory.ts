/**
 * What exists in the kernel right now, as far as labs are concerned: named namespaces, and
 * host interfaces carrying a lab's alias. This is the marker-based half of `down`: it finds a
 * lab's objects with no state file at all.
 *
 * @module
 */
import type { CommandRunner } from './command-runner.js';
import { interfaceAliasPrefix } from './names.js';

/** Names of every named network namespace (`ip netns list`), sorted. */
export async function listNamedNamespaces(runner: CommandRunner): Promise<string[]> {
  const { stdout } = await runner.run(['ip', 'netns', 'list']);
  return parseNetnsList(stdout);
}

/** Parses `ip netns list` output (`name (id: 3)` or `name` per line). */
export function parseNetnsList(stdout: string): string[] {
  return stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter((n) => n !== '')
    .sort();
}

/** A host interface and its alias. */
export interface HostLink {
  name: string;
  alias?: string;
}

/** Interfaces of the namespace the runner runs in (`ip -j link show`). */
export async function listLinks(runner: CommandRunner, netns?: string): Promise<HostLink[]> {
  const argv = netns === undefined ? ['ip', '-j', 'link', 'show'] : ['ip', '-n', netns, '-j', 'link', 'show'];
  const { stdout } = await runner.run(argv);
  return parseLinkJson(stdout);
}

/** Parses `ip -j link show` output. */
export function parseLinkJson(stdout: string): HostLink[] {
  const text = stdout.trim();
  if (text === '') return [];
  const parsed = JSON.parse(text) as Array<{ ifname: string; ifalias?: string }>;
  return parsed.map((l) => ({ name: l.ifname, ...(l.ifalias !== undefined ? { alias: l.ifalias } : {}) }));
}

/**
 * Host interfaces that carry this lab's alias. The applier creates every interface directly in
 * a lab namespace, so this is normally empty; it is the safety net that makes "nothing of the
 * lab is left on the host" checkable rather than assumed.
 */
export async function hostLinksOfLab(runner: CommandRunner, lab: string): Promise<HostLink[]> {
  const prefix = interfaceAliasPrefix(lab);
  return (await listLinks(runner)).filter((l) => l.alias?.startsWith(prefix));
}

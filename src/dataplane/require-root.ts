/**
 * The root check the CLI runs before `up`, `down` and `probe`: without it the first `ip netns
 * add` fails with "Permission denied", which says nothing about what to do.
 *
 * @module
 */
import { LabError } from './lab-error.js';

/** True when this process may create namespaces and nftables rulesets. */
export function isRoot(): boolean {
  return typeof process.geteuid === 'function' && process.geteuid() === 0;
}

/**
 * Throws a LabError (`ECSNET_E_NOT_ROOT`) with a message saying how to run `command` when this
 * process is not root.
 *
 * @example requireRoot('ecsnet up') // "ecsnet up needs root (network namespaces and nftables): run it with sudo"
 */
export function requireRoot(command = 'ecsnet up'): void {
  if (isRoot()) return;
  throw new LabError('ECSNET_E_NOT_ROOT', `${command} needs root (network namespaces and nftables): run it with sudo`);
}

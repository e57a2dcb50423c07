/**
 * The fabric's files next to the dataplane's state of a lab (`/run/ecsnet/<lab>/`):
 * `fabric.json`, the manifest (what each namespace, address and counter means), and
 * `relays.json`, the host's 127.0.0.1 ports and where they lead. They live and die with the
 * lab's state directory, so `down` removes them with everything else.
 *
 * @module
 */
import { join } from 'node:path';
import { defaultStateRoot, labStateDir, readStateFile, writeFileAtomic } from '../dataplane/lab-state.js';
import type { FabricManifest } from './manifest.js';

/** A 127.0.0.1 port of the host and the public `address:port` of the lab it relays to. */
export interface HostRelayPort {
  localPort: number;
  address: string;
  port: number;
  description: string;
}

/** Path of the relay forwarder's unix socket for a lab. */
export function relaySocketPath(lab: string, stateRoot = defaultStateRoot()): string {
  return join(labStateDir(lab, stateRoot), 'relay.sock');
}

/** The manifest as a state file, for the applier to write with the spec under the lab's lock. */
export function manifestStateFiles(manifest: FabricManifest): Record<string, string> {
  return { 'fabric.json': `${JSON.stringify(manifest, null, 2)}\n` };
}

/** Writes the manifest of a running lab. */
export async function writeManifest(manifest: FabricManifest, stateRoot = defaultStateRoot()): Promise<void> {
  await writeFileAtomic(join(labStateDir(manifest.lab, stateRoot), 'fabric.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** The manifest of a lab, or undefined when the lab has none (not a fabric lab, or still coming up). */
export async function readManifest(lab: string, stateRoot = defaultStateRoot()): Promise<FabricManifest | undefined> {
  return readStateFile<FabricManifest>(lab, 'fabric.json', stateRoot);
}

/** Writes the host relay ports of a lab. */
export async function writeRelayPorts(lab: string, ports: readonly HostRelayPort[], stateRoot = defaultStateRoot()): Promise<void> {
  await writeFileAtomic(join(labStateDir(lab, stateRoot), 'relays.json'), `${JSON.stringify(ports, null, 2)}\n`);
}

/** The host relay ports of a lab (empty when there are none). */
export async function readRelayPorts(lab: string, stateRoot = defaultStateRoot()): Promise<HostRelayPort[]> {
  return (await readStateFile<HostRelayPort[]>(lab, 'relays.json', stateRoot)) ?? [];
}

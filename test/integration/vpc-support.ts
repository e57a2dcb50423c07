/**
 * Helpers of the VPC fabric's integration tests: bring a fixture template (test/fixtures/vpc)
 * up as a real lab, always tear it down, and look at it from the inside — HTTP through the
 * dataplane's probe, DNS through the lab's resolver, nftables counters of a router.
 *
 * Address plan of the fixtures: VPC 10.0.0.0/16, subnets 10.0.<n>.0/24, instances at fixed
 * addresses .10/.20/.30; the internet test host is 203.0.113.10, the region's AWS endpoints
 * live in 198.51.100.0/24 (S3 at .17, ECR api at .101), Elastic IPs come from 198.18.0.0/15.
 */
import { fileURLToPath } from 'node:url';
import { applyLab, type LabHandle } from '../../src/dataplane/apply-lab.js';
import { destroyLab } from '../../src/dataplane/destroy-lab.js';
import type { ProbeOutcome } from '../../src/dataplane/probe.js';
import { importRequest, runImport } from '../../src/cli/import-options.js';
import { compileFabric, type CompiledFabric } from '../../src/fabric/compile-lab.js';
import { writeManifest } from '../../src/fabric/lab-files.js';
import type { FabricEndpoint, FabricManifest } from '../../src/fabric/manifest.js';
import { planDeployment } from '../../src/plan/index.js';

/** Directory of the compiled daemons, next to the compiled tests. */
export const DAEMON_DIR = fileURLToPath(new URL('../../src/services/', import.meta.url));

/** Path of a fixture template. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../../../test/fixtures/vpc/${name}`, import.meta.url));
}

/** Imports, plans and compiles template files into a lab named `lab`. */
export function compileFiles(files: string[], lab: string, relaySocket?: string): CompiledFabric {
  const imported = runImport(importRequest({}, files), false);
  const plan = planDeployment(imported.model, {});
  return compileFabric(imported.model, plan, {
    lab,
    runtime: { node: process.execPath, daemonDir: DAEMON_DIR },
    ...(relaySocket !== undefined ? { relaySocket } : {}),
  });
}

/** A running fixture lab. */
export interface FabricLab {
  handle: LabHandle;
  manifest: FabricManifest;
  /** The endpoint answering to a name (logical id, model id, …). */
  endpoint(name: string): FabricEndpoint;
  /** Logical namespace of an endpoint. */
  ns(name: string): string;
}

/** Brings `files` up as lab `lab`, runs `fn`, and always destroys the lab. */
export async function withFabric<T>(files: string[], lab: string, fn: (lab: FabricLab) => Promise<T>): Promise<T> {
  const { spec, manifest } = compileFiles(files, lab);
  try {
    const handle = await applyLab(spec);
    await writeManifest(manifest);
    const endpoint = (name: string): FabricEndpoint => {
      const found = manifest.endpoints.find((e) => e.aliases.includes(name));
      if (!found) throw new Error(`no endpoint "${name}" in ${manifest.endpoints.map((e) => e.id).join(', ')}`);
      return found;
    };
    return await fn({ handle, manifest, endpoint, ns: (name) => endpoint(name).namespace });
  } finally {
    await destroyLab(lab);
  }
}

/** An HTTP request through a TCP probe; the parsed JSON body when the server answered. */
export async function httpGet(lab: LabHandle, from: string, address: string, port = 80, host = address): Promise<{ outcome: ProbeOutcome; body?: Record<string, unknown> }> {
  const outcome = await lab.probe(from, { proto: 'tcp', address, port, send: `GET / HTTP/1.0\r\nHost: ${host}\r\n\r\n`, timeoutMs: 1500 });
  const text = outcome.reply ?? '';
  const start = text.indexOf('\r\n\r\n');
  if (outcome.result !== 'reached' || start < 0) return { outcome };
  return { outcome, body: JSON.parse(text.slice(start + 4)) as Record<string, unknown> };
}

/** Answer of the lab's DNS at `server`, asked from namespace `from`. */
export async function resolve(
  lab: LabHandle,
  from: string,
  server: string,
  name: string,
  type = 'A',
): Promise<{ rcode: string; answers: { name: string; type: string; data: unknown }[] }> {
  const result = await lab.exec(from, [process.execPath, `${DAEMON_DIR}resolve-name.js`, server, name, type]);
  return JSON.parse(result.stdout) as { rcode: string; answers: { name: string; type: string; data: unknown }[] };
}

/** Packet counts of a router's named counters. */
export async function counters(lab: LabHandle, routerNamespace: string): Promise<Record<string, number>> {
  const result = await lab.exec(routerNamespace, ['nft', '-j', 'list', 'counters', 'table', 'inet', 'ecsnet'], { check: true });
  const parsed = JSON.parse(result.stdout) as { nftables: Array<{ counter?: { name: string; packets: number } }> };
  const out: Record<string, number> = {};
  for (const item of parsed.nftables) if (item.counter) out[item.counter.name] = item.counter.packets;
  return out;
}

/** Counters that grew between two readings. */
export function grown(before: Record<string, number>, after: Record<string, number>): string[] {
  return Object.keys(after)
    .filter((k) => (after[k] ?? 0) > (before[k] ?? 0))
    .sort();
}

/** Of the counters that grew, those that count drops, in the manifest's terms. */
export function drops(manifest: FabricManifest, names: readonly string[]): string[] {
  const meaning = Object.assign({}, ...manifest.vpcs.map((v) => v.counters)) as FabricManifest['vpcs'][number]['counters'];
  return names.filter((n) => meaning[n]?.drops);
}

/**
 * `ecsnet probe` as a library: real packets from one endpoint of a running lab to another
 * (by logical id, address, DNS name or `internet`), and, when they do not get through, where
 * they were dropped. The answer comes from the kernel: the VPC routers' named nftables
 * counters that grew during the probe say which security group, NACL rule or internet-gateway
 * check dropped it; a probe that died in routing is matched to its route by walking the route
 * tables the lab was compiled from.
 *
 * @module
 */
import { EcsnetError } from '../diagnostics.js';
import { execInLab } from '../dataplane/exec.js';
import { SpawnCommandRunner } from '../dataplane/command-runner.js';
import { LabError } from '../dataplane/lab-error.js';
import { namespaceName } from '../dataplane/names.js';
import { KernelNftBackend } from '../dataplane/nft/backend.js';
import { probe, type ProbeResult } from '../dataplane/probe.js';
import { parseIpv4 } from '../net/ipv4.js';
import { PUBLIC_DNS } from './address-plan.js';
import { walkRoutes } from './explain-route.js';
import { readManifest } from './lab-files.js';
import type { CounterMeaning, FabricEndpoint, FabricManifest } from './manifest.js';
import { ROUTER_TABLE } from './router-table.js';
import { fileURLToPath } from 'node:url';

/** What to probe. */
export interface FabricProbeRequest {
  lab: string;
  /** The running lab's manifest, when the caller has it (from its controller); else read from the state directory. */
  manifest?: FabricManifest;
  from: string;
  to: string;
  /** @default tcp when a port is given, icmp otherwise */
  proto?: 'tcp' | 'udp' | 'icmp';
  port?: number;
  /** @default 1500 */
  timeoutMs?: number;
  stateRoot?: string;
}

/** Where a packet was dropped. */
export interface DropPoint {
  kind: CounterMeaning['kind'] | 'route' | 'dns';
  description: string;
  /** Router namespace and counter that counted the drop. */
  router?: string;
  counter?: string;
  direction?: 'ingress' | 'egress';
  securityGroupIds?: string[];
  networkAclId?: string;
  ruleNumber?: number | '*';
  routeTableId?: string;
  route?: { destination: string; target: string; targetId?: string; logicalId?: string };
}

/** One side of a probe as resolved. */
export interface ProbeSide {
  name: string;
  namespace?: string;
  address: string;
  /** The endpoint's model id when it is one. */
  id?: string;
}

/** What `ecsnet probe` prints (`--json`). */
export interface FabricProbeReport {
  lab: string;
  result: ProbeResult;
  detail: string;
  from: ProbeSide;
  to: ProbeSide & { proto: 'tcp' | 'udp' | 'icmp'; port?: number; resolvedName?: string };
  elapsedMs: number;
  /** The first (most telling) drop point, when known. */
  dropPoint?: DropPoint;
  drops: DropPoint[];
}

/** Probes and explains; see the module documentation. */
export async function probeFabric(request: FabricProbeRequest): Promise<FabricProbeReport> {
  const manifest = request.manifest ?? (await readManifest(request.lab, request.stateRoot));
  if (!manifest) throw new LabError('ECSNET_E_NO_SUCH_LAB', `lab "${request.lab}" is not running (no ecsnet up of that name); see \`ecsnet ls\``);
  const proto = request.proto ?? (request.port !== undefined ? 'tcp' : 'icmp');
  if (proto !== 'icmp' && request.port === undefined) throw new EcsnetError(`a ${proto} probe needs --port`, [], 2);
  const from = resolveFrom(manifest, request.from);
  const fromEndpoint = from.id !== undefined ? manifest.endpoints.find((e) => e.id === from.id && e.namespace === from.namespace) : undefined;
  const target = await resolveTo(manifest, request.lab, request.to, from, fromEndpoint);
  const to = { ...target.side, proto, ...(request.port !== undefined ? { port: request.port } : {}), ...(target.resolvedName ? { resolvedName: target.resolvedName } : {}) };
  if (target.drop) {
    return { lab: request.lab, result: 'no-route', detail: target.drop.description, from, to, elapsedMs: 0, dropPoint: target.drop, drops: [target.drop] };
  }

  const before = await readCounters(manifest);
  const outcome = await probe(request.lab, from.namespace as string, {
    proto,
    address: to.address,
    ...(request.port !== undefined ? { port: request.port } : {}),
    timeoutMs: request.timeoutMs ?? 1500,
  });
  const drops: DropPoint[] = [];
  // A DNS probe of the VPC resolver: the resolver is no ENI, so routes cannot explain it.
  const resolverOf = proto === 'udp' && request.port === 53 ? resolverVpcAt(manifest, to.address, fromEndpoint) : undefined;
  if (resolverOf !== undefined && outcome.dns) outcome.detail = `the VPC resolver of ${resolverOf} answered at ${to.address} (DNS ${outcome.dns.rcode})`;
  if (outcome.result === 'timed-out' || outcome.result === 'no-route') {
    const after = await readCounters(manifest);
    drops.push(...counterDrops(manifest, before, after));
    if (resolverOf !== undefined) {
      drops.push({ kind: 'dns', description: `the VPC resolver of ${resolverOf} at ${to.address} did not answer a DNS query on udp/53` });
    } else if (fromEndpoint) {
      for (const hop of walkRoutes(manifest, fromEndpoint, to.address)) {
        if (hop.outcome === 'forward' || hop.outcome === 'local') continue;
        drops.push({
          kind: 'route',
          description: hop.description,
          routeTableId: hop.routeTableId,
          ...(hop.route
            ? {
                route: {
                  destination: hop.route.destination,
                  target: hop.route.target,
                  ...(hop.route.targetId ? { targetId: hop.route.targetId } : {}),
                  ...(hop.route.logicalId ? { logicalId: hop.route.logicalId } : {}),
                },
              }
            : {}),
        });
      }
    } else if (
      from.namespace === manifest.internet.namespace &&
      !manifest.endpoints.some((e) => e.publicIp === to.address) &&
      !manifest.aws.services.some((s) => s.address === to.address)
    ) {
      drops.push({ kind: 'route', description: `the internet has no route to ${to.address}: only public addresses of the lab are reachable from it` });
    }
    const natGateway = manifest.endpoints.find((e) => e.kind === 'nat-gateway' && (e.publicIp === to.address || e.privateIp === to.address));
    if (drops.length === 0 && natGateway) {
      // A NAT gateway only lets in the replies to connections its clients opened.
      drops.push({ kind: 'route', description: `${natGateway.id} is a NAT gateway: it accepts no connection that it did not open itself` });
    }
  }
  const report: FabricProbeReport = { lab: request.lab, result: outcome.result, detail: outcome.detail, from, to, elapsedMs: outcome.elapsedMs, drops };
  if (drops[0]) report.dropPoint = drops[0];
  return report;
}

/** The endpoint a name stands for, as a probe source. */
export function resolveFrom(manifest: FabricManifest, name: string): ProbeSide {
  if (name === 'internet') return { name, namespace: manifest.internet.namespace, address: manifest.internet.testHost };
  const endpoint = findEndpoint(manifest, name);
  if (!endpoint) throw unknownEndpoint(manifest, name);
  return { name, namespace: endpoint.namespace, address: endpoint.privateIp, id: endpoint.id };
}

/** Endpoints answering to `name` (alias or address); throws when it names two different owners. */
export function findEndpoint(manifest: FabricManifest, name: string): FabricEndpoint | undefined {
  const matches = manifest.endpoints.filter((e) => e.aliases.includes(name) || e.privateIp === name || e.publicIp === name);
  const owners = [...new Set(matches.map((e) => e.id))];
  if (owners.length > 1) {
    throw new EcsnetError(`"${name}" names ${owners.length} things in lab "${manifest.lab}": ${owners.join(', ')}; use Stack.LogicalId`, [], 2);
  }
  return matches[0];
}

function unknownEndpoint(manifest: FabricManifest, name: string): EcsnetError {
  const known = [...new Set(manifest.endpoints.map((e) => e.aliases[1] ?? e.id))].slice(0, 12);
  return new EcsnetError(`lab "${manifest.lab}" has no endpoint "${name}"; known: internet, ${known.join(', ')}${manifest.endpoints.length > 12 ? ', …' : ''}`, [], 2);
}

async function resolveTo(
  manifest: FabricManifest,
  lab: string,
  name: string,
  from: ProbeSide,
  fromEndpoint: FabricEndpoint | undefined,
): Promise<{ side: ProbeSide; resolvedName?: string; drop?: DropPoint }> {
  if (name === 'internet') return { side: { name, address: manifest.internet.testHost } };
  if (parseIpv4(name) !== undefined) {
    const endpoint = manifest.endpoints.find((e) => e.privateIp === name || e.publicIp === name);
    return { side: { name, address: name, ...(endpoint ? { id: endpoint.id } : {}) } };
  }
  const endpoint = findEndpoint(manifest, name);
  if (endpoint) {
    const outside = !fromEndpoint || fromEndpoint.vpcId !== endpoint.vpcId;
    if (outside && endpoint.publicIp === undefined) {
      return {
        side: { name, address: endpoint.privateIp, id: endpoint.id },
        drop: { kind: 'route', description: `${endpoint.id} has no public IP, and ${from.name} is outside its VPC: there is no way to it` },
      };
    }
    return { side: { name, address: outside ? (endpoint.publicIp as string) : endpoint.privateIp, id: endpoint.id } };
  }
  if (!name.includes('.')) throw unknownEndpoint(manifest, name);
  // A DNS name: asked where `from` would ask — its VPC's resolver, or the internet's DNS.
  const vpc = fromEndpoint ? manifest.vpcs.find((v) => v.id === fromEndpoint.vpcId) : undefined;
  const server = vpc?.resolverAddresses[0] ?? PUBLIC_DNS;
  const answer = await resolveName(lab, from.namespace as string, server, name);
  const address = answer.addresses[0];
  if (address === undefined) {
    return {
      side: { name, address: '' },
      resolvedName: name,
      drop: { kind: 'dns', description: `${name} does not resolve from ${from.name} (DNS ${server} answered ${answer.rcode})` },
    };
  }
  return { side: { name, address }, resolvedName: name };
}

/**
 * The VPC whose resolver answers at `address`: base + 2 of a VPC, or 169.254.169.253 — every
 * VPC's resolver, so it is the prober's own VPC's.
 */
export function resolverVpcAt(manifest: FabricManifest, address: string, fromEndpoint: FabricEndpoint | undefined): string | undefined {
  const own = fromEndpoint ? manifest.vpcs.find((v) => v.id === fromEndpoint.vpcId) : undefined;
  if (own?.resolverAddresses.includes(address)) return own.id;
  return manifest.vpcs.find((v) => v.resolverAddresses[0] === address)?.id;
}

/** Asks the DNS server `server` from inside a namespace of the lab. */
export async function resolveName(lab: string, namespace: string, server: string, name: string): Promise<{ rcode: string; addresses: string[] }> {
  const script = fileURLToPath(new URL('../services/resolve-name.js', import.meta.url));
  const result = await execInLab(lab, namespace, [process.execPath, script, server, name, 'A'], { timeoutMs: 10_000 });
  try {
    const parsed = JSON.parse(result.stdout) as { rcode: string; answers: { type: string; data: unknown }[] };
    return { rcode: parsed.rcode, addresses: parsed.answers.filter((a) => a.type === 'A').map((a) => String(a.data)) };
  } catch {
    return { rcode: 'ERROR', addresses: [] };
  }
}

type CounterSnapshot = Map<string, number>;

/** Packet counts of every router's named counters (the names the manifest explains), keyed `router counter`. */
async function readCounters(manifest: FabricManifest): Promise<CounterSnapshot> {
  const snapshot: CounterSnapshot = new Map();
  const backend = new KernelNftBackend(new SpawnCommandRunner(), (ns) => namespaceName(manifest.lab, ns));
  await Promise.all(
    manifest.vpcs.map(async (vpc) => {
      const counters = await backend.listCounters(vpc.namespace, 'inet', vpc.nftTable || ROUTER_TABLE).catch(() => undefined);
      for (const [name, value] of counters ?? []) snapshot.set(`${vpc.namespace} ${name}`, value.packets);
    }),
  );
  return snapshot;
}

function counterDrops(manifest: FabricManifest, before: CounterSnapshot, after: CounterSnapshot): DropPoint[] {
  const out: DropPoint[] = [];
  for (const vpc of manifest.vpcs) {
    for (const [name, meaning] of Object.entries(vpc.counters)) {
      if (!meaning.drops) continue;
      const key = `${vpc.namespace} ${name}`;
      if ((after.get(key) ?? 0) <= (before.get(key) ?? 0)) continue;
      out.push({
        kind: meaning.kind,
        description: meaning.description,
        router: vpc.namespace,
        counter: name,
        ...(meaning.direction ? { direction: meaning.direction } : {}),
        ...(meaning.securityGroupIds ? { securityGroupIds: meaning.securityGroupIds } : {}),
        ...(meaning.networkAclId ? { networkAclId: meaning.networkAclId } : {}),
        ...(meaning.ruleNumber !== undefined ? { ruleNumber: meaning.ruleNumber } : {}),
      });
    }
  }
  // Security groups and NACLs first: they are what a user changes.
  const rank: Record<string, number> = { 'security-group': 0, 'network-acl': 1, 'internet-gateway': 2 };
  return out.sort((a, b) => (rank[a.kind] ?? 9) - (rank[b.kind] ?? 9));
}

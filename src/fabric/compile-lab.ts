/**
 * The fabric compiler: network model + plan in, lab spec (what the kernel must hold) and
 * fabric manifest (what it means) out. Pure and deterministic — the same inputs give the same
 * spec byte for byte, so a running lab can be compared with what its templates now say.
 *
 * Order: the internet and AWS namespaces (link 0 between them), the ENIs' owners (instances,
 * NAT gateways, interface endpoints and their private links), one router per VPC (its ENIs,
 * uplink, gateway-endpoint link, routing, firewall, resolver), then the routing back through
 * private links and the daemons.
 *
 * @module
 */
import type { LabSpec } from '../dataplane/lab-spec.js';
import type { NetworkModel } from '../model/types.js';
import type { Plan } from '../plan/types.js';
import { prefixListCidrs, regionServices } from './aws-services.js';
import { collectEnis } from './collect-enis.js';
import { compileInternetServices, compileInternetSkeleton } from './compile-internet.js';
import { compileOwners } from './compile-owners.js';
import { compileVpc, type AwsPrivateLink } from './compile-vpc.js';
import { defaultDaemonRuntime, type DaemonRuntime } from './daemon-config.js';
import { privateDnsName } from './dns-zone.js';
import type { FabricManifest, FabricVpc } from './manifest.js';
import { relayTargets } from './relay-targets.js';
import { SpecBuilder } from './spec-builder.js';

/** Options of {@link compileFabric}. */
export interface CompileOptions {
  /** Lab name (see the dataplane's lab name rules). */
  lab: string;
  /** How to start the lab's daemons. @default node from PATH, daemons in src/services */
  runtime?: DaemonRuntime;
  /** Unix socket of the host relay's forwarder; no relay forwarder without it. */
  relaySocket?: string;
}

/** The compiler's output. */
export interface CompiledFabric {
  spec: LabSpec;
  manifest: FabricManifest;
}

/** Compiles a deployment into its lab; see the module documentation. */
export function compileFabric(model: NetworkModel, plan: Plan, options: CompileOptions): CompiledFabric {
  const runtime = options.runtime ?? defaultDaemonRuntime();
  const builder = new SpecBuilder(options.lab);
  const services = regionServices(
    model.region,
    model.accountId,
    model.vpcEndpoints.map((e) => e.service),
  );
  const prefixList = (id: string): string[] | undefined => prefixListCidrs(id, services);
  const awsLinks: AwsPrivateLink[] = [];
  const notes: string[] = [];

  compileInternetSkeleton(builder, services);
  const collected = collectEnis(model, plan);
  notes.push(...collected.notes);
  compileOwners({ model, builder, services, awsLinks, notes }, collected.enis);

  const vpcs: FabricVpc[] = [];
  [...model.vpcs]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .forEach((vpc, i) => {
      const enis = collected.enis.filter((e) => e.eni.vpcId === vpc.id);
      vpcs.push(compileVpc({ model, builder, runtime, services, prefixList, awsLinks, notes }, vpc, i, enis));
    });

  const groups = new Map(model.securityGroups.map((g) => [g.id, g]));
  const internetFacing = collected.enis.filter((e) => model.vpcs.find((v) => v.id === e.eni.vpcId)?.internetGatewayId !== undefined);
  const relays = relayTargets(internetFacing, groups);
  const outside = compileInternetServices(builder, model, services, awsLinks, {
    runtime,
    // The forwarder only runs when there is something to relay.
    ...(options.relaySocket !== undefined && relays.length > 0 ? { relaySocket: options.relaySocket } : {}),
    relayTargets: relays.map((r) => ({ address: r.address, port: r.port })),
  });

  const manifest: FabricManifest = {
    version: 1,
    lab: options.lab,
    region: model.region,
    vpcs,
    endpoints: collected.enis.map((fe) => ({
      kind: fe.kind,
      id: fe.ownerId,
      aliases: fe.aliases,
      namespace: fe.namespace,
      eniId: fe.eni.id,
      routerInterface: fe.routerInterface,
      vpcId: fe.eni.vpcId,
      subnetId: fe.eni.subnetId,
      privateIp: fe.eni.privateIp,
      ...(fe.eni.secondaryPrivateIps?.length ? { secondaryPrivateIps: [...fe.eni.secondaryPrivateIps] } : {}),
      prefixLength: fe.eni.prefixLength,
      ...(fe.eni.publicIp !== undefined ? { publicIp: fe.eni.publicIp } : {}),
      securityGroupIds: fe.eni.securityGroupIds,
      privateDnsName: privateDnsName(fe.eni.privateIp, model.region),
    })),
    ...outside,
    relays,
    notes: [...new Set(notes)],
  };
  return { spec: builder.build(), manifest };
}

/** The lab spec of a deployment: {@link compileFabric} without the manifest. */
export function compileLab(model: NetworkModel, plan: Plan, options: CompileOptions): LabSpec {
  return compileFabric(model, plan, options).spec;
}

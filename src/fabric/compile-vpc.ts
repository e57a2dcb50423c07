/**
 * One VPC's implicit router: a namespace with a veth to every ENI of the VPC (the ENI's end in
 * its owner's namespace with the plan's address and MAC, the router's end holding the
 * subnet's gateway, base + 1, as a /32), an uplink to the internet (the internet gateway), a
 * link to the AWS service namespace when the VPC has gateway endpoints, its route tables as
 * policy routing, its NACLs and security groups as one nftables table, and the Amazon DNS
 * resolver at the VPC's base + 2 and 169.254.169.253.
 *
 * The router's ENI ends carry no subnet prefix, only /32 routes, and answer ARP for the rest of
 * the subnet (proxy ARP), so even two ENIs of one subnet talk through the router, where their
 * security groups are enforced — as in AWS, where there is no shared L2 segment either.
 *
 * Both ends of every ENI cable know each other from the plan, so neither asks: the router holds
 * a permanent neighbour entry for the ENI (private IP → the ENI's MAC, on its port) and the
 * owner one for its gateway (base + 1 → the router port's MAC, derived from the ENI's). The
 * kernel's neighbour-table limits (gc_thresh1/2/3) are global to the host and cannot be raised
 * inside a namespace; permanent entries do not count toward them, so a router with more ENIs
 * than the host's gc_thresh3 (1024 by default) neither overflows its table nor drops packets.
 * Proxy ARP still answers what the plan does not cover: an ENI asking for a neighbour in its
 * own subnet.
 *
 * @module
 */
import type { Vpc } from '../model/types.js';
import { formatIpv4, parseCidr } from '../net/ipv4.js';
import { INTERNET_TEST_HOST, LINK_LOCAL_RESOLVER, linkAddresses, PUBLIC_DNS } from './address-plan.js';
import type { AwsService } from './aws-services.js';
import { daemonProcess, type DaemonRuntime } from './daemon-config.js';
import { vpcResolverZone } from './dns-data.js';
import { privateDnsSuffix } from './dns-zone.js';
import { IFACE, INTERNET_NAMESPACE, internetSideOfUplink, awsSideOfGatewayEndpoint, AWS_NAMESPACE, routerNamespace } from './fabric-names.js';
import { privateAddresses, type FabricEni } from './fabric-eni.js';
import type { FabricVpc } from './manifest.js';
import { compileNetworkAcls } from './network-acls.js';
import { routerPortMac } from './router-port-mac.js';
import { LOCAL_TABLE, compileRouteTables } from './route-tables.js';
import { ROUTER_COUNTERS, ROUTER_TABLE, routerTable } from './router-table.js';
import { compileSecurityGroups } from './security-groups.js';
import { FORWARDER_SYSCTLS, type SpecBuilder } from './spec-builder.js';
import type { NetworkModel } from '../model/types.js';

/** A link from a lab namespace into the AWS service namespace, whose replies must go back the way they came. */
export interface AwsPrivateLink {
  awsInterface: string;
  /** Address of the far end (the router or the endpoint namespace). */
  peerIp: string;
  /** Address of the AWS end, with its /30. */
  awsAddress: string;
}

/** Shared inputs of the VPC compilers. */
export interface VpcCompileContext {
  model: NetworkModel;
  builder: SpecBuilder;
  runtime: DaemonRuntime;
  services: readonly AwsService[];
  prefixList: (id: string) => string[] | undefined;
  /** Private links into the AWS namespace, collected for its routing. */
  awsLinks: AwsPrivateLink[];
  notes: string[];
}

/** Compiles the router of VPC number `index`, wiring `enis` (all ENIs of this VPC) into it. */
export function compileVpc(ctx: VpcCompileContext, vpc: Vpc, index: number, enis: readonly FabricEni[]): FabricVpc {
  const { builder, model } = ctx;
  const ns = routerNamespace(vpc.id);
  const base = parseCidr(vpc.cidr);
  const resolverAddresses = vpc.enableDnsSupport && base ? [formatIpv4(base.base + 2), LINK_LOCAL_RESOLVER] : [];
  // Proxy ARP answers for the rest of the subnet; without proxy_delay 0 the kernel delays
  // each proxied answer by up to 0.8 s (a first packet between two ENIs of a subnet would wait).
  const sysctls: Record<string, number> = { ...FORWARDER_SYSCTLS, 'net.ipv4.conf.default.proxy_arp': 1 };
  for (const fe of enis) sysctls[`net.ipv4.neigh.${fe.routerInterface}.proxy_delay`] = 0;
  builder.namespaces.push({
    name: ns,
    sysctls,
    ...(resolverAddresses.length > 0 ? { loopbackAddresses: resolverAddresses.map((a) => `${a}/32`) } : {}),
  });

  // ENIs: a cable from the owner's namespace into the router, each end a permanent neighbour of the other.
  for (const fe of enis) {
    const routerMac = routerPortMac(fe.eni.mac);
    builder.veths.push({
      a: { namespace: fe.namespace, name: fe.ownerInterface, mac: fe.eni.mac, addresses: privateAddresses(fe.eni).map((ip) => `${ip}/${fe.eni.prefixLength}`) },
      b: { namespace: ns, name: fe.routerInterface, mac: routerMac, addresses: [`${fe.eni.gatewayIp}/32`] },
    });
    builder.neighbors.push(...privateAddresses(fe.eni).map((address) => ({ namespace: ns, interface: fe.routerInterface, address, mac: fe.eni.mac })), {
      namespace: fe.namespace,
      interface: fe.ownerInterface,
      address: fe.eni.gatewayIp,
      mac: routerMac,
    });
    builder.routes.push({ namespace: fe.namespace, destination: 'default', via: fe.eni.gatewayIp, dev: fe.ownerInterface });
  }

  // The uplink: the internet gateway's side of the router.
  const uplink = linkAddresses(builder.nextLink());
  builder.veths.push({
    a: { namespace: ns, name: IFACE.uplink, addresses: [uplink.a] },
    b: { namespace: INTERNET_NAMESPACE, name: internetSideOfUplink(index), addresses: [uplink.b] },
  });
  const publicIps = enis.filter((e) => e.eni.publicIp !== undefined).map((e) => ({ privateIp: e.eni.privateIp, publicIp: e.eni.publicIp as string }));
  const igwAttached = vpc.internetGatewayId !== undefined;
  if (igwAttached) {
    for (const p of publicIps) {
      // src: probes and clients on the internet speak from the test host's address.
      builder.routes.push({ namespace: INTERNET_NAMESPACE, destination: `${p.publicIp}/32`, via: uplink.aIp, dev: internetSideOfUplink(index), src: INTERNET_TEST_HOST });
    }
  }

  // Gateway endpoints: a link straight to the AWS service namespace, no internet gateway on the way.
  const hasGatewayEndpoints = model.vpcEndpoints.some((e) => e.vpcId === vpc.id && e.endpointType === 'Gateway');
  let gatewayEndpoint: { peer: string; interface: string } | undefined;
  if (hasGatewayEndpoints) {
    const link = linkAddresses(builder.nextLink());
    const awsInterface = awsSideOfGatewayEndpoint(index);
    builder.veths.push({
      a: { namespace: ns, name: IFACE.gatewayEndpoint, addresses: [link.a] },
      b: { namespace: AWS_NAMESPACE, name: awsInterface, addresses: [link.b] },
    });
    ctx.awsLinks.push({ awsInterface, peerIp: link.aIp, awsAddress: link.b });
    gatewayEndpoint = { peer: link.bIp, interface: IFACE.gatewayEndpoint };
  }

  const routing = compileRouteTables({
    model,
    vpc,
    namespace: ns,
    enis,
    links: { uplinkPeer: uplink.bIp, uplinkInterface: IFACE.uplink, ...(gatewayEndpoint ? { gatewayEndpoint } : {}) },
    prefixList: ctx.prefixList,
  });
  builder.routes.push(...routing.routes);
  builder.rules.push(...routing.rules);

  const subnets = vpc.subnets;
  const nacl = compileNetworkAcls({ subnets, acls: new Map(model.networkAcls.map((a) => [a.id, a])), enis });
  const securityGroups = compileSecurityGroups({
    enis,
    members: enis,
    groups: new Map(model.securityGroups.map((g) => [g.id, g])),
    prefixList: ctx.prefixList,
  });
  builder.nftables.push({
    namespace: ns,
    tables: [
      routerTable({
        markOfInterface: routing.markOfInterface,
        uplinkInterface: IFACE.uplink,
        publicIps: igwAttached ? publicIps : [],
        resolverAddresses,
        nacl,
        securityGroups,
      }),
    ],
  });

  if (resolverAddresses.length > 0) {
    builder.processes.push(
      daemonProcess(
        ctx.runtime,
        'dns-server',
        { namespace: ns, role: 'vpc-dns' },
        {
          label: `resolver of ${vpc.id}`,
          listen: resolverAddresses.map((address) => ({ address, port: 53 })),
          zone: vpcResolverZone(model, vpc, enis, ctx.services),
          upstream: { address: PUBLIC_DNS, port: 53 },
        },
      ),
    );
  }

  ctx.notes.push(...routing.notes, ...nacl.notes, ...securityGroups.notes);
  return {
    id: vpc.id,
    cidrs: [vpc.cidr, ...vpc.secondaryCidrs],
    namespace: ns,
    nftTable: ROUTER_TABLE,
    resolverAddresses,
    dnsSuffix: privateDnsSuffix(model.region),
    ...(vpc.internetGatewayId !== undefined ? { internetGatewayId: vpc.internetGatewayId } : {}),
    uplink: { routerIp: uplink.aIp, internetIp: uplink.bIp },
    subnets: vpc.subnets.map((s) => ({ id: s.id, cidr: s.cidr, az: s.az, routeTableId: s.routeTableId, networkAclId: s.networkAclId, public: s.public })),
    routeTables: routing.tables,
    localTable: LOCAL_TABLE,
    counters: { ...ROUTER_COUNTERS, ...nacl.counters, ...securityGroups.counters },
  };
}

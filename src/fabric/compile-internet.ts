/**
 * The world outside the VPCs: the internet namespace (the test host, the public DNS, the user
 * the host relay speaks for, and a route to every public address through its VPC's internet
 * gateway) and the AWS namespace (the region's service endpoints, reached from the internet,
 * from gateway endpoints and from interface endpoints' private links).
 *
 * Traffic arrives in the AWS namespace with private source addresses over gateway-endpoint and
 * private links, from VPCs whose CIDRs may overlap, so it cannot be routed back by address:
 * each new connection is marked with the link it came in on, and replies are routed by that
 * mark back through the same link.
 *
 * @module
 */
import type { ProcessSpec } from '../dataplane/lab-spec.js';
import type { NetworkModel } from '../model/types.js';
import { AWS_SERVICE_RANGE, INTERNET_TEST_HOST, INTERNET_USER, linkAddresses, PUBLIC_DNS, TEST_HOST_PORTS } from './address-plan.js';
import type { AwsService } from './aws-services.js';
import type { AwsPrivateLink } from './compile-vpc.js';
import { daemonProcess, type DaemonRuntime, type ListenAddress } from './daemon-config.js';
import { publicDnsZone } from './dns-data.js';
import { AWS_NAMESPACE, IFACE, INTERNET_NAMESPACE } from './fabric-names.js';
import type { FabricManifest } from './manifest.js';
import { PRIORITY, type NftMapElement } from '../dataplane/nft/types.js';
import { RELAY_SOURCE_SYSCTLS } from './relay-targets.js';
import { BASE_SYSCTLS, FORWARDER_SYSCTLS, type SpecBuilder } from './spec-builder.js';
import { interfaceName } from '../dataplane/names.js';

/** Kernel table and mark of the first private link into the AWS namespace. */
export const FIRST_PRIVATE_LINK_TABLE = 2000;

/** Ports the AWS endpoint host answers on (HTTPS is plain HTTP on 443: no TLS in the lab). */
export const AWS_ENDPOINT_PORTS = [80, 443];

/** Adds the internet and AWS namespaces and the link between them (link 0). */
export function compileInternetSkeleton(builder: SpecBuilder, services: readonly AwsService[]): void {
  builder.namespaces.push({
    name: INTERNET_NAMESPACE,
    sysctls: { ...FORWARDER_SYSCTLS, ...RELAY_SOURCE_SYSCTLS },
    loopbackAddresses: [INTERNET_TEST_HOST, PUBLIC_DNS, INTERNET_USER].map((a) => `${a}/32`),
  });
  builder.namespaces.push({
    name: AWS_NAMESPACE,
    sysctls: { ...BASE_SYSCTLS, 'net.ipv4.conf.all.rp_filter': 0, 'net.ipv4.conf.default.rp_filter': 0 },
    loopbackAddresses: services.map((s) => `${s.address}/32`),
  });
  const link = linkAddresses(builder.nextLink());
  builder.veths.push({
    a: { namespace: INTERNET_NAMESPACE, name: IFACE.internetToAws, addresses: [link.a] },
    b: { namespace: AWS_NAMESPACE, name: IFACE.awsToInternet, addresses: [link.b] },
  });
  builder.routes.push({ namespace: INTERNET_NAMESPACE, destination: AWS_SERVICE_RANGE, via: link.bIp, dev: IFACE.internetToAws, src: INTERNET_TEST_HOST });
  builder.routes.push({ namespace: AWS_NAMESPACE, destination: 'default', via: link.aIp, dev: IFACE.awsToInternet });
}

/** Options of {@link compileInternetServices}. */
export interface InternetServicesOptions {
  runtime: DaemonRuntime;
  /** The relay forwarder's socket, or undefined for no relay. */
  relaySocket?: string;
  relayTargets: ListenAddress[];
}

/** Routing back through private links, and the daemons of both namespaces. */
export function compileInternetServices(
  builder: SpecBuilder,
  model: NetworkModel,
  services: readonly AwsService[],
  awsLinks: readonly AwsPrivateLink[],
  options: InternetServicesOptions,
): Pick<FabricManifest, 'internet' | 'aws'> {
  const marks: NftMapElement[] = [];
  awsLinks.forEach((link, n) => {
    const table = FIRST_PRIVATE_LINK_TABLE + n;
    builder.routes.push({ namespace: AWS_NAMESPACE, table, destination: 'default', via: link.peerIp, dev: link.awsInterface, onlink: true });
    builder.rules.push({ namespace: AWS_NAMESPACE, priority: 1000 + n, fwmark: table, table });
    marks.push({ key: [interfaceName(link.awsInterface)], value: table });
  });
  builder.nftables.push({
    namespace: AWS_NAMESPACE,
    tables: [
      {
        family: 'inet',
        name: 'ecsnet_aws',
        sets: [],
        // replies leave through the link their connection came in on (private sources of any VPC)
        maps: [{ name: 'link_mark', key: ['ifname'], value: 'mark', elements: marks }],
        counters: [],
        chains: [
          {
            name: 'prerouting',
            base: { type: 'filter', hook: 'prerouting', priority: PRIORITY.mangle, policy: 'accept' },
            rules: [
              {
                exprs: [
                  { match: 'ct state', value: 'new' },
                  { setMark: 'ct mark', from: { map: 'link_mark', key: ['iifname'] } },
                ],
              },
            ],
          },
          {
            name: 'output',
            base: { type: 'route', hook: 'output', priority: PRIORITY.mangle, policy: 'accept' },
            rules: [
              {
                exprs: [
                  { match: 'ct mark', op: '!=', value: 0 },
                  { setMark: 'meta mark', from: { field: 'ct mark' } },
                ],
              },
            ],
          },
        ],
      },
    ],
  });

  const processes: ProcessSpec[] = [
    daemonProcess(
      options.runtime,
      'internet-host',
      { namespace: INTERNET_NAMESPACE, role: 'internet-host' },
      { address: INTERNET_TEST_HOST, httpPort: TEST_HOST_PORTS.http, echoPort: TEST_HOST_PORTS.echo },
    ),
    daemonProcess(
      options.runtime,
      'dns-server',
      { namespace: INTERNET_NAMESPACE, role: 'public-dns' },
      { label: 'public DNS', listen: [{ address: PUBLIC_DNS, port: 53 }], zone: publicDnsZone(model, services) },
    ),
    daemonProcess(
      options.runtime,
      'aws-endpoints',
      { namespace: AWS_NAMESPACE, role: 'aws-endpoints' },
      { region: model.region, ports: AWS_ENDPOINT_PORTS, services: services.map((s) => ({ ...s })) },
    ),
  ];
  if (options.relaySocket !== undefined) {
    processes.push(
      daemonProcess(
        options.runtime,
        'relay-forwarder',
        { namespace: INTERNET_NAMESPACE, role: 'relay-forwarder' },
        { socket: options.relaySocket, source: INTERNET_USER, targets: options.relayTargets },
      ),
    );
  }
  builder.processes.push(...processes);
  return {
    internet: { namespace: INTERNET_NAMESPACE, testHost: INTERNET_TEST_HOST, dns: PUBLIC_DNS, user: INTERNET_USER },
    aws: { namespace: AWS_NAMESPACE, services: services.map((s) => ({ ...s })) },
  };
}

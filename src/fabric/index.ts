/**
 * The VPC fabric: the compiler from network model + plan to a lab spec (VPC routers, route
 * tables, internet and NAT gateways, endpoints, security groups, NACLs, DNS, the internet and
 * the region's AWS endpoints), the manifest that says what each kernel object means, and the
 * runtime helpers of `ecsnet up`, `status` and `probe` (host relay, lab files, probing with
 * drop points). The compiler and everything it imports are pure; `lab-files`, `host-relay`,
 * `installed-runtime`, `choose-lab` and `probe-fabric` touch the system.
 *
 * @module
 */
export { compileFabric, compileLab, type CompileOptions, type CompiledFabric } from './compile-lab.js';
export type * from './manifest.js';
export type { FabricEni } from './fabric-eni.js';
export {
  defaultDaemonRuntime,
  daemonProcess,
  daemonControlSocket,
  daemonConfigFile,
  type DaemonRuntime,
  type DaemonName,
  type DaemonConfigs,
  type DaemonPlace,
} from './daemon-config.js';
export { INTERNET_TEST_HOST, PUBLIC_DNS, INTERNET_USER, AWS_SERVICE_RANGE, LINK_LOCAL_RESOLVER, linkAddresses } from './address-plan.js';
export { regionServices, serviceNames, prefixListCidrs, type AwsService } from './aws-services.js';
export { DnsZone, privateDnsName, privateDnsSuffix, type DnsRecord, type DnsZoneData } from './dns-zone.js';
export { walkRoutes, type RouteHop } from './explain-route.js';
export { renderLab } from './render-lab.js';
export { probeFabric, resolveName, type FabricProbeRequest, type FabricProbeReport, type DropPoint } from './probe-fabric.js';
export { readManifest, writeManifest, readRelayPorts, writeRelayPorts, relaySocketPath, type HostRelayPort } from './lab-files.js';
export { startHostRelay, readRelayConfig, type HostRelay } from './host-relay.js';
export { startLabRelay } from './relay-handover.js';
export { installedDaemonRuntime } from './installed-runtime.js';
export { chooseLab, DEFAULT_LAB } from './choose-lab.js';

/**
 * The small network daemons of the lab (DNS, the internet test host, the AWS endpoint host,
 * the relay forwarder) and their configuration, shared by the compiler that writes their
 * command lines and the daemons that read them. A daemon gets its whole configuration as one
 * JSON argument, so a lab spec says everything a daemon will do and nothing has to be written
 * to disk before it starts. Pure.
 *
 * @module
 */
import type { DnsZoneData } from './dns-zone.js';

/** How to start a daemon: the Node binary and the directory of the compiled daemons. */
export interface DaemonRuntime {
  node: string;
  /** Directory holding `dns-server.js`, `internet-host.js`, … (dist/src/services). */
  daemonDir: string;
}

/** The lab's daemons, by file name. */
export type DaemonName = 'dns-server' | 'internet-host' | 'aws-endpoints' | 'relay-forwarder';

/** Where a server listens. */
export interface ListenAddress {
  address: string;
  port: number;
}

/** Configuration of `dns-server`: the VPC resolver or the internet's public DNS. */
export interface DnsServerConfig {
  /** Shown in logs: `vpc network.Vpc resolver`, `public DNS`. */
  label: string;
  listen: ListenAddress[];
  zone: DnsZoneData;
  /** Where names outside the zone data go; without it they are answered REFUSED. */
  upstream?: ListenAddress;
}

/** Configuration of `internet-host`: the test host on the internet. */
export interface InternetHostConfig {
  address: string;
  httpPort: number;
  echoPort: number;
}

/** Configuration of `aws-endpoints`: the region's service endpoints. */
export interface AwsEndpointsConfig {
  region: string;
  ports: number[];
  services: { service: string; address: string; prefix?: string; names: string[] }[];
}

/** Configuration of `relay-forwarder`: the internet side of the host relay. */
export interface RelayForwarderConfig {
  /** Unix socket the host side connects to (reachable from every namespace: it is a file). */
  socket: string;
  /** Source address of relayed connections (the "user on the internet"). */
  source: string;
  /** The only `address:port` pairs it forwards to. */
  targets: ListenAddress[];
}

/** Configuration of each daemon, by name. */
export interface DaemonConfigs {
  'dns-server': DnsServerConfig;
  'internet-host': InternetHostConfig;
  'aws-endpoints': AwsEndpointsConfig;
  'relay-forwarder': RelayForwarderConfig;
}

/** argv of a daemon process of the lab spec. */
export function daemonArgv<N extends DaemonName>(runtime: DaemonRuntime, name: N, config: DaemonConfigs[N]): string[] {
  return [runtime.node, `${runtime.daemonDir.replace(/\/$/, '')}/${name}.js`, JSON.stringify(config)];
}

/** The default runtime: `node` from PATH and the daemons compiled next to this module. */
export function defaultDaemonRuntime(): DaemonRuntime {
  return { node: 'node', daemonDir: new URL('../services/', import.meta.url).pathname };
}

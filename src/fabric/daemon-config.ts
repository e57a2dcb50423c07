/**
 * The small network daemons of the lab (DNS, the internet test host, the AWS endpoint host,
 * the relay forwarder) and their configuration, shared by the compiler that writes it and the
 * daemons that read it. A daemon gets its configuration as a file the applier writes before
 * the start (the lab spec still says everything it will do), never as argv: a 50,000-record
 * zone does not fit in argv, and a running daemon takes changes over its control socket
 * (services/daemon-protocol.ts), whose path the file names. Pure.
 *
 * @module
 */
import { CONFIG_FILE_DIR, type ProcessSpec } from '../dataplane/lab-spec.js';
import { shortHash } from '../dataplane/names.js';
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

/** What every daemon's configuration holds besides its own settings. */
export interface DaemonControl {
  /**
   * The daemon's control socket; a relative path is taken from the configuration file's
   * directory. Absent: the daemon takes no updates.
   */
  control?: string;
}

/** Configuration of `dns-server`: the VPC resolver or the internet's public DNS. */
export interface DnsServerConfig extends DaemonControl {
  /** Shown in logs: `vpc network.Vpc resolver`, `public DNS`. */
  label: string;
  listen: ListenAddress[];
  zone: DnsZoneData;
  /** Where names outside the zone data go; without it they are answered REFUSED. */
  upstream?: ListenAddress;
}

/** Configuration of `internet-host`: the test host on the internet. */
export interface InternetHostConfig extends DaemonControl {
  address: string;
  httpPort: number;
  echoPort: number;
}

/** Configuration of `aws-endpoints`: the region's service endpoints. */
export interface AwsEndpointsConfig extends DaemonControl {
  region: string;
  ports: number[];
  services: { service: string; address: string; prefix?: string; names: string[] }[];
}

/** Configuration of `relay-forwarder`: the internet side of the host relay. */
export interface RelayForwarderConfig extends DaemonControl {
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

/** Where a daemon runs in the lab. */
export interface DaemonPlace {
  namespace: string;
  role: string;
}

/**
 * Name stem of a daemon's configuration file and control socket, `<role>@<namespace>`; long
 * namespaces are hashed so the socket path stays within a unix socket's 107 bytes.
 */
export function daemonFileStem(place: DaemonPlace): string {
  const stem = `${place.role}@${place.namespace}`;
  return stem.length <= 48 ? stem : `${place.role.slice(0, 32)}@${shortHash(place.namespace)}`;
}

/** A daemon as a process of the lab spec: argv names the program, the configuration goes to its file. */
export function daemonProcess<N extends DaemonName>(runtime: DaemonRuntime, name: N, place: DaemonPlace, config: DaemonConfigs[N]): ProcessSpec {
  const stem = daemonFileStem(place);
  return {
    namespace: place.namespace,
    role: place.role,
    argv: [runtime.node, `${runtime.daemonDir.replace(/\/$/, '')}/${name}.js`],
    configFile: { name: `${stem}.json`, content: `${JSON.stringify({ ...config, control: `${stem}.sock` })}\n` },
  };
}

/**
 * The control socket of a daemon of a running lab, for a controller to send updates to
 * (services/daemon-channel.ts); `stateDir` is the lab's state directory.
 */
export function daemonControlSocket(stateDir: string, place: DaemonPlace): string {
  return `${stateDir.replace(/\/$/, '')}/${CONFIG_FILE_DIR}/${daemonFileStem(place)}.sock`;
}

/** The configuration file of a daemon of a running lab. */
export function daemonConfigFile(stateDir: string, place: DaemonPlace): string {
  return `${stateDir.replace(/\/$/, '')}/${CONFIG_FILE_DIR}/${daemonFileStem(place)}.json`;
}

/** The default runtime: `node` from PATH and the daemons compiled next to this module. */
export function defaultDaemonRuntime(): DaemonRuntime {
  return { node: 'node', daemonDir: new URL('../services/', import.meta.url).pathname };
}

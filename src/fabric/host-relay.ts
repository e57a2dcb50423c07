/**
 * The host side of the relay: a TCP listener on 127.0.0.1 per public `address:port` of the
 * lab, in the host's own namespace, that passes each connection to the relay forwarder inside
 * the internet namespace through its unix socket. A user's browser or curl on the host reaches
 * the lab's public addresses this way without the host getting a route or a firewall rule:
 * the only thing shared is a socket file.
 *
 * Under load: listeners take a backlog of 4096, the `CONNECT` line is written with the unix
 * connect (no extra round trip), and a unix connect that finds the forwarder's backlog full
 * (EAGAIN: a burst faster than its accept loop) is retried with a short backoff instead of
 * closing the user's connection.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { LabSpec } from '../dataplane/lab-spec.js';
import { defaultStateRoot, labStateDir } from '../dataplane/lab-state.js';
import { spliceSockets } from '../services/socket-splice.js';
import { daemonConfigFile, type RelayForwarderConfig } from './daemon-config.js';
import type { HostRelayPort } from './lab-files.js';
import type { RelayTarget } from './manifest.js';

/** Listen backlog of the 127.0.0.1 listeners (capped by the host's net.core.somaxconn). */
const LISTEN_BACKLOG = 4096;
/** Retries of a unix connect that got EAGAIN, the n-th after n ms (about 0.8 s in all). */
const EAGAIN_RETRIES = 40;

/** Running host relays. */
export interface HostRelay {
  ports: HostRelayPort[];
  /**
   * Makes the listeners match `targets`: opens one for each new target (an ephemeral port) and
   * closes those of targets gone. The forwarder must allow the new targets too (its control
   * socket, `add-targets`); a controller updates both.
   */
  setTargets(targets: readonly RelayTarget[]): Promise<HostRelayPort[]>;
  close(): Promise<void>;
}

/**
 * The forwarder's socket and targets, from the configuration file the applier wrote for it in
 * the lab's state directory (undefined when the lab has no forwarder or it is not up).
 */
export async function readRelayConfig(spec: LabSpec, stateRoot = defaultStateRoot()): Promise<RelayForwarderConfig | undefined> {
  const proc = spec.processes?.find((p) => p.role === 'relay-forwarder');
  if (!proc?.configFile) return undefined;
  try {
    return JSON.parse(await readFile(daemonConfigFile(labStateDir(spec.lab, stateRoot), { namespace: proc.namespace, role: proc.role }), 'utf8')) as RelayForwarderConfig;
  } catch {
    return undefined;
  }
}

/** Passes one accepted connection to the forwarder, retrying while its backlog is full. */
function relayConnection(client: Socket, socketPath: string, target: RelayTarget, open: Set<Socket>): void {
  open.add(client);
  client.pause();
  client.on('error', () => client.destroy());
  client.once('close', () => open.delete(client));
  const header = `CONNECT ${target.address} ${target.port}\n`;
  const attempt = (n: number): void => {
    if (client.destroyed) return;
    const upstream = connect(socketPath);
    upstream.write(header);
    const onError = (err: NodeJS.ErrnoException): void => {
      upstream.destroy();
      if (err.code === 'EAGAIN' && n < EAGAIN_RETRIES) setTimeout(() => attempt(n + 1), n + 1);
      else client.destroy();
    };
    upstream.once('error', onError);
    upstream.once('connect', () => {
      upstream.off('error', onError);
      open.add(upstream);
      upstream.once('close', () => open.delete(upstream));
      spliceSockets(client, upstream);
    });
  };
  attempt(0);
}

/** Starts one 127.0.0.1 listener per target (an ephemeral port each, or `basePort + i` when given). */
export async function startHostRelay(socketPath: string, targets: readonly RelayTarget[], basePort?: number): Promise<HostRelay> {
  const listeners = new Map<string, { server: Server; port: HostRelayPort }>();
  const open = new Set<Socket>();
  const keyOf = (t: RelayTarget): string => `${t.address}:${t.port}`;

  const listen = async (target: RelayTarget, port: number): Promise<void> => {
    const server = createServer({ noDelay: true }, (client) => relayConnection(client, socketPath, target, open));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port, host: '127.0.0.1', backlog: LISTEN_BACKLOG }, () => resolve());
    });
    const address = server.address();
    const localPort = typeof address === 'object' && address ? address.port : 0;
    listeners.set(keyOf(target), { server, port: { localPort, address: target.address, port: target.port, description: target.description } });
  };
  const closeServer = (server: Server): Promise<void> => new Promise<void>((resolve) => server.close(() => resolve()));
  const ports = (): HostRelayPort[] => [...listeners.values()].map((l) => l.port);

  try {
    for (const [i, target] of targets.entries()) await listen(target, basePort !== undefined ? basePort + i : 0);
  } catch (err) {
    await Promise.all([...listeners.values()].map((l) => closeServer(l.server)));
    throw err;
  }
  const relay: HostRelay = {
    ports: ports(),
    setTargets: async (next) => {
      const wanted = new Set(next.map(keyOf));
      for (const [key, l] of listeners) {
        if (wanted.has(key)) continue;
        listeners.delete(key);
        l.server.close(); // connections already relayed run on
      }
      for (const target of next) if (!listeners.has(keyOf(target))) await listen(target, 0);
      relay.ports = ports();
      return relay.ports;
    },
    close: async () => {
      open.forEach((s) => s.destroy());
      await Promise.all([...listeners.values()].map((l) => closeServer(l.server)));
    },
  };
  return relay;
}

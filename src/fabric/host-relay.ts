/**
 * The host side of the relay: a TCP listener on 127.0.0.1 per public `address:port` of the
 * lab, in the host's own namespace, that passes each connection to the relay forwarder inside
 * the internet namespace through its unix socket. A user's browser or curl on the host reaches
 * the lab's public addresses this way without the host getting a route or a firewall rule:
 * the only thing shared is a socket file.
 *
 * @module
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { LabSpec } from '../dataplane/lab-spec.js';
import type { RelayForwarderConfig } from './daemon-config.js';
import type { HostRelayPort } from './lab-files.js';
import type { RelayTarget } from './manifest.js';

/** Running host relays. */
export interface HostRelay {
  ports: HostRelayPort[];
  close(): Promise<void>;
}

/** The forwarder's socket and targets, read from the lab spec (what a supervisor has at hand). */
export function relayConfigOf(spec: LabSpec): RelayForwarderConfig | undefined {
  const proc = spec.processes?.find((p) => p.role === 'relay-forwarder');
  const raw = proc?.argv[proc.argv.length - 1];
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as RelayForwarderConfig;
  } catch {
    return undefined;
  }
}

/** Starts one 127.0.0.1 listener per target (an ephemeral port each, or `basePort + i` when given). */
export async function startHostRelay(socketPath: string, targets: readonly RelayTarget[], basePort?: number): Promise<HostRelay> {
  const servers: Server[] = [];
  const open = new Set<Socket>();
  const ports: HostRelayPort[] = [];
  try {
    for (const [i, target] of targets.entries()) {
      const server = createServer((client) => {
        open.add(client);
        client.on('close', () => open.delete(client));
        client.on('error', () => undefined);
        client.pause();
        const upstream = connect(socketPath);
        open.add(upstream);
        upstream.on('close', () => {
          open.delete(upstream);
          client.destroy();
        });
        upstream.on('error', () => client.destroy());
        client.on('close', () => upstream.destroy());
        upstream.on('connect', () => {
          upstream.write(`CONNECT ${target.address} ${target.port}\n`);
          client.pipe(upstream);
          upstream.pipe(client);
          client.resume();
        });
      });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(basePort !== undefined ? basePort + i : 0, '127.0.0.1', () => resolve());
      });
      servers.push(server);
      const address = server.address();
      const localPort = typeof address === 'object' && address ? address.port : 0;
      ports.push({ localPort, address: target.address, port: target.port, description: target.description });
    }
  } catch (err) {
    servers.forEach((s) => s.close());
    throw err;
  }
  return {
    ports,
    close: async () => {
      open.forEach((s) => s.destroy());
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}

/**
 * The internet side of the host relay. The host side (in the host's own namespace, listening
 * on 127.0.0.1) connects to this daemon's unix socket — a file, so reachable across network
 * namespaces without any route — and sends one line, `CONNECT <address> <port>\n`; the
 * forwarder opens that connection from the internet user's address and joins the two. Only
 * the targets allowed are forwarded; the set changes at run time through the control socket
 * (`set-targets`, `add-targets`, `remove-targets`) as tasks and load balancers come and go.
 *
 * The relay socket listens with a deep backlog (4096, the namespace's somaxconn): a burst of a
 * thousand connections arrives faster than one event-loop turn accepts them, and a full unix
 * backlog makes the host side's connect fail with EAGAIN.
 *
 * Handover mode (started by the host relay with a Node IPC channel, see
 * ../fabric/relay-handover.ts): no unix socket at all. The host relay opens each 127.0.0.1
 * listener in the host's namespace and hands the listening socket itself over the channel;
 * this process, inside the internet namespace, accepts on it and dials the target, so a
 * connection costs one process and two sockets instead of three processes and four sockets.
 * The host's routes and firewall are untouched: a socket keeps the namespace it was made in.
 *
 * Run as `node relay-forwarder.js <RelayForwarderConfig file>`.
 *
 * @module
 */
import { chmodSync, rmSync } from 'node:fs';
import { connect, createServer, Server, type Socket } from 'node:net';
import type { ListenAddress, RelayForwarderConfig } from '../fabric/daemon-config.js';
import type { DaemonUpdate } from './daemon-protocol.js';
import { exitOnSignal, log, readConfig, serveDaemonControl } from './daemon-support.js';
import { spliceSockets } from './socket-splice.js';

const HEADER_LIMIT = 256;
/** Listen backlog of the relay socket (the kernel caps it at net.core.somaxconn). */
export const RELAY_BACKLOG = 4096;
const CONNECT_LINE = /^CONNECT (\d{1,3}(?:\.\d{1,3}){3}) (\d{1,5})$/;

const key = (t: ListenAddress): string => `${t.address} ${t.port}`;

/** Applies a target update to the allowed set; false when it is not a relay update. */
function applyUpdate(allowed: Set<string>, update: DaemonUpdate): boolean {
  switch (update.op) {
    case 'set-targets':
      allowed.clear();
      update.targets.forEach((t) => allowed.add(key(t)));
      return true;
    case 'add-targets':
      update.targets.forEach((t) => allowed.add(key(t)));
      return true;
    case 'remove-targets':
      update.targets.forEach((t) => allowed.delete(key(t)));
      return true;
    default:
      return false;
  }
}

/** Reads the CONNECT line of one relayed connection, then dials the target and joins them. */
function forward(client: Socket, allowed: ReadonlySet<string>, source: string): void {
  let header = '';
  client.on('error', () => client.destroy());
  const onData = (chunk: Buffer): void => {
    header += chunk.toString('latin1');
    const newline = header.indexOf('\n');
    if (newline < 0) {
      if (header.length > HEADER_LIMIT) client.destroy();
      return;
    }
    client.off('data', onData);
    client.pause();
    const m = CONNECT_LINE.exec(header.slice(0, newline).trim());
    const rest = header.length > newline + 1 ? Buffer.from(header.slice(newline + 1), 'latin1') : undefined;
    if (!m || !allowed.has(`${m[1]} ${m[2]}`)) {
      client.end('ERR not a relay target\n');
      return;
    }
    const upstream = connect({ host: m[1] as string, port: Number(m[2]), localAddress: source, noDelay: true });
    upstream.once('connect', () => {
      if (rest) upstream.write(rest);
      spliceSockets(client, upstream);
    });
    upstream.once('error', () => client.destroy());
    client.once('close', () => upstream.destroy());
  };
  client.on('data', onData);
}

/** Messages of the handover channel, host relay → forwarder. */
export type HandoverMessage = { type: 'listen'; key: string; address: string; port: number } | { type: 'unlisten'; key: string };

/** Dials `address:port` from `source` for one accepted connection and joins the two. */
function dial(client: Socket, address: string, port: number, source: string): void {
  client.pause();
  client.on('error', () => client.destroy());
  const upstream = connect({ host: address, port, localAddress: source, noDelay: true });
  upstream.once('connect', () => spliceSockets(client, upstream));
  upstream.once('error', () => client.destroy());
  client.once('close', () => upstream.destroy());
}

/** Handover mode: accept on the listeners the host relay hands over; exit when it goes away. */
function serveHandover(config: RelayForwarderConfig): void {
  const listeners = new Map<string, Server>();
  process.on('message', (message: HandoverMessage, handle: unknown) => {
    if (message.type === 'listen' && handle instanceof Server) {
      const server = handle;
      server.on('connection', (client: Socket) => dial(client, message.address, message.port, config.source));
      server.on('error', (err) => log('relay-forwarder', `${message.key}: ${err.message}`));
      listeners.set(message.key, server);
      process.send?.({ type: 'listening', key: message.key });
    } else if (message.type === 'unlisten') {
      listeners.get(message.key)?.close();
      listeners.delete(message.key);
      process.send?.({ type: 'unlistened', key: message.key });
    }
  });
  process.on('disconnect', () => process.exit(0));
  exitOnSignal(() => listeners.forEach((l) => l.close()));
  log('relay-forwarder', `handover mode: accepting on the host relay's listeners, dialing from ${config.source}`);
}

async function main(): Promise<void> {
  const loaded = readConfig<RelayForwarderConfig>();
  const config = loaded.config;
  if (process.send !== undefined) {
    serveHandover(config);
    return;
  }
  const allowed = new Set(config.targets.map(key));
  let version = 0;
  rmSync(config.socket, { force: true });
  const server = createServer((client) => forward(client, allowed, config.source));
  server.on('error', (err) => {
    log('relay-forwarder', `${config.socket}: ${err.message}`);
    process.exit(1);
  });
  await new Promise<void>((resolve) => server.listen({ path: config.socket, backlog: RELAY_BACKLOG }, resolve));
  chmodSync(config.socket, 0o600);
  const control = await serveDaemonControl(loaded, {
    status: () => ({ daemon: 'relay-forwarder', label: `relay from ${config.source}`, version, targets: allowed.size }),
    apply: (update) => {
      if (!applyUpdate(allowed, update)) return false;
      version++;
      return true;
    },
  });
  log('relay-forwarder', `${allowed.size} target(s) through ${config.socket}, from ${config.source}${control ? `; control ${control.socket}` : ''}`);
  exitOnSignal(() => {
    control?.close();
    server.close();
    rmSync(config.socket, { force: true });
  });
}

main().catch((err: Error) => {
  log('relay-forwarder', err.message);
  process.exit(1);
});

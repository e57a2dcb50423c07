/**
 * The internet side of the host relay. The host side (in the host's own namespace, listening
 * on 127.0.0.1) connects to this daemon's unix socket — a file, so reachable across network
 * namespaces without any route — and sends one line, `CONNECT <address> <port>\n`; the
 * forwarder opens that connection from the internet user's address and pipes both ways. Only
 * the targets in its configuration are allowed.
 *
 * Run as `node relay-forwarder.js '<RelayForwarderConfig JSON>'`.
 *
 * @module
 */
import { chmodSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import type { RelayForwarderConfig } from '../fabric/daemon-config.js';
import { exitOnSignal, log, readConfig } from './daemon-support.js';

const HEADER_LIMIT = 256;

function main(): void {
  const config = readConfig<RelayForwarderConfig>();
  const allowed = new Set(config.targets.map((t) => `${t.address} ${t.port}`));
  rmSync(config.socket, { force: true });
  const server = createServer((client) => {
    let header = '';
    client.on('error', () => undefined);
    const onData = (chunk: Buffer): void => {
      header += chunk.toString('latin1');
      const newline = header.indexOf('\n');
      if (newline < 0) {
        if (header.length > HEADER_LIMIT) client.destroy();
        return;
      }
      client.off('data', onData);
      client.pause();
      const line = header.slice(0, newline).trim();
      const rest = Buffer.from(header.slice(newline + 1), 'latin1');
      const m = /^CONNECT (\d{1,3}(?:\.\d{1,3}){3}) (\d{1,5})$/.exec(line);
      if (!m || !allowed.has(`${m[1]} ${m[2]}`)) {
        client.end('ERR not a relay target\n');
        return;
      }
      const upstream = connect({ host: m[1] as string, port: Number(m[2]), localAddress: config.source });
      upstream.on('connect', () => {
        if (rest.length > 0) upstream.write(rest);
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    };
    client.on('data', onData);
  });
  server.on('error', (err) => {
    log('relay-forwarder', `${config.socket}: ${err.message}`);
    process.exit(1);
  });
  server.listen(config.socket, () => chmodSync(config.socket, 0o600));
  log('relay-forwarder', `${config.targets.length} target(s) through ${config.socket}, from ${config.source}`);
  exitOnSignal(() => {
    server.close();
    rmSync(config.socket, { force: true });
  });
}

main();

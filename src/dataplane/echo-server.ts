/**
 * A tiny TCP and UDP echo server to run as a lab process, so probes and tests have something
 * real to reach. It echoes what it receives, except the message `whoami`, which it answers
 * with the address and port it sees the sender at (what NAT tests need: does the internet see
 * the Elastic IP?). It runs as `node -e`, with no file to install.
 *
 * @module
 */

/** Ports to serve. */
export interface EchoPorts {
  tcp?: number[];
  udp?: number[];
}

const ECHO_SCRIPT = `
const net = require('node:net');
const dgram = require('node:dgram');
const ports = JSON.parse(process.argv[1]);
const who = (address, port) => (address.startsWith('::ffff:') ? address.slice(7) : address) + ':' + port + '\\n';
for (const port of ports.tcp || []) {
  const server = net.createServer((sock) => {
    sock.on('error', () => {});
    sock.on('data', (d) => {
      if (d.toString('utf8').trim() === 'whoami') sock.end(who(sock.remoteAddress, sock.remotePort));
      else sock.write(d);
    });
  });
  // Dual-stack first; IPv4 only where the namespace has IPv6 disabled.
  server.once('error', () => server.listen({ port, host: '0.0.0.0' }));
  server.listen({ port, host: '::', ipv6Only: false });
}
const udp = (port, type, host) => {
  const s = dgram.createSocket({ type, ipv6Only: false });
  s.on('message', (m, r) => s.send(m.toString('utf8').trim() === 'whoami' ? who(r.address, r.port) : m, r.port, r.address));
  s.once('error', () => { s.close(); if (type === 'udp6') udp(port, 'udp4', '0.0.0.0'); });
  s.bind(port, host, () => s.on('error', () => {}));
};
for (const port of ports.udp || []) udp(port, 'udp6', '::');
process.on('SIGTERM', () => process.exit(0));
`;

/** argv of an echo server on the given ports, for a process of a lab spec. */
export function echoServerArgv(ports: EchoPorts): string[] {
  return [process.execPath, '-e', ECHO_SCRIPT, JSON.stringify(ports)];
}

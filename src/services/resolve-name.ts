/**
 * A one-shot DNS lookup from inside a lab namespace: `node resolve-name.js <server> <name>
 * [type]` asks `server` over UDP (retrying once) and prints `{ rcode, answers }` as JSON. The
 * lab's namespaces have no resolv.conf of their own (that would mean writing under /etc), so
 * probes and tests ask the VPC resolver by address with this.
 *
 * @module
 */
import { createSocket } from 'node:dgram';
import * as dnsPacket from 'dns-packet';
import type { RecordType } from 'dns-packet';
import { rcodeOf, tryDecode } from './dns-messages.js';

const RCODE_NAMES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'];

function main(): void {
  const [server, name, type = 'A'] = process.argv.slice(2);
  if (server === undefined || name === undefined) {
    process.stderr.write('usage: node resolve-name.js <server> <name> [type]\n');
    process.exit(2);
  }
  const socket = createSocket('udp4');
  const id = Math.floor(Math.random() * 0xffff);
  const query = dnsPacket.encode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: type as RecordType, name, class: 'IN' }] });
  let tries = 0;
  const send = (): void => {
    tries++;
    socket.send(query, 53, server);
  };
  const timer = setInterval(() => {
    if (tries >= 2) {
      process.stdout.write(`${JSON.stringify({ rcode: 'TIMEOUT', answers: [] })}\n`);
      process.exit(1);
    }
    send();
  }, 1000);
  socket.on('message', (message) => {
    const packet = tryDecode(message);
    if (!packet || packet.id !== id) return;
    clearInterval(timer);
    const answers = (packet.answers ?? []).map((a) => ({ name: a.name, type: a.type, ttl: 'ttl' in a ? a.ttl : undefined, data: 'data' in a ? a.data : undefined }));
    process.stdout.write(`${JSON.stringify({ rcode: RCODE_NAMES[rcodeOf(packet)] ?? String(rcodeOf(packet)), answers })}\n`);
    process.exit(0);
  });
  socket.on('error', (err) => {
    process.stdout.write(`${JSON.stringify({ rcode: 'ERROR', error: err.message, answers: [] })}\n`);
    process.exit(1);
  });
  send();
}

main();

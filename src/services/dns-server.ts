/**
 * The lab's DNS server, over UDP and TCP: the Amazon-provided resolver of a VPC (at base + 2
 * and 169.254.169.253 in the VPC router) and the internet's public DNS are this program with
 * different data (see ../dns-zone.ts). Names the data does not hold are forwarded upstream
 * when there is one, and a CNAME leaving the data is followed there too, so an alias to a
 * public name resolves in one answer. Its data changes while it runs through its control
 * socket (replace the zone, upsert or remove records: Cloud Map registrations), applied
 * between two queries, so the next query sees the change.
 *
 * Run as `node dns-server.js <DnsServerConfig file>`.
 *
 * @module
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import * as dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket, RecordType } from 'dns-packet';
import type { DnsServerConfig, ListenAddress } from '../fabric/daemon-config.js';
import { DnsZone, type DnsRecordType } from '../fabric/dns-zone.js';
import type { DaemonUpdate } from './daemon-protocol.js';
import { exitOnSignal, log, readConfig, serveDaemonControl } from './daemon-support.js';
import { encodeResponse, RCODE, rcodeOf, toAnswer, tryDecode } from './dns-messages.js';

const UPSTREAM_TIMEOUT_MS = 2000;

/** Forwards queries to one upstream server over UDP, matching answers by a fresh id. */
class Upstream {
  private readonly socket: Socket = createSocket('udp4');
  private readonly pending = new Map<number, (packet: DecodedPacket | undefined) => void>();
  private nextId = Math.floor(Math.random() * 0xffff);

  constructor(private readonly server: ListenAddress) {
    this.socket.on('message', (message) => {
      const packet = tryDecode(message);
      const done = packet?.id !== undefined ? this.pending.get(packet.id) : undefined;
      if (packet?.id !== undefined && done) {
        this.pending.delete(packet.id);
        done(packet);
      }
    });
    this.socket.on('error', () => undefined);
    this.socket.unref();
  }

  /** The upstream's answer to `name`/`type`, or undefined on timeout. */
  ask(name: string, type: RecordType, recursionDesired: boolean): Promise<DecodedPacket | undefined> {
    const id = (this.nextId = (this.nextId + 1) & 0xffff);
    const query = dnsPacket.encode({ type: 'query', id, flags: recursionDesired ? dnsPacket.RECURSION_DESIRED : 0, questions: [{ type, name, class: 'IN' }] });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(undefined);
      }, UPSTREAM_TIMEOUT_MS);
      this.pending.set(id, (packet) => {
        clearTimeout(timer);
        resolve(packet);
      });
      this.socket.send(query, this.server.port, this.server.address);
    });
  }

  close(): void {
    this.socket.close();
  }
}

/** Answers one query message; undefined when it is not worth an answer (not DNS, or a response). */
async function respond(zoneNow: () => DnsZone, upstream: Upstream | undefined, message: Buffer): Promise<Buffer | undefined> {
  const query = tryDecode(message);
  if (!query || query.type === 'response') return undefined;
  const question = query.questions?.[0];
  if (!question) return encodeResponse(query, RCODE.formErr, [], false);
  const result = zoneNow().answer(question.name, question.type as DnsRecordType);
  switch (result.kind) {
    case 'answer': {
      const answers = result.records.map(toAnswer).filter((a): a is Answer => a !== undefined);
      const last = result.records[result.records.length - 1];
      if (upstream && last?.type === 'CNAME' && question.type !== 'CNAME') {
        const followed = await upstream.ask(last.value, question.type, true);
        if (followed) answers.push(...(followed.answers ?? []));
      }
      return encodeResponse(query, RCODE.noError, answers, true);
    }
    case 'nxdomain':
      return encodeResponse(query, RCODE.nxDomain, [], true);
    case 'nodata':
      return encodeResponse(query, RCODE.noError, [], true);
    case 'forward': {
      if (!upstream) return encodeResponse(query, RCODE.refused, [], false);
      const answer = await upstream.ask(question.name, question.type, query.flag_rd);
      if (!answer) return encodeResponse(query, RCODE.servFail, [], false);
      return encodeResponse(query, rcodeOf(answer), answer.answers ?? [], false);
    }
  }
}

/** Applies a control update to the zone; false when it is not a DNS update. */
function applyUpdate(zone: DnsZone, update: DaemonUpdate): DnsZone | false {
  switch (update.op) {
    case 'replace-zone':
      return new DnsZone(update.zone);
    case 'upsert-records':
      zone.upsert(update.records);
      return zone;
    case 'remove-records':
      zone.remove(update.records);
      return zone;
    default:
      return false;
  }
}

async function main(): Promise<void> {
  const loaded = readConfig<DnsServerConfig>();
  const config = loaded.config;
  const loadStart = performance.now();
  let zone = new DnsZone(config.zone);
  const loadMs = performance.now() - loadStart;
  let version = 0;
  const zoneNow = (): DnsZone => zone;
  const upstream = config.upstream ? new Upstream(config.upstream) : undefined;
  const sockets: Socket[] = [];
  const servers: Server[] = [];

  for (const listen of config.listen) {
    const udp = createSocket('udp4');
    udp.on('message', (message: Buffer, peer: RemoteInfo) => {
      void respond(zoneNow, upstream, message).then((reply) => {
        if (reply) udp.send(reply, peer.port, peer.address);
      });
    });
    udp.on('error', (err) => {
      log('dns-server', `${listen.address}:${listen.port}/udp: ${err.message}`);
      process.exit(1);
    });
    udp.bind(listen.port, listen.address);
    sockets.push(udp);

    // TCP: messages framed by a two-byte length (RFC 1035 §4.2.2).
    const tcp = createServer((conn) => {
      let buffered = Buffer.alloc(0);
      conn.on('error', () => undefined);
      conn.on('data', (chunk: Buffer) => {
        buffered = Buffer.concat([buffered, chunk]);
        while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
          const length = buffered.readUInt16BE(0);
          const message = buffered.subarray(2, 2 + length);
          buffered = buffered.subarray(2 + length);
          void respond(zoneNow, upstream, Buffer.from(message)).then((reply) => {
            if (!reply || conn.destroyed) return;
            const framed = Buffer.alloc(2 + reply.length);
            framed.writeUInt16BE(reply.length, 0);
            reply.copy(framed, 2);
            conn.write(framed);
          });
        }
      });
    });
    tcp.on('error', (err) => {
      log('dns-server', `${listen.address}:${listen.port}/tcp: ${err.message}`);
      process.exit(1);
    });
    tcp.listen(listen.port, listen.address);
    servers.push(tcp);
  }
  const control = await serveDaemonControl(loaded, {
    status: () => ({ daemon: 'dns-server', label: config.label, version, records: zone.size }),
    apply: (update) => {
      const next = applyUpdate(zone, update);
      if (next === false) return false;
      zone = next;
      version++;
      return true;
    },
  });
  log(
    'dns-server',
    `${config.label} on ${config.listen.map((l) => `${l.address}:${l.port}`).join(', ')}${config.upstream ? `, forwarding to ${config.upstream.address}:${config.upstream.port}` : ''}; ${zone.size} records loaded in ${loadMs.toFixed(1)} ms${control ? `; control ${control.socket}` : ''}`,
  );
  exitOnSignal(() => {
    control?.close();
    sockets.forEach((s) => s.close());
    servers.forEach((s) => s.close());
    upstream?.close();
  });
}

main().catch((err: Error) => {
  log('dns-server', err.message);
  process.exit(1);
});

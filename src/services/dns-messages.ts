/**
 * DNS wire messages for the lab's DNS daemon: turning a query and the zone's answer into a
 * response with dns-packet, and the few response codes the lab uses. Kept apart from the
 * sockets so a test can feed it bytes.
 *
 * @module
 */
import * as dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket, Packet } from 'dns-packet';
import type { DnsRecord } from '../fabric/dns-zone.js';

/** Response codes (RFC 1035 §4.1.1). */
export const RCODE = { noError: 0, formErr: 1, servFail: 2, nxDomain: 3, notImp: 4, refused: 5 } as const;

const QR = 1 << 15;

/** The flags of a response: QR, AA when authoritative, RD copied from the query, RA, and the response code. */
export function responseFlags(query: DecodedPacket | undefined, rcode: number, authoritative: boolean): number {
  const rd = query?.flag_rd ? dnsPacket.RECURSION_DESIRED : 0;
  return QR | (authoritative ? dnsPacket.AUTHORITATIVE_ANSWER : 0) | rd | dnsPacket.RECURSION_AVAILABLE | rcode;
}

/** The response code of a decoded packet (the low four bits of its flags). */
export function rcodeOf(packet: Packet): number {
  return (packet.flags ?? 0) & 0xf;
}

/** A zone record as a dns-packet answer, or undefined when its value cannot be encoded. */
export function toAnswer(record: DnsRecord): Answer | undefined {
  const base = { name: record.name, ttl: record.ttl, class: 'IN' as const };
  switch (record.type) {
    case 'A':
    case 'AAAA':
    case 'CNAME':
    case 'PTR':
      return { ...base, type: record.type, data: record.value };
    case 'TXT':
      return { ...base, type: 'TXT', data: record.value };
    case 'MX': {
      const [preference, exchange] = record.value.trim().split(/\s+/);
      if (exchange === undefined) return undefined;
      return { ...base, type: 'MX', data: { preference: Number(preference), exchange } };
    }
    case 'SRV': {
      const [priority, weight, port, target] = record.value.trim().split(/\s+/);
      if (target === undefined) return undefined;
      return { ...base, type: 'SRV', data: { priority: Number(priority), weight: Number(weight), port: Number(port), target } };
    }
  }
}

/** Encodes a response to `query` with the given answers and code. */
export function encodeResponse(query: DecodedPacket, rcode: number, answers: readonly Answer[], authoritative: boolean): Buffer {
  return dnsPacket.encode({
    type: 'response',
    id: query.id ?? 0,
    flags: responseFlags(query, rcode, authoritative),
    questions: query.questions ?? [],
    answers: [...answers],
  });
}

/** Decodes a message, or undefined when it is not DNS. */
export function tryDecode(buffer: Buffer): DecodedPacket | undefined {
  try {
    return dnsPacket.decode(buffer);
  } catch {
    return undefined;
  }
}

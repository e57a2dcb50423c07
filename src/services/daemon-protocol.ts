/**
 * The control protocol of the lab's daemons: how a controller changes a running daemon (the
 * VPC resolver's records, the relay forwarder's targets) without restarting it, which argv
 * could not do. One JSON request per line on the daemon's unix socket, one JSON reply per line,
 * in order. Every message carries the protocol version `v`, so a daemon from another build
 * refuses what it does not understand instead of guessing. Every applied change bumps the
 * daemon's `version`, which replies carry, so a controller can tell which state a daemon is in.
 * Pure: parsing and checking only; the sockets are in control-channel.ts and daemon-channel.ts.
 *
 * @module
 */
import type { ListenAddress } from '../fabric/daemon-config.js';
import type { DnsRecord, DnsRecordType, DnsZoneData } from '../fabric/dns-zone.js';

/** The protocol version this build speaks. */
export const DAEMON_PROTOCOL_VERSION = 1;

/** Longest request line a daemon reads (a 50,000-record zone is about 4 MB). */
export const MAX_REQUEST_BYTES = 64 * 1024 * 1024;

/** Selects records to remove: every record of `name`, or of `name` and `type`, or the one with `value` too. */
export interface RecordSelector {
  name: string;
  type?: DnsRecordType;
  value?: string;
}

/** A change or question for a daemon. */
export type DaemonUpdate =
  /** The daemon's kind, label, version and size; changes nothing. */
  | { op: 'status' }
  /** DNS: the whole zone data at once (the records, apexes and synthesized names). */
  | { op: 'replace-zone'; zone: DnsZoneData }
  /** DNS: each `name`+`type` given gets exactly the given records (an RRset replace, as Route 53 UPSERT). */
  | { op: 'upsert-records'; records: DnsRecord[] }
  /** DNS: removes the selected records (NXDOMAIN afterwards when the name has none left). */
  | { op: 'remove-records'; records: RecordSelector[] }
  /** Relay: the allowed targets become exactly these. */
  | { op: 'set-targets'; targets: ListenAddress[] }
  /** Relay: adds targets (new public listeners of tasks and load balancers). */
  | { op: 'add-targets'; targets: ListenAddress[] }
  /** Relay: removes targets; connections already open are left alone. */
  | { op: 'remove-targets'; targets: ListenAddress[] };

/** The operations, by name. */
export type DaemonOp = DaemonUpdate['op'];

/** A request as sent on the wire. */
export type DaemonRequest = DaemonUpdate & { v: number; id: number };

/** What a daemon says about itself. */
export interface DaemonStatus {
  /** `dns-server`, `relay-forwarder`, … */
  daemon: string;
  label: string;
  /** Bumped by every applied change; 0 is the configuration file as written. */
  version: number;
  /** DNS: records held (synthesized names not counted). */
  records?: number;
  /** Relay: targets allowed. */
  targets?: number;
}

/** Stable codes of refused requests. */
export type DaemonErrorCode = 'bad-json' | 'bad-request' | 'unsupported-version' | 'unsupported-op' | 'too-large' | 'failed';

/** A daemon's answer to one request. */
export type DaemonReply = { v: number; id: number; ok: true; status: DaemonStatus } | { v: number; id: number; ok: false; error: { code: DaemonErrorCode; message: string } };

const RECORD_TYPES = new Set<string>(['A', 'AAAA', 'CNAME', 'TXT', 'SRV', 'MX', 'PTR']);

/** A request line parsed and checked, or the error reply to send back. */
export function parseRequest(line: string): { request: DaemonRequest } | { error: DaemonReply } {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (err) {
    return { error: errorReply(0, 'bad-json', `not JSON: ${(err as Error).message}`) };
  }
  if (!isObject(raw)) return { error: errorReply(0, 'bad-request', 'a request is a JSON object') };
  const id = typeof raw.id === 'number' && Number.isInteger(raw.id) ? raw.id : 0;
  if (raw.v !== DAEMON_PROTOCOL_VERSION) return { error: errorReply(id, 'unsupported-version', `protocol version ${JSON.stringify(raw.v)} is not ${DAEMON_PROTOCOL_VERSION}`) };
  const problem = updateProblem(raw);
  if (problem) return { error: errorReply(id, problem.code, problem.message) };
  return { request: { ...(raw as DaemonUpdate), v: DAEMON_PROTOCOL_VERSION, id } };
}

/** An error reply. */
export function errorReply(id: number, code: DaemonErrorCode, message: string): DaemonReply {
  return { v: DAEMON_PROTOCOL_VERSION, id, ok: false, error: { code, message } };
}

/** A success reply. */
export function okReply(id: number, status: DaemonStatus): DaemonReply {
  return { v: DAEMON_PROTOCOL_VERSION, id, ok: true, status };
}

/** Serialises a message as one line. */
export function encodeMessage(message: DaemonRequest | DaemonReply): string {
  return `${JSON.stringify(message)}\n`;
}

function updateProblem(raw: Record<string, unknown>): { code: DaemonErrorCode; message: string } | undefined {
  const bad = (message: string): { code: DaemonErrorCode; message: string } => ({ code: 'bad-request', message });
  switch (raw.op) {
    case 'status':
      return undefined;
    case 'replace-zone': {
      const zone = raw.zone;
      if (!isObject(zone)) return bad('replace-zone needs "zone", an object');
      if (!Array.isArray(zone.authoritative) || !zone.authoritative.every((a) => typeof a === 'string')) return bad('zone.authoritative must be a list of names');
      if (!Array.isArray(zone.synthesized)) return bad('zone.synthesized must be a list');
      return recordsProblem(zone.records, 'zone.records');
    }
    case 'upsert-records':
      return recordsProblem(raw.records, 'records');
    case 'remove-records': {
      if (!Array.isArray(raw.records)) return bad('remove-records needs "records", a list of { name, type?, value? }');
      for (const [i, r] of raw.records.entries()) {
        if (!isObject(r) || typeof r.name !== 'string' || r.name === '') return bad(`records[${i}] needs a name`);
        if (r.type !== undefined && !RECORD_TYPES.has(String(r.type))) return bad(`records[${i}].type ${JSON.stringify(r.type)} is not one of ${[...RECORD_TYPES].join(', ')}`);
        if (r.value !== undefined && typeof r.value !== 'string') return bad(`records[${i}].value must be a string`);
      }
      return undefined;
    }
    case 'set-targets':
    case 'add-targets':
    case 'remove-targets': {
      if (!Array.isArray(raw.targets)) return bad(`${raw.op} needs "targets", a list of { address, port }`);
      for (const [i, t] of raw.targets.entries()) {
        if (!isObject(t) || typeof t.address !== 'string' || !/^\d{1,3}(\.\d{1,3}){3}$/.test(t.address)) return bad(`targets[${i}] needs an IPv4 address`);
        if (typeof t.port !== 'number' || !Number.isInteger(t.port) || t.port < 1 || t.port > 65535) return bad(`targets[${i}].port must be in 1..65535`);
      }
      return undefined;
    }
    default:
      return bad(`unknown op ${JSON.stringify(raw.op)}`);
  }
}

function recordsProblem(records: unknown, path: string): { code: DaemonErrorCode; message: string } | undefined {
  const bad = (message: string): { code: DaemonErrorCode; message: string } => ({ code: 'bad-request', message });
  if (!Array.isArray(records)) return bad(`${path} must be a list of { name, type, ttl, value }`);
  for (const [i, r] of records.entries()) {
    if (!isObject(r) || typeof r.name !== 'string' || r.name === '') return bad(`${path}[${i}] needs a name`);
    if (!RECORD_TYPES.has(String(r.type))) return bad(`${path}[${i}].type ${JSON.stringify(r.type)} is not one of ${[...RECORD_TYPES].join(', ')}`);
    if (typeof r.ttl !== 'number' || !Number.isInteger(r.ttl) || r.ttl < 0) return bad(`${path}[${i}].ttl must be a whole number of seconds`);
    if (typeof r.value !== 'string') return bad(`${path}[${i}].value must be a string`);
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

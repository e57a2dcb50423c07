/**
 * Real-packet reachability probes from inside a lab namespace: a TCP connect, a UDP datagram
 * that expects an echo, or an ICMP echo, each with a short timeout, answered as one of
 * `reached`, `refused`, `timed-out`, `no-route`. They run as a small Node script (or `ping`)
 * launched through `ip netns exec`, many targets in one process, so a test that checks fifty
 * paths pays for one process start, not fifty. A UDP probe to port 53 speaks DNS: a server
 * there ignores anything that is not a query, so the probe sends a real one and counts any DNS
 * response (whatever its response code) as reached.
 *
 * @module
 */
import * as dnsPacket from 'dns-packet';
import { SpawnCommandRunner, type CommandRunner } from './command-runner.js';
import { namespaceName } from './names.js';

/** The four answers a probe gives; they match `ecsnet probe --json`. */
export type ProbeResult = 'reached' | 'refused' | 'timed-out' | 'no-route';

/** Where to probe, and how. */
export interface ProbeTarget {
  proto: 'tcp' | 'udp' | 'icmp';
  address: string;
  /** Required for tcp and udp. */
  port?: number;
  /** @default 1000 */
  timeoutMs?: number;
  /**
   * Bytes to send: for udp the datagram (default `ecsnet-probe`); for tcp, written once connected,
   * and the answer is collected until the peer closes or the timeout (e.g. an HTTP request).
   * A udp probe to port 53 without `send` sends a DNS query instead (see {@link DNS_PROBE_NAME}).
   */
  send?: string;
}

/** What a DNS server answered a udp/53 probe. */
export interface DnsProbeAnswer {
  /** `NOERROR`, `NXDOMAIN`, `REFUSED`, … (any of them means a DNS server is there). */
  rcode: string;
  answers: number;
}

/** What a probe saw. */
export interface ProbeOutcome {
  result: ProbeResult;
  /** The errno or reason behind the result (`ECONNREFUSED`, `EHOSTUNREACH`, `no answer`). */
  detail: string;
  /** What the peer answered (udp always; tcp when `send` was given). */
  reply?: string;
  /** The DNS response of a udp/53 probe. */
  dns?: DnsProbeAnswer;
  elapsedMs: number;
}

/**
 * The name a udp/53 probe asks for: under `.invalid` (RFC 6761), so no real server has data for
 * it and every server answers at once (NXDOMAIN or REFUSED) without asking anyone else.
 */
export const DNS_PROBE_NAME = 'ecsnet-probe.invalid';

const RCODE_NAMES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'];

/** True when a probe must speak DNS: udp to port 53 with no payload of the caller's. */
export function speaksDns(target: ProbeTarget): boolean {
  return target.proto === 'udp' && target.port === 53 && target.send === undefined;
}

/** The query a udp/53 probe sends, with `id`. */
export function dnsProbeQuery(id: number): Buffer {
  return dnsPacket.encode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: 'A', name: DNS_PROBE_NAME, class: 'IN' }] });
}

/** The DNS answer in a udp/53 probe's reply, or undefined when the reply is not a response to query `id`. */
export function dnsProbeAnswer(reply: Buffer, id: number): DnsProbeAnswer | undefined {
  try {
    const packet = dnsPacket.decode(reply);
    if (packet.type !== 'response' || packet.id !== id) return undefined;
    const rcode = (packet.flags ?? 0) & 0xf;
    return { rcode: RCODE_NAMES[rcode] ?? `RCODE${rcode}`, answers: packet.answers?.length ?? 0 };
  } catch {
    return undefined;
  }
}

/**
 * How each socket error reads as a probe result. `EINVAL` is what a local `blackhole` route
 * returns; `EPERM` is a firewall drop on the prober's own output path, reported like any
 * silent drop, as a timeout.
 */
export const ERRNO_RESULTS: Readonly<Record<string, ProbeResult>> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'refused',
  EHOSTUNREACH: 'no-route',
  ENETUNREACH: 'no-route',
  EINVAL: 'no-route',
  EACCES: 'no-route',
  EADDRNOTAVAIL: 'no-route',
  EPERM: 'timed-out',
  ETIMEDOUT: 'timed-out',
};

/** The probe result of a socket error code; unknown codes count as no route. */
export function resultOfErrno(code: string | undefined): ProbeResult {
  return (code !== undefined ? ERRNO_RESULTS[code] : undefined) ?? 'no-route';
}

/**
 * The result of a `ping -c 1`: exit 0 is a reply; an ICMP unreachable or a local "Network is
 * unreachable" is no route; silence is a timeout.
 */
export function resultOfPing(exitCode: number, output: string): ProbeResult {
  if (exitCode === 0) return 'reached';
  if (/unreachable|Invalid argument|Operation not permitted|prohibited/i.test(output)) {
    return /Operation not permitted/i.test(output) ? 'timed-out' : 'no-route';
  }
  return 'timed-out';
}

// The script runs as CommonJS under `node -e`; it receives the targets as JSON in argv[1] and
// prints the outcomes as JSON. It is kept free of dependencies so it starts in ~40 ms.
const PROBE_SCRIPT = `
const net = require('node:net');
const dgram = require('node:dgram');
const { execFile } = require('node:child_process');
const ERRNO = ${JSON.stringify(ERRNO_RESULTS)};
const classify = (code) => ERRNO[code] || 'no-route';
const pingResult = ${resultOfPing.toString()};
const targets = JSON.parse(process.argv[1]);
function finish(start, res, result, detail, reply) {
  const out = { result, detail, elapsedMs: Date.now() - start };
  if (reply !== undefined) out.reply = reply;
  res(out);
}
function tcp(t) {
  return new Promise((res) => {
    const start = Date.now();
    let done = false, connected = false, reply = '';
    const end = (result, detail) => { if (done) return; done = true; clearTimeout(timer); sock.destroy(); finish(start, res, result, detail, t.send !== undefined && connected ? reply : undefined); };
    const timer = setTimeout(() => connected ? end('reached', 'connected') : end('timed-out', 'no answer'), t.timeoutMs);
    const sock = net.connect({ host: t.address, port: t.port });
    sock.on('connect', () => { connected = true; if (t.send === undefined) end('reached', 'connected'); else sock.write(t.send); });
    sock.on('data', (d) => { reply += d.toString('utf8'); });
    sock.on('end', () => end('reached', 'connected'));
    sock.on('error', (e) => connected ? end('reached', 'connected, then ' + e.code) : end(classify(e.code), e.code || String(e)));
  });
}
function udp(t) {
  return new Promise((res) => {
    const start = Date.now();
    let done = false;
    const sock = dgram.createSocket(t.address.includes(':') ? 'udp6' : 'udp4');
    const end = (result, detail, reply) => { if (done) return; done = true; clearTimeout(timer); try { sock.close(); } catch {} finish(start, res, result, detail, reply); };
    const timer = setTimeout(() => end('timed-out', 'no answer'), t.timeoutMs);
    sock.on('error', (e) => end(classify(e.code), e.code || String(e)));
    sock.on('message', (m) => end('reached', 'answered', t.sendBase64 !== undefined ? m.toString('base64') : m.toString('utf8')));
    sock.connect(t.port, t.address, (err) => {
      if (err) return end(classify(err.code), err.code);
      const payload = t.sendBase64 !== undefined ? Buffer.from(t.sendBase64, 'base64') : t.send === undefined ? 'ecsnet-probe' : t.send;
      sock.send(payload, (e) => { if (e) end(classify(e.code), e.code); });
    });
  });
}
function icmp(t) {
  return new Promise((res) => {
    const start = Date.now();
    const wait = Math.max(0.2, t.timeoutMs / 1000).toFixed(1);
    execFile('ping', ['-n', '-c', '1', '-W', wait, t.address], { timeout: t.timeoutMs + 2000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 2) : 0;
      const text = stdout + stderr;
      const result = pingResult(code, text);
      const line = text.split('\\n').find((l) => /unreachable|bytes from|Invalid|not permitted|prohibited/i.test(l));
      finish(start, res, result, line ? line.trim() : result === 'timed-out' ? 'no answer' : 'ping exit ' + code);
    });
  });
}
Promise.all(targets.map((t) => t.proto === 'tcp' ? tcp(t) : t.proto === 'udp' ? udp(t) : icmp(t)))
  .then((out) => process.stdout.write(JSON.stringify(out)));
`;

/** Options of {@link probe} and {@link probeMany}. */
export interface ProbeOptions {
  runner?: CommandRunner;
}

const defaultRunner = new SpawnCommandRunner();

/**
 * Probes several targets at once from namespace `from` (logical name) of `lab`; outcomes come
 * back in target order. All probes run concurrently, so the call takes about as long as the
 * slowest one (the timeout, when something is dropped).
 */
export async function probeMany(lab: string, from: string, targets: readonly ProbeTarget[], options: ProbeOptions = {}): Promise<ProbeOutcome[]> {
  if (targets.length === 0) return [];
  const normalized = targets.map((t) => {
    if (t.proto !== 'icmp' && (t.port === undefined || !Number.isInteger(t.port) || t.port < 1 || t.port > 65535)) {
      throw new Error(`a ${t.proto} probe to ${t.address} needs a port in 1..65535`);
    }
    return { ...t, timeoutMs: t.timeoutMs ?? 1000 };
  });
  const dnsIds = targets.map((t) => (speaksDns(t) ? Math.floor(Math.random() * 0xffff) : undefined));
  const wire = normalized.map((t, i) => {
    const id = dnsIds[i];
    return id === undefined ? t : { ...t, sendBase64: dnsProbeQuery(id).toString('base64') };
  });
  const longest = Math.max(...normalized.map((t) => t.timeoutMs));
  const runner = options.runner ?? defaultRunner;
  const result = await runner.run(['ip', 'netns', 'exec', namespaceName(lab, from), process.execPath, '-e', PROBE_SCRIPT, JSON.stringify(wire)], {
    timeoutMs: longest + 10_000,
  });
  const outcomes = JSON.parse(result.stdout) as ProbeOutcome[];
  return outcomes.map((outcome, i) => {
    const id = dnsIds[i];
    if (id === undefined || outcome.reply === undefined) return outcome;
    const dns = dnsProbeAnswer(Buffer.from(outcome.reply, 'base64'), id);
    const rest: ProbeOutcome = { result: outcome.result, detail: outcome.detail, elapsedMs: outcome.elapsedMs };
    if (!dns) return { ...rest, detail: 'answered, but not with a DNS response to the query' };
    return { ...rest, detail: `DNS answered ${dns.rcode}`, dns };
  });
}

/** Probes one target from namespace `from` of `lab`. */
export async function probe(lab: string, from: string, target: ProbeTarget, options: ProbeOptions = {}): Promise<ProbeOutcome> {
  const [outcome] = await probeMany(lab, from, [target], options);
  return outcome as ProbeOutcome;
}

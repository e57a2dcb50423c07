/**
 * A DNS client that stays running inside a lab namespace, so tests and benchmarks can time a
 * DNS change without paying for a process start per query. One command per stdin line, one
 * JSON line per command on stdout:
 *
 * - `ask <server> <name> <type>`: one query (1 s timeout) → `{ rcode, answers, ms }`
 * - `poll <server> <name> <type> present|absent <timeoutMs>`: queries back to back until the
 *   name has an answer (or has none) → `{ rcode, answers, ms, queries }`, `rcode: 'TIMEOUT'`
 *   when the deadline passes first.
 */
import { createSocket } from 'node:dgram';
import { createInterface } from 'node:readline';
import * as dnsPacket from 'dns-packet';
import type { RecordType } from 'dns-packet';

const RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'];
const socket = createSocket('udp4');
const waiting = new Map<number, (reply: { rcode: string; answers: string[] } | undefined) => void>();
let nextId = 1;

socket.on('message', (message) => {
  try {
    const packet = dnsPacket.decode(message);
    const done = waiting.get(packet.id ?? -1);
    if (!done) return;
    waiting.delete(packet.id ?? -1);
    const rcode = (packet.flags ?? 0) & 0xf;
    done({ rcode: RCODES[rcode] ?? String(rcode), answers: (packet.answers ?? []).map((a) => String('data' in a ? a.data : '')) });
  } catch {
    // not DNS
  }
});

function ask(server: string, name: string, type: string, timeoutMs = 1000): Promise<{ rcode: string; answers: string[] } | undefined> {
  const id = (nextId = (nextId % 0xfffe) + 1);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      waiting.delete(id);
      resolve(undefined);
    }, timeoutMs);
    waiting.set(id, (reply) => {
      clearTimeout(timer);
      resolve(reply);
    });
    socket.send(dnsPacket.encode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: type as RecordType, name, class: 'IN' }] }), 53, server);
  });
}

async function run(line: string): Promise<object> {
  const [command, server = '', name = '', type = 'A', until = 'present', timeout = '2000'] = line.trim().split(/\s+/);
  const start = performance.now();
  if (command === 'ask') {
    const reply = await ask(server, name, type);
    return { ...(reply ?? { rcode: 'TIMEOUT', answers: [] }), ms: performance.now() - start };
  }
  if (command === 'poll') {
    const deadline = start + Number(timeout);
    let queries = 0;
    while (performance.now() < deadline) {
      queries++;
      // Short waits: a server not listening yet drops the query silently (no ICMP error reaches an unconnected socket).
      const reply = await ask(server, name, type, Math.max(1, Math.min(100, deadline - performance.now())));
      if (reply && (until === 'present') === reply.answers.length > 0) return { ...reply, ms: performance.now() - start, queries };
    }
    return { rcode: 'TIMEOUT', answers: [], ms: performance.now() - start, queries };
  }
  return { rcode: 'ERROR', answers: [], error: `unknown command ${command}` };
}

let queue = Promise.resolve();
createInterface({ input: process.stdin }).on('line', (line) => {
  queue = queue.then(async () => {
    process.stdout.write(`${JSON.stringify(await run(line))}\n`);
  });
});
process.stdin.on('end', () => void queue.then(() => process.exit(0)));

/**
 * Starts dns-querier-main.js inside a lab namespace and talks to it: `ask` for one answer,
 * `poll` for the time until a change shows. The querier is a child of the caller; `close` ends
 * it (it also ends when the caller's stdin pipe closes).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** What the querier answered. */
export interface QuerierAnswer {
  rcode: string;
  answers: string[];
  ms: number;
  queries?: number;
}

/** A running querier. */
export interface DnsQuerier {
  ask(server: string, name: string, type?: string): Promise<QuerierAnswer>;
  poll(server: string, name: string, type: string, until: 'present' | 'absent', timeoutMs: number): Promise<QuerierAnswer>;
  close(): void;
}

/** A querier in the named network namespace (the full `ip netns` name). */
export function startDnsQuerier(netns: string): DnsQuerier {
  const main = fileURLToPath(new URL('./dns-querier-main.js', import.meta.url));
  const child: ChildProcessWithoutNullStreams = spawn('ip', ['netns', 'exec', netns, process.execPath, main]);
  const replies: ((answer: QuerierAnswer) => void)[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => replies.shift()?.(JSON.parse(line) as QuerierAnswer));
  child.stderr.resume();
  const send = (line: string): Promise<QuerierAnswer> =>
    new Promise((resolve) => {
      replies.push(resolve);
      child.stdin.write(`${line}\n`);
    });
  return {
    ask: (server, name, type = 'A') => send(`ask ${server} ${name} ${type}`),
    poll: (server, name, type, until, timeoutMs) => send(`poll ${server} ${name} ${type} ${until} ${timeoutMs}`),
    close: () => {
      child.stdin.end();
      child.kill();
    },
  };
}

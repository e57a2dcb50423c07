/**
 * Connection rate through the host relay against the same load connecting directly to the
 * lab's echo server from inside the lab's internet namespace: the same load process
 * (test/helpers/connection-load-main.ts) runs in the lab against the server and in the host
 * namespace against each relay — the handed-over listeners `ecsnet up` uses
 * (fabric/relay-handover.ts) and the forwarder's unix socket (fabric/host-relay.ts, the design
 * before). This process is the host side of both relays, as `ecsnet up` is. Goal: relayed ≥
 * 0.5 × direct. Rounds alternate so every side sees the same machine. Run as root:
 * `node dist/bench/relay.js [rounds] [connections per round] [concurrencies, e.g. 100,1000]`;
 * `ECSNET_BENCH_RELAY_SYSCTLS=default` runs the forwarder's namespace with the kernel's
 * TIME_WAIT and port-range defaults instead of RELAY_SOURCE_SYSCTLS (the before of issue 14).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { applyLab } from '../src/dataplane/apply-lab.js';
import { destroyLab } from '../src/dataplane/destroy-lab.js';
import { namespaceName } from '../src/dataplane/names.js';
import { isRoot } from '../src/dataplane/require-root.js';
import { INTERNET_TEST_HOST } from '../src/fabric/address-plan.js';
import { defaultDaemonRuntime } from '../src/fabric/daemon-config.js';
import { startHostRelay, type HostRelay } from '../src/fabric/host-relay.js';
import { startLabRelay } from '../src/fabric/relay-handover.js';
import type { LoadResult } from '../test/helpers/connection-load.js';
import { ECHO_PORTS, relayLab } from '../test/helpers/relay-lab.js';
import { median } from './support.js';

const ROUNDS = Number(process.argv[2] ?? 3);
const TOTAL = Number(process.argv[3] ?? 3000);
const CONCURRENCIES = (process.argv[4] ?? '100,1000').split(',').map(Number);
const KERNEL_DEFAULTS = process.env.ECSNET_BENCH_RELAY_SYSCTLS === 'default';
const LOAD = fileURLToPath(new URL('../test/helpers/connection-load-main.js', import.meta.url));

function load(argvPrefix: string[], host: string, port: number, concurrency: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(argvPrefix[0] as string, [...argvPrefix.slice(1), process.execPath, LOAD, host, String(port), String(TOTAL), String(concurrency)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as LoadResult) : reject(new Error(`load exited ${code}`))));
  });
}

async function main(): Promise<void> {
  if (!isRoot()) {
    process.stderr.write('bench/relay: needs root (a lab namespace)\n');
    return;
  }
  const lab = `rlbench-${process.pid.toString(36)}`;
  const { spec, relaySocket } = relayLab(lab, defaultDaemonRuntime());
  if (KERNEL_DEFAULTS) for (const ns of spec.namespaces) delete ns.sysctls;
  const relays: HostRelay[] = [];
  try {
    await applyLab(spec, { processSettleMs: 300 });
    const echo = { address: INTERNET_TEST_HOST, port: ECHO_PORTS[0] as number, description: 'echo' };
    relays.push(await startLabRelay(spec, [echo]), await startHostRelay(relaySocket, [echo]));
    const [handoverPort, unixPort] = relays.map((r) => r.ports[0]!.localPort) as [number, number];
    const inLab = ['ip', 'netns', 'exec', namespaceName(lab, 'internet')];
    console.log(
      `connection rate, ${TOTAL} echo connections per round, median of ${ROUNDS} rounds (connections/s; lost connections in brackets)${KERNEL_DEFAULTS ? '; forwarder namespace with kernel defaults' : ''}`,
    );
    console.log('concurrency | direct (in the lab) | handed-over listeners | ratio | unix-socket hop | ratio');
    for (const concurrency of CONCURRENCIES) {
      const direct: LoadResult[] = [];
      const handover: LoadResult[] = [];
      const unix: LoadResult[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        direct.push(await load(inLab, INTERNET_TEST_HOST, echo.port, concurrency));
        handover.push(await load(['env'], '127.0.0.1', handoverPort, concurrency));
        unix.push(await load(['env'], '127.0.0.1', unixPort, concurrency));
      }
      const rate = (rs: LoadResult[]): number => median(rs.map((x) => x.rate));
      const lost = (rs: LoadResult[]): number => rs.reduce((n, x) => n + x.failed, 0);
      const cell = (rs: LoadResult[], width: number): string => `${rate(rs).toFixed(0).padStart(width)} [${lost(rs)}]`;
      console.log(
        `${String(concurrency).padStart(11)} | ${cell(direct, 15)} | ${cell(handover, 17)} | ${(rate(handover) / rate(direct)).toFixed(2)}  | ${cell(unix, 11)} | ${(rate(unix) / rate(direct)).toFixed(2)}`,
      );
    }
  } finally {
    for (const relay of relays) await relay.close();
    await destroyLab(lab);
  }
}

await main();

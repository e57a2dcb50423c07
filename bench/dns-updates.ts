/**
 * The lab's DNS daemon with a Cloud Map-sized zone, against dnsmasq as the reference (an
 * `addn-hosts` file, re-read on SIGHUP — how dnsmasq takes new hosts without a restart):
 *
 * - load: from starting the daemon with 50,000 A records to its first answer for the last of
 *   them, and the daemon's resident memory then (VmRSS); plus the in-process index alone;
 * - update to answer: from asking for a new record (ecsnet: an `upsert-records` over a kept-open
 *   control channel; dnsmasq: a line appended to the hosts file and SIGHUP) to the first query
 *   that gets it, queried back to back from inside the lab namespace.
 *
 * Both servers run in one lab namespace and are asked by the same resident querier
 * (test/helpers/dns-querier-main.ts). Without dnsmasq (scripts/setup.sh installs dnsmasq-base)
 * the reference column says so. Run as root: `node dist/bench/dns-updates.js [records] [updates]`.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyLab, type LabHandle } from '../src/dataplane/apply-lab.js';
import { destroyLab } from '../src/dataplane/destroy-lab.js';
import { labStateDir } from '../src/dataplane/lab-state.js';
import { namespaceName } from '../src/dataplane/names.js';
import { isRoot } from '../src/dataplane/require-root.js';
import { daemonControlSocket, daemonProcess, defaultDaemonRuntime, type DaemonPlace } from '../src/fabric/daemon-config.js';
import { DnsZone, type DnsRecord } from '../src/fabric/dns-zone.js';
import { DaemonChannel } from '../src/services/daemon-channel.js';
import { startDnsQuerier, type DnsQuerier } from '../test/helpers/dns-querier.js';
import { median } from './support.js';

const RECORDS = Number(process.argv[2] ?? 50_000);
const UPDATES = Number(process.argv[3] ?? 20);
const ECSNET_DNS = '10.53.0.2';
const DNSMASQ_DNS = '10.53.0.3';
const ZONE = 'bench.local';
const PLACE: DaemonPlace = { namespace: 'dns', role: 'bench-dns' };

const addressOf = (i: number): string => `10.${100 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
const records = (count: number): DnsRecord[] => Array.from({ length: count }, (_, i) => ({ name: `task-${i}.${ZONE}`, type: 'A' as const, ttl: 10, value: addressOf(i) }));

function dnsmasqBinary(): string | undefined {
  for (const candidate of ['/usr/sbin/dnsmasq', '/usr/bin/dnsmasq']) {
    try {
      execFileSync(candidate, ['--version'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function rssMiB(pid: number): number {
  const line =
    readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:')) ?? '0';
  return Number(line.replace(/\D+/g, '')) / 1024;
}

/** Starts a server process and times it until the last record answers. */
async function timedStart(lab: LabHandle, querier: DnsQuerier, proc: Parameters<LabHandle['startProcess']>[0], server: string): Promise<{ ms: number; pid: number }> {
  const start = performance.now();
  const record = await lab.startProcess(proc, 0);
  const answer = await querier.poll(server, `task-${RECORDS - 1}.${ZONE}`, 'A', 'present', 60_000);
  if (answer.rcode === 'TIMEOUT') throw new Error(`${proc.role} did not answer within 60 s`);
  return { ms: performance.now() - start, pid: record.pid };
}

async function main(): Promise<void> {
  if (!isRoot()) {
    process.stderr.write('bench/dns-updates: needs root (a lab namespace)\n');
    return;
  }
  const heapBefore = process.memoryUsage().heapUsed;
  const indexStart = performance.now();
  const index = new DnsZone({ records: records(RECORDS), authoritative: [ZONE], synthesized: [] });
  const indexMs = performance.now() - indexStart;
  const heapMiB = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  if (index.size !== RECORDS) throw new Error('index lost records');

  const lab = `rldnsb-${process.pid.toString(36)}`;
  const dnsmasq = dnsmasqBinary();
  let querier: DnsQuerier | undefined;
  let channel: DaemonChannel | undefined;
  try {
    const handle = await applyLab({ lab, namespaces: [{ name: 'dns', loopbackAddresses: [`${ECSNET_DNS}/32`, `${DNSMASQ_DNS}/32`] }] });
    querier = startDnsQuerier(namespaceName(lab, 'dns'));
    const ours = await timedStart(
      handle,
      querier,
      daemonProcess(defaultDaemonRuntime(), 'dns-server', PLACE, {
        label: 'bench',
        listen: [{ address: ECSNET_DNS, port: 53 }],
        zone: { records: records(RECORDS), authoritative: [ZONE], synthesized: [] },
      }),
      ECSNET_DNS,
    );
    const oursRss = rssMiB(ours.pid);
    channel = await DaemonChannel.open(daemonControlSocket(labStateDir(lab), PLACE));
    const oursUpdates: number[] = [];
    for (let i = 0; i < UPDATES; i++) {
      const name = `new-${i}.${ZONE}`;
      const start = performance.now();
      await channel.send({ op: 'upsert-records', records: [{ name, type: 'A', ttl: 10, value: addressOf(i) }] });
      const answer = await querier.poll(ECSNET_DNS, name, 'A', 'present', 10_000);
      if (answer.rcode === 'TIMEOUT') throw new Error(`ecsnet: ${name} never answered`);
      oursUpdates.push(performance.now() - start);
    }

    let reference: { loadMs: number; rss: number; updateMs: number } | undefined;
    if (dnsmasq) {
      const hosts = join(labStateDir(lab), 'dnsmasq.hosts');
      writeFileSync(
        hosts,
        records(RECORDS)
          .map((r) => `${r.value} ${r.name}\n`)
          .join(''),
      );
      const argv = [
        dnsmasq,
        '--keep-in-foreground',
        '--conf-file=/dev/null',
        '--no-resolv',
        '--no-hosts',
        `--addn-hosts=${hosts}`,
        `--listen-address=${DNSMASQ_DNS}`,
        '--bind-interfaces',
        '--port=53',
        '--user=root',
        '--pid-file=',
        '--cache-size=10000',
      ];
      const theirs = await timedStart(handle, querier, { namespace: 'dns', role: 'dnsmasq', argv }, DNSMASQ_DNS);
      const updates: number[] = [];
      for (let i = 0; i < UPDATES; i++) {
        const name = `new-${i}.${ZONE}`;
        const start = performance.now();
        appendFileSync(hosts, `${addressOf(i)} ${name}\n`);
        process.kill(theirs.pid, 'SIGHUP');
        const answer = await querier.poll(DNSMASQ_DNS, name, 'A', 'present', 10_000);
        if (answer.rcode === 'TIMEOUT') throw new Error(`dnsmasq: ${name} never answered`);
        updates.push(performance.now() - start);
      }
      reference = { loadMs: theirs.ms, rss: rssMiB(theirs.pid), updateMs: median(updates) };
    }

    console.log(`DNS with ${RECORDS} A records; update to answer = median of ${UPDATES} new names, queried back to back from the lab namespace`);
    console.log(`index alone (in process): ${indexMs.toFixed(0)} ms to build, ${heapMiB.toFixed(1)} MiB of heap`);
    console.log('measure                      | ecsnet dns-server | dnsmasq (addn-hosts + SIGHUP) | ecsnet / dnsmasq');
    const row = (what: string, a: number, b: number | undefined, unit: string): void => {
      console.log(
        `${what.padEnd(28)} | ${`${a.toFixed(1)} ${unit}`.padStart(17)} | ${(b === undefined ? 'not installed' : `${b.toFixed(1)} ${unit}`).padStart(29)} | ${b === undefined ? '-' : (a / b).toFixed(2)}`,
      );
    };
    row('start to last record answered', ours.ms, reference?.loadMs, 'ms');
    row('resident memory', oursRss, reference?.rss, 'MiB');
    row('update to answer', median(oursUpdates), reference?.updateMs, 'ms');
  } finally {
    channel?.close();
    querier?.close();
    await destroyLab(lab);
  }
}

await main();

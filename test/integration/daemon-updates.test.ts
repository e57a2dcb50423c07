/**
 * The lab's DNS daemon takes live updates over its control socket: a record upserted is
 * answered within 100 ms, removed it is NXDOMAIN again, a whole zone replaced at run time is
 * answered, and a 50,000-record zone given in the configuration file (far beyond what argv
 * takes: one argument is at most 128 KiB) loads and answers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { applyLab } from '../../src/dataplane/apply-lab.js';
import { destroyLab } from '../../src/dataplane/destroy-lab.js';
import { labStateDir } from '../../src/dataplane/lab-state.js';
import { namespaceName } from '../../src/dataplane/names.js';
import { daemonControlSocket, daemonProcess, type DaemonPlace } from '../../src/fabric/daemon-config.js';
import type { DnsRecord } from '../../src/fabric/dns-zone.js';
import { sendDaemonUpdate } from '../../src/services/daemon-channel.js';
import { startDnsQuerier } from '../helpers/dns-querier.js';
import { hostSnapshot, kernelTest } from './dataplane-support.js';
import { DAEMON_DIR } from './vpc-support.js';

const runtime = { node: process.execPath, daemonDir: DAEMON_DIR };
const RESOLVER = '10.53.0.2';
const BIG = '10.53.0.3';

/** `count` A records `task-<i>.<zone>`. */
function manyRecords(count: number, zone: string): DnsRecord[] {
  return Array.from({ length: count }, (_, i) => ({ name: `task-${i}.${zone}`, type: 'A' as const, ttl: 10, value: `10.${100 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}` }));
}

test('a record upserted through the control socket is answered within 100 ms, removed it is NXDOMAIN; 50,000 records load', { ...kernelTest, timeout: 120_000 }, async (t) => {
  const before = hostSnapshot();
  const lab = `rldns-${process.pid.toString(36)}`;
  const place: DaemonPlace = { namespace: 'dns', role: 'vpc-dns' };
  const small = daemonProcess(runtime, 'dns-server', place, {
    label: 'test resolver',
    listen: [{ address: RESOLVER, port: 53 }],
    zone: { records: [], authoritative: ['svc.local'], synthesized: [] },
  });
  const big = daemonProcess(
    runtime,
    'dns-server',
    { namespace: 'dns', role: 'big-dns' },
    { label: 'big zone', listen: [{ address: BIG, port: 53 }], zone: { records: manyRecords(50_000, 'big.local'), authoritative: ['big.local'], synthesized: [] } },
  );
  const querier = { current: undefined as ReturnType<typeof startDnsQuerier> | undefined };
  try {
    await applyLab({ lab, namespaces: [{ name: 'dns', loopbackAddresses: [`${RESOLVER}/32`, `${BIG}/32`] }], processes: [small, big] }, { processSettleMs: 300 });
    const q = (querier.current = startDnsQuerier(namespaceName(lab, 'dns')));
    const socket = daemonControlSocket(labStateDir(lab), place);
    assert.equal((await sendDaemonUpdate(socket, { op: 'status' }, { timeoutMs: 10_000 })).version, 0);
    assert.equal(statSync(socket).mode & 0o777, 0o600, 'the control socket is root-only');
    assert.equal((await q.ask(RESOLVER, 'new.svc.local')).rcode, 'NXDOMAIN');

    const start = performance.now();
    const status = await sendDaemonUpdate(socket, { op: 'upsert-records', records: [{ name: 'new.svc.local', type: 'A', ttl: 10, value: '10.0.9.9' }] });
    const answered = await q.ask(RESOLVER, 'new.svc.local');
    const latencyMs = performance.now() - start;
    assert.deepEqual([answered.rcode, answered.answers], ['NOERROR', ['10.0.9.9']]);
    assert.equal(status.version, 1);
    assert.equal(status.records, 1);
    assert.ok(latencyMs < 100, `upsert to answer took ${latencyMs.toFixed(1)} ms`);
    t.diagnostic(`upsert to answer: ${latencyMs.toFixed(1)} ms`);

    await sendDaemonUpdate(socket, { op: 'remove-records', records: [{ name: 'new.svc.local' }] });
    assert.equal((await q.ask(RESOLVER, 'new.svc.local')).rcode, 'NXDOMAIN');

    // The big zone came through the configuration file and answers at both ends.
    const bigSocket = daemonControlSocket(labStateDir(lab), { namespace: 'dns', role: 'big-dns' });
    assert.equal((await sendDaemonUpdate(bigSocket, { op: 'status' }, { timeoutMs: 10_000 })).records, 50_000);
    assert.deepEqual((await q.ask(BIG, 'task-0.big.local')).answers, ['10.100.0.0']);
    assert.deepEqual((await q.ask(BIG, 'task-49999.big.local')).answers, ['10.100.195.79']);
    assert.equal((await q.ask(BIG, 'task-50000.big.local')).rcode, 'NXDOMAIN');

    // And a whole zone replaced at run time.
    const replaced = await sendDaemonUpdate(
      socket,
      { op: 'replace-zone', zone: { records: manyRecords(50_000, 'svc.local'), authoritative: ['svc.local'], synthesized: [] } },
      { timeoutMs: 20_000 },
    );
    assert.equal(replaced.records, 50_000);
    assert.deepEqual((await q.ask(RESOLVER, 'task-31337.svc.local')).answers, ['10.100.122.105']);
  } finally {
    querier.current?.close();
    await destroyLab(lab);
  }
  assert.deepEqual(hostSnapshot(), before);
});

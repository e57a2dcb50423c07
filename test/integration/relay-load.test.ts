/**
 * The host relay under load and under change: 1,000 concurrent connections from the host's
 * 127.0.0.1 through the relay into the lab's echo server are all answered — through the
 * handed-over listeners (what `ecsnet up` uses) and through the forwarder's unix socket — and
 * targets added at run time are relayed, removed ones are not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyLab } from '../../src/dataplane/apply-lab.js';
import { destroyLab } from '../../src/dataplane/destroy-lab.js';
import { INTERNET_TEST_HOST } from '../../src/fabric/address-plan.js';
import { readRelayConfig, startHostRelay, type HostRelay } from '../../src/fabric/host-relay.js';
import { startLabRelay } from '../../src/fabric/relay-handover.js';
import { listPids, processEnvironment } from '../../src/dataplane/proc.js';
import { sendDaemonUpdate } from '../../src/services/daemon-channel.js';
import { connectionLoad } from '../helpers/connection-load.js';
import { ECHO_PORTS, relayLab } from '../helpers/relay-lab.js';
import { hostSnapshot, kernelTest } from './dataplane-support.js';
import { DAEMON_DIR } from './vpc-support.js';

test('1,000 concurrent connections through the unix-socket relay are all answered; targets change at run time', { ...kernelTest, timeout: 180_000 }, async (t) => {
  const before = hostSnapshot();
  const lab = `rlrelay-${process.pid.toString(36)}`;
  const { spec, relaySocket, controlSocket } = relayLab(lab, { node: process.execPath, daemonDir: DAEMON_DIR });
  let relay: HostRelay | undefined;
  try {
    await applyLab(spec, { processSettleMs: 300 });
    const config = await readRelayConfig(spec);
    assert.equal(config?.socket, relaySocket, 'the host side reads the forwarder configuration file');
    relay = await startHostRelay(
      relaySocket,
      (config?.targets ?? []).map((x) => ({ ...x, description: 'echo' })),
    );
    const echoPort = relay.ports[0]!.localPort;

    for (const concurrency of [1000, 100]) {
      const load = await connectionLoad({ host: '127.0.0.1', port: echoPort, total: 3000, concurrency });
      t.diagnostic(`${concurrency} concurrent: ${load.ok}/3000 answered, ${load.rate.toFixed(0)} connections/s ${JSON.stringify(load.errors)}`);
      assert.deepEqual([load.ok, load.errors], [3000, {}], `${concurrency} concurrent connections, none lost`);
    }

    // A new public listener: the forwarder allows it, the host side opens a port for it.
    const added = { address: INTERNET_TEST_HOST, port: ECHO_PORTS[1] as number, description: 'new echo' };
    const notYet = await startHostRelay(relaySocket, [added]);
    const refused = await connectionLoad({ host: '127.0.0.1', port: notYet.ports[0]!.localPort, total: 1, concurrency: 1, timeoutMs: 3000 });
    await notYet.close();
    assert.equal(refused.ok, 0, 'a target the forwarder does not allow is not relayed');
    const status = await sendDaemonUpdate(controlSocket, { op: 'add-targets', targets: [added] });
    assert.deepEqual([status.version, status.targets], [1, 2]);
    const ports = await relay.setTargets([{ ...relay.ports[0]!, description: 'echo' }, added]);
    const newPort = ports.find((p) => p.port === added.port)!.localPort;
    assert.equal((await connectionLoad({ host: '127.0.0.1', port: newPort, total: 50, concurrency: 10 })).ok, 50);

    await sendDaemonUpdate(controlSocket, { op: 'remove-targets', targets: [added] });
    assert.equal((await connectionLoad({ host: '127.0.0.1', port: newPort, total: 1, concurrency: 1, timeoutMs: 3000 })).ok, 0, 'removed from the forwarder: no longer relayed');
    const after = await relay.setTargets([{ ...relay.ports[0]!, description: 'echo' }]);
    assert.deepEqual(
      after.map((p) => p.port),
      [ECHO_PORTS[0]],
    );
  } finally {
    await relay?.close();
    await destroyLab(lab);
  }
  assert.deepEqual(hostSnapshot(), before);
});

test(
  '1,000 concurrent connections through handed-over listeners are all answered; targets change; the forwarder leaves with the relay',
  { ...kernelTest, timeout: 180_000 },
  async (t) => {
    const before = hostSnapshot();
    const lab = `rlhand-${process.pid.toString(36)}`;
    const { spec } = relayLab(lab, { node: process.execPath, daemonDir: DAEMON_DIR });
    let relay: HostRelay | undefined;
    try {
      await applyLab(spec, { processSettleMs: 300 });
      const first = { address: INTERNET_TEST_HOST, port: ECHO_PORTS[0] as number, description: 'echo' };
      relay = await startLabRelay(spec, [first]);
      const echoPort = relay.ports[0]!.localPort;
      for (const concurrency of [1000, 100]) {
        const load = await connectionLoad({ host: '127.0.0.1', port: echoPort, total: 3000, concurrency });
        t.diagnostic(`${concurrency} concurrent: ${load.ok}/3000 answered, ${load.rate.toFixed(0)} connections/s ${JSON.stringify(load.errors)}`);
        assert.deepEqual([load.ok, load.errors], [3000, {}], `${concurrency} concurrent connections, none lost`);
      }
      const added = { address: INTERNET_TEST_HOST, port: ECHO_PORTS[2] as number, description: 'new echo' };
      const ports = await relay.setTargets([first, added]);
      const newPort = ports.find((p) => p.port === added.port)!.localPort;
      assert.equal((await connectionLoad({ host: '127.0.0.1', port: newPort, total: 50, concurrency: 10 })).ok, 50);
      assert.deepEqual(
        (await relay.setTargets([added])).map((p) => p.port),
        [added.port],
      );
      const gone = await connectionLoad({ host: '127.0.0.1', port: echoPort, total: 1, concurrency: 1, timeoutMs: 3000 });
      assert.equal(gone.ok, 0, 'a removed target has no listener any more');
      await relay.close();
      relay = undefined;
      const handover: number[] = [];
      for (const pid of await listPids())
        if ((await processEnvironment(pid))?.get('ECSNET_ROLE') === 'relay-handover' && (await processEnvironment(pid))?.get('ECSNET_LAB') === lab) handover.push(pid);
      assert.deepEqual(handover, [], 'the forwarder ends with the relay');
    } finally {
      await relay?.close();
      await destroyLab(lab);
    }
    assert.deepEqual(hostSnapshot(), before);
  },
);

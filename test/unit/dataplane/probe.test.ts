import { test } from 'node:test';
import assert from 'node:assert/strict';
import { probeMany, resultOfErrno, resultOfPing } from '../../../src/dataplane/probe.js';
import { RecordingCommandRunner } from '../../../src/dataplane/recording-command-runner.js';

test('socket errors map onto the four probe answers', () => {
  assert.equal(resultOfErrno('ECONNREFUSED'), 'refused');
  assert.equal(resultOfErrno('EHOSTUNREACH'), 'no-route');
  assert.equal(resultOfErrno('ENETUNREACH'), 'no-route');
  assert.equal(resultOfErrno('EINVAL'), 'no-route', 'a local blackhole route');
  assert.equal(resultOfErrno('EPERM'), 'timed-out', 'a firewall drop on the way out');
  assert.equal(resultOfErrno('ESOMETHING'), 'no-route');
  assert.equal(resultOfErrno(undefined), 'no-route');
});

test('ping outcomes: reply, ICMP unreachable, local no route, silence', () => {
  assert.equal(resultOfPing(0, '64 bytes from 10.0.0.1'), 'reached');
  assert.equal(resultOfPing(1, 'From 10.0.1.1 icmp_seq=1 Destination Host Unreachable'), 'no-route');
  assert.equal(resultOfPing(2, 'ping: connect: Network is unreachable'), 'no-route');
  assert.equal(resultOfPing(1, '1 packets transmitted, 0 received, 100% packet loss'), 'timed-out');
  assert.equal(resultOfPing(2, 'ping: sendmsg: Operation not permitted'), 'timed-out');
});

test('all targets go to one process in the source namespace, and outcomes come back in order', async () => {
  const runner = new RecordingCommandRunner(() => ({ stdout: JSON.stringify([{ result: 'reached', detail: 'connected', elapsedMs: 3 }, { result: 'timed-out', detail: 'no answer', elapsedMs: 1000 }]) }));
  const out = await probeMany('demo', 'a', [
    { proto: 'tcp', address: '10.0.0.1', port: 80 },
    { proto: 'icmp', address: '10.0.0.2', timeoutMs: 500 },
  ], { runner });
  assert.deepEqual(out.map((o) => o.result), ['reached', 'timed-out']);
  assert.equal(runner.commands.length, 1);
  const argv = runner.commands[0]!.argv;
  assert.deepEqual(argv.slice(0, 4), ['ip', 'netns', 'exec', 'ecsnet-demo.a']);
  assert.deepEqual(JSON.parse(argv.at(-1)!), [
    { proto: 'tcp', address: '10.0.0.1', port: 80, timeoutMs: 1000 },
    { proto: 'icmp', address: '10.0.0.2', timeoutMs: 500 },
  ]);
});

test('a tcp or udp probe without a valid port is refused before anything runs', async () => {
  const runner = new RecordingCommandRunner();
  await assert.rejects(probeMany('demo', 'a', [{ proto: 'udp', address: '10.0.0.1' }], { runner }), /needs a port/);
  assert.equal(runner.commands.length, 0);
});

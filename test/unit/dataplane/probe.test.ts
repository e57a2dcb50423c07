import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dnsPacket from 'dns-packet';
import { DNS_PROBE_NAME, dnsProbeAnswer, dnsProbeQuery, probeMany, resultOfErrno, resultOfPing, speaksDns } from '../../../src/dataplane/probe.js';
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
  const runner = new RecordingCommandRunner(() => ({
    stdout: JSON.stringify([
      { result: 'reached', detail: 'connected', elapsedMs: 3 },
      { result: 'timed-out', detail: 'no answer', elapsedMs: 1000 },
    ]),
  }));
  const out = await probeMany(
    'demo',
    'a',
    [
      { proto: 'tcp', address: '10.0.0.1', port: 80 },
      { proto: 'icmp', address: '10.0.0.2', timeoutMs: 500 },
    ],
    { runner },
  );
  assert.deepEqual(
    out.map((o) => o.result),
    ['reached', 'timed-out'],
  );
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

test('a udp probe to port 53 sends a DNS query and reads any DNS response as reached, whatever its code', async () => {
  const runner = new RecordingCommandRunner((command) => {
    const sent = JSON.parse(command.argv.at(-1)!) as { sendBase64?: string }[];
    const query = dnsPacket.decode(Buffer.from(sent[0]!.sendBase64!, 'base64'));
    assert.equal(query.questions?.[0]?.name, DNS_PROBE_NAME);
    const nxdomain = dnsPacket.encode({ type: 'response', id: query.id, flags: 3, questions: query.questions });
    const echoed = Buffer.from(sent[1]!.sendBase64!, 'base64');
    const answered = (reply: string): object => ({ result: 'reached', detail: 'answered', reply, elapsedMs: 2 });
    return { stdout: JSON.stringify([answered(nxdomain.toString('base64')), answered(echoed.toString('base64')), answered('pong')]) };
  });
  const [dns, echo, plain] = await probeMany(
    'demo',
    'a',
    [
      { proto: 'udp', address: '10.0.0.2', port: 53 },
      { proto: 'udp', address: '10.0.0.3', port: 53 },
      { proto: 'udp', address: '10.0.0.4', port: 7 },
    ],
    { runner },
  );
  assert.deepEqual([dns?.result, dns?.detail, dns?.dns], ['reached', 'DNS answered NXDOMAIN', { rcode: 'NXDOMAIN', answers: 0 }]);
  assert.equal(echo?.dns, undefined, 'an echoed query is no DNS answer');
  assert.match(echo?.detail ?? '', /not with a DNS response/);
  assert.equal(plain?.reply, 'pong', 'other udp ports keep their plain payload');
  const wire = JSON.parse(runner.commands[0]!.argv.at(-1)!) as { send?: string; sendBase64?: string }[];
  assert.equal(wire[2]!.sendBase64, undefined);
});

test('the DNS probe query and answer reading: ids must match, and only responses count', () => {
  assert.equal(speaksDns({ proto: 'udp', address: '10.0.0.2', port: 53 }), true);
  assert.equal(speaksDns({ proto: 'udp', address: '10.0.0.2', port: 53, send: 'x' }), false, 'a payload of the caller is sent as is');
  assert.equal(speaksDns({ proto: 'tcp', address: '10.0.0.2', port: 53 }), false);
  const query = dnsProbeQuery(4242);
  assert.equal(dnsProbeAnswer(query, 4242), undefined, 'a query is not an answer');
  const refused = dnsPacket.encode({ type: 'response', id: 4242, flags: 5, questions: [{ type: 'A', name: DNS_PROBE_NAME }] });
  assert.deepEqual(dnsProbeAnswer(refused, 4242), { rcode: 'REFUSED', answers: 0 });
  assert.equal(dnsProbeAnswer(refused, 4243), undefined, 'another id');
  assert.equal(dnsProbeAnswer(Buffer.from('hello'), 4242), undefined);
});

/**
 * The daemons' control protocol: requests are versioned, checked field by field before a
 * daemon sees them, and refused with stable codes; replies and requests are one line each.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DAEMON_PROTOCOL_VERSION, encodeMessage, okReply, parseRequest } from '../../../src/services/daemon-protocol.js';

const code = (line: string): string | undefined => {
  const parsed = parseRequest(line);
  return 'error' in parsed && !parsed.error.ok ? parsed.error.error.code : undefined;
};

test('well-formed requests of every op parse, with their id', () => {
  const record = { name: 'a.svc.local', type: 'A', ttl: 10, value: '10.0.0.5' };
  const lines = [
    { op: 'status' },
    { op: 'replace-zone', zone: { records: [record], authoritative: ['svc.local'], synthesized: [] } },
    { op: 'upsert-records', records: [record] },
    { op: 'remove-records', records: [{ name: 'a.svc.local' }, { name: 'b.svc.local', type: 'SRV', value: '1 1 80 x' }] },
    { op: 'set-targets', targets: [{ address: '198.19.0.4', port: 80 }] },
    { op: 'add-targets', targets: [] },
    { op: 'remove-targets', targets: [{ address: '198.19.0.4', port: 80 }] },
  ];
  for (const [i, body] of lines.entries()) {
    const parsed = parseRequest(JSON.stringify({ v: DAEMON_PROTOCOL_VERSION, id: i + 1, ...body }));
    assert.ok('request' in parsed, `${body.op}: ${JSON.stringify(parsed)}`);
    assert.equal(parsed.request.id, i + 1);
    assert.equal(parsed.request.op, body.op);
  }
});

test('refusals carry stable codes and the id when it could be read', () => {
  assert.equal(code('{not json'), 'bad-json');
  assert.equal(code('[1,2]'), 'bad-request');
  assert.equal(code(JSON.stringify({ v: 2, id: 4, op: 'status' })), 'unsupported-version');
  const wrongVersion = parseRequest(JSON.stringify({ v: 2, id: 4, op: 'status' }));
  assert.equal('error' in wrongVersion && wrongVersion.error.id, 4);
  assert.equal(code(JSON.stringify({ v: 1, id: 1, op: 'reboot' })), 'bad-request');
  assert.equal(code(JSON.stringify({ v: 1, id: 1, op: 'upsert-records', records: [{ name: 'a', type: 'NS', ttl: 1, value: 'x' }] })), 'bad-request');
  assert.equal(code(JSON.stringify({ v: 1, id: 1, op: 'upsert-records', records: [{ name: 'a', type: 'A', ttl: -1, value: 'x' }] })), 'bad-request');
  assert.equal(code(JSON.stringify({ v: 1, id: 1, op: 'upsert-records' })), 'bad-request');
  assert.equal(code(JSON.stringify({ v: 1, id: 1, op: 'replace-zone', zone: { records: [] } })), 'bad-request');
  assert.equal(code(JSON.stringify({ v: 1, id: 1, op: 'add-targets', targets: [{ address: 'example.com', port: 80 }] })), 'bad-request');
  assert.equal(code(JSON.stringify({ v: 1, id: 1, op: 'add-targets', targets: [{ address: '10.0.0.1', port: 70000 }] })), 'bad-request');
  const wrong = parseRequest(JSON.stringify({ v: 1, id: 1, op: 'remove-records', records: [{ name: 'a', type: 'ANY' }] }));
  assert.match('error' in wrong && !wrong.error.ok ? wrong.error.error.message : '', /records\[0\]\.type "ANY"/);
});

test('messages are single lines', () => {
  const line = encodeMessage(okReply(3, { daemon: 'dns-server', label: 'x\ny', version: 2, records: 5 }));
  assert.equal(line.indexOf('\n'), line.length - 1);
  assert.deepEqual(JSON.parse(line), { v: 1, id: 3, ok: true, status: { daemon: 'dns-server', label: 'x\ny', version: 2, records: 5 } });
});

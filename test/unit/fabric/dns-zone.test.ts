/**
 * How the lab's DNS answers, without sockets: exact names, wildcards (closest enclosing),
 * CNAME chains, synthesised EC2 names and their reverse, NXDOMAIN inside authoritative zones,
 * forwarding outside them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DnsZone, privateDnsName } from '../../../src/fabric/dns-zone.js';

const zone = new DnsZone({
  records: [
    { name: 'db.corp.internal', type: 'A', ttl: 30, value: '10.0.3.99' },
    { name: 'www.corp.internal', type: 'CNAME', ttl: 30, value: 'db.corp.internal' },
    { name: 'out.corp.internal', type: 'CNAME', ttl: 30, value: 'www.example.com' },
    { name: '*.dkr.ecr.us-east-1.amazonaws.com', type: 'A', ttl: 60, value: '10.0.3.5' },
    { name: '_http._tcp.corp.internal', type: 'SRV', ttl: 30, value: '1 1 8080 db.corp.internal' },
  ],
  authoritative: ['corp.internal', 'dkr.ecr.us-east-1.amazonaws.com'],
  synthesized: [{ label: 'ip', suffix: 'ec2.internal', cidrs: ['10.0.0.0/16'], ttl: 60 }],
});

test('records, wildcards, CNAME chains, SRV', () => {
  assert.deepEqual(zone.answer('DB.corp.internal.', 'A'), { kind: 'answer', authoritative: true, records: [{ name: 'db.corp.internal', type: 'A', ttl: 30, value: '10.0.3.99' }] });
  const chain = zone.answer('www.corp.internal', 'A');
  assert.equal(chain.kind, 'answer');
  assert.deepEqual(chain.kind === 'answer' && chain.records.map((r) => `${r.name} ${r.type} ${r.value}`), [
    'www.corp.internal CNAME db.corp.internal',
    'db.corp.internal A 10.0.3.99',
  ]);
  const leaving = zone.answer('out.corp.internal', 'A');
  assert.deepEqual(leaving.kind === 'answer' && leaving.records.map((r) => r.type), ['CNAME']);
  const wild = zone.answer('123456789012.dkr.ecr.us-east-1.amazonaws.com', 'A');
  assert.deepEqual(wild.kind === 'answer' && wild.records.map((r) => `${r.name} ${r.value}`), ['123456789012.dkr.ecr.us-east-1.amazonaws.com 10.0.3.5']);
  assert.equal(zone.answer('_http._tcp.corp.internal', 'SRV').kind, 'answer');
  assert.equal(zone.answer('db.corp.internal', 'AAAA').kind, 'nodata');
});

test('synthesised EC2 names inside the VPC only, reverse names, NXDOMAIN and forwarding', () => {
  const forward = zone.answer(privateDnsName('10.0.1.23', 'us-east-1'), 'A');
  assert.deepEqual(forward.kind === 'answer' && forward.records[0]?.value, '10.0.1.23');
  assert.equal(zone.answer('ip-10-1-1-23.ec2.internal', 'A').kind, 'forward');
  const reverse = zone.answer('23.1.0.10.in-addr.arpa', 'PTR');
  assert.deepEqual(reverse.kind === 'answer' && reverse.records[0]?.value, 'ip-10-0-1-23.ec2.internal');
  assert.deepEqual(zone.answer('nothing.corp.internal', 'A'), { kind: 'nxdomain', zone: 'corp.internal' });
  assert.deepEqual(zone.answer('www.example.com', 'A'), { kind: 'forward' });
  assert.equal(privateDnsName('10.0.1.23', 'eu-west-1'), 'ip-10-0-1-23.eu-west-1.compute.internal');
});

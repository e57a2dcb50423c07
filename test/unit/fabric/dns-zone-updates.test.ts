/**
 * The zone index under run-time changes (Cloud Map registrations): upserts replace one
 * name+type's records and keep the rest, removals by name, type or value give NXDOMAIN when a
 * name has nothing left, wildcards are changed like any name, and a 50,000-record zone is
 * indexed and answered by lookup, not by scan.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DnsZone, type DnsRecord } from '../../../src/fabric/dns-zone.js';

const base = (): DnsZone =>
  new DnsZone({
    records: [
      { name: 'api.svc.local', type: 'A', ttl: 10, value: '10.0.1.5' },
      { name: 'api.svc.local', type: 'A', ttl: 10, value: '10.0.1.6' },
      { name: 'api.svc.local', type: 'TXT', ttl: 10, value: 'v=1' },
    ],
    authoritative: ['svc.local'],
    synthesized: [],
  });

const values = (zone: DnsZone, name: string, type: DnsRecord['type']): string[] => {
  const a = zone.answer(name, type);
  return a.kind === 'answer' ? a.records.map((r) => r.value).sort() : [a.kind];
};

test('an upsert replaces the records of one name and type, and adds new names', () => {
  const zone = base();
  assert.equal(zone.size, 3);
  zone.upsert([
    { name: 'API.svc.local.', type: 'A', ttl: 10, value: '10.0.1.7' },
    { name: 'web.svc.local', type: 'A', ttl: 10, value: '10.0.2.1' },
    { name: 'web.svc.local', type: 'A', ttl: 10, value: '10.0.2.2' },
  ]);
  assert.deepEqual(values(zone, 'api.svc.local', 'A'), ['10.0.1.7']);
  assert.deepEqual(values(zone, 'api.svc.local', 'TXT'), ['v=1'], 'other types of the name stay');
  assert.deepEqual(values(zone, 'web.svc.local', 'A'), ['10.0.2.1', '10.0.2.2']);
  assert.equal(zone.size, 4);
});

test('removals by value, by type and by name; a name with nothing left is NXDOMAIN in its zone', () => {
  const zone = base();
  zone.remove([{ name: 'api.svc.local', type: 'A', value: '10.0.1.5' }]);
  assert.deepEqual(values(zone, 'api.svc.local', 'A'), ['10.0.1.6']);
  zone.remove([{ name: 'api.svc.local', type: 'A' }]);
  assert.deepEqual(values(zone, 'api.svc.local', 'A'), ['nodata'], 'the TXT record keeps the name');
  zone.remove([{ name: 'api.svc.local' }, { name: 'never.svc.local' }]);
  assert.deepEqual(zone.answer('api.svc.local', 'A'), { kind: 'nxdomain', zone: 'svc.local' });
  assert.equal(zone.size, 0);
});

test('wildcards are upserted and removed like any name; the closest apex decides NXDOMAIN', () => {
  const zone = new DnsZone({ records: [], authoritative: ['local', 'svc.local'], synthesized: [] });
  zone.upsert([{ name: '*.svc.local', type: 'A', ttl: 5, value: '10.9.9.9' }]);
  assert.deepEqual(values(zone, 'anything.svc.local', 'A'), ['10.9.9.9']);
  zone.remove([{ name: '*.svc.local' }]);
  assert.deepEqual(zone.answer('anything.svc.local', 'A'), { kind: 'nxdomain', zone: 'svc.local' });
  assert.deepEqual(zone.answer('x.other.local', 'A'), { kind: 'nxdomain', zone: 'local' });
  assert.deepEqual(zone.answer('example.org', 'A'), { kind: 'forward' });
  const root = new DnsZone({ records: [], authoritative: [''], synthesized: [] });
  assert.equal(root.answer('example.org', 'A').kind, 'nxdomain', 'an authoritative root holds every name');
});

test('50,000 records: indexed once, every name answered, an upsert visible at once', () => {
  const records: DnsRecord[] = [];
  for (let i = 0; i < 50_000; i++) records.push({ name: `task-${i}.svc.local`, type: 'A', ttl: 10, value: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` });
  const start = performance.now();
  const zone = new DnsZone({ records, authoritative: ['svc.local'], synthesized: [] });
  const loadMs = performance.now() - start;
  assert.equal(zone.size, 50_000);
  assert.ok(loadMs < 5000, `indexing 50,000 records took ${loadMs.toFixed(0)} ms`);
  assert.deepEqual(values(zone, 'task-49999.svc.local', 'A'), ['10.0.195.79']);
  assert.deepEqual(values(zone, 'task-0.svc.local', 'A'), ['10.0.0.0']);
  const lookups = performance.now();
  for (let i = 0; i < 50_000; i += 7) assert.equal(zone.answer(`task-${i}.svc.local`, 'A').kind, 'answer');
  assert.ok(performance.now() - lookups < 5000);
  zone.upsert([{ name: 'task-50000.svc.local', type: 'A', ttl: 10, value: '10.0.195.80' }]);
  assert.deepEqual(values(zone, 'task-50000.svc.local', 'A'), ['10.0.195.80']);
  assert.equal(zone.answer('task-50001.svc.local', 'A').kind, 'nxdomain');
});

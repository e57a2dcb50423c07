/**
 * The fake refuses what nft refuses — unknown sets and chains, elements of the wrong type,
 * duplicates, deleting what is still used — and refuses it whole: a transaction that fails
 * halfway leaves nothing behind. The state keeper resyncs after a failed transaction.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resyncOps } from '../../../../src/dataplane/nft/diff.js';
import { FakeNftBackend, FakeNftError } from '../../../../src/dataplane/nft/fake.js';
import { NftStateKeeper } from '../../../../src/dataplane/nft/state-keeper.js';
import type { NftOp, NftTable } from '../../../../src/dataplane/nft/types.js';

const ref = { family: 'inet' as const, table: 't' };

function table(ports: number[]): NftTable {
  return {
    family: 'inet',
    name: 't',
    sets: [{ name: 'ports', type: ['inet_service'], elements: ports.map((p) => ({ key: [p] })) }],
    maps: [],
    counters: [{ name: 'hits' }],
    chains: [
      { name: 'check', rules: [{ exprs: [{ lookup: ['th dport'], set: 'ports' }, { counter: 'hits' }, { verdict: { kind: 'drop' } }] }] },
      { name: 'input', base: { type: 'filter', hook: 'input', priority: 0 }, rules: [{ exprs: [{ verdict: { kind: 'jump', chain: 'check' } }] }] },
    ],
  };
}

async function fakeWith(t: NftTable): Promise<FakeNftBackend> {
  const fake = new FakeNftBackend();
  await fake.apply('ns', resyncOps([t]));
  return fake;
}

test('refused: unknown set, wrong element type, duplicate element, missing element, jump to nowhere', async () => {
  const fake = await fakeWith(table([80]));
  const refused: Array<[NftOp, RegExp]> = [
    [{ op: 'add-elements', ...ref, kind: 'set', name: 'nope', elements: [{ key: [1] }] }, /No such file/],
    [{ op: 'add-elements', ...ref, kind: 'set', name: 'ports', elements: [{ key: ['10.0.0.1'] }] }, /not a inet_service/],
    [{ op: 'add-elements', ...ref, kind: 'set', name: 'ports', elements: [{ key: [80] }] }, /already/],
    [{ op: 'add-elements', ...ref, kind: 'set', name: 'ports', elements: [{ key: [[1, 5]] }] }, /interval/],
    [{ op: 'delete-elements', ...ref, kind: 'set', name: 'ports', keys: [[443]] }, /not in ports/],
    [{ op: 'add-rule', ...ref, chain: 'check', rule: { exprs: [{ verdict: { kind: 'jump', chain: 'ghost' } }] } }, /does not have/],
    [{ op: 'add-rule', ...ref, chain: 'check', rule: { exprs: [{ lookup: ['ip saddr'], set: 'ports' }] } }, /does not fit/],
    [{ op: 'add-rule', ...ref, chain: 'ghost', rule: { exprs: [{ verdict: { kind: 'accept' } }] } }, /No such file/],
    [{ op: 'delete-object', ...ref, kind: 'set', name: 'ports' }, /used by a rule/],
    [{ op: 'delete-object', ...ref, kind: 'counter', name: 'hits' }, /used by a rule/],
    [{ op: 'delete-object', ...ref, kind: 'chain', name: 'check' }, /still has rules/],
    [{ op: 'add-set', ...ref, set: { name: 'ports', type: ['ipv4_addr'], elements: [] } }, /another type/],
    [{ op: 'add-chain', family: 'inet', table: 'missing', chain: { name: 'c', rules: [] } }, /No such file/],
  ];
  for (const [op, message] of refused) await assert.rejects(fake.apply('ns', [op]), (err: unknown) => err instanceof FakeNftError && message.test(err.message), JSON.stringify(op));
  const empty = structuredClone(table([80]));
  empty.chains[0]!.rules = [];
  await fake.apply('ns', [{ op: 'flush-chain', ...ref, chain: 'check' }]);
  await assert.rejects(fake.apply('ns', [{ op: 'delete-object', ...ref, kind: 'chain', name: 'check' }]), /jumped to/);
});

test('a refused transaction leaves nothing of itself behind', async () => {
  const fake = await fakeWith(table([80]));
  const before = fake.tables('ns');
  await assert.rejects(
    fake.apply('ns', [
      { op: 'add-elements', ...ref, kind: 'set', name: 'ports', elements: [{ key: [443] }] },
      { op: 'flush-chain', ...ref, chain: 'ghost' },
    ]),
  );
  assert.deepEqual(fake.tables('ns'), before);
});

test('the trace follows jumps, counts, and applies the policy', async () => {
  const fake = await fakeWith(table([80]));
  const dropped = fake.send('ns', { iif: 'eth0', saddr: '10.0.0.1', daddr: '10.0.0.2', proto: 6, sport: 5000, dport: 80 });
  assert.deepEqual({ verdict: dropped.verdict, path: dropped.path, counters: dropped.counters }, { verdict: 'drop', path: ['t/input', 't/check'], counters: ['hits'] });
  assert.equal(fake.trace('ns', { iif: 'eth0', saddr: '10.0.0.1', daddr: '10.0.0.2', proto: 6, sport: 5000, dport: 443 }).verdict, 'accept');
  // An ICMP packet has no ports: a port set matches it only when it covers every port.
  assert.equal(fake.trace('ns', { iif: 'eth0', saddr: '10.0.0.1', daddr: '10.0.0.2', proto: 1, icmpType: 8, icmpCode: 0 }).verdict, 'accept');
  assert.equal((await fake.listCounters('ns', 'inet', 't')).get('hits')?.packets, 1);
});

test('the state keeper sends diffs, and resyncs the whole table after a failed transaction', async () => {
  const fake = new FakeNftBackend();
  const keeper = new NftStateKeeper(fake, 'ns');
  assert.equal((await keeper.update([table([80])])).resynced, true, 'the first update creates the tables from scratch');
  const same = await keeper.update([table([80])]);
  assert.deepEqual([same.operations, same.resynced], [0, false], 'an unchanged model sends nothing');
  const diff = await keeper.update([table([80, 443])]);
  assert.deepEqual([diff.operations, diff.resynced], [1, false]);
  fake.failNext = 1;
  const recovered = await keeper.update([table([443])]);
  assert.equal(recovered.resynced, true);
  assert.match(recovered.failure ?? '', /injected/);
  assert.deepEqual(fake.tables('ns'), [table([443])]);
  assert.deepEqual(
    fake.log.slice(-2).map((l) => [l.ok, l.tx[0]?.op, l.tx[1]?.op]),
    [
      [false, 'delete-elements', undefined],
      [true, 'add-table', 'delete-table'],
    ],
  );
  await assert.rejects(keeper.update([{ ...table([1]), name: 'bad name' }]), /invalid/, 'an invalid model never reaches the backend');
});

test('concurrent updates of one keeper run in turn, each a diff from the one before', async () => {
  const fake = new FakeNftBackend();
  const keeper = new NftStateKeeper(fake, 'ns');
  const reports = await Promise.all([keeper.update([table([80])]), keeper.update([table([80, 443])]), keeper.update([table([443])])]);
  assert.deepEqual(
    reports.map((r) => [r.resynced, r.operations]),
    [
      [true, resyncOps([table([80])]).length],
      [false, 1],
      [false, 1],
    ],
  );
  assert.deepEqual(fake.tables('ns'), [table([443])]);
  assert.ok(
    fake.log.every((l) => l.ok),
    'no transaction was refused',
  );
});

/**
 * The diff: an unchanged model gives an empty transaction; a security-group membership change
 * is one element add and one element delete; new objects come before what references them
 * and removed ones after (the fake, which refuses unresolved references as nft does, takes
 * every diff); counters of untouched objects survive; a change nft cannot make in place
 * rebuilds only its table.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffTables, resyncOps } from '../../../../src/dataplane/nft/diff.js';
import { FakeNftBackend } from '../../../../src/dataplane/nft/fake.js';
import { renderTransaction } from '../../../../src/dataplane/nft/render.js';
import type { NftTable } from '../../../../src/dataplane/nft/types.js';

/** A router-like table: a member set per group, a chain per group, a dispatch map by interface. */
function model(members: Record<string, string[]>, extraGroup = false): NftTable {
  const groups = Object.keys(members);
  if (extraGroup) groups.push('sg_db');
  return {
    family: 'inet',
    name: 'ecsnet',
    sets: groups.map((g) => ({ name: `${g}_members`, type: ['ipv4_addr'], elements: (members[g] ?? []).map((ip) => ({ key: [ip] })) })),
    maps: [{ name: 'sg_ingress', key: ['ifname'], value: 'verdict', elements: groups.map((g, i) => ({ key: [`eni${i}`], value: { kind: 'jump' as const, chain: `${g}_in` } })) }],
    counters: groups.map((g) => ({ name: `${g}_in_drop` })),
    chains: [
      ...groups.map((g) => ({
        name: `${g}_in`,
        rules: [
          { exprs: [{ lookup: ['ip saddr' as const], set: `${g}_members` }, { verdict: { kind: 'return' as const } }] },
          { exprs: [{ counter: `${g}_in_drop` }, { verdict: { kind: 'drop' as const } }] },
        ],
      })),
      {
        name: 'forward',
        base: { type: 'filter', hook: 'forward', priority: 0, policy: 'drop' },
        rules: [{ exprs: [{ vmap: ['oifname'], map: 'sg_ingress' }] }, { exprs: [{ verdict: { kind: 'accept' } }] }],
      },
    ],
  };
}

const base = model({ sg_web: ['10.0.0.1', '10.0.0.2'], sg_app: ['10.0.1.1'] });

test('an unchanged model gives an empty transaction', () => {
  assert.deepEqual(diffTables([base], [structuredClone(base)]), []);
  assert.equal(renderTransaction(diffTables([base], [base])), '');
});

test('a membership change is one element delete and one element add, nothing else', () => {
  const moved = model({ sg_web: ['10.0.0.1', '10.0.0.3'], sg_app: ['10.0.1.1'] });
  const tx = diffTables([base], [moved]);
  assert.deepEqual(
    tx.map((o) => o.op),
    ['delete-elements', 'add-elements'],
  );
  assert.equal(renderTransaction(tx, [base]), 'delete element inet ecsnet sg_web_members { 10.0.0.2 }\nadd element inet ecsnet sg_web_members { 10.0.0.3 }\n');
});

test('counters of untouched objects survive an update; the fake takes the diff', async () => {
  const fake = new FakeNftBackend();
  await fake.apply('r', resyncOps([base]));
  const packet = { iif: 'x', oif: 'eni1', saddr: '10.9.9.9', daddr: '10.0.1.1', proto: 6, sport: 1, dport: 2 };
  assert.equal(fake.send('r', packet).verdict, 'drop');
  assert.equal(fake.send('r', packet).verdict, 'drop');
  const moved = model({ sg_web: ['10.0.0.1'], sg_app: ['10.0.1.1', '10.9.9.9'] });
  await fake.apply('r', diffTables([base], [moved]));
  assert.equal((await fake.listCounters('r', 'inet', 'ecsnet')).get('sg_app_in_drop')?.packets, 2, 'the drop counter kept its count');
  assert.equal(fake.send('r', packet).verdict, 'accept', 'and the new member is admitted');
});

test('new objects are added before what references them, removed ones deleted after', async () => {
  const grown = model({ sg_web: ['10.0.0.1', '10.0.0.2'], sg_app: ['10.0.1.1'] }, true);
  const add = diffTables([base], [grown]);
  const order = add.map((o) => `${o.op}${'set' in o ? `:${o.set.name}` : 'chain' in o && typeof o.chain === 'object' ? `:${o.chain.name}` : 'name' in o ? `:${o.name}` : ''}`);
  assert.ok(order.indexOf('add-chain:sg_db_in') < order.indexOf('add-elements:sg_ingress'), 'the chain exists before the map entry that jumps to it');
  assert.ok(order.indexOf('add-set:sg_db_members') < order.findIndex((o) => o.startsWith('add-rule')), 'the set exists before the rule that looks it up');
  const fake = new FakeNftBackend();
  await fake.apply('r', resyncOps([base]));
  await fake.apply('r', add);
  const remove = diffTables([grown], [base]);
  const ops = remove.map((o) => o.op);
  assert.deepEqual(ops, ['delete-elements', 'flush-chain', 'delete-object', 'delete-object', 'delete-object']);
  assert.deepEqual(
    remove.filter((o) => o.op === 'delete-object').map((o) => (o as { kind: string }).kind),
    ['chain', 'set', 'counter'],
  );
  await fake.apply('r', remove);
  assert.deepEqual(fake.tables('r'), [base], 'the fake ends where the model says');
  // Done the other way round, nft (and the fake) refuse: the chain is still jumped to.
  await fake.apply('r', add);
  await assert.rejects(fake.apply('r', [...remove].reverse()), /busy|still has rules/);
});

test('a chain whose rules changed is flushed and refilled; a set whose type changed rebuilds its table', () => {
  const changed = structuredClone(base);
  changed.chains[0]!.rules.unshift({ exprs: [{ match: 'meta l4proto', value: 1 }, { verdict: { kind: 'accept' } }] });
  const tx = diffTables([base], [changed]);
  assert.deepEqual(
    tx.map((o) => o.op),
    ['flush-chain', 'add-rule', 'add-rule', 'add-rule'],
  );
  const retyped = structuredClone(base);
  retyped.sets[0]!.flags = ['interval'];
  const rebuilt = diffTables([base], [retyped]);
  assert.equal(rebuilt[0]?.op, 'delete-table');
  assert.equal(rebuilt[1]?.op, 'add-table');
  const other: NftTable = { family: 'inet', name: 'other', sets: [], maps: [], counters: [], chains: [] };
  assert.deepEqual(
    diffTables([base, other], [base]).map((o) => o.op),
    ['delete-table'],
    'a table that is no longer wanted goes whole',
  );
});

/**
 * nftables tables on the real kernel: created in one transaction per namespace at bring-up,
 * they really filter; a later change through the state keeper is a diff (an element swap), and
 * the counters of what it did not touch keep their counts; a transaction the kernel refuses is
 * rejected as a whole and the previous tables stay in force; a namespace that drifted from the
 * keeper's memory is resynced whole; a refused table at bring-up rolls the whole lab back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyLab } from '../../src/dataplane/apply-lab.js';
import { CommandError } from '../../src/dataplane/command-runner.js';
import { echoServerArgv } from '../../src/dataplane/echo-server.js';
import { LabError } from '../../src/dataplane/lab-error.js';
import type { LabSpec } from '../../src/dataplane/lab-spec.js';
import type { NftChain, NftTable } from '../../src/dataplane/nft/types.js';
import { hostSnapshot, kernelTest, pairSpec, withLab } from './dataplane-support.js';

/** Lab names of this file start with nf. */
const nfLab = (tag: string): string => `nf${tag}-${process.pid.toString(36)}`.slice(0, 16);

/** Drops tcp to the ports of set `blocked`, counting the drops; `loop` adds two chains that jump to each other (the kernel refuses that). */
function blockTable(ports: number[], loop = false): NftTable {
  const chains: NftChain[] = [
    {
      name: 'input',
      base: { type: 'filter', hook: 'input', priority: 0, policy: 'accept' },
      rules: [
        { exprs: [{ match: 'meta l4proto', value: 6 }, { lookup: ['th dport'], set: 'blocked' }, { counter: 'blocked_drops' }, { verdict: { kind: 'drop' } }] },
        { exprs: [{ match: 'meta l4proto', value: 6 }, { counter: 'tcp_seen' }] },
        ...(loop ? [{ exprs: [{ verdict: { kind: 'jump' as const, chain: 'ping' } }] }] : []),
      ],
    },
  ];
  if (loop)
    chains.push(
      { name: 'ping', rules: [{ exprs: [{ verdict: { kind: 'jump', chain: 'pong' } }] }] },
      { name: 'pong', rules: [{ exprs: [{ verdict: { kind: 'jump', chain: 'ping' } }] }] },
    );
  return {
    family: 'inet',
    name: 'nfsg',
    sets: [{ name: 'blocked', type: ['inet_service'], elements: ports.map((p) => ({ key: [p] })) }],
    maps: [],
    counters: [{ name: 'blocked_drops' }, { name: 'tcp_seen' }],
    chains,
  };
}

function spec(lab: string, table: NftTable): LabSpec {
  const s = pairSpec(lab);
  s.nftables = [{ namespace: 'b', tables: [table] }];
  s.processes = [{ namespace: 'b', role: 'echo', argv: echoServerArgv({ tcp: [8080, 8081] }) }];
  return s;
}

const ports = [
  { proto: 'tcp' as const, address: '10.0.0.20', port: 8080 },
  { proto: 'tcp' as const, address: '10.0.0.20', port: 8081 },
];

test('tables filter; a change is a diff that keeps counters; a refused one changes nothing; drift is resynced', kernelTest, async () => {
  await withLab(spec(nfLab('nft'), blockTable([8081])), async (lab) => {
    assert.deepEqual(
      (await lab.probeMany('a', ports)).map((o) => o.result),
      ['reached', 'timed-out'],
    );
    const listRuleset = async (): Promise<string> => (await lab.exec('b', ['nft', 'list', 'ruleset'], { check: true })).stdout;
    const counters = async (): Promise<Record<string, number>> => {
      const out = JSON.parse((await lab.exec('b', ['nft', '-j', 'list', 'counters', 'table', 'inet', 'nfsg'], { check: true })).stdout) as {
        nftables: Array<{ counter?: { name: string; packets: number } }>;
      };
      return Object.fromEntries(out.nftables.filter((i) => i.counter).map((i) => [i.counter!.name, i.counter!.packets]));
    };
    const seen = await counters();
    assert.ok((seen.blocked_drops ?? 0) > 0 && (seen.tcp_seen ?? 0) > 0, 'both counters counted');

    // Move the block from 8081 to 8080: two element operations, counters untouched.
    const report = await lab.updateNftables('b', [blockTable([8080])]);
    assert.deepEqual({ operations: report.operations, resynced: report.resynced }, { operations: 2, resynced: false });
    const after = await counters();
    assert.equal(after.blocked_drops, seen.blocked_drops, 'the drop counter survives the element change');
    assert.equal(after.tcp_seen, seen.tcp_seen);
    assert.deepEqual(
      (await lab.probeMany('a', ports)).map((o) => o.result),
      ['timed-out', 'reached'],
    );
    assert.equal((await lab.updateNftables('b', [blockTable([8080])])).operations, 0, 'an unchanged model sends nothing');

    // A model the kernel refuses (a jump loop): the incremental transaction and the resync both fail, atomically.
    const before = await listRuleset();
    await assert.rejects(lab.updateNftables('b', [blockTable([8081], true)]), (err: unknown) => {
      assert.ok(err instanceof CommandError);
      assert.match(err.message, /nft -f -/);
      assert.match(err.message, /Too many links|loop/i);
      return true;
    });
    assert.equal(await listRuleset(), before, 'the previous tables are untouched');
    assert.deepEqual(
      (await lab.probeMany('a', ports)).map((o) => o.result),
      ['timed-out', 'reached'],
      'and still in force',
    );

    // After a failure the keeper no longer trusts its memory: the next update is a full resync.
    const resync = await lab.updateNftables('b', [blockTable([8080])]);
    assert.equal(resync.resynced, true);
    assert.equal((await listRuleset()).match(/^table /gm)?.length, 1, 'one table, not an accumulation');

    // Drift: someone deletes the element behind the keeper's back; the diff that deletes it fails, the resync repairs.
    await lab.exec('b', ['nft', 'delete', 'element', 'inet', 'nfsg', 'blocked', '{ 8080 }'], { check: true });
    const repaired = await lab.updateNftables('b', [blockTable([8081])]);
    assert.equal(repaired.resynced, true);
    assert.match(repaired.failure ?? '', /8080|No such file/);
    assert.deepEqual(
      (await lab.probeMany('a', ports)).map((o) => o.result),
      ['reached', 'timed-out'],
    );
  });
});

test('a table the kernel refuses at bring-up fails the lab and leaves nothing behind', kernelTest, async () => {
  const before = hostSnapshot();
  const name = nfLab('bad');
  await assert.rejects(applyLab(spec(name, blockTable([8081], true))), (err: unknown) => {
    assert.ok(err instanceof LabError);
    assert.equal(err.code, 'ECSNET_E_APPLY_FAILED');
    assert.match(err.message, /step: nftables/);
    assert.match(err.message, /jump ping/);
    return true;
  });
  assert.deepEqual(hostSnapshot(), before);
});

/**
 * Two labs side by side, with the same logical namespaces and the same addresses, and names
 * where one is a prefix of the other: neither sees the other's packets or rules, and
 * destroying one leaves the other working.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyLab, type LabHandle } from '../../src/dataplane/apply-lab.js';
import { destroyLab } from '../../src/dataplane/destroy-lab.js';
import { echoServerArgv } from '../../src/dataplane/echo-server.js';
import type { LabSpec } from '../../src/dataplane/lab-spec.js';
import { listLabs } from '../../src/dataplane/list-labs.js';
import { isSameProcessRunning } from '../../src/dataplane/proc.js';
import { hostSnapshot, kernelTest, pairSpec, uniqueLab } from './dataplane-support.js';

function spec(lab: string, blocked: number): LabSpec {
  const s = pairSpec(lab);
  s.nftables = [
    {
      namespace: 'b',
      tables: [
        {
          family: 'inet',
          name: 'sg',
          sets: [],
          maps: [],
          counters: [],
          chains: [
            {
              name: 'input',
              base: { type: 'filter', hook: 'input', priority: 0, policy: 'accept' },
              rules: [{ exprs: [{ match: 'meta l4proto', value: 6 }, { match: 'th dport', value: blocked }, { verdict: { kind: 'drop' } }] }],
            },
          ],
        },
      ],
    },
  ];
  s.processes = [{ namespace: 'b', role: 'echo', argv: echoServerArgv({ tcp: [7, 8] }) }];
  return s;
}

test('two labs with identical addresses run side by side; destroying one leaves the other intact', kernelTest, async () => {
  const before = hostSnapshot();
  const first = uniqueLab('two');
  const second = `${first}-2`.slice(0, 16);
  let one: LabHandle | undefined;
  let two: LabHandle | undefined;
  try {
    one = await applyLab(spec(first, 8));
    two = await applyLab(spec(second, 7));
    const targets = [
      { proto: 'tcp' as const, address: '10.0.0.20', port: 7 },
      { proto: 'tcp' as const, address: '10.0.0.20', port: 8 },
    ];
    assert.deepEqual(
      (await one.probeMany('a', targets)).map((o) => o.result),
      ['reached', 'timed-out'],
      'lab one blocks 8 only',
    );
    assert.deepEqual(
      (await two.probeMany('a', targets)).map((o) => o.result),
      ['timed-out', 'reached'],
      'lab two blocks 7 only',
    );

    const labs = await listLabs();
    assert.deepEqual(labs.find((l) => l.lab === first)?.namespaces, [`ecsnet-${first}.a`, `ecsnet-${first}.b`]);
    assert.deepEqual(labs.find((l) => l.lab === second)?.namespaces, [`ecsnet-${second}.a`, `ecsnet-${second}.b`]);

    const report = await destroyLab(first);
    assert.deepEqual(report.namespacesDeleted, [`ecsnet-${first}.a`, `ecsnet-${first}.b`], 'only its own namespaces, not those of the lab whose name it prefixes');
    one = undefined;
    assert.deepEqual(
      (await two.probeMany('a', targets)).map((o) => o.result),
      ['timed-out', 'reached'],
      'lab two still works',
    );
    assert.ok(await isSameProcessRunning(two.state.processes[0]!), "lab two's process still runs");
  } finally {
    if (one) await destroyLab(first);
    await destroyLab(second);
  }
  assert.deepEqual(hostSnapshot(), before);
});

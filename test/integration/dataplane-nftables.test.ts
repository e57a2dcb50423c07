/**
 * nftables rulesets: applied in one transaction per namespace, they really filter; a broken
 * one is rejected as a whole and the previous ruleset stays in force; applying the same text
 * twice changes nothing; a broken one at bring-up rolls the whole lab back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyLab } from '../../src/dataplane/apply-lab.js';
import { CommandError } from '../../src/dataplane/command-runner.js';
import { echoServerArgv } from '../../src/dataplane/echo-server.js';
import { LabError } from '../../src/dataplane/lab-error.js';
import type { LabSpec } from '../../src/dataplane/lab-spec.js';
import { hostSnapshot, kernelTest, pairSpec, uniqueLab, withLab } from './dataplane-support.js';

const blockPort = (port: number): string => `table inet sg {
  set blocked { type inet_service; elements = { ${port} } }
  chain input {
    type filter hook input priority 0; policy accept;
    tcp dport @blocked drop
  }
}
`;

// Valid syntax, but the set does not exist: the kernel-side evaluation fails after the
// table reset at the top of the transaction, which must then not take effect either.
const BROKEN = `table inet sg {
  chain input {
    type filter hook input priority 0; policy drop;
    tcp dport @no_such_set accept
  }
}
`;

function spec(lab: string, ruleset: string): LabSpec {
  const s = pairSpec(lab);
  s.nftables = [{ namespace: 'b', ruleset }];
  s.processes = [{ namespace: 'b', role: 'echo', argv: echoServerArgv({ tcp: [8080, 8081] }) }];
  return s;
}

const ports = [
  { proto: 'tcp' as const, address: '10.0.0.20', port: 8080 },
  { proto: 'tcp' as const, address: '10.0.0.20', port: 8081 },
];

test('a ruleset filters; a broken one is rejected atomically; re-applying is idempotent', kernelTest, async () => {
  await withLab(spec(uniqueLab('nft'), blockPort(8081)), async (lab) => {
    assert.deepEqual((await lab.probeMany('a', ports)).map((o) => o.result), ['reached', 'timed-out']);
    const listRuleset = async (): Promise<string> => (await lab.exec('b', ['nft', 'list', 'ruleset'], { check: true })).stdout;
    const before = await listRuleset();

    await assert.rejects(lab.applyNftables('b', BROKEN), (err: unknown) => {
      assert.ok(err instanceof CommandError);
      assert.match(err.message, /nft -f -/);
      assert.match(err.message, /no_such_set/);
      return true;
    });
    assert.equal(await listRuleset(), before, 'the previous ruleset is untouched');
    assert.deepEqual((await lab.probeMany('a', ports)).map((o) => o.result), ['reached', 'timed-out'], 'and still in force');

    await lab.applyNftables('b', blockPort(8080));
    const once = await listRuleset();
    await lab.applyNftables('b', blockPort(8080));
    assert.equal(await listRuleset(), once, 'applying the same ruleset twice gives the same ruleset');
    assert.equal((once.match(/^table /gm) ?? []).length, 1, 'one table, not an accumulation');
    assert.deepEqual((await lab.probeMany('a', ports)).map((o) => o.result), ['timed-out', 'reached']);
  });
});

test('a broken ruleset at bring-up fails the lab and leaves nothing behind', kernelTest, async () => {
  const before = hostSnapshot();
  const name = uniqueLab('nftbad');
  await assert.rejects(applyLab(spec(name, BROKEN)), (err: unknown) => {
    assert.ok(err instanceof LabError);
    assert.equal(err.code, 'ECSNET_E_APPLY_FAILED');
    assert.match(err.message, /step: nftables/);
    assert.match(err.message, /no_such_set/);
    return true;
  });
  assert.deepEqual(hostSnapshot(), before);
});

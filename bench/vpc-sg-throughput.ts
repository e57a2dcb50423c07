/**
 * TCP across a VPC router whose destination ENI carries a security group with 1,000 rules,
 * against the same router with one rule, and with no firewall at all, in the same run. The
 * rules live in nftables sets (one lookup per group, whatever the number of rules), and
 * security groups are stateful, so an established flow does not even reach the lookup: the
 * throughput should not move (goal ≥ 0.9). New connections do look the rules up, so the rate
 * of new connections is measured too.
 *
 * Shape: one VPC, a sender instance in 10.0.1.0/24 and a receiver in 10.0.2.0/24 (so packets
 * cross the router and both subnets' NACLs); Node programs inside the lab namespaces only:
 * a bulk sender writing 256 KiB chunks for a few seconds and a receiver counting bytes; a
 * connect-and-close loop for the connection rate. Run as root:
 * `node dist/bench/vpc-sg-throughput.js [seconds] [rounds]`.
 *
 * 1,000 rules is beyond AWS's quota (60 per group, 5 groups per ENI by default); it is here to
 * show that the cost does not depend on it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { importRequest, runImport } from '../src/cli/import-options.js';
import { applyLab, type LabHandle } from '../src/dataplane/apply-lab.js';
import { destroyLab } from '../src/dataplane/destroy-lab.js';
import type { LabSpec } from '../src/dataplane/lab-spec.js';
import { isRoot } from '../src/dataplane/require-root.js';
import { compileFabric } from '../src/fabric/compile-lab.js';
import { installedDaemonRuntime } from '../src/fabric/installed-runtime.js';
import { planDeployment } from '../src/plan/index.js';
import { median } from './support.js';

const SECONDS = Number(process.argv[2] ?? 3);
const ROUNDS = Number(process.argv[3] ?? 3);
const PORT = 5001;
const SENDER = 'i.bench.Sender';
const RECEIVER = 'i.bench.Receiver';
const RECEIVER_IP = '10.0.2.10';

/** The receiver's group: the rule admitting the sender, plus `extra` rules that never match. */
function template(extra: number): string {
  const rules = [`        - { IpProtocol: tcp, FromPort: ${PORT}, ToPort: ${PORT}, CidrIp: 10.0.1.0/24 }`];
  for (let i = 0; i < extra; i++) {
    rules.push(`        - { IpProtocol: ${i % 3 === 0 ? 'udp' : 'tcp'}, FromPort: ${10000 + i}, ToPort: ${10000 + i}, CidrIp: 172.${16 + (i >> 8)}.${i & 255}.0/24 }`);
  }
  return `Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: { CidrBlock: 10.0.0.0/16 }
  SubnetA:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24 }
  SubnetB:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.2.0/24 }
  ReceiverGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: receiver
      VpcId: !Ref Vpc
      SecurityGroupIngress:
${rules.join('\n')}
  Sender:
    Type: AWS::EC2::Instance
    Properties: { ImageId: ami-1, InstanceType: c5.large, SubnetId: !Ref SubnetA, PrivateIpAddress: 10.0.1.10 }
  Receiver:
    Type: AWS::EC2::Instance
    Properties: { ImageId: ami-1, InstanceType: c5.large, SubnetId: !Ref SubnetB, PrivateIpAddress: ${RECEIVER_IP}, SecurityGroupIds: [!Ref ReceiverGroup] }
`;
}

/** The lab of a template with `extra` rules; `bare` strips the router's firewall down to route-table selection. */
function labSpec(dir: string, lab: string, extra: number, bare: boolean): LabSpec {
  const file = join(dir, `bench-${extra}.yml`);
  writeFileSync(file, template(extra));
  const imported = runImport(importRequest({}, [`bench=${file}`]), false);
  const { spec } = compileFabric(imported.model, planDeployment(imported.model, {}), { lab, runtime: installedDaemonRuntime() });
  if (bare) {
    for (const nft of spec.nftables ?? []) {
      if (!nft.namespace.startsWith('vpc.')) continue;
      // Keep only route-table selection: the map and the prerouting chain that uses it.
      nft.tables = nft.tables.map((t) => ({
        ...t,
        sets: [],
        counters: [],
        maps: t.maps.filter((m) => m.name === 'route_table_of'),
        chains: t.chains.filter((c) => c.name === 'prerouting'),
      }));
    }
  }
  return spec;
}

const RECEIVE = `
const net = require('node:net');
const server = net.createServer((s) => {
  let bytes = 0, start;
  s.on('data', (d) => { if (start === undefined) start = process.hrtime.bigint(); bytes += d.length; });
  s.on('end', () => { const ns = Number(process.hrtime.bigint() - start); process.stdout.write(JSON.stringify({ bytes, seconds: ns / 1e9 })); process.exit(0); });
});
server.listen(${PORT}, '${RECEIVER_IP}', () => process.stderr.write('listening\\n'));
setTimeout(() => process.exit(3), 60000);
`;
const SEND = `
const net = require('node:net');
const chunk = Buffer.alloc(256 * 1024, 7);
const until = Date.now() + Number(process.argv[1]) * 1000;
const s = net.connect(${PORT}, '${RECEIVER_IP}', () => {
  const pump = () => { while (Date.now() < until) { if (!s.write(chunk)) return void s.once('drain', pump); } s.end(); };
  pump();
});
s.on('error', (e) => { console.error(e.message); process.exit(1); });
`;
const ACCEPT = `
const net = require('node:net');
// The client resets each connection, so no side keeps TIME_WAIT sockets that would exhaust its ports.
net.createServer((s) => { s.on('error', () => {}); }).listen(${PORT}, '${RECEIVER_IP}');
setTimeout(() => process.exit(0), 60000);
`;
const CONNECT = `
const net = require('node:net');
const until = Date.now() + Number(process.argv[1]) * 1000;
let done = 0;
const one = () => {
  if (Date.now() >= until) return finish();
  const s = net.connect(${PORT}, '${RECEIVER_IP}', () => { done++; s.resetAndDestroy(); one(); });
  s.on('error', () => { s.destroy(); one(); });
};
let running = 8;
const finish = () => { if (--running === 0) process.stdout.write(JSON.stringify({ connections: done, seconds: Number(process.argv[1]) })); };
for (let i = 0; i < 8; i++) one();
`;

/** Gbit/s of one bulk transfer. */
async function throughput(lab: LabHandle): Promise<number> {
  const receiver = lab.exec(RECEIVER, [process.execPath, '-e', RECEIVE], { timeoutMs: 70_000 });
  await new Promise((r) => setTimeout(r, 300));
  await lab.exec(SENDER, [process.execPath, '-e', SEND, String(SECONDS)], { timeoutMs: 70_000, check: true });
  const result = JSON.parse((await receiver).stdout) as { bytes: number; seconds: number };
  return (result.bytes * 8) / result.seconds / 1e9;
}

/** New connections per second. */
async function connectionRate(lab: LabHandle): Promise<number> {
  const server = await lab.startProcess({ namespace: RECEIVER, role: 'accept', argv: [process.execPath, '-e', ACCEPT] });
  try {
    const out = await lab.exec(SENDER, [process.execPath, '-e', CONNECT, String(SECONDS)], { timeoutMs: 70_000, check: true });
    const result = JSON.parse(out.stdout) as { connections: number; seconds: number };
    return result.connections / result.seconds;
  } finally {
    await lab.stopProcess(server.pid, 1000);
  }
}

async function main(): Promise<void> {
  if (!isRoot()) {
    console.error('vpc-sg-throughput: needs root (network namespaces): run it with sudo');
    process.exitCode = 2;
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'ecsnet-bench-'));
  const tag = process.pid.toString(36);
  const configs = [
    { name: 'no firewall', lab: `bsn-${tag}`, extra: 0, bare: true },
    { name: '1 rule', lab: `bs1-${tag}`, extra: 0, bare: false },
    { name: '1000 rules', lab: `bsk-${tag}`, extra: 999, bare: false },
  ];
  const labs: LabHandle[] = [];
  const gbps = new Map<string, number[]>(configs.map((c) => [c.name, []]));
  const cps = new Map<string, number[]>(configs.map((c) => [c.name, []]));
  try {
    for (const c of configs) labs.push(await applyLab(labSpec(dir, c.lab, c.extra, c.bare)));
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? configs.map((_, i) => i) : configs.map((_, i) => configs.length - 1 - i);
      for (const i of order) gbps.get(configs[i]!.name)!.push(await throughput(labs[i]!));
      for (const i of order) cps.get(configs[i]!.name)!.push(await connectionRate(labs[i]!));
    }
  } finally {
    for (const c of configs) await destroyLab(c.lab);
    rmSync(dir, { recursive: true, force: true });
  }
  const base = median(gbps.get('no firewall')!);
  const baseCps = median(cps.get('no firewall')!);
  console.log(
    `vpc-sg-throughput: one TCP stream sender 10.0.1.10 → receiver ${RECEIVER_IP} across the VPC router, ${SECONDS} s per run, ${ROUNDS} rounds, ${availableParallelism()} CPUs`,
  );
  for (const c of configs) {
    const g = median(gbps.get(c.name)!);
    const k = median(cps.get(c.name)!);
    console.log(
      `  ${c.name.padEnd(12)} throughput median ${g.toFixed(2).padStart(6)} Gbit/s (${(g / base).toFixed(2)}x)   runs ${gbps
        .get(c.name)!
        .map((x) => x.toFixed(2))
        .join(', ')}   new connections ${k.toFixed(0).padStart(6)}/s (${(k / baseCps).toFixed(2)}x)`,
    );
  }
  const ratio = median(gbps.get('1000 rules')!) / median(gbps.get('1 rule')!);
  const ratioBare = median(gbps.get('1000 rules')!) / base;
  console.log(`  ratio 1000 rules / 1 rule: ${ratio.toFixed(2)}; 1000 rules / no firewall: ${ratioBare.toFixed(2)} (goal >= 0.9)`);
  console.log(
    JSON.stringify({
      bench: 'vpc-sg-throughput',
      seconds: SECONDS,
      rounds: ROUNDS,
      gbps: Object.fromEntries([...gbps].map(([k, v]) => [k, median(v)])),
      connectionsPerSecond: Object.fromEntries([...cps].map(([k, v]) => [k, median(v)])),
      ratio,
      ratioBare,
    }),
  );
  if (ratio < 0.9) process.exitCode = 1;
}

await main();

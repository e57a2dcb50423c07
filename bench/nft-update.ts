/**
 * A security-group membership change on a large router, two ways, side by side, on the real
 * kernel in a namespace of the bench's own: through the state keeper (the diff of the router
 * model: a few element deletes and adds in one `nft -f` transaction) and by re-applying the whole table
 * (delete + recreate in one `nft -f`, as ecsnet did before the object model). Run as root:
 * `node dist/bench/nft-update.js [enis] [rounds]`.
 *
 * Model: `enis` ENIs (default 1,000) in 10 subnets under 2 NACLs, 20 security groups, each
 * ENI in one or two of them, every group admitting 2 others by reference and a CIDR, so the
 * membership sets are large. The change moves one ENI from one combination of groups to
 * another and back: its dispatch entries change, and so do the sets of every group that
 * references the groups it joins or leaves. Both sides are timed end to end (compile of the
 * model excluded, it is the same for both): diff or full transaction, render, `nft -f`.
 */
import { execFileSync } from 'node:child_process';
import { SpawnCommandRunner } from '../src/dataplane/command-runner.js';
import { KernelNftBackend } from '../src/dataplane/nft/backend.js';
import { diffTables, resyncOps } from '../src/dataplane/nft/diff.js';
import { renderTransaction } from '../src/dataplane/nft/render.js';
import { NftStateKeeper } from '../src/dataplane/nft/state-keeper.js';
import type { NftTable } from '../src/dataplane/nft/types.js';
import { isRoot } from '../src/dataplane/require-root.js';
import type { FabricEni } from '../src/fabric/fabric-eni.js';
import { compileNetworkAcls } from '../src/fabric/network-acls.js';
import { routerTable } from '../src/fabric/router-table.js';
import { compileSecurityGroups } from '../src/fabric/security-groups.js';
import type { NetworkAcl, SecurityGroup, SecurityGroupRule, Subnet } from '../src/model/types.js';
import type { EniPlan } from '../src/plan/types.js';
import { median, timeAsync } from './support.js';

const ENIS = Math.min(2400, Number(process.argv[2] ?? 1000));
const ROUNDS = Number(process.argv[3] ?? 20);
const GROUPS = 20;
const SUBNETS = 10;
const NETNS = `nfbench-${process.pid.toString(36)}`;
const source = { file: 'bench.yml', line: 1, column: 1 };

const groupId = (g: number): string => `bench.Group${g}`;

function groups(): SecurityGroup[] {
  return Array.from({ length: GROUPS }, (_, g) => {
    const ingress: SecurityGroupRule[] = [
      { protocol: 'tcp', fromPort: 443, toPort: 443, peer: { kind: 'cidr', cidr: '10.0.0.0/16' } },
      { protocol: 'tcp', fromPort: 8000 + g, toPort: 8000 + g, peer: { kind: 'security-group', groupId: groupId((g + 1) % GROUPS) } },
      { protocol: 'tcp', fromPort: 9000 + g, toPort: 9000 + g, peer: { kind: 'security-group', groupId: groupId((g + 7) % GROUPS) } },
    ];
    return {
      id: groupId(g),
      stack: 'bench',
      logicalId: `Group${g}`,
      physicalId: `sg-${g}`,
      source,
      vpcId: 'bench.Vpc',
      groupName: `g${g}`,
      description: '',
      ingress,
      egress: [{ protocol: 'all', fromPort: -1, toPort: -1, peer: { kind: 'cidr', cidr: '0.0.0.0/0' } }],
      isDefault: false,
    };
  });
}

function eni(i: number, groupIds: string[]): FabricEni {
  const s = i % SUBNETS;
  const plan = {
    id: `eni-${i}`,
    mac: '02:00:00:00:00:01',
    kind: 'instance',
    ownerId: `i${i}`,
    subnetId: `bench.Subnet${s}`,
    vpcId: 'bench.Vpc',
    az: 'us-east-1a',
    privateIp: `10.0.${s}.${10 + Math.floor(i / SUBNETS)}`,
    prefixLength: 24,
    gatewayIp: `10.0.${s}.1`,
    fixedIp: false,
    securityGroupIds: groupIds,
    description: '',
  } as EniPlan;
  return { eni: plan, kind: 'instance', ownerId: `i${i}`, aliases: [], namespace: `i${i}`, ownerInterface: 'eth0', routerInterface: `eni${i}` };
}

/** The router model; `moved` puts ENI 0 into another combination of groups. */
export function model(moved: boolean): NftTable {
  const enis = Array.from({ length: ENIS }, (_, i) =>
    eni(i, i === 0 && moved ? [groupId(5), groupId(6)] : i % 3 === 0 ? [groupId(i % GROUPS), groupId((i + 1) % GROUPS)] : [groupId(i % GROUPS)]),
  );
  const subnets = Array.from({ length: SUBNETS }, (_, s) => ({ id: `bench.Subnet${s}`, cidr: `10.0.${s}.0/24`, networkAclId: `bench.Acl${s % 2}` }) as Subnet);
  const acls: NetworkAcl[] = [0, 1].map((a) => ({
    id: `bench.Acl${a}`,
    stack: 'bench',
    logicalId: `Acl${a}`,
    physicalId: `acl-${a}`,
    source,
    vpcId: 'bench.Vpc',
    isDefault: false,
    entries: [
      { ruleNumber: 90, egress: false, action: 'deny', protocol: 'tcp', cidr: '192.0.2.0/24' },
      { ruleNumber: 100, egress: false, action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' },
      { ruleNumber: 100, egress: true, action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' },
    ],
  }));
  const nacl = compileNetworkAcls({ subnets, acls: new Map(acls.map((a) => [a.id, a])), enis });
  const securityGroups = compileSecurityGroups({ enis, members: enis, groups: new Map(groups().map((g) => [g.id, g])), prefixList: () => undefined });
  return routerTable({
    markOfInterface: new Map(enis.map((e, i) => [e.routerInterface, 100 + (i % SUBNETS)])),
    uplinkInterface: 'uplink',
    publicIps: enis.slice(0, 100).map((e, i) => ({ privateIp: e.eni.privateIp, publicIp: `198.19.${Math.floor(i / 250)}.${(i % 250) + 1}` })),
    resolverAddresses: ['10.0.0.2', '169.254.169.253'],
    nacl,
    securityGroups,
  });
}

async function main(): Promise<void> {
  if (!isRoot()) {
    console.error('nft-update: needs root (a network namespace and nftables)');
    process.exit(2);
  }
  const before = model(false);
  const after = model(true);
  const elements = before.sets.reduce((n, s) => n + s.elements.length, 0) + before.maps.reduce((n, m) => n + m.elements.length, 0);
  const change = diffTables([before], [after]);
  console.log(
    `nft-update: router model of ${ENIS} ENIs = ${before.sets.length} sets, ${before.maps.length} maps, ${elements} elements, ${before.chains.length} chains, ${before.counters.length} counters; full table ${renderTransaction(resyncOps([before])).length} bytes of nft input; the membership change = ${change.length} operations (${[...new Set(change.map((o) => o.op))].map((op) => `${change.filter((o) => o.op === op).length} ${op}`).join(', ')}), ${renderTransaction(change, [before]).length} bytes; ${ROUNDS} rounds each`,
  );

  execFileSync('ip', ['netns', 'add', NETNS]);
  try {
    const runner = new SpawnCommandRunner();
    const backend = new KernelNftBackend(runner);
    const keeper = new NftStateKeeper(backend, NETNS);
    await keeper.update([before]);
    const incremental: number[] = [];
    const full: number[] = [];
    const diffing: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const target = r % 2 === 0 ? after : before;
      const from = r % 2 === 0 ? before : after;
      diffing.push(await timeAsync(async () => diffTables([from], [target])));
      incremental.push(
        await timeAsync(async () => {
          const report = await keeper.update([target]);
          if (report.resynced || report.operations === 0) throw new Error(`expected an incremental update, got ${JSON.stringify(report)}`);
        }),
      );
      full.push(await timeAsync(() => backend.apply(NETNS, resyncOps([target]), [])));
      // Both ways leave the namespace on `target`, so the keeper's memory stays right.
    }
    const noop = await timeAsync(() => runner.run(['ip', 'netns', 'exec', NETNS, 'nft', '-f', '-'], { stdin: '' }));
    const row = (what: string, ms: number): void => console.log(`| ${what} | ${ms.toFixed(1)} ms |`);
    row('diff of the two models alone (userspace)', median(diffing));
    row('one membership change through the state keeper (diff, render, `nft -f` of the element ops)', median(incremental));
    row('one membership change as a full re-apply of the table (`nft -f`)', median(full));
    row('for scale: an empty `ip netns exec … nft -f -`', noop);
    console.log(`nft-update: full / state keeper = ${(median(full) / median(incremental)).toFixed(1)}×; goal < 5 ms: ${median(incremental) < 5 ? 'met' : 'not met'}`);
  } finally {
    execFileSync('ip', ['netns', 'del', NETNS]);
  }
}

if (process.env.NF_MODEL_ONLY !== '1') await main();

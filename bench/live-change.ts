/**
 * Live changes to a running lab against a full re-apply of the same lab, in one run: adding one
 * ENI (its namespace, veth, addresses, both permanent neighbours, its route, and its address as
 * a new element of the router's security-group membership set) through `LabHandle.reconcile`,
 * a security-group membership change alone (one set element), and the same lab applied from
 * scratch. Measured at two lab sizes to show the cost of a change does not grow with the lab.
 * Run as root: `node dist/bench/live-change.js [sizes=100,1000] [rounds=10]`.
 */
import { applyLab, type LabHandle } from '../src/dataplane/apply-lab.js';
import { destroyLab } from '../src/dataplane/destroy-lab.js';
import type { LabSpec } from '../src/dataplane/lab-spec.js';
import type { NftTable } from '../src/dataplane/nft/types.js';
import { isRoot } from '../src/dataplane/require-root.js';
import { median, timeAsync } from './support.js';

const SIZES = (process.argv[2] ?? '100,1000').split(',').map(Number);
const ROUNDS = Number(process.argv[3] ?? 10);
const SETTLE_MS = Number(process.env.ECSNET_BENCH_SETTLE_MS ?? 3000);

const addressOf = (i: number): string => `10.${(i >> 8) & 255}.${i & 255}.10`;
const routerAddressOf = (i: number): string => `10.${(i >> 8) & 255}.${i & 255}.1`;
const macOf = (i: number, side: number): string => `02:0${side}:00:00:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`;

/** A router with `enis` workload namespaces, each on its own /24, and one membership set holding `members` addresses. */
function labSpec(lab: string, enis: number, members: readonly number[]): LabSpec {
  const spec: LabSpec = { lab, namespaces: [{ name: 'router', sysctls: { 'net.ipv4.ip_forward': 1 } }], veths: [], routes: [], neighbors: [] };
  for (let i = 0; i < enis; i++) {
    spec.namespaces.push({ name: `w${i}` });
    spec.veths!.push({
      a: { namespace: `w${i}`, name: 'eth0', mac: macOf(i, 1), addresses: [`${addressOf(i)}/24`] },
      b: { namespace: 'router', name: `eni${i}`, mac: macOf(i, 2), addresses: [`${routerAddressOf(i)}/24`] },
    });
    spec.routes!.push({ namespace: `w${i}`, destination: 'default', via: routerAddressOf(i), dev: 'eth0' });
    spec.neighbors!.push({ namespace: 'router', interface: `eni${i}`, address: addressOf(i), mac: macOf(i, 1) });
    spec.neighbors!.push({ namespace: `w${i}`, interface: 'eth0', address: routerAddressOf(i), mac: macOf(i, 2) });
  }
  const table: NftTable = {
    family: 'inet',
    name: 'bench',
    sets: [{ name: 'sg_members', type: ['ipv4_addr'], elements: members.map((i) => ({ key: [addressOf(i)] })) }],
    maps: [],
    counters: [{ name: 'sg_drop' }],
    chains: [
      {
        name: 'forward',
        base: { type: 'filter', hook: 'forward', priority: 0, policy: 'accept' },
        rules: [
          { exprs: [{ match: 'ct state', value: { anyOf: ['established', 'related'] } }, { verdict: { kind: 'accept' } }] },
          { exprs: [{ lookup: ['ip saddr'], set: 'sg_members', op: '!=' }, { counter: 'sg_drop' }, { verdict: { kind: 'drop' } }] },
        ],
      },
    ],
  };
  spec.nftables = [{ namespace: 'router', tables: [table] }];
  return spec;
}

const range = (n: number): number[] => [...Array(n).keys()];
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, SETTLE_MS));

async function measure(size: number): Promise<{ addEni: number; membership: number; fullApply: number; writes: number }> {
  const lab = `bench-live-${size}`;
  await destroyLab(lab);
  let handle: LabHandle | undefined;
  const addSamples: number[] = [];
  const memberSamples: number[] = [];
  let writes = 0;
  try {
    handle = await applyLab(labSpec(lab, size, range(size)));
    await settle();
    for (let r = 0; r < ROUNDS; r++) {
      const enis = size + r + 1;
      const grown = labSpec(lab, enis, range(enis));
      const h = handle;
      addSamples.push(await timeAsync(async () => (writes = (await h.reconcile(grown)).kernelWrites)));
    }
    const enis = size + ROUNDS;
    for (let r = 0; r < ROUNDS; r++) {
      // One ENI leaves the group and comes back: one element deleted, then one added.
      const members = range(enis).filter((i) => r % 2 === 1 || i !== 0);
      const h = handle;
      memberSamples.push(await timeAsync(() => h.reconcile(labSpec(lab, enis, members))));
    }
  } finally {
    await destroyLab(lab);
  }
  const fullSamples: number[] = [];
  for (let r = 0; r < Math.min(ROUNDS, 3); r++) {
    await settle();
    fullSamples.push(await timeAsync(() => applyLab(labSpec(lab, size + 1, range(size + 1)))));
    await destroyLab(lab);
  }
  return { addEni: median(addSamples), membership: median(memberSamples), fullApply: median(fullSamples), writes };
}

async function main(): Promise<void> {
  if (!isRoot()) {
    console.error('live-change: needs root (network namespaces)');
    process.exit(2);
  }
  console.log(`live-change: ${ROUNDS} rounds per figure, medians`);
  console.log('ENIs   add one ENI (reconcile)   membership change   full re-apply of the lab   ratio full/add   kernel writes per ENI');
  for (const size of SIZES) {
    const m = await measure(size);
    console.log(
      `${String(size).padEnd(6)} ${m.addEni.toFixed(1).padStart(8)} ms${''.padEnd(16)} ${m.membership.toFixed(1).padStart(8)} ms${''.padEnd(9)} ${m.fullApply.toFixed(0).padStart(8)} ms${''.padEnd(16)} ${(m.fullApply / m.addEni).toFixed(1).padStart(6)}×${''.padEnd(10)} ${m.writes}`,
    );
  }
}

await main();

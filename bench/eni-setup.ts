/**
 * Per-ENI setup cost of the data plane against a hand-written `ip -batch` baseline, in the
 * same run, on the same machine. Run as root: `node dist/bench/eni-setup.js [enis] [rounds]`.
 *
 * Shape: N workload namespaces with one ENI each (a veth into one router namespace), each end
 * with an address in its own /24, links up, a default route in each workload. One namespace
 * per ENI is what awsvpc tasks look like, and it is the worst case for the applier: the
 * per-namespace configuration step costs one `ip` process per namespace, so the number of
 * processes grows with the number of ENIs (a few namespaces with many ENIs each would be
 * cheaper and flatter the ratio).
 *
 * The baseline does the same kernel work with the least machinery: one `ip -batch` creating
 * the namespaces and veths, then one `ip -n <ns> -batch` per namespace, run with the same
 * parallelism as the applier. The applier additionally validates the spec, marks every
 * interface with the lab's alias, writes state, and creates namespaces and veths in two
 * batches (so namespace sysctls could sit in between).
 */
import { availableParallelism } from 'node:os';
import { applyLab, defaultConcurrency } from '../src/dataplane/apply-lab.js';
import { mapLimit } from '../src/dataplane/concurrency.js';
import { destroyLab } from '../src/dataplane/destroy-lab.js';
import type { LabSpec } from '../src/dataplane/lab-spec.js';
import { probe } from '../src/dataplane/probe.js';
import { isRoot } from '../src/dataplane/require-root.js';
import { median, runWithStdin, timeAsync } from './support.js';

const ENIS = Number(process.argv[2] ?? 500);
const ROUNDS = Number(process.argv[3] ?? 5);
/**
 * Pause before each timed run. Deleting hundreds of namespaces returns at once but the kernel
 * frees them in a background worker for a second or two; a setup started meanwhile competes
 * with it and measures the previous run's cleanup, not itself.
 */
const SETTLE_MS = Number(process.env.ECSNET_BENCH_SETTLE_MS ?? 3000);
const CONCURRENCY = defaultConcurrency();

const subnet = (i: number): string => `10.${i >> 8}.${i & 255}`;

function labSpec(lab: string): LabSpec {
  const spec: LabSpec = { lab, namespaces: [{ name: 'router' }], veths: [], routes: [] };
  for (let i = 0; i < ENIS; i++) {
    spec.namespaces.push({ name: `w${i}` });
    spec.veths!.push({
      a: { namespace: `w${i}`, name: 'eth0', addresses: [`${subnet(i)}.10/24`] },
      b: { namespace: 'router', name: `eni${i}`, addresses: [`${subnet(i)}.1/24`] },
    });
    spec.routes!.push({ namespace: `w${i}`, destination: 'default', via: `${subnet(i)}.1` });
  }
  return spec;
}

/** The baseline, written the way one would by hand. */
async function rawSetup(prefix: string): Promise<void> {
  let create = `netns add ${prefix}-router\n`;
  for (let i = 0; i < ENIS; i++) create += `netns add ${prefix}-w${i}\n`;
  for (let i = 0; i < ENIS; i++) create += `link add name eth0 netns ${prefix}-w${i} type veth peer name eni${i} netns ${prefix}-router\n`;
  await runWithStdin(['ip', '-batch', '-'], create);
  let router = 'link set dev lo up\n';
  for (let i = 0; i < ENIS; i++) router += `address add ${subnet(i)}.1/24 dev eni${i}\nlink set dev eni${i} up\n`;
  const jobs: Array<[string, string]> = [[`${prefix}-router`, router]];
  for (let i = 0; i < ENIS; i++) {
    jobs.push([`${prefix}-w${i}`, `link set dev lo up\naddress add ${subnet(i)}.10/24 dev eth0\nlink set dev eth0 up\nroute add default via ${subnet(i)}.1\n`]);
  }
  await mapLimit(jobs, CONCURRENCY, ([ns, text]) => runWithStdin(['ip', '-n', ns, '-batch', '-'], text));
}

async function rawTeardown(prefix: string): Promise<void> {
  let text = `netns del ${prefix}-router\n`;
  for (let i = 0; i < ENIS; i++) text += `netns del ${prefix}-w${i}\n`;
  await runWithStdin(['ip', '-batch', '-'], text);
}

async function main(): Promise<void> {
  if (!isRoot()) {
    console.error('eni-setup: needs root (network namespaces): run it with sudo');
    process.exitCode = 2;
    return;
  }
  const lab = `bench-${process.pid.toString(36)}`.slice(0, 16);
  const rawPrefix = `ecsnetbench-raw-${process.pid.toString(36)}`;
  const spec = labSpec(lab);
  const results = { apply: [] as number[], raw: [] as number[], destroy: [] as number[], rawTeardown: [] as number[] };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which goes first so neither always meets a kernel still cleaning up after the other.
      const order = round % 2 === 0 ? (['lab', 'raw'] as const) : (['raw', 'lab'] as const);
      for (const which of order) {
        await new Promise((r) => setTimeout(r, SETTLE_MS));
        if (which === 'lab') {
          results.apply.push(await timeAsync(() => applyLab(spec)));
          // Sanity (not timed): the last workload really reaches the router.
          const check = await probe(lab, `w${ENIS - 1}`, { proto: 'icmp', address: `${subnet(ENIS - 1)}.1` });
          if (check.result !== 'reached') throw new Error(`lab is not working: ${JSON.stringify(check)}`);
          results.destroy.push(await timeAsync(() => destroyLab(lab)));
        } else {
          results.raw.push(await timeAsync(() => rawSetup(rawPrefix)));
          results.rawTeardown.push(await timeAsync(() => rawTeardown(rawPrefix)));
        }
      }
    }
  } finally {
    await destroyLab(lab);
    await rawTeardown(rawPrefix).catch(() => undefined);
  }
  const fmt = (xs: number[]): string =>
    `median ${median(xs).toFixed(0).padStart(5)} ms  min ${Math.min(...xs)
      .toFixed(0)
      .padStart(5)} ms   runs ${xs.map((x) => x.toFixed(0)).join(', ')}`;
  const ratio = median(results.apply) / median(results.raw);
  // The minimum is the run least disturbed by whatever else the machine was doing.
  const ratioOfMinimums = Math.min(...results.apply) / Math.min(...results.raw);
  console.log(
    `eni-setup: ${ENIS} ENIs = ${ENIS} workload namespaces + 1 router namespace, ${ROUNDS} rounds, ${CONCURRENCY} per-namespace commands in flight, ${SETTLE_MS} ms settle pause, ${availableParallelism()} CPUs`,
  );
  console.log(`  applyLab           ${fmt(results.apply)}   (${((median(results.apply) / ENIS) * 1000).toFixed(0)} µs per ENI)`);
  console.log(`  raw ip -batch      ${fmt(results.raw)}   (${((median(results.raw) / ENIS) * 1000).toFixed(0)} µs per ENI)`);
  console.log(`  ratio              ${ratio.toFixed(2)}x of medians, ${ratioOfMinimums.toFixed(2)}x of minimums (goal <= 3x)`);
  console.log(`  destroyLab         ${fmt(results.destroy)}`);
  console.log(`  raw netns del      ${fmt(results.rawTeardown)}`);
  console.log(
    JSON.stringify({
      bench: 'eni-setup',
      enis: ENIS,
      rounds: ROUNDS,
      concurrency: CONCURRENCY,
      settleMs: SETTLE_MS,
      medianMs: { applyLab: median(results.apply), raw: median(results.raw), destroyLab: median(results.destroy), rawTeardown: median(results.rawTeardown) },
      minMs: { applyLab: Math.min(...results.apply), raw: Math.min(...results.raw) },
      ratio,
      ratioOfMinimums,
    }),
  );
  if (ratio > 3) process.exitCode = 1;
}

await main();

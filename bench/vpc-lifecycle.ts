/**
 * Bring-up and teardown of the built-in example's VPC (what `ecsnet up` with no files starts:
 * 13 namespaces, 19 veths, route tables, nftables firewalls, 5 daemons) against a reference in
 * the same run: the same namespaces, veths, addresses and main-table routes made with plain
 * `ip -batch` and nothing else (no policy routing, no nftables, no sysctls, no processes, no
 * state). The reference is the floor for "namespaces and cables exist"; the difference is
 * what a working VPC costs on top. Run as root: `node dist/bench/vpc-lifecycle.js [rounds]`.
 */
import { availableParallelism } from 'node:os';
import { importRequest, runImport } from '../src/cli/import-options.js';
import { applyLab, defaultConcurrency } from '../src/dataplane/apply-lab.js';
import { mapLimit } from '../src/dataplane/concurrency.js';
import { destroyLab } from '../src/dataplane/destroy-lab.js';
import type { LabSpec } from '../src/dataplane/lab-spec.js';
import { probe } from '../src/dataplane/probe.js';
import { isRoot } from '../src/dataplane/require-root.js';
import { compileFabric } from '../src/fabric/compile-lab.js';
import { installedDaemonRuntime } from '../src/fabric/installed-runtime.js';
import { planDeployment } from '../src/plan/index.js';
import { median, runWithStdin, timeAsync } from './support.js';

const ROUNDS = Number(process.argv[2] ?? 5);
/** Namespaces are freed by a kernel worker after `netns del` returns; each timed run starts after it settled. */
const SETTLE_MS = Number(process.env.ECSNET_BENCH_SETTLE_MS ?? 1500);

/** Plain names for the reference (≤ 15 characters per interface, its own namespace prefix). */
function referenceNames(spec: LabSpec, prefix: string): { ns: Map<string, string>; dev: (ns: string, name: string) => string } {
  const ns = new Map(spec.namespaces.map((n, i) => [n.name, `${prefix}-${i}`]));
  const devs = new Map<string, string>();
  const dev = (namespace: string, name: string): string => {
    const key = `${namespace}\0${name}`;
    if (!devs.has(key)) devs.set(key, name.length <= 15 ? name : `d${devs.size}`);
    return devs.get(key) as string;
  };
  return { ns, dev };
}

async function referenceSetup(spec: LabSpec, prefix: string): Promise<void> {
  const { ns, dev } = referenceNames(spec, prefix);
  let create = '';
  for (const n of spec.namespaces) create += `netns add ${ns.get(n.name)}\n`;
  for (const v of spec.veths ?? []) {
    create += `link add name ${dev(v.a.namespace, v.a.name)} netns ${ns.get(v.a.namespace)} type veth peer name ${dev(v.b.namespace, v.b.name)} netns ${ns.get(v.b.namespace)}\n`;
  }
  await runWithStdin(['ip', '-batch', '-'], create);
  const perNs = new Map<string, string[]>(spec.namespaces.map((n) => [n.name, ['link set dev lo up', ...(n.loopbackAddresses ?? []).map((a) => `address add ${a} dev lo`)]]));
  for (const v of spec.veths ?? []) {
    for (const end of [v.a, v.b]) {
      const lines = perNs.get(end.namespace) as string[];
      for (const a of end.addresses ?? []) lines.push(`address add ${a} dev ${dev(end.namespace, end.name)}`);
      lines.push(`link set dev ${dev(end.namespace, end.name)} up`);
    }
  }
  for (const r of spec.routes ?? []) {
    if (r.table !== undefined || r.type !== undefined || r.via === undefined || r.dev === undefined) continue;
    (perNs.get(r.namespace) as string[]).push(`route add ${r.destination} via ${r.via} dev ${dev(r.namespace, r.dev)}${r.src ? ` src ${r.src}` : ''}`);
  }
  await mapLimit([...perNs], defaultConcurrency(), ([name, lines]) => runWithStdin(['ip', '-n', ns.get(name) as string, '-batch', '-'], `${lines.join('\n')}\n`));
}

async function referenceTeardown(spec: LabSpec, prefix: string): Promise<void> {
  const { ns } = referenceNames(spec, prefix);
  await runWithStdin(['ip', '-force', '-batch', '-'], [...ns.values()].map((n) => `netns del ${n}\n`).join(''));
}

async function main(): Promise<void> {
  if (!isRoot()) {
    console.error('vpc-lifecycle: needs root (network namespaces): run it with sudo');
    process.exitCode = 2;
    return;
  }
  const lab = `bv-${process.pid.toString(36)}`.slice(0, 16);
  const prefix = `ecsnetbench-vpc-${process.pid.toString(36)}`;
  const compileStart = performance.now();
  const imported = runImport(importRequest({}, []), false);
  const { spec } = compileFabric(imported.model, planDeployment(imported.model, {}), { lab, runtime: installedDaemonRuntime() });
  const compileMs = performance.now() - compileStart;
  const phases = new Map<string, number>();
  const results = { up: [] as number[], reference: [] as number[], down: [] as number[], referenceDown: [] as number[] };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? (['lab', 'reference'] as const) : (['reference', 'lab'] as const);
      for (const which of order) {
        await new Promise((r) => setTimeout(r, SETTLE_MS));
        if (which === 'lab') {
          phases.clear();
          results.up.push(
            await timeAsync(() =>
              applyLab(spec, {
                onProgress: (e) => {
                  if (e.done === e.total) phases.set(e.phase, e.elapsedMs);
                },
              }),
            ),
          );
          // Not timed: the VPC works (an instance in a private subnet reaches the internet through its NAT gateway).
          const check = await probe(lab, 'i.app.ContainerInstances-0', { proto: 'tcp', address: '203.0.113.10', port: 80 });
          if (check.result !== 'reached') throw new Error(`the example's VPC does not work: ${JSON.stringify(check)}`);
          results.down.push(await timeAsync(() => destroyLab(lab)));
        } else {
          results.reference.push(await timeAsync(() => referenceSetup(spec, prefix)));
          results.referenceDown.push(await timeAsync(() => referenceTeardown(spec, prefix)));
        }
      }
    }
  } finally {
    await destroyLab(lab);
    await referenceTeardown(spec, prefix).catch(() => undefined);
  }
  const fmt = (xs: number[]): string =>
    `median ${median(xs).toFixed(0).padStart(5)} ms  min ${Math.min(...xs)
      .toFixed(0)
      .padStart(5)} ms   runs ${xs.map((x) => x.toFixed(0)).join(', ')}`;
  const upRatio = median(results.up) / median(results.reference);
  const downRatio = median(results.down) / median(results.referenceDown);
  console.log(
    `vpc-lifecycle: the built-in example's VPC = ${spec.namespaces.length} namespaces, ${spec.veths?.length ?? 0} veths, ${spec.routes?.length ?? 0} routes, ${spec.rules?.length ?? 0} rules, ${spec.nftables?.length ?? 0} nftables rulesets, ${spec.processes?.length ?? 0} daemons; ${ROUNDS} rounds, ${availableParallelism()} CPUs`,
  );
  console.log(`  import + plan + compile    ${compileMs.toFixed(0)} ms (once)`);
  console.log(`  up   ecsnet (applyLab)     ${fmt(results.up)}`);
  console.log(`  up   reference ip -batch   ${fmt(results.reference)}`);
  console.log(`  up   ratio                 ${upRatio.toFixed(2)}x`);
  console.log(`  up   phases (last run, ms since start): ${[...phases].map(([p, ms]) => `${p} ${ms}`).join(', ')}`);
  console.log(`  down ecsnet (destroyLab)   ${fmt(results.down)}`);
  console.log(`  down reference netns del   ${fmt(results.referenceDown)}`);
  console.log(`  down ratio                 ${downRatio.toFixed(2)}x`);
  console.log(
    JSON.stringify({
      bench: 'vpc-lifecycle',
      rounds: ROUNDS,
      compileMs,
      medianMs: { up: median(results.up), reference: median(results.reference), down: median(results.down), referenceDown: median(results.referenceDown) },
      upRatio,
      downRatio,
    }),
  );
}

await main();

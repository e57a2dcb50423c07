/**
 * `ecsnet probe`: real packets between two endpoints of a running lab, and where they were
 * dropped when they do not get through (which security group, NACL rule, route or gateway).
 */
import { callController } from '../../controller/control-client.js';
import { EcsnetError } from '../../diagnostics.js';
import type { FabricManifest } from '../../fabric/manifest.js';
import { requireRoot } from '../../dataplane/require-root.js';
import { chooseLab } from '../../fabric/choose-lab.js';
import { readStateFile } from '../../dataplane/lab-state.js';
import { probeFabric, type DropPoint, type FabricProbeReport } from '../../fabric/probe-fabric.js';
import type { Command } from '../command.js';
import { EXIT, LAB_OPTIONS, parseCommandArgs } from '../command.js';

/** `ecsnet probe`: real packets between two endpoints, with the drop point when they fail. */
export const probeCommand: Command = {
  name: 'probe',
  summary: 'send real packets between two endpoints of a lab; say where they were dropped',
  help: `Usage: ecsnet probe FROM TO [--port N] [--proto tcp|udp|icmp] [--lab NAME] [--json]

FROM is an instance, NAT gateway or endpoint of the lab (its logical id like WebServer,
Stack.LogicalId when two stacks use the same id, an instance or ENI id, or an address), or
"internet" (the internet test host). TO is one of those, an address, a DNS name (resolved
where FROM would resolve it: its VPC's resolver, or the internet's DNS) or "internet".
From the internet, an instance is reached at its public IP.

The answer is reached, refused (the host answered: nothing listens on the port), timed-out
or no-route, with the security group, NACL rule, route or gateway that dropped the packets
when known. Exit status 0 when reached or refused, 1 otherwise.

Options:
  --port N                 destination port (tcp and udp)
  --proto P                tcp, udp or icmp (default: tcp with --port, icmp without)
  --timeout MS             how long to wait for an answer (default 1500)
  --lab NAME               the lab (default: the only one running)
  --json                   print {result, detail, from, to, dropPoint, drops}
  -h, --help               this help`,
  async run(args, output) {
    const parsed = parseCommandArgs(args, {
      ...LAB_OPTIONS,
      port: { type: 'string' },
      proto: { type: 'string' },
      timeout: { type: 'string' },
    });
    const { values, positionals } = parsed;
    if (values.help) {
      output.out(this.help);
      return EXIT.ok;
    }
    const [from, to, ...extra] = positionals;
    if (from === undefined || to === undefined || extra.length > 0) throw new EcsnetError('ecsnet probe needs FROM and TO (see ecsnet probe --help)', [], 2);
    const port = values.port !== undefined ? Number(values.port) : undefined;
    if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) throw new EcsnetError(`--port must be 1..65535, got "${values.port}"`, [], 2);
    const proto = values.proto;
    if (proto !== undefined && proto !== 'tcp' && proto !== 'udp' && proto !== 'icmp') throw new EcsnetError(`--proto must be tcp, udp or icmp, got "${proto}"`, [], 2);
    const timeoutMs = values.timeout !== undefined ? Number(values.timeout) : undefined;
    if (timeoutMs !== undefined && (!Number.isInteger(timeoutMs) || timeoutMs < 50 || timeoutMs > 60_000)) throw new EcsnetError('--timeout must be 50..60000 ms', [], 2);
    requireRoot('ecsnet probe');
    const lab = await chooseLab(values.lab);
    // The controller holds the current manifest; the state directory has it too when none answers.
    const manifest = await callController<FabricManifest>(lab, 'GET', '/manifest', undefined, { timeoutMs: 5000 }).catch(() => undefined);
    const report = await probeFabric({
      lab,
      ...(manifest ? { manifest } : {}),
      from,
      to,
      ...(proto !== undefined ? { proto } : {}),
      ...(port !== undefined ? { port } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    });
    const forced = report.result === 'reached' || report.result === 'refused' ? [] : await forceWarnings(lab);
    const causes = relevantWarnings(report.drops, forced);
    if (values.json) output.out(JSON.stringify({ ...report, ...(forced.length > 0 ? { forcedWarnings: causes } : {}) }, null, 2));
    else {
      output.out(renderProbe(report));
      for (const c of causes) output.out(`  the lab differs from the templates here (it was started with --force): ${c}`);
      if (forced.length > 0 && causes.length === 0)
        output.out(`  note: the lab was started with --force; ${forced.length} part(s) of the templates are not built as written (ecsnet status lists them)`);
    }
    return report.result === 'reached' || report.result === 'refused' ? EXIT.ok : EXIT.findings;
  },
};

/** The `--force` warnings of a lab (what its templates say that it does not build), from the controller's state. */
async function forceWarnings(lab: string): Promise<string[]> {
  const file = await readStateFile<{ warnings?: unknown }>(lab, 'controller.json');
  return Array.isArray(file?.warnings) ? file.warnings.filter((w): w is string => typeof w === 'string') : [];
}

/** The warnings about a resource the drop points name: when the drop is where the lab differs from the templates, that is its cause. */
export function relevantWarnings(drops: readonly DropPoint[], warnings: readonly string[]): string[] {
  const ids = new Set(drops.flatMap((d) => [...(d.securityGroupIds ?? []), d.networkAclId, d.routeTableId, d.route?.targetId].filter((x): x is string => x !== undefined)));
  const logicalIds = drops.flatMap((d) => (d.route?.logicalId ? [d.route.logicalId] : []));
  // A rendered finding names its resource as `Stack.LogicalId` followed by a space or a colon.
  const names = (w: string): string[] => w.split(/[\s:,()]+/).filter((t) => t !== '');
  return warnings.filter((w) => names(w).some((t) => ids.has(t) || logicalIds.some((l) => t === l || t.endsWith(`.${l}`))));
}

/** The human answer: one line, then one line per drop point. */
export function renderProbe(report: FabricProbeReport): string {
  const target = `${report.to.name}${report.to.address && report.to.address !== report.to.name ? ` (${report.to.address})` : ''}`;
  const what = report.to.proto === 'icmp' ? 'icmp' : `${report.to.proto}/${report.to.port}`;
  const source = `${report.from.name}${report.from.address !== report.from.name ? ` (${report.from.address})` : ''}`;
  const lines = [`${source} → ${target} ${what}: ${report.result} (${report.detail}, ${report.elapsedMs} ms)`];
  if (report.result === 'refused') lines.push('  the host answered: nothing listens on that port, but the network let the packets through');
  for (const drop of report.drops) lines.push(`  dropped: ${drop.description}${drop.counter ? ` [${drop.router} counter ${drop.counter}]` : ''}`);
  if ((report.result === 'timed-out' || report.result === 'no-route') && report.drops.length === 0)
    lines.push('  no drop was counted in the VPC routers: the packets got through them (is anything answering at the far end?)');
  return lines.join('\n');
}

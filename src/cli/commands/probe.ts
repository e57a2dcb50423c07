/**
 * `ecsnet probe`: real packets between two endpoints of a running lab, and where they were
 * dropped when they do not get through (which security group, NACL rule, route or gateway).
 */
import { EcsnetError } from '../../diagnostics.js';
import { requireRoot } from '../../dataplane/require-root.js';
import { chooseLab } from '../../fabric/choose-lab.js';
import { probeFabric, type FabricProbeReport } from '../../fabric/probe-fabric.js';
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
    const report = await probeFabric({
      lab,
      from,
      to,
      ...(proto !== undefined ? { proto } : {}),
      ...(port !== undefined ? { port } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    });
    output.out(values.json ? JSON.stringify(report, null, 2) : renderProbe(report));
    return report.result === 'reached' || report.result === 'refused' ? EXIT.ok : EXIT.findings;
  },
};

/** The human answer: one line, then one line per drop point. */
export function renderProbe(report: FabricProbeReport): string {
  const target = `${report.to.name}${report.to.address && report.to.address !== report.to.name ? ` (${report.to.address})` : ''}`;
  const what = report.to.proto === 'icmp' ? 'icmp' : `${report.to.proto}/${report.to.port}`;
  const source = `${report.from.name}${report.from.address !== report.from.name ? ` (${report.from.address})` : ''}`;
  const lines = [`${source} → ${target} ${what}: ${report.result} (${report.detail}, ${report.elapsedMs} ms)`];
  if (report.result === 'refused') lines.push('  the host answered: nothing listens on that port, but the network let the packets through');
  for (const drop of report.drops) lines.push(`  dropped: ${drop.description}${drop.counter ? ` [${drop.router} counter ${drop.counter}]` : ''}`);
  if ((report.result === 'timed-out' || report.result === 'no-route') && report.drops.length === 0) lines.push('  no drop was counted in the VPC routers: the packets got through them (is anything answering at the far end?)');
  return lines.join('\n');
}

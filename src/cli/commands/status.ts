/**
 * `ecsnet status`: what runs in a lab, with addresses — every VPC, instance, NAT gateway and
 * endpoint with its namespace, the internet, the host relays, the lab's processes and whether
 * they are alive.
 */
import type { ControllerStatus } from '../../controller/control-api.js';
import { callController } from '../../controller/control-client.js';
import { listLabs } from '../../dataplane/list-labs.js';
import { chooseLab } from '../../fabric/choose-lab.js';
import { readManifest, readRelayPorts } from '../../fabric/lab-files.js';
import { renderLab, table } from '../../fabric/render-lab.js';
import type { Command } from '../command.js';
import { EXIT, LAB_OPTIONS, parseCommandArgs } from '../command.js';

/** `ecsnet status`: one lab's endpoints, addresses, relays and processes. */
export const statusCommand: Command = {
  name: 'status',
  summary: 'show what runs in a lab, with addresses, namespaces, relays and processes',
  help: `Usage: ecsnet status [LAB] [--json]

Shows a lab's VPCs, instances, NAT gateways and endpoints with their private and public
addresses, DNS names and namespaces (enter one with 'sudo ip netns exec NAMESPACE bash'), the
internet's hosts, the 127.0.0.1 relay ports, and the lab's processes. With no LAB, the only
lab there is. Exit status 1 when the lab does not exist or is not healthy.

Options:
  --json                   machine-readable output
  -h, --help               this help`,
  async run(args, output) {
    const parsed = parseCommandArgs(args, LAB_OPTIONS);
    if (parsed.values.help) {
      output.out(this.help);
      return EXIT.ok;
    }
    const lab = await chooseLab(parsed.positionals[0] ?? parsed.values.lab);
    const summary = (await listLabs()).find((l) => l.lab === lab);
    const manifest = await readManifest(lab);
    // The controller knows best (relays, generation, warnings); the state files answer when it is gone.
    const controller = summary ? await callController<ControllerStatus>(lab, 'GET', '/status', undefined, { timeoutMs: 5000 }).catch(() => undefined) : undefined;
    const relays = controller?.relays ?? (await readRelayPorts(lab));
    if (parsed.values.json) {
      output.out(
        JSON.stringify({ lab, status: summary?.status ?? 'absent', summary: summary ?? null, controller: controller ?? null, manifest: manifest ?? null, relays }, null, 2),
      );
      return summary?.status === 'up' ? EXIT.ok : EXIT.findings;
    }
    if (!summary) {
      output.err(`ecsnet status: lab "${lab}" does not exist; start it with: sudo ecsnet up --lab ${lab}`);
      return EXIT.findings;
    }
    const holder = summary.owner ? `${summary.owner.kind} pid ${summary.owner.pid}${summary.owner.alive ? '' : ' (gone)'}` : 'none';
    output.out(`lab "${lab}": ${summary.status}, held by ${holder}, since ${summary.createdAt ?? '?'}, ${summary.namespaces.length} namespaces`);
    if (controller)
      output.out(
        `controller: pid ${controller.controller.pid} (${controller.controller.kind}${controller.controller.resumed ? ', resumed' : ''}), generation ${controller.generation}, last change ${controller.appliedAt}`,
      );
    else if (summary.status === 'up' || summary.status === 'crashed')
      output.out(`controller: not answering (killed?); resume the lab with: sudo ecsnet up --lab ${lab} --detach FILES…, or remove it with: sudo ecsnet down ${lab}`);
    if (manifest) output.out(renderLab(manifest, relays));
    if (summary.processes.length > 0) {
      output.out('processes:');
      output.out(table(summary.processes.map((p) => [String(p.pid), p.role, p.namespace, p.alive ? 'running' : 'dead'])));
    }
    if (controller && controller.warnings.length > 0) {
      output.out('WARNING: started with --force; these parts of the templates are not built as written:');
      for (const w of controller.warnings) output.out(`  ${w}`);
    }
    if (summary.status !== 'up') output.out(`The lab is ${summary.status}; remove it with: sudo ecsnet down ${lab}`);
    return summary.status === 'up' && summary.processes.every((p) => p.alive) ? EXIT.ok : EXIT.findings;
  },
};

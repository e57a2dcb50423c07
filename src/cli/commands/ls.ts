/**
 * `ecsnet ls`: every lab on this machine, found from state and from ownership markers, so a
 * lab left by a crash shows up (as crashed or orphaned) and can be removed with `down`.
 */
import { listLabs } from '../../dataplane/list-labs.js';
import { readManifest } from '../../fabric/lab-files.js';
import { table } from '../../fabric/render-lab.js';
import type { Command } from '../command.js';
import { EXIT, parseCommandArgs } from '../command.js';

/** `ecsnet ls`: every lab on the machine, including crashed and orphaned ones. */
export const lsCommand: Command = {
  name: 'ls',
  summary: 'list the labs on this machine: status, holder, namespaces, processes, VPCs',
  help: `Usage: ecsnet ls [--json]

Lists every lab: "up" (held by a live 'ecsnet up' or supervisor), "applying", "crashed"
(its holder died) or "orphaned" (namespaces without state); the last two are removed with
'ecsnet down LAB'.

Options:
  --json                   machine-readable output
  -h, --help               this help`,
  async run(args, output) {
    const parsed = parseCommandArgs(args, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, false);
    if (parsed.values.help) {
      output.out(this.help);
      return EXIT.ok;
    }
    const labs = await listLabs();
    const rows = await Promise.all(
      labs.map(async (lab) => {
        const manifest = await readManifest(lab.lab);
        return { ...lab, vpcs: manifest?.vpcs.map((v) => ({ id: v.id, cidrs: v.cidrs })) ?? [], endpoints: manifest?.endpoints.length ?? 0 };
      }),
    );
    if (parsed.values.json) {
      output.out(JSON.stringify(rows, null, 2));
      return EXIT.ok;
    }
    if (rows.length === 0) {
      output.out('No labs. Start one with: sudo ecsnet up');
      return EXIT.ok;
    }
    output.out(
      table(
        [
          ['LAB', 'STATUS', 'HOLDER', 'CREATED', 'NAMESPACES', 'PROCESSES', 'VPCS'],
          ...rows.map((r) => [
            r.lab,
            r.status,
            r.owner ? `${r.owner.kind} ${r.owner.pid}${r.owner.alive ? '' : ' (gone)'}` : '-',
            r.createdAt ?? '-',
            String(r.namespaces.length),
            `${r.processes.filter((p) => p.alive).length}/${r.processes.length}`,
            r.vpcs.map((v) => `${v.id} ${v.cidrs.join(',')}`).join('; ') || '-',
          ]),
        ],
        '',
      ),
    );
    return EXIT.ok;
  },
};

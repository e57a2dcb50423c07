/**
 * `ecsnet down`: removes a lab completely — asks its holder (a foreground `up` or the
 * supervisor) to tear down, then removes whatever is left from the lab's state and from the
 * ownership markers, so it also works after a crash or a `kill -9`. Idempotent.
 */
import { EcsnetError } from '../../diagnostics.js';
import { destroyLab } from '../../dataplane/destroy-lab.js';
import type { LabProgress } from '../../dataplane/progress.js';
import { requireRoot } from '../../dataplane/require-root.js';
import { chooseLab } from '../../fabric/choose-lab.js';
import type { Command } from '../command.js';
import { EXIT, LAB_OPTIONS, parseCommandArgs } from '../command.js';

/** `ecsnet down`: removes a lab completely; safe to repeat and after a crash. */
export const downCommand: Command = {
  name: 'down',
  summary: 'tear a lab down completely (also after a crash); nothing left on the host',
  help: `Usage: ecsnet down [LAB] [--json]

Tears the lab down: stops its holder, its processes, removes its namespaces (and with them
every interface, route and nftables table of the lab) and its state. Works after a crash or
kill -9 of 'ecsnet up', from the ownership markers on what the lab created. Running it again,
or for a lab that does not exist, succeeds and says so. With no LAB, the only lab there is.

Options:
  --json                   print the teardown report as JSON
  -h, --help               this help`,
  async run(args, output) {
    const parsed = parseCommandArgs(args, LAB_OPTIONS);
    if (parsed.values.help) {
      output.out(this.help);
      return EXIT.ok;
    }
    if (parsed.positionals.length > 1) throw new EcsnetError('ecsnet down takes one lab name', [], 2);
    requireRoot('ecsnet down');
    const lab = await chooseLab(parsed.positionals[0] ?? parsed.values.lab);
    const onProgress = (event: LabProgress): void => {
      if (!parsed.values.json && event.done === event.total && event.total > 0 && event.phase !== 'done')
        output.err(`[${(event.elapsedMs / 1000).toFixed(2).padStart(6)}s] ${event.phase}: ${event.message}`);
    };
    const report = await destroyLab(lab, { onProgress });
    if (parsed.values.json) output.out(JSON.stringify(report, null, 2));
    else if (!report.found) output.out(`Lab "${lab}" did not exist; nothing to do.`);
    else if (report.ownerStopped && report.namespacesDeleted.length === 0)
      output.out(
        `Lab "${lab}" removed: its ${report.ownerStopped.kind === 'supervisor' ? 'supervisor' : 'ecsnet up'} (pid ${report.ownerStopped.pid}) tore it down (${report.durationMs} ms).`,
      );
    else
      output.out(`Lab "${lab}" removed: ${report.namespacesDeleted.length} namespace(s) deleted, ${report.processesStopped.length} process(es) stopped (${report.durationMs} ms).`);
    return EXIT.ok;
  },
};

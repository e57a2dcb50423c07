/**
 * `ecsnet show`: what the stacks build, as the network sees it — VPC → AZ → subnets →
 * workloads, and each service's wiring; `--json` prints the whole model for scripts.
 */
import type { Command } from '../command.js';
import { EXIT } from '../command.js';
import { IMPORT_HELP, importRequest, parseImportArgs, runImport } from '../import-options.js';
import { renderDiagnostics } from '../render-diagnostics.js';
import { renderModel } from '../render-model.js';

/** The `show` command. */
export const showCommand: Command = {
  name: 'show',
  summary: 'print the network model of the stacks: VPCs, subnets, services and their wiring',
  help: `Usage: ecsnet show [FILE | NAME=FILE ...] [options]

Imports the stacks and prints a tree: each VPC, its Availability Zones, their subnets
(public or private, from their route tables) and what lives in them, then every service
with its launch type, network mode, desired count, ports, load balancer and discovery.
Errors in the templates are printed first; the exit status is 1 when there are any.

${IMPORT_HELP}`,
  async run(args, output) {
    const { values, positionals } = parseImportArgs(args, {});
    if (values.help) {
      output.out(this.help);
      return EXIT.ok;
    }
    const result = runImport(importRequest(values, positionals), !values['no-spec']);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    if (values.json) {
      output.out(JSON.stringify({ ...result.model, diagnostics: result.diagnostics }, null, 2));
    } else {
      for (const line of renderDiagnostics(result.diagnostics.filter((x) => x.severity !== 'info'))) output.err(line);
      output.out(renderModel(result.model));
    }
    return errors.length === 0 ? EXIT.ok : EXIT.findings;
  },
};

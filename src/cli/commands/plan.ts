/**
 * `ecsnet plan`: the capacity and placement answers before deploying — per subnet its size,
 * use and the desired count at which it runs out; per instance the tasks placed against its
 * limits; per service placed/desired and ECS's reasons — with what-if options.
 */
import { renderPlan } from '../../plan/index.js';
import type { Command } from '../command.js';
import { EXIT } from '../command.js';
import { IMPORT_HELP, importRequest, parseImportArgs, runImport } from '../import-options.js';
import { renderDiagnostics } from '../render-diagnostics.js';
import { refusePlanning } from '../refuse-planning.js';
import { planOptions, planWhatIf, WHAT_IF_HELP, WHAT_IF_OPTIONS } from '../what-if-options.js';

/** The `plan` command. */
export const planCommand: Command = {
  name: 'plan',
  summary: 'place tasks like ECS: IPs per subnet, ENIs and ports per instance, placed/desired per service',
  help: `Usage: ecsnet plan [FILE | NAME=FILE ...] [options]

Allocates every address, ENI and host port the stacks need, places tasks the way ECS does
(spread across AZs, then instances; ENI limits with and without trunking; host and dynamic
ports; CPU and memory), and reports where subnets run out and why tasks cannot be placed.
Exit status: 0 when every desired task is placed, 1 when some are not or the templates have
errors, 2 on unreadable input or bad usage.

${WHAT_IF_HELP}

${IMPORT_HELP}`,
  async run(args, output) {
    const { values, positionals } = parseImportArgs(args, WHAT_IF_OPTIONS);
    if (values.help) {
      output.out(this.help);
      return EXIT.ok;
    }
    const options = planOptions(values);
    const result = runImport(importRequest(values, positionals), !values['no-spec']);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    if (refusePlanning('plan', result.diagnostics, output, values.json ? 'json' : 'text')) return EXIT.findings;
    const plan = planWhatIf(result.model, options);
    const unplaced = plan.services.some((s) => s.placed < s.desired);
    if (values.json) {
      output.out(JSON.stringify({ ...plan, diagnostics: result.diagnostics }, null, 2));
    } else {
      for (const line of renderDiagnostics(errors)) output.err(line);
      output.out(renderPlan(plan));
    }
    return errors.length > 0 || unplaced ? EXIT.findings : EXIT.ok;
  },
};

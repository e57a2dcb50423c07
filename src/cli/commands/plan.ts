/**
 * `ecsnet plan`: the capacity and placement answers before deploying — per subnet its size,
 * use and the desired count at which it runs out; per instance the tasks placed against its
 * limits; per service placed/desired and ECS's reasons — with what-if options.
 */
import { EcsnetError } from '../../diagnostics.js';
import type { PlanOptions } from '../../plan/index.js';
import { planDeployment, renderPlan } from '../../plan/index.js';
import type { Command } from '../command.js';
import { EXIT } from '../command.js';
import { IMPORT_HELP, importRequest, parseImportArgs, runImport } from '../import-options.js';
import { renderDiagnostics } from '../render-diagnostics.js';
import { parseKeyValue } from '../stack-args.js';

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

What-if options:
  --scale SERVICE=N        desired count of a service (logical id, Stack.LogicalId or name)
  --trunking on|off        the awsvpcTrunking account setting (default off, as in AWS)
  --instance-type T        instance type of every container instance, or ASG=T for one group
  --count ASG=N            desired capacity of an Auto Scaling group
  --port-range A-B         ECS_DYNAMIC_HOST_PORT_RANGE (default 32768-60999)

${IMPORT_HELP}`,
  async run(args, output) {
    const { values, positionals } = parseImportArgs(args, {
      scale: { type: 'string', multiple: true },
      trunking: { type: 'string' },
      'instance-type': { type: 'string', multiple: true },
      count: { type: 'string', multiple: true },
      'port-range': { type: 'string' },
    });
    if (values.help) {
      output.out(this.help);
      return EXIT.ok;
    }
    const options = planOptions(values);
    const result = runImport(importRequest(values, positionals), !values['no-spec']);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    const plan = planDeployment(result.model, options);
    // A what-if that names nothing would print a plan that silently ignores it.
    const unmatched = plan.notes.filter((n) => n.code === 'plan-what-if-unknown' || n.code === 'plan-what-if-value');
    if (unmatched.length > 0) throw new EcsnetError(unmatched.map((n) => n.message.replace(/; ignored$/, '')).join('; '), [], 2);
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

function planOptions(values: Record<string, unknown>): PlanOptions {
  const options: PlanOptions = {};
  const pairs = (key: string): [string, string][] => ((values[key] as string[] | undefined) ?? []).map((v) => parseKeyValue(v, `--${key}`));
  const count = (flag: string, text: string): number => {
    if (!/^\d+$/.test(text)) throw new EcsnetError(`${flag} expects a whole number, got "${text}"`, [], 2);
    return Number(text);
  };
  const scale = pairs('scale');
  if (scale.length > 0) options.scale = Object.fromEntries(scale.map(([k, v]) => [k, count('--scale', v)]));
  const capacity = pairs('count');
  if (capacity.length > 0) options.count = Object.fromEntries(capacity.map(([k, v]) => [k, count('--count', v)]));
  const trunking = values.trunking as string | undefined;
  if (trunking !== undefined) {
    if (trunking !== 'on' && trunking !== 'off') throw new EcsnetError(`--trunking expects on or off, got "${trunking}"`, [], 2);
    options.trunking = trunking === 'on';
  }
  const types = (values['instance-type'] as string[] | undefined) ?? [];
  const global = types.filter((t) => !t.includes('='));
  if (global.length > 1) throw new EcsnetError('--instance-type without ASG= may be given once', [], 2);
  const perGroup = types.filter((t) => t.includes('=')).map((t) => parseKeyValue(t, '--instance-type'));
  if (global[0] !== undefined && perGroup.length > 0) throw new EcsnetError('use either --instance-type T or --instance-type ASG=T, not both', [], 2);
  if (global[0] !== undefined) options.instanceType = global[0];
  else if (perGroup.length > 0) options.instanceType = Object.fromEntries(perGroup);
  const range = values['port-range'] as string | undefined;
  if (range !== undefined) {
    if (!/^\d+-\d+$/.test(range)) throw new EcsnetError(`--port-range expects START-END, got "${range}"`, [], 2);
    options.dynamicPortRange = range;
  }
  return options;
}

/**
 * The what-if options shared by `plan` and `check`: the same questions ("what if this service
 * scaled to 40", "what if trunking were on") matter to both, so both parse them one way and
 * refuse a what-if that names nothing rather than silently ignore it.
 */
import type { ParseArgsConfig } from 'node:util';
import { EcsnetError } from '../diagnostics.js';
import type { NetworkModel } from '../model/types.js';
import type { Plan, PlanOptions } from '../plan/index.js';
import { planDeployment } from '../plan/index.js';
import { parseKeyValue } from './stack-args.js';
import { MAX_CONTAINER_INSTANCES_PER_CLUSTER, MAX_TASKS_PER_SERVICE } from '../validate/check-quotas.js';

/** parseArgs options of the what-ifs. */
export const WHAT_IF_OPTIONS = {
  scale: { type: 'string', multiple: true },
  trunking: { type: 'string' },
  'instance-type': { type: 'string', multiple: true },
  count: { type: 'string', multiple: true },
  'port-range': { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

/** Help lines of the what-ifs. */
export const WHAT_IF_HELP = `What-if options:
  --scale SERVICE=N        desired count of a service (logical id, Stack.LogicalId or name)
  --trunking on|off        the awsvpcTrunking account setting (default off, as in AWS)
  --instance-type T        instance type of every container instance, or ASG=T for one group
  --count ASG=N            desired capacity of an Auto Scaling group
  --port-range A-B         ECS_DYNAMIC_HOST_PORT_RANGE (default 32768-60999)`;

/** Plans with the what-ifs; a what-if that matches no service or group is a usage error (exit 2). */
export function planWhatIf(model: NetworkModel, options: PlanOptions): Plan {
  const plan = planDeployment(model, options);
  const unmatched = plan.notes.filter((n) => n.code === 'plan-what-if-unknown' || n.code === 'plan-what-if-value');
  if (unmatched.length > 0) throw new EcsnetError(unmatched.map((n) => n.message.replace(/; ignored$/, '')).join('; '), [], 2);
  return plan;
}

/** The planner's options from parsed what-if values; malformed values are usage errors. */
export function planOptions(values: Record<string, unknown>): PlanOptions {
  const options: PlanOptions = {};
  const pairs = (key: string): [string, string][] => ((values[key] as string[] | undefined) ?? []).map((v) => parseKeyValue(v, `--${key}`));
  // A what-if past ECS's quotas asks about a deployment AWS refuses, and would make the planner allocate it.
  const count = (flag: string, text: string, max: number, quota: string): number => {
    if (!/^\d+$/.test(text)) throw new EcsnetError(`${flag} expects a whole number, got "${text}"`, [], 2);
    const n = Number(text);
    if (n > max) throw new EcsnetError(`${flag} ${text} is above ECS's quota of ${max.toLocaleString('en-US')} ${quota}`, [], 2);
    return n;
  };
  const scale = pairs('scale');
  if (scale.length > 0) options.scale = Object.fromEntries(scale.map(([k, v]) => [k, count('--scale', v, MAX_TASKS_PER_SERVICE, 'tasks per service')]));
  const capacity = pairs('count');
  if (capacity.length > 0)
    options.count = Object.fromEntries(capacity.map(([k, v]) => [k, count('--count', v, MAX_CONTAINER_INSTANCES_PER_CLUSTER, 'container instances per cluster')]));
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

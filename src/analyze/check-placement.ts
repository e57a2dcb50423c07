/**
 * `tasks-not-placed`: services the plan could not place in full, with ECS's reason and what
 * changes it. For RESOURCE:ENI the way out is computed from the instance-type data: the
 * trunking limit of the type, or the smallest type of the same family (or the number of
 * instances) that holds the awsvpc tasks wanted. Pure.
 */
import type { Service } from '../model/types.js';
import { INSTANCE_TYPES } from '../plan/index.js';
import type { InstanceTypeCatalog } from '../plan/index.js';
import type { ServicePlan, UnplacedTasks } from '../plan/types.js';
import type { Findings } from '../validate/finding.js';
import type { AnalyzeInput } from './analyze-input.js';

/** Adds one finding per reason of every service short of its desired count. */
export function checkPlacement(input: AnalyzeInput, findings: Findings, catalog: InstanceTypeCatalog = INSTANCE_TYPES): void {
  for (const plan of input.plan.services) {
    if (plan.placed >= plan.desired) continue;
    const service = input.model.services.find((s) => s.id === plan.id);
    if (!service) continue;
    for (const unplaced of plan.unplaced) {
      findings.add(
        service,
        {
          severity: 'error',
          code: 'tasks-not-placed',
          message: `service ${service.logicalId} places ${plan.placed} of ${plan.desired} tasks: ${unplaced.count} fail from task ${unplaced.firstTask} with ${unplaced.reason} (${unplaced.detail})`,
          hint: hintFor(input, service, plan, unplaced, catalog),
        },
        plan.desiredSource === 'template' ? ['DesiredCount'] : [],
      );
    }
  }
}

function hintFor(input: AnalyzeInput, service: Service, plan: ServicePlan, unplaced: UnplacedTasks, catalog: InstanceTypeCatalog): string {
  const reason = unplaced.reason;
  if (reason === 'RESOURCE:ENI') return eniHint(input, service, catalog);
  if (reason === 'RESOURCE:CPU' || reason === 'RESOURCE:MEMORY')
    return "add container instances (DesiredCapacity of the Auto Scaling group), use a larger instance type, or lower the task's cpu/memory";
  if (reason === 'RESOURCE:PORTS') return 'use dynamic host ports (HostPort 0 in bridge mode) or awsvpc, so tasks do not compete for one static host port';
  if (reason.startsWith('no free IP')) return 'use larger subnets or add subnets in awsvpcConfiguration';
  if (reason === 'no container instances') return 'add an Auto Scaling group or instances that register with the cluster (ECS_CLUSTER in their user data)';
  if (reason.startsWith('unknown instance type')) return 'use an instance type the data knows, or pass --instance-type to plan with one';
  if (reason.includes('DistinctInstance')) return `add container instances (${plan.desired} are needed for distinctInstance) or drop the constraint`;
  if (reason.includes('MemberOf')) return "fix the memberOf expression or the instances' attributes";
  return "see the reason: it is what ECS reports in the service's events";
}

/** Turn on trunking, a larger type of the same family, or more instances, whichever the data supports. */
function eniHint(input: AnalyzeInput, service: Service, catalog: InstanceTypeCatalog): string {
  const instances = input.plan.instances.filter((i) => i.clusterId !== undefined && i.clusterId === service.clusterId);
  const wanted = input.plan.services.filter((s) => s.networkMode === 'awsvpc' && s.launchType === 'EC2' && s.clusterId === service.clusterId).reduce((n, s) => n + s.desired, 0);
  const count = Math.max(1, instances.length);
  const perInstance = Math.ceil(wanted / count);
  const options: string[] = [];
  for (const type of [...new Set(instances.map((i) => i.instanceType))].sort()) {
    const spec = catalog[type];
    if (!spec) continue;
    if (!input.plan.settings.trunking && spec.trunking && spec.awsvpcTasksWithTrunking !== null) {
      options.push(`turn on awsvpcTrunking (${type}: ${spec.awsvpcTasks} → ${spec.awsvpcTasksWithTrunking} tasks per instance)`);
    }
    const larger = Object.entries(catalog)
      .filter(([, s]) => s.family === spec.family && s.awsvpcTasks > spec.awsvpcTasks)
      .sort(([, a], [, b]) => a.awsvpcTasks - b.awsvpcTasks || a.vcpu - b.vcpu);
    const fits = larger.find(([, s]) => s.awsvpcTasks >= perInstance) ?? larger[larger.length - 1];
    if (fits) options.push(`use a larger instance type (${fits[0]}: ${fits[1].awsvpcTasks} awsvpc tasks without trunking)`);
    const limit = input.plan.settings.trunking && spec.awsvpcTasksWithTrunking !== null ? spec.awsvpcTasksWithTrunking : spec.awsvpcTasks;
    if (limit > 0) options.push(`run ${Math.ceil(wanted / limit)} ${type} instances for the ${wanted} awsvpc tasks of the cluster`);
  }
  return options.length > 0 ? options.join(', or ') : 'use an instance type with more ENIs, or turn on awsvpcTrunking';
}

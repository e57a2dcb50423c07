/**
 * What the analyzer reads: the network model, the plan made from it, and (optionally) the
 * resolved deployment, for the few settings the model does not carry (a container's log
 * driver) and for locating properties to their own line. All plain data, so the analyzer
 * stays pure and runs in a browser as well as in the CLI.
 */
import type { NetworkModel, TaskDefinition } from '../model/types.js';
import type { Plan } from '../plan/types.js';
import type { Deployment } from '../template/types.js';
import type { PropertyLocator } from '../validate/finding.js';

/** Input of every check. */
export interface AnalyzeInput {
  model: NetworkModel;
  plan: Plan;
  /** The resolved stacks; without them, checks that need raw properties (log drivers) find nothing. */
  deployment?: Deployment;
  /** Finds a property's line; without it findings point at the resource. */
  locate?: PropertyLocator;
}

/** The log driver of each container of a task definition, by container name, read from the resolved template. */
export function logDriversOf(deployment: Deployment | undefined, taskDefinition: TaskDefinition): Map<string, { driver: string; index: number }> {
  const drivers = new Map<string, { driver: string; index: number }>();
  const resource = deployment?.stacks.find((s) => s.name === taskDefinition.stack)?.resources[taskDefinition.logicalId];
  const containers = resource?.properties.ContainerDefinitions;
  if (!Array.isArray(containers)) return drivers;
  containers.forEach((c, index) => {
    if (!c || typeof c !== 'object' || Array.isArray(c)) return;
    const log = c.LogConfiguration;
    const driver = log && typeof log === 'object' && !Array.isArray(log) ? log.LogDriver : undefined;
    if (typeof c.Name === 'string' && typeof driver === 'string') drivers.set(c.Name, { driver, index });
  });
  return drivers;
}

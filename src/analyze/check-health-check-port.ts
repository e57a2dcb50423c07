/**
 * `target-group-health-check-port`: an awsvpc service's target group that health-checks a
 * fixed port none of the task's containers maps. With ip targets the check goes straight to
 * the task's ENI, so nothing listens there unless the app opens the port without declaring
 * it; targets then stay unhealthy. Pure.
 */
import type { Findings } from '../validate/finding.js';
import type { AnalyzeInput } from './analyze-input.js';

/** Adds one note per (service, target group) whose health-check port no container maps. */
export function checkHealthCheckPort(input: AnalyzeInput, findings: Findings): void {
  const { model } = input;
  for (const service of model.services) {
    if (service.networkMode !== 'awsvpc') continue;
    const taskDefinition = model.taskDefinitions.find((t) => t.id === service.taskDefinitionId);
    if (!taskDefinition) continue;
    const mapped = (port: number) =>
      taskDefinition.containers.some((c) =>
        c.portMappings.some((m) => (m.containerPortRange ? port >= m.containerPortRange[0] && port <= m.containerPortRange[1] : m.containerPort === port)),
      );
    const seen = new Set<string>();
    for (const attachment of service.loadBalancers) {
      const group = model.targetGroups.find((g) => g.id === attachment.targetGroupId);
      if (!group || seen.has(group.id) || !group.healthCheck.enabled || !/^\d+$/.test(group.healthCheck.port)) continue;
      seen.add(group.id);
      const port = Number(group.healthCheck.port);
      if (mapped(port)) continue;
      findings.add(
        group,
        {
          severity: 'info',
          code: 'target-group-health-check-port',
          message: `target group ${group.logicalId} health-checks port ${port}, but no container of ${taskDefinition.logicalId} (service ${service.logicalId}) maps it; the targets are registered on port ${attachment.containerPort}`,
          hint: `use HealthCheckPort: traffic-port, or add a port mapping for ${port} to the container that answers health checks`,
        },
        ['HealthCheckPort'],
      );
    }
  }
}

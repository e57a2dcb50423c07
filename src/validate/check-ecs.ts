/**
 * ECS checks that CreateService and RegisterTaskDefinition make: Fargate needs awsvpc and a
 * network configuration, awsvpc services need `ip` target groups, a load balancer must name a
 * container port the task maps, the none mode maps no ports.
 */
import type { NetworkModel, Service, TaskDefinition } from '../model/types.js';
import type { Findings } from './finding.js';

/** Reports task definitions and services that ECS would reject. */
export function checkEcs(model: NetworkModel, findings: Findings): void {
  for (const task of model.taskDefinitions) checkTaskDefinition(task, findings);
  for (const service of model.services) {
    const task = model.taskDefinitions.find((t) => t.id === service.taskDefinitionId);
    checkService(model, service, task, findings);
  }
}

function checkTaskDefinition(task: TaskDefinition, findings: Findings): void {
  if (task.requiresCompatibilities.includes('FARGATE')) {
    if (task.networkMode !== 'awsvpc') {
      findings.add(
        task,
        {
          severity: 'error',
          code: 'fargate-requires-awsvpc',
          message: `a task definition that requires FARGATE must use the awsvpc network mode, not ${task.networkMode}`,
          hint: 'set NetworkMode: awsvpc',
        },
        ['NetworkMode'],
      );
    }
    if (task.cpu === undefined || task.memory === undefined) {
      findings.add(
        task,
        {
          severity: 'error',
          code: 'fargate-requires-task-size',
          message: 'a FARGATE task definition needs task-level Cpu and Memory',
          hint: "set Cpu (e.g. '256') and Memory (e.g. '512')",
        },
        [task.cpu === undefined ? 'Cpu' : 'Memory'],
      );
    }
  }
  if (task.networkMode !== 'none') return;
  task.containers.forEach((container, i) => {
    if (container.portMappings.length === 0) return;
    findings.add(
      task,
      {
        severity: 'error',
        code: 'port-mapping-in-none-mode',
        message: `container ${container.name} maps ports, but network mode none allows no port mappings`,
        hint: 'remove PortMappings or choose another NetworkMode',
      },
      ['ContainerDefinitions', i, 'PortMappings'],
    );
  });
}

function checkService(model: NetworkModel, service: Service, task: TaskDefinition | undefined, findings: Findings): void {
  if (service.launchType === 'FARGATE' && service.networkMode !== 'awsvpc' && task) {
    findings.add(
      service,
      {
        severity: 'error',
        code: 'fargate-requires-awsvpc',
        message: `service ${service.name} runs on FARGATE, but its task definition ${task.logicalId} uses ${service.networkMode}`,
        hint: `set NetworkMode: awsvpc on ${task.logicalId}`,
      },
      ['TaskDefinition'],
    );
  }
  if (service.networkMode === 'awsvpc' && !service.awsvpc) {
    findings.add(
      service,
      {
        severity: 'error',
        code: 'awsvpc-requires-network-configuration',
        message: `service ${service.name} uses the awsvpc network mode but has no NetworkConfiguration.AwsvpcConfiguration`,
        hint: 'add NetworkConfiguration: { AwsvpcConfiguration: { Subnets: [...], SecurityGroups: [...] } }',
      },
      ['NetworkConfiguration'],
    );
  }
  if (service.networkMode !== 'awsvpc' && service.awsvpc) {
    findings.add(
      service,
      {
        severity: 'error',
        code: 'network-configuration-requires-awsvpc',
        message: `service ${service.name} has an AwsvpcConfiguration, but its task definition uses ${service.networkMode}`,
        hint: 'remove NetworkConfiguration or set NetworkMode: awsvpc on the task definition',
      },
      ['NetworkConfiguration'],
    );
  }
  service.loadBalancers.forEach((lb, i) => {
    const group = model.targetGroups.find((g) => g.id === lb.targetGroupId);
    if (group && service.networkMode === 'awsvpc' && group.targetType !== 'ip') {
      findings.add(
        group,
        {
          severity: 'error',
          code: 'target-type-mismatch',
          message: `target group ${group.logicalId} has target type ${group.targetType}, but service ${service.name} uses awsvpc, whose tasks register by IP`,
          hint: 'set TargetType: ip on the target group',
        },
        ['TargetType'],
      );
    }
    if (group && (service.networkMode === 'bridge' || service.networkMode === 'host') && group.targetType === 'ip') {
      findings.add(
        group,
        {
          severity: 'error',
          code: 'target-type-mismatch',
          message: `target group ${group.logicalId} has target type ip, but service ${service.name} uses ${service.networkMode} mode, whose tasks register as instances`,
          hint: 'set TargetType: instance (or remove it: instance is the default)',
        },
        ['TargetType'],
      );
    }
    if (!task) return;
    const container = task.containers.find((c) => c.name === lb.containerName);
    if (!container) {
      findings.add(
        service,
        {
          severity: 'error',
          code: 'load-balancer-container-missing',
          message: `load balancer container ${lb.containerName} is not a container of task definition ${task.logicalId} (${task.containers.map((c) => c.name).join(', ')})`,
          hint: "set ContainerName to one of the task definition's containers",
        },
        ['LoadBalancers', i, 'ContainerName'],
      );
      return;
    }
    const mapped = container.portMappings.some(
      (m) =>
        m.containerPort === lb.containerPort || (m.containerPortRange !== undefined && lb.containerPort >= m.containerPortRange[0] && lb.containerPort <= m.containerPortRange[1]),
    );
    if (!mapped) {
      findings.add(
        service,
        {
          severity: 'error',
          code: 'load-balancer-port-not-mapped',
          message: `container ${container.name} does not map port ${lb.containerPort} (it maps ${container.portMappings.map((m) => m.containerPort).join(', ') || 'no ports'})`,
          hint: `add { ContainerPort: ${lb.containerPort} } to its PortMappings, or set ContainerPort to a mapped port`,
        },
        ['LoadBalancers', i, 'ContainerPort'],
      );
    }
  });
}

/**
 * What one task of a service asks of a container instance: CPU units, memory and host
 * ports. ECS reserves the task-level size when the task definition gives one, else the sum
 * of its containers (memoryReservation when set, since that is the soft limit the scheduler
 * reserves, else the hard memory limit).
 */
import type { NetworkMode, TaskDefinition } from '../model/types.js';
import type { PortNeeds, PortProtocol } from './host-ports.js';

/** How one port mapping lands: on a static host port, a dynamic one (filled at placement), or the task's own ENI. */
export interface MappingTemplate {
  containerName: string;
  containerPort: number;
  protocol: PortProtocol;
  /** Consecutive ports from containerPort (1 unless a containerPortRange). */
  count: number;
  /** Static host port; undefined when dynamic. */
  hostPort?: number;
  /** Index into PortNeeds.dynamic when dynamic. */
  dynamicIndex?: number;
}

/** What every task of a service needs, computed once per service rather than per placement attempt. */
export interface TaskRequirements {
  cpuUnits: number;
  memoryMiB: number;
  /** Ports on the instance (empty for awsvpc and none). */
  ports: PortNeeds;
  mappings: MappingTemplate[];
  /** Set when no instance can ever take the task's ports (a reserved port, a port mapped twice). */
  portProblem?: string;
}

/** Requirements of one task, from its task definition and network mode. */
export function taskRequirements(
  taskDefinition: TaskDefinition | undefined,
  networkMode: NetworkMode,
  reserved: { tcp: readonly number[]; udp: readonly number[] },
): TaskRequirements {
  const containers = taskDefinition?.containers ?? [];
  const cpuUnits = taskDefinition?.cpu ?? containers.reduce((sum, c) => sum + (c.cpu || 0), 0);
  const memoryMiB = taskDefinition?.memory ?? containers.reduce((sum, c) => sum + (c.memoryReservation ?? c.memory ?? 0), 0);
  const ports: PortNeeds = { static: [], dynamic: [], staticPortCount: 0 };
  const mappings: MappingTemplate[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();

  if (networkMode !== 'none') {
    for (const container of containers) {
      for (const mapping of container.portMappings) {
        const protocol: PortProtocol = mapping.protocol === 'udp' ? 'udp' : 'tcp';
        const [from, to] = mapping.containerPortRange ?? [mapping.containerPort, mapping.containerPort];
        const count = Math.max(1, to - from + 1);
        const base = { containerName: container.name, containerPort: from, protocol, count };
        if (networkMode === 'awsvpc') {
          mappings.push({ ...base, hostPort: from });
          continue;
        }
        const dynamic = networkMode === 'bridge' && !(mapping.hostPort > 0);
        if (dynamic) {
          mappings.push({ ...base, dynamicIndex: ports.dynamic.length });
          ports.dynamic.push({ protocol, count });
          continue;
        }
        // host mode uses the container port on the host; bridge uses the given hostPort.
        const hostPort = networkMode === 'host' ? from : mapping.hostPort;
        for (let p = hostPort; p < hostPort + count; p++) {
          const key = `${p}/${protocol}`;
          if (seen.has(key)) problems.push(`host port ${key} is mapped twice in the task`);
          seen.add(key);
          if ((protocol === 'tcp' ? reserved.tcp : reserved.udp).includes(p)) {
            problems.push(`host port ${key} is reserved on every container instance (ECS_RESERVED_PORTS)`);
          }
        }
        mappings.push({ ...base, hostPort });
        ports.static.push({ protocol, port: hostPort, count });
        ports.staticPortCount += count;
      }
    }
  }
  const result: TaskRequirements = { cpuUnits, memoryMiB, ports, mappings };
  if (problems.length > 0) result.portProblem = problems.join('; ');
  return result;
}

/**
 * What an EC2 instance type can hold, from data/instance-types.json (sources in
 * data/instance-types.md). The data is imported, not read, so the planner stays free of
 * file access and a browser bundle gets the same numbers.
 */
import data from '../../data/instance-types.json' with { type: 'json' };

/** One instance type's capacity. See data/instance-types.md for each field's source. */
export interface InstanceTypeSpec {
  family: string;
  vcpu: number;
  memoryMiB: number;
  architecture: 'x86_64' | 'arm64';
  hypervisor: string;
  maxEnis: number;
  ipv4PerEni: number;
  /** awsvpc tasks without trunking: ENIs minus the primary one. */
  awsvpcTasks: number;
  /** Whether ECS supports ENI trunking (awsvpcTrunking) on this type. */
  trunking: boolean;
  /** awsvpc tasks with trunking, from the ECS table; null when unsupported. */
  awsvpcTasksWithTrunking: number | null;
  /** Present when a value is computed rather than published. */
  derived?: string;
}

/** Instance types by name (`c5.large`). */
export type InstanceTypeCatalog = Readonly<Record<string, InstanceTypeSpec>>;

/** The bundled catalog. Callers may pass another one in PlanOptions (tests, newer data). */
export const INSTANCE_TYPES: InstanceTypeCatalog = data.types as Record<string, InstanceTypeSpec>;

/** ECS registers 1024 CPU units per vCPU. */
export const CPU_UNITS_PER_VCPU = 1024;

/** How many awsvpc tasks an instance takes, and the sentence that explains the number. */
export interface AwsvpcCapacity {
  limit: number;
  /** True when ECS attaches a trunk ENI (trunking on and supported by the type). */
  trunk: boolean;
  why: string;
}

/**
 * The awsvpc task limit of one container instance. Without trunking every task takes one
 * ENI slot and the primary ENI takes one, so tasks = ENIs − 1; with the awsvpcTrunking
 * account setting the type's ECS table value applies, and only on types ECS lists
 * (reference/ecs-internals.md §1.3, §3.2).
 */
export function awsvpcCapacity(typeName: string, spec: InstanceTypeSpec, trunking: boolean): AwsvpcCapacity {
  const plain = `${typeName}: ${spec.maxEnis} ENIs − 1 primary = ${spec.awsvpcTasks}`;
  if (!trunking) return { limit: spec.awsvpcTasks, trunk: false, why: `${plain} (trunking off)` };
  if (!spec.trunking || spec.awsvpcTasksWithTrunking === null) {
    return { limit: spec.awsvpcTasks, trunk: false, why: `${plain} (trunking on, but ECS does not support it on ${typeName})` };
  }
  return {
    limit: spec.awsvpcTasksWithTrunking,
    trunk: true,
    why: `${typeName} with trunking: ${spec.awsvpcTasksWithTrunking} branch ENIs (ECS table; primary + trunk ENI)`,
  };
}

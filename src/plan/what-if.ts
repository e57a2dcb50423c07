/**
 * Applies the what-if options (--scale, --count, --instance-type) to the model's numbers
 * without changing the model. A key that names nothing is reported, because a typo in a
 * what-if silently answering the unchanged question would mislead.
 */
import type { AutoScalingGroup, Instance, NetworkModel, Service } from '../model/types.js';
import type { PlanNotes } from './notes.js';
import type { PlanOptions } from './types.js';

/** The numbers the planner uses after the what-if options. */
export interface WhatIf {
  desiredCount(service: Service): { desired: number; source: 'template' | 'what-if' };
  capacity(group: AutoScalingGroup): number;
  instanceType(owner: AutoScalingGroup | Instance): string;
}

function matches(object: { id: string; logicalId: string; name?: string }, key: string): boolean {
  return key === object.id || key === object.logicalId || (object.name !== undefined && key === object.name);
}

/** The table's value for the object: an exact model id wins over a logical id or name. */
function lookup<V>(table: Readonly<Record<string, V>> | undefined, object: { id: string; logicalId: string; name?: string }): V | undefined {
  if (table === undefined) return undefined;
  const keys = Object.keys(table).sort();
  const key = keys.find((k) => k === object.id) ?? keys.find((k) => matches(object, k));
  return key === undefined ? undefined : table[key];
}

function checkKeys(
  table: Readonly<Record<string, unknown>> | undefined,
  objects: readonly { id: string; logicalId: string; name?: string }[],
  option: string,
  what: string,
  notes: PlanNotes,
): void {
  for (const key of Object.keys(table ?? {}).sort()) {
    if (!objects.some((o) => matches(o, key))) {
      notes.add('warning', 'plan-what-if-unknown', undefined, `${option} ${key}: no ${what} has that id, logical id or name; ignored`);
    }
  }
}

function validCount(value: unknown, option: string, key: string, notes: PlanNotes): boolean {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return true;
  notes.add('warning', 'plan-what-if-value', undefined, `${option} ${key}=${String(value)}: not a whole number ≥ 0; ignored`);
  return false;
}

/** Resolves the what-if options against the model, reporting keys that match nothing. */
export function resolveWhatIf(model: NetworkModel, options: PlanOptions, notes: PlanNotes): WhatIf {
  const scale = Object.fromEntries(Object.entries(options.scale ?? {}).filter(([k, v]) => validCount(v, '--scale', k, notes)));
  const count = Object.fromEntries(Object.entries(options.count ?? {}).filter(([k, v]) => validCount(v, '--count', k, notes)));
  checkKeys(scale, model.services, '--scale', 'service', notes);
  checkKeys(count, model.autoScalingGroups, '--count', 'Auto Scaling group', notes);
  const typeOption = options.instanceType;
  if (typeof typeOption === 'object') {
    checkKeys(typeOption, [...model.autoScalingGroups, ...model.instances], '--instance-type', 'Auto Scaling group or instance', notes);
  }
  for (const service of model.services) {
    if (service.schedulingStrategy === 'DAEMON' && lookup(scale, service) !== undefined) {
      notes.add('warning', 'plan-what-if-daemon', service, `--scale does not apply to DAEMON service ${service.id}: it runs one task per eligible container instance`);
    }
  }
  return {
    desiredCount(service) {
      const value = lookup(scale, service);
      return typeof value === 'number' ? { desired: value, source: 'what-if' } : { desired: service.desiredCount, source: 'template' };
    },
    capacity(group) {
      const value = lookup(count, group);
      return typeof value === 'number' ? value : group.desiredCapacity;
    },
    instanceType(owner) {
      if (typeof typeOption === 'string') return typeOption;
      const value = lookup(typeOption, owner);
      return typeof value === 'string' ? value : owner.instanceType;
    },
  };
}

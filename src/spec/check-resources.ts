/**
 * Checks every declaration under `Resources` against the specification: its keys, its type,
 * and its properties. Pure.
 */
import type { CfnValue } from '../template/types.js';
import { isPlainObject, report, type SpecCheckContext } from './check-context.js';
import { checkResourceKeys } from './check-resource-keys.js';
import { checkResourceProperties } from './check-properties.js';
import { classifyResourceType } from './resource-kind.js';
import type { ResourceSpec } from './spec-index.js';
import { didYouMean } from '../util/suggest-name.js';

/** Runs the resource checks of one template, adding findings to the context. */
export function checkResources(context: SpecCheckContext): void {
  const resources = context.template.body['Resources'];
  if (!isPlainObject(resources)) return; // a missing Resources section is the parser's finding
  for (const [logicalId, declaration] of Object.entries(resources)) {
    // A logical id CloudFormation refuses is the template layer's finding (invalid-logical-id).
    if (!isPlainObject(declaration) || !/^[A-Za-z0-9]+$/.test(logicalId)) continue;
    checkResourceKeys(context, logicalId, declaration);
    const type = declaration['Type'];
    if (typeof type === 'string') checkTyped(context, logicalId, type, declaration['Properties']);
  }
}

function checkTyped(context: SpecCheckContext, logicalId: string, type: string, properties: CfnValue | undefined): void {
  const kind = classifyResourceType(context.spec, type);
  switch (kind.kind) {
    case 'specified':
      checkResourceProperties(context, logicalId, type, kind.spec, properties);
      return;
    case 'custom':
      if (kind.spec) checkResourceProperties(context, logicalId, type, { ...kind.spec, name: type }, properties, true);
      return;
    case 'unchecked':
      report(context, {
        severity: 'info',
        code: 'unchecked-resource-type',
        path: ['Resources', logicalId, 'Type'],
        message: `${type} is not checked against the specification (${kind.reason})`,
      });
      return;
    case 'unknown':
      report(context, {
        severity: 'warning',
        code: 'unknown-resource-type',
        path: ['Resources', logicalId, 'Type'],
        message: `${type} is not in AWS's resource specification (${context.spec.sourceVersion}); its properties are not checked`,
        hint: unknownTypeHint(type, context.spec.resources),
      });
      return;
  }
}

function unknownTypeHint(type: string, resources: Record<string, ResourceSpec>): string {
  return didYouMean(type, Object.keys(resources)) ?? 'check the spelling, or name a custom resource Custom::<Name>';
}

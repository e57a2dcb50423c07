/**
 * Checks the keys of a resource declaration (`Type`, `Properties`, `DependsOn`, ...). A
 * misspelled `Propertes` or `DependOn` makes CloudFormation reject the template, and worse,
 * tools that skip unknown keys would silently drop the properties, so it is reported with the
 * key it was probably meant to be. Pure.
 */
import type { CfnValue } from '../template/types.js';
import { report, type SpecCheckContext } from './check-context.js';
import { didYouMean } from '../util/suggest-name.js';

/**
 * The keys CloudFormation accepts on a resource (template anatomy, "Resources"). `Version` is
 * the legacy key some custom resources still carry; CloudFormation tolerates it.
 */
export const RESOURCE_KEYS: readonly string[] = [
  'Type',
  'Properties',
  'DependsOn',
  'Condition',
  'Metadata',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'UpdatePolicy',
  'CreationPolicy',
  'Version',
];

/** Reports every key of `Resources.<logicalId>` that is not a resource attribute. */
export function checkResourceKeys(context: SpecCheckContext, logicalId: string, declaration: { [key: string]: CfnValue }): void {
  for (const key of Object.keys(declaration)) {
    if (RESOURCE_KEYS.includes(key) || key.startsWith('Fn::Transform')) continue;
    report(context, {
      severity: 'error',
      code: 'unknown-resource-key',
      path: ['Resources', logicalId, key],
      message: `a resource has no key ${key}`,
      hint: didYouMean(key, RESOURCE_KEYS) ?? `remove it; a resource may have ${RESOURCE_KEYS.slice(0, -1).join(', ')}`,
    });
  }
}

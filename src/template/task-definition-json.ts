/**
 * Plain ECS task definitions (the JSON of `aws ecs register-task-definition --cli-input-json`, or
 * the output of `describe-task-definition`) imported as a one-resource template, so the rest of
 * ecsnet handles them like any AWS::ECS::TaskDefinition. ECS API names are camelCase; CloudFormation's
 * are PascalCase with a few irregular names, listed below and checked against the resource
 * specification in the tests.
 */
import { childKey, type LocationTable } from './source-locations.js';
import type { CfnValue } from './types.js';

type CfnMap = { [key: string]: CfnValue };

/** Fields `describe-task-definition` returns that are not part of a definition (AWS sets them). */
const DESCRIBE_ONLY_FIELDS = new Set(['taskDefinitionArn', 'revision', 'status', 'requiresAttributes', 'compatibilities', 'registeredAt', 'registeredBy', 'deregisteredAt']);

/** Property names that are not the camelCase name with its first letter raised, by parent property. */
const IRREGULAR_NAMES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '*': {
    efsVolumeConfiguration: 'EFSVolumeConfiguration',
    fsxWindowsFileServerVolumeConfiguration: 'FSxWindowsFileServerVolumeConfiguration',
  },
  EFSVolumeConfiguration: { fileSystemId: 'FilesystemId' },
  AuthorizationConfig: { iam: 'IAM' },
  ProxyConfiguration: { properties: 'ProxyConfigurationProperties' },
};

/** Properties whose keys are user data (Docker labels, log driver options), copied verbatim. */
const FREE_FORM_MAPS = new Set(['DockerLabels', 'Options', 'DriverOpts', 'Labels']);

/** The definition inside `text`'s parsed value when it is a plain task definition, else undefined. */
export function findTaskDefinition(value: CfnValue): { definition: CfnMap; basePath: string[]; tags?: CfnValue } | undefined {
  if (!isMap(value) || 'Resources' in value || 'AWSTemplateFormatVersion' in value) return undefined;
  if (Array.isArray(value.containerDefinitions)) return { definition: value, basePath: [] };
  const wrapped = value.taskDefinition;
  if (isMap(wrapped) && Array.isArray(wrapped.containerDefinitions)) {
    return { definition: wrapped, basePath: ['taskDefinition'], ...(value.tags !== undefined ? { tags: value.tags } : {}) };
  }
  return undefined;
}

/** A logical id from the family: CloudFormation logical ids are alphanumeric. */
export function logicalIdForFamily(family: CfnValue | undefined): string {
  const cleaned = typeof family === 'string' ? family.replace(/[^A-Za-z0-9]/g, '') : '';
  return cleaned || 'TaskDefinition';
}

/**
 * Builds the synthetic template `{Resources: {<family>: {Type: AWS::ECS::TaskDefinition, Properties}}}`
 * and its location table, mapping every converted property to the line of the original field.
 */
export function taskDefinitionTemplate(found: { definition: CfnMap; basePath: string[]; tags?: CfnValue }, original: LocationTable): { body: CfnMap; locations: LocationTable } {
  const locations: LocationTable = new Map();
  const logicalId = logicalIdForFamily(found.definition.family);
  const originalBase = found.basePath.reduce((key, part) => childKey(key, part), '');
  const copy = (from: string, to: string): void => {
    const location = original.get(from);
    if (location) locations.set(to, location);
  };
  const resourceKey = childKey(childKey('', 'Resources'), logicalId);
  copy('', '');
  copy('', 'Resources');
  copy(originalBase, resourceKey);
  copy(childKey(originalBase, 'family'), resourceKey);
  copy(originalBase, childKey(resourceKey, 'Type'));
  const propertiesKey = childKey(resourceKey, 'Properties');
  copy(originalBase, propertiesKey);

  const properties: CfnMap = {};
  for (const [name, value] of Object.entries(found.definition)) {
    if (DESCRIBE_ONLY_FIELDS.has(name)) continue;
    const pascal = cloudFormationName(name, '');
    const fromKey = childKey(originalBase, name);
    const toKey = childKey(propertiesKey, pascal);
    copy(fromKey, toKey);
    properties[pascal] = convertValue(value, pascal, fromKey, toKey, original, locations);
  }
  if (found.tags !== undefined && properties.Tags === undefined) {
    copy(childKey('', 'tags'), childKey(propertiesKey, 'Tags'));
    properties.Tags = convertValue(found.tags, 'Tags', childKey('', 'tags'), childKey(propertiesKey, 'Tags'), original, locations);
  }
  const body: CfnMap = {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: { [logicalId]: { Type: 'AWS::ECS::TaskDefinition', Properties: properties } },
  };
  return { body, locations };
}

/** CloudFormation's name for ECS API field `name` found under property `parent`. */
export function cloudFormationName(name: string, parent: string): string {
  return IRREGULAR_NAMES[parent]?.[name] ?? IRREGULAR_NAMES['*']?.[name] ?? name.charAt(0).toUpperCase() + name.slice(1);
}

function convertValue(value: CfnValue, property: string, fromKey: string, toKey: string, original: LocationTable, out: LocationTable): CfnValue {
  const copyChild = (from: string, to: string): void => {
    const location = original.get(from);
    if (location) out.set(to, location);
  };
  if (Array.isArray(value)) {
    return value.map((item, index) => {
      const from = childKey(fromKey, index);
      const to = childKey(toKey, index);
      copyChild(from, to);
      return convertValue(item, property, from, to, original, out);
    });
  }
  if (!isMap(value)) return value;
  const result: CfnMap = {};
  for (const [name, child] of Object.entries(value)) {
    const converted = FREE_FORM_MAPS.has(property) ? name : cloudFormationName(name, property);
    const from = childKey(fromKey, name);
    const to = childKey(toKey, converted);
    copyChild(from, to);
    result[converted] = FREE_FORM_MAPS.has(property) ? child : convertValue(child, converted, from, to, original, out);
  }
  return result;
}

function isMap(value: CfnValue | undefined): value is CfnMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

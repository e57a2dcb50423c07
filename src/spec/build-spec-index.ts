/**
 * Turns the entities of @aws-cdk/aws-service-spec's database into a {@link SpecIndex}. Kept
 * apart from the loader so it stays pure (entities in, plain data out) and so the slow step —
 * reading the 3 MB database — happens once per package version, after which the index comes
 * from a cache. Only type imports from the package: nothing of it runs here.
 */
import type { Property, PropertyType, Resource, TypeDefinition } from '@aws-cdk/service-spec-types';
import type { PrimitiveKind, PropertySpec, ResourceSpec, ShapeSpec, SpecIndex, TypeDescriptor } from './spec-index.js';

/** The entities the index is built from, as the package's database lists them. */
export interface SpecEntities {
  sourceVersion: string;
  resources: Iterable<Resource>;
  typeDefinitions: Iterable<TypeDefinition>;
}

/** Builds the compact index. Nested definitions are kept only when some resource property reaches them. */
export function buildSpecIndex(entities: SpecEntities): SpecIndex {
  const allDefinitions = new Map<string, TypeDefinition>();
  for (const def of entities.typeDefinitions) allDefinitions.set(def.$id, def);

  const definitions: Record<string, ShapeSpec> = {};
  const pending: string[] = [];
  const queued = new Set<string>();
  const noteDefinition = (id: string): void => {
    if (!queued.has(id) && allDefinitions.has(id)) {
      queued.add(id);
      pending.push(id);
    }
  };

  const resources: Record<string, ResourceSpec> = {};
  for (const resource of entities.resources) {
    const spec: ResourceSpec = {
      name: resource.cloudFormationType,
      properties: convertProperties(resource.properties, noteDefinition),
      attributes: {},
    };
    for (const [name, attribute] of Object.entries(resource.attributes)) {
      spec.attributes[name] = convertField(attribute.type, attribute.previousTypes, noteDefinition);
    }
    if (resource.cloudFormationTransform) spec.transform = resource.cloudFormationTransform;
    resources[resource.cloudFormationType] = spec;
  }

  while (pending.length > 0) {
    const id = pending.pop() as string;
    const def = allDefinitions.get(id) as TypeDefinition;
    definitions[id] = { name: def.name, properties: convertProperties(def.properties, noteDefinition) };
  }

  applyKnownCorrections(resources);
  return { sourceVersion: entities.sourceVersion, resources, definitions };
}

function convertProperties(properties: Record<string, Property>, noteDefinition: (id: string) => void): Record<string, PropertySpec> {
  const out: Record<string, PropertySpec> = {};
  for (const [name, property] of Object.entries(properties)) {
    const spec: PropertySpec = { type: convertField(property.type, property.previousTypes, noteDefinition) };
    if (property.required) spec.required = true;
    const allowed = allowedValues([property.type, ...(property.previousTypes ?? [])]);
    if (allowed) spec.allowedValues = allowed;
    out[name] = spec;
  }
  return out;
}

/**
 * A property whose type changed over the specification's history accepts every type it ever
 * had: templates written against the older shape still deploy, and flagging them would be a
 * false alarm.
 */
function convertField(current: PropertyType, previous: readonly PropertyType[] | undefined, noteDefinition: (id: string) => void): TypeDescriptor {
  const types = [current, ...(previous ?? [])].map((t) => convertType(t, noteDefinition));
  const unique = dedupe(types);
  return unique.length === 1 ? (unique[0] as TypeDescriptor) : { anyOf: unique };
}

function convertType(type: PropertyType, noteDefinition: (id: string) => void): TypeDescriptor {
  switch (type.type) {
    case 'array':
      return { list: convertType(type.element, noteDefinition) };
    case 'map':
      return { map: convertType(type.element, noteDefinition) };
    case 'ref':
      noteDefinition(type.reference.$ref);
      return { def: type.reference.$ref };
    case 'union': {
      const members = dedupe(type.types.map((t) => convertType(t, noteDefinition)));
      return members.length === 1 ? (members[0] as TypeDescriptor) : { anyOf: members };
    }
    case 'date-time':
      return 'timestamp';
    default:
      return PRIMITIVES[type.type] ?? 'json';
  }
}

/**
 * The scalar values a property may take, from the schema's `enum` (the package keeps it as
 * `allowedValues` on string and integer types), looking through lists and unions. Undefined when
 * some type of the property (current or previous) takes any scalar: a template written against
 * an older, unrestricted shape still deploys.
 */
function allowedValues(types: readonly PropertyType[]): string[] | undefined {
  const values = new Set<string>();
  let unrestricted = false;
  const visit = (type: PropertyType): void => {
    switch (type.type) {
      case 'array':
        visit(type.element);
        return;
      case 'union':
        type.types.forEach(visit);
        return;
      case 'string':
      case 'integer':
        if (type.allowedValues && type.allowedValues.length > 0) for (const v of type.allowedValues) values.add(String(v));
        else unrestricted = true;
        return;
      case 'number':
      case 'boolean':
      case 'json':
      case 'date-time':
        unrestricted = true;
        return;
      default:
        return; // objects (ref, map, tag) hold no scalar of their own
    }
  };
  types.forEach(visit);
  return unrestricted || values.size === 0 ? undefined : [...values];
}

const PRIMITIVES: Record<string, PrimitiveKind> = {
  string: 'string',
  integer: 'integer',
  number: 'number',
  boolean: 'boolean',
  json: 'json',
  tag: 'tag',
  null: 'null',
};

function dedupe(types: TypeDescriptor[]): TypeDescriptor[] {
  const seen = new Map<string, TypeDescriptor>();
  for (const t of types) seen.set(JSON.stringify(t), t);
  return [...seen.values()];
}

/**
 * Places where the package's data disagrees with what the service accepts. Each entry cites
 * the reason; keep this list short and remove an entry once the package is fixed.
 */
function applyKnownCorrections(resources: Record<string, ResourceSpec>): void {
  // SAM documents the property as `NotificationARNs` (like AWS::CloudFormation::Stack), but the
  // package spells it `NotificationArns`. Accept SAM's documented spelling too.
  // https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-application.html
  const samApplication = resources['AWS::Serverless::Application'];
  const arns = samApplication?.properties['NotificationArns'];
  if (samApplication && arns && !samApplication.properties['NotificationARNs']) {
    samApplication.properties['NotificationARNs'] = arns;
  }
}

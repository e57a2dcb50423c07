/**
 * The compact form of AWS's resource specification that the checks read. It is plain JSON
 * data (so it can be cached on disk and loaded in tens of milliseconds) and holds only what
 * a deploy-time check needs: which properties a type has, their shapes, which are required,
 * and which attributes `Fn::GetAtt` may read. Pure; no Node-only imports.
 */

/**
 * Primitive value kinds as CloudFormation knows them. `integer` covers Integer and Long,
 * `number` covers Double, `timestamp` is an ISO date string, `tag` is the `{Key, Value}` pair
 * and `json` accepts any value (policy documents and free-form blobs).
 */
export type PrimitiveKind = 'string' | 'integer' | 'number' | 'boolean' | 'json' | 'timestamp' | 'tag' | 'null';

/**
 * The shape a property value must have. Kept as small JSON objects because tens of thousands
 * of them are cached and parsed on every run that checks against the specification.
 * `def` names an entry of {@link SpecIndex.definitions} (a nested structure).
 */
export type TypeDescriptor = PrimitiveKind | { list: TypeDescriptor } | { map: TypeDescriptor } | { def: string } | { anyOf: TypeDescriptor[] };

/** One property of a resource or nested structure. `required` is omitted when false to keep the cache small. */
export interface PropertySpec {
  type: TypeDescriptor;
  required?: true;
  /**
   * The values the registry schema enumerates for a string (or list of strings) property, when
   * it does; omitted when any value is allowed. Checked on resolved values (check-allowed-values.ts).
   */
  allowedValues?: string[];
}

/** A structure with named properties: a resource's `Properties` or a nested type definition. */
export interface ShapeSpec {
  /** Name used in messages (`Ingress`, `PortMapping`, or the resource type). */
  name: string;
  properties: Record<string, PropertySpec>;
}

/** A resource type: its properties plus the attributes `Fn::GetAtt` can read, with their shapes. */
export interface ResourceSpec extends ShapeSpec {
  attributes: Record<string, TypeDescriptor>;
  /** The transform the type needs (SAM's `AWS::Serverless-2016-10-31`), when it is not native CloudFormation. */
  transform?: string;
}

/** The whole specification: resource type → spec, definition id → nested structure. */
export interface SpecIndex {
  /** Version of the npm package the index was built from, reported so users know how fresh the data is. */
  sourceVersion: string;
  resources: Record<string, ResourceSpec>;
  definitions: Record<string, ShapeSpec>;
}

/** Resource spec by CloudFormation type, without inheriting names like `constructor` from Object's prototype. */
export function resourceSpec(spec: SpecIndex, type: string): ResourceSpec | undefined {
  return Object.prototype.hasOwnProperty.call(spec.resources, type) ? spec.resources[type] : undefined;
}

/** Nested structure by id; undefined when the index is inconsistent (then the value is not checked). */
export function definitionSpec(spec: SpecIndex, id: string): ShapeSpec | undefined {
  return Object.prototype.hasOwnProperty.call(spec.definitions, id) ? spec.definitions[id] : undefined;
}

/** Property spec by exact name, safe against prototype names. */
export function propertySpec(shape: ShapeSpec, name: string): PropertySpec | undefined {
  return Object.prototype.hasOwnProperty.call(shape.properties, name) ? shape.properties[name] : undefined;
}

/** Renders a type for messages the way AWS's documentation names them: `List of Ingress`, `Map of String`. */
export function describeType(type: TypeDescriptor, spec: SpecIndex): string {
  if (typeof type === 'string') return PRIMITIVE_NAMES[type];
  if ('list' in type) return `List of ${describeType(type.list, spec)}`;
  if ('map' in type) return `Map of ${describeType(type.map, spec)}`;
  if ('def' in type) return definitionSpec(spec, type.def)?.name ?? 'Object';
  return type.anyOf.map((t) => describeType(t, spec)).join(' or ');
}

const PRIMITIVE_NAMES: Record<PrimitiveKind, string> = {
  string: 'String',
  integer: 'Integer',
  number: 'Double',
  boolean: 'Boolean',
  json: 'Json',
  timestamp: 'Timestamp',
  tag: 'Tag',
  null: 'Null',
};

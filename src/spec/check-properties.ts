/**
 * Checks a resource's `Properties` against its type in the specification, at every depth:
 * unknown (misspelled) property names, values of the wrong type, missing required properties.
 * CloudFormation reports most of these only once a deployment has started (and then rolls
 * back), one at a time; finding them all beforehand saves the user those round trips.
 *
 * Values are checked as written. Intrinsics are not evaluated, but the shape they must yield
 * is checked where it is certain (see intrinsic-shape.ts), and both branches of `Fn::If` are
 * checked as the values they may become. Pure.
 */
import type { CfnPath, CfnValue } from '../template/types.js';
import { isPlainObject, report, type SpecCheckContext } from './check-context.js';
import { getAttTarget, intrinsicName, intrinsicShape, type IntrinsicShape } from './intrinsic-shape.js';
import { definitionSpec, describeType, propertySpec, type ShapeSpec, type TypeDescriptor } from './spec-index.js';
import { didYouMeanText, suggestName } from '../util/suggest-name.js';
import { describeValue, primitiveHint, scalarFits } from './value-kinds.js';

/** The built-in `Tag` structure of the specification: `{Key, Value}`, both required. */
const TAG_SHAPE: ShapeSpec = {
  name: 'Tag',
  properties: { Key: { type: 'string', required: true }, Value: { type: 'string', required: true } },
};

/**
 * Required properties that tools add to a template between synthesis and deployment, so a
 * template without them is a normal input (copilot's stack fixtures leave Lambda code out and
 * upload it at deploy). Missing, they are a warning that says so, not an error.
 */
const INJECTED_BEFORE_DEPLOY: Readonly<Record<string, string>> = {
  'AWS::Lambda::Function.Code': 'but deployment tools such as AWS Copilot add the function code (an S3 location) when they upload the template',
};

/** What a walk over one resource carries: where to report, and the resource type for messages. */
interface Walk {
  context: SpecCheckContext;
  resourceType: string;
}

/**
 * Checks the `Properties` of the resource at `Resources.<logicalId>`. `shape` is the resource's
 * spec; `openEnded` accepts properties the spec does not list (custom resources pass anything
 * to their handler) while still checking the listed ones.
 */
export function checkResourceProperties(
  context: SpecCheckContext,
  logicalId: string,
  resourceType: string,
  shape: ShapeSpec,
  properties: CfnValue | undefined,
  openEnded = false,
): void {
  const walk: Walk = { context, resourceType };
  const path: CfnPath = ['Resources', logicalId, 'Properties'];
  if (properties === undefined) {
    reportMissing(walk, shape, {}, path);
    return;
  }
  if (intrinsicName(properties) !== undefined) return; // e.g. the whole block under Fn::If: shape unknown
  if (!isPlainObject(properties)) {
    report(context, {
      severity: 'error',
      code: 'wrong-type',
      path,
      message: `Properties of ${resourceType} must be an object, got ${describeValue(properties)}`,
      hint: 'write Properties as a map of property names to values',
    });
    return;
  }
  checkObject(walk, properties, shape, path, openEnded);
}

function checkObject(walk: Walk, object: { [key: string]: CfnValue }, shape: ShapeSpec, path: CfnPath, openEnded = false): void {
  const known = Object.keys(shape.properties);
  const freeForm = known.length === 0 || openEnded;
  const misspelled = new Set<string>();
  for (const [key, value] of Object.entries(object)) {
    const property = propertySpec(shape, key);
    if (property) {
      checkValue(walk, value, property.type, [...path, key]);
    } else if (!freeForm && !key.startsWith('Fn::Transform')) {
      const suggestion = suggestName(key, known);
      if (suggestion) misspelled.add(suggestion);
      report(walk.context, {
        severity: 'error',
        code: 'unknown-property',
        path: [...path, key],
        message: `${owner(walk, shape)} has no property ${key}`,
        hint: suggestion ? didYouMeanText(suggestion) : `remove it; valid properties: ${listNames(known)}`,
      });
    }
  }
  reportMissing(walk, shape, object, path, misspelled);
}

/** `misspelled`: required names already suggested for a misspelled key; that finding says it all. */
function reportMissing(walk: Walk, shape: ShapeSpec, object: { [key: string]: CfnValue }, path: CfnPath, misspelled: ReadonlySet<string> = new Set()): void {
  for (const [name, property] of Object.entries(shape.properties)) {
    if (!property.required || Object.prototype.hasOwnProperty.call(object, name) || misspelled.has(name)) continue;
    const injected = shape.name === walk.resourceType ? INJECTED_BEFORE_DEPLOY[`${walk.resourceType}.${name}`] : undefined;
    if (injected) {
      report(walk.context, {
        severity: 'warning',
        code: 'property-injected-before-deploy',
        path,
        message: `${walk.resourceType} has no ${name}; CloudFormation refuses it as written, ${injected}`,
        hint: `deploy it through the tool that fills ${name} in, or add ${name} (${describeType(property.type, walk.context.spec)})`,
      });
      continue;
    }
    report(walk.context, {
      severity: 'error',
      code: 'missing-required-property',
      path,
      message: `${owner(walk, shape)} requires property ${name}`,
      hint: `add ${name} (${describeType(property.type, walk.context.spec)})`,
    });
  }
}

function checkValue(walk: Walk, value: CfnValue, type: TypeDescriptor, path: CfnPath): void {
  const name = intrinsicName(value);
  if (name !== undefined) {
    checkIntrinsic(walk, name, (value as { [key: string]: CfnValue })[name] as CfnValue, type, path);
    return;
  }
  if (value === null) {
    wrongType(walk, value, type, path, 'give it a value, or remove the key');
    return;
  }
  if (typeof type === 'object' && 'anyOf' in type) {
    checkUnion(walk, value, type.anyOf, path);
    return;
  }
  if (type === 'json') return;
  if (type === 'tag') {
    if (isPlainObject(value)) checkObject(walk, value, TAG_SHAPE, path);
    else wrongType(walk, value, type, path);
    return;
  }
  if (typeof type === 'string') {
    if (Array.isArray(value) || typeof value === 'object' || !scalarFits(type, value)) wrongType(walk, value, type, path);
    return;
  }
  if ('list' in type) {
    if (Array.isArray(value)) value.forEach((element, index) => checkValue(walk, element, type.list, [...path, index]));
    else wrongType(walk, value, type, path);
    return;
  }
  if (!isPlainObject(value)) {
    wrongType(walk, value, type, path);
    return;
  }
  if ('map' in type) {
    for (const [key, element] of Object.entries(value)) checkValue(walk, element, type.map, [...path, key]);
    return;
  }
  const shape = definitionSpec(walk.context.spec, type.def);
  if (shape) checkObject(walk, value, shape, path);
}

/**
 * A value is fine if some member of the union accepts it. Otherwise the findings of the member
 * of the same kind (object, list, scalar) are the useful ones: a misspelled key in an object
 * where "String or Object" is allowed should say which key, not "wrong type".
 */
function checkUnion(walk: Walk, value: CfnValue, members: TypeDescriptor[], path: CfnPath): void {
  let sameKind: SpecCheckContext['diagnostics'] | undefined;
  for (const member of members) {
    const trial: Walk = { ...walk, context: { ...walk.context, diagnostics: [] } };
    checkValue(trial, value, member, path);
    if (trial.context.diagnostics.length === 0) return;
    if (!sameKind && kindOfType(member, walk) === kindOfValue(value)) sameKind = trial.context.diagnostics;
  }
  if (sameKind) walk.context.diagnostics.push(...sameKind);
  else wrongType(walk, value, { anyOf: members }, path);
}

function checkIntrinsic(walk: Walk, name: string, argument: CfnValue, type: TypeDescriptor, path: CfnPath): void {
  if (name === 'Fn::If') {
    if (Array.isArray(argument) && argument.length === 3) {
      checkValue(walk, argument[1] as CfnValue, type, [...path, 'Fn::If', 1]);
      checkValue(walk, argument[2] as CfnValue, type, [...path, 'Fn::If', 2]);
    }
    return;
  }
  const shape = intrinsicShape(walk.context, name, argument);
  if (shapeFits(shape, type, walk)) return;
  const what = describeIntrinsic(name, argument);
  const yields = shape === 'list' ? 'a list' : 'a single value';
  report(walk.context, {
    severity: 'error',
    code: 'wrong-type',
    path,
    message: `${propertyName(path)} must be ${describeType(type, walk.context.spec)}, but ${what} yields ${yields}`,
    hint: shape === 'list' ? listToScalarHint(type, walk) : scalarToListHint(type, walk),
  });
}

/** `Ref Subnets`, `Fn::GetAtt Lb.SecurityGroups`, or the bare function name. */
function describeIntrinsic(name: string, argument: CfnValue): string {
  if (name === 'Ref' && typeof argument === 'string') return `Ref ${argument}`;
  const target = name === 'Fn::GetAtt' ? getAttTarget(argument) : undefined;
  return target ? `Fn::GetAtt ${target.logicalId}.${target.attribute}` : name;
}

function shapeFits(shape: IntrinsicShape, type: TypeDescriptor, walk: Walk): boolean {
  if (shape === 'unknown' || shape === 'absent') return true;
  const kind = kindOfType(type, walk);
  if (kind === 'any') return true;
  if (typeof type === 'object' && 'anyOf' in type) return type.anyOf.some((member) => shapeFits(shape, member, walk));
  return shape === 'list' ? kind === 'list' : kind === 'scalar';
}

function listToScalarHint(type: TypeDescriptor, walk: Walk): string {
  return kindOfType(type, walk) === 'scalar' ? 'pick one element with Fn::Select, or join them with Fn::Join' : `give ${describeType(type, walk.context.spec)} here`;
}

function scalarToListHint(type: TypeDescriptor, walk: Walk): string {
  return kindOfType(type, walk) === 'list' ? 'wrap it in a list ([ ... ]), or reference a List<...> parameter' : `give ${describeType(type, walk.context.spec)} here`;
}

type Kind = 'scalar' | 'list' | 'object' | 'any' | 'null';

function kindOfType(type: TypeDescriptor, walk: Walk): Kind {
  if (type === 'json') return 'any';
  if (type === 'tag') return 'object';
  if (type === 'null') return 'null';
  if (typeof type === 'string') return 'scalar';
  if ('list' in type) return 'list';
  if ('map' in type || 'def' in type) return 'object';
  const kinds = new Set(type.anyOf.map((member) => kindOfType(member, walk)));
  return kinds.size === 1 ? ([...kinds][0] as Kind) : 'any';
}

function kindOfValue(value: CfnValue): Kind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  return typeof value === 'object' ? 'object' : 'scalar';
}

function wrongType(walk: Walk, value: CfnValue, type: TypeDescriptor, path: CfnPath, hint?: string): void {
  const spec = walk.context.spec;
  report(walk.context, {
    severity: 'error',
    code: 'wrong-type',
    path,
    message: `${propertyName(path)} must be ${describeType(type, spec)}, got ${describeValue(value)}`,
    hint: hint ?? typeHint(type, walk),
  });
}

function typeHint(type: TypeDescriptor, walk: Walk): string {
  if (typeof type === 'string') return primitiveHint(type);
  const described = describeType(type, walk.context.spec);
  if ('list' in type) return `write a list ([ ... ]) of ${describeType(type.list, walk.context.spec)}`;
  if ('map' in type) return `write an object whose values are ${describeType(type.map, walk.context.spec)}`;
  if ('def' in type) return `write an object with the properties of ${described}`;
  return `write ${described}`;
}

function owner(walk: Walk, shape: ShapeSpec): string {
  return shape.name === walk.resourceType ? walk.resourceType : `${shape.name} (in ${walk.resourceType})`;
}

/** The property a path ends at, as users call it: `FromPort`, `Subnets[0]`. */
function propertyName(path: CfnPath): string {
  let out = '';
  for (let i = path.length - 1; i >= 0; i--) {
    const part = path[i] as string | number;
    if (part === 'Fn::If')
      out = ''; // the index after it is a branch, not a list element
    else if (typeof part === 'number') out = `[${part}]${out}`;
    else return `${part}${out}`;
  }
  return out;
}

function listNames(names: string[]): string {
  const sorted = [...names].sort();
  return sorted.length <= 12 ? sorted.join(', ') : `${sorted.slice(0, 12).join(', ')}, ... (${sorted.length} in all)`;
}

/**
 * Checks resolved property values against the enumerations of AWS's resource specification
 * (the registry schemas' `enum`, which @aws-cdk/aws-service-spec carries as `allowedValues` on
 * some 4,000 string properties; it carries no patterns or numeric bounds). Values are checked
 * after resolution, so a parameter's value is judged at the property that uses it.
 *
 * The hand-written rules of allowed-values.ts take precedence: where they cover a property, its
 * enumeration here is skipped, because the schema lags the service in places (it lists
 * `PropagateTags: SERVICE|TASK_DEFINITION` while ECS also takes `NONE`, and no
 * `MANAGED_INSTANCES` launch type). Pure.
 *
 * @module
 */
import type { Diagnostic } from '../diagnostics.js';
import { isPlaceholder } from '../template/placeholder.js';
import type { CfnValue, Deployment, ResolvedResource, ResolvedStack } from '../template/types.js';
import { formatPath } from '../template/types.js';
import { ALLOWED_VALUES } from './allowed-values.js';
import { fromCustomResource } from './check-resolved-values.js';
import { definitionSpec, propertySpec, resourceSpec, type ShapeSpec, type SpecIndex, type TypeDescriptor } from './spec-index.js';

type Path = (string | number)[];

/** Every value outside its property's enumeration, located at the property. */
export function checkAllowedValues(deployment: Deployment, spec: SpecIndex): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const stack of deployment.stacks) {
    for (const resource of Object.values(stack.resources)) {
      const shape = resourceSpec(spec, resource.type);
      if (!shape) continue;
      const covered = new Set((Object.prototype.hasOwnProperty.call(ALLOWED_VALUES, resource.type) ? (ALLOWED_VALUES[resource.type] ?? []) : []).map(([path]) => path));
      const walk: Walk = { spec, stack, resource, covered, out };
      checkObject(walk, resource.properties, shape, []);
    }
  }
  return out;
}

interface Walk {
  spec: SpecIndex;
  stack: ResolvedStack;
  resource: ResolvedResource;
  /** Paths (`A.B[].C`) the hand-written rules check. */
  covered: ReadonlySet<string>;
  out: Diagnostic[];
}

function checkObject(walk: Walk, value: CfnValue, shape: ShapeSpec, path: Path): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const property = propertySpec(shape, key);
    if (!property) continue;
    const at = [...path, key];
    if (property.allowedValues && !walk.covered.has(patternOf(at)) && !walk.covered.has(`${patternOf(at)}[]`)) checkScalars(walk, child, property.allowedValues, at);
    descend(walk, child, property.type, at);
  }
}

/** Into nested structures: definitions, lists and maps of them. */
function descend(walk: Walk, value: CfnValue, type: TypeDescriptor, path: Path): void {
  if (typeof type === 'string' || value === null || typeof value !== 'object') return;
  if ('list' in type) {
    if (Array.isArray(value)) value.forEach((element, index) => descend(walk, element, type.list, [...path, index]));
    return;
  }
  if ('map' in type) {
    if (!Array.isArray(value)) for (const [key, element] of Object.entries(value)) descend(walk, element, type.map, [...path, key]);
    return;
  }
  if ('anyOf' in type) {
    // One structure member is the common case (String or Object); more would be ambiguous.
    const structures = type.anyOf.filter((member) => typeof member === 'object' && 'def' in member);
    if (structures.length === 1) descend(walk, value, structures[0] as TypeDescriptor, path);
    else if (Array.isArray(value)) {
      const lists = type.anyOf.filter((member) => typeof member === 'object' && 'list' in member);
      if (lists.length === 1) descend(walk, value, lists[0] as TypeDescriptor, path);
    }
    return;
  }
  const shape = definitionSpec(walk.spec, type.def);
  if (shape) checkObject(walk, value, shape, path);
}

function checkScalars(walk: Walk, value: CfnValue, allowed: readonly string[], path: Path): void {
  if (Array.isArray(value)) {
    value.forEach((element, index) => checkScalars(walk, element, allowed, [...path, index]));
    return;
  }
  if (value === null || typeof value === 'object' || isPlaceholder(value)) return;
  const text = String(value);
  if (allowed.includes(text) || fromCustomResource(walk.stack, walk.resource, path)) return;
  const near = allowed.find((a) => a.toLowerCase() === text.toLowerCase());
  const where = walk.stack.template.locate([...walk.resource.templatePath, 'Properties', ...path]);
  walk.out.push({
    severity: 'error',
    code: 'value-not-allowed',
    message: `"${text}" is not one of the values ${walk.resource.type} allows here (${listed(allowed)}), per AWS's resource specification`,
    hint: near ? `write ${near} (the value is case-sensitive)` : `use one of ${listed(allowed)}`,
    file: where.file,
    line: where.line,
    column: where.column,
    stack: walk.stack.name,
    logicalId: walk.resource.logicalId,
    path: formatPath(['Properties', ...path]),
  });
}

/** `['A', 0, 'B']` → `A[].B`, the form allowed-values.ts writes its paths in. */
function patternOf(path: Path): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? '[]' : out ? `.${part}` : part;
  return out;
}

function listed(values: readonly string[]): string {
  return values.length <= 12 ? values.join(', ') : `${values.slice(0, 12).join(', ')}, … (${values.length} in all)`;
}

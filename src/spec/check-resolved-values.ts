/**
 * Checks the values of resolved properties against what the services accept (allowed-values.ts,
 * value-combinations.ts). It runs on the deployment after resolution, so a value that comes
 * from a parameter, a mapping or another stack's export is checked as the service receives it,
 * and reported at the property that uses it. Values resolution could not compute are skipped
 * (resolution reported them). Pure.
 *
 * @module
 */
import type { Diagnostic } from '../diagnostics.js';
import { isPlaceholder } from '../template/placeholder.js';
import type { CfnValue, Deployment, ResolvedResource, ResolvedStack } from '../template/types.js';
import { formatPath } from '../template/types.js';
import { ALLOWED_VALUES, ITEM_LIMITS, type ItemLimit } from './allowed-values.js';
import { COMBINATION_RULES } from './value-combinations.js';
import type { ValueConstraint, ValueProblem } from './value-constraints.js';

/** Every value finding of the deployment, located at the property. */
export function checkResolvedValues(deployment: Deployment): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const stack of deployment.stacks) {
    for (const resource of Object.values(stack.resources)) {
      const report = (path: (string | number)[], problem: ValueProblem): void => {
        if (!fromCustomResource(stack, resource, path)) out.push(locate(stack, resource, path, problem));
      };
      for (const [path, constraint] of own(ALLOWED_VALUES, resource.type) ?? []) {
        checkPath(resource.properties, path.split('.'), [], constraint, report);
      }
      for (const [path, limit] of own(ITEM_LIMITS, resource.type) ?? []) {
        checkCount(resource.properties, path.split('.'), [], limit, report);
      }
      for (const rule of own(COMBINATION_RULES, resource.type) ?? []) {
        for (const problem of rule(resource.properties)) report(problem.path, problem);
      }
    }
  }
  return out;
}

/** Follows `segments` (a `[]` suffix expands a list) and checks every scalar reached. */
function checkPath(
  value: CfnValue | undefined,
  segments: string[],
  at: (string | number)[],
  constraint: ValueConstraint,
  report: (path: (string | number)[], problem: ValueProblem) => void,
): void {
  if (value === undefined || value === null) return;
  if (segments.length === 0) {
    // Lists and objects where a scalar belongs are the shape check's finding (wrong-type).
    if (typeof value === 'object' || isPlaceholder(value)) return;
    const problem = constraint(value);
    if (problem) report(at, problem);
    return;
  }
  const [head, ...rest] = segments as [string, ...string[]];
  const each = head.endsWith('[]');
  const key = each ? head.slice(0, -2) : head;
  if (typeof value !== 'object' || Array.isArray(value)) return;
  const child = Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
  if (!each) {
    checkPath(child, rest, [...at, key], constraint, report);
    return;
  }
  if (Array.isArray(child)) child.forEach((element, index) => checkPath(element, rest, [...at, key, index], constraint, report));
}

/**
 * True when the template writes the value as an attribute or reference of a custom resource
 * (copilot's rule-priority and env-controller functions): its real value exists only once the
 * function has run, and the stand-in resolution made for it must not be judged.
 */
export function fromCustomResource(stack: ResolvedStack, resource: ResolvedResource, path: (string | number)[]): boolean {
  let node: CfnValue | undefined = nodeAt(stack.template.body, resource.templatePath);
  node = nodeAt(node, ['Properties', ...path]);
  const target = referencedResource(node);
  if (target === undefined) return false;
  const declaration = nodeAt(stack.template.body, ['Resources', target, 'Type']);
  return typeof declaration === 'string' && (declaration.startsWith('Custom::') || declaration === 'AWS::CloudFormation::CustomResource');
}

function nodeAt(root: CfnValue | undefined, path: readonly (string | number)[]): CfnValue | undefined {
  let node = root;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = Array.isArray(node) ? (typeof part === 'number' ? node[part] : undefined) : (node as { [key: string]: CfnValue })[String(part)];
  }
  return node;
}

/** The logical id a `Ref` or `Fn::GetAtt` node names. */
function referencedResource(node: CfnValue | undefined): string | undefined {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const ref = node['Ref'];
  if (typeof ref === 'string') return ref;
  const getAtt = node['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  if (typeof getAtt === 'string') return getAtt.split('.')[0];
  return undefined;
}

/** A table entry by resource type, never one of Object's own names (a type called `constructor`). */
function own<T>(table: Readonly<Record<string, T>>, type: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, type) ? table[type] : undefined;
}

/** Follows `segments` like {@link checkPath} and checks the length of the list reached. */
function checkCount(
  value: CfnValue | undefined,
  segments: string[],
  at: (string | number)[],
  limit: ItemLimit,
  report: (path: (string | number)[], problem: ValueProblem) => void,
): void {
  if (value === undefined || value === null || typeof value !== 'object') return;
  if (segments.length === 0) {
    if (Array.isArray(value) && value.length > limit.max) {
      report(at, { code: limit.code ?? 'too-many-items', message: `${value.length} ${limit.what}; ${limit.service} allows at most ${limit.max}`, hint: limit.hint });
    }
    return;
  }
  const [head, ...rest] = segments as [string, ...string[]];
  const each = head.endsWith('[]');
  const key = each ? head.slice(0, -2) : head;
  if (Array.isArray(value)) return;
  const child = Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
  if (!each) checkCount(child, rest, [...at, key], limit, report);
  else if (Array.isArray(child)) child.forEach((element, index) => checkCount(element, rest, [...at, key, index], limit, report));
}

function locate(stack: ResolvedStack, resource: ResolvedResource, path: (string | number)[], problem: ValueProblem): Diagnostic {
  const full = [...resource.templatePath, 'Properties', ...path];
  const where = stack.template.locate(full);
  return {
    severity: 'error',
    code: problem.code,
    message: problem.message,
    hint: problem.hint,
    file: where.file,
    line: where.line,
    column: where.column,
    stack: stack.name,
    logicalId: resource.logicalId,
    path: formatPath(['Properties', ...path]),
  };
}

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
      const report: Report = (path, problem) => {
        if (!fromCustomResource(stack, resource, path)) out.push(locate(stack, resource, path, problem));
      };
      for (const [path, constraint] of own(ALLOWED_VALUES, resource.type) ?? []) {
        checkPath(resource.properties, path, constraint, report);
      }
      for (const [path, limit] of own(ITEM_LIMITS, resource.type) ?? []) {
        checkCount(resource.properties, path, limit, report);
      }
      for (const rule of own(COMBINATION_RULES, resource.type) ?? []) {
        for (const problem of rule(resource.properties)) report(problem.path, problem);
      }
    }
  }
  return out;
}

/** A value reached by a rule's path, with its path under Properties. */
interface Reached {
  value: CfnValue;
  path: (string | number)[];
}

/** The values at `segments` (`A.B[].C`: a `[]` suffix expands a list), skipping what is absent. */
function reach(value: CfnValue | undefined, segments: readonly string[], at: (string | number)[] = []): Reached[] {
  if (value === undefined || value === null) return [];
  const [head, ...rest] = segments;
  if (head === undefined) return [{ value, path: at }];
  if (typeof value !== 'object' || Array.isArray(value)) return [];
  const each = head.endsWith('[]');
  const key = each ? head.slice(0, -2) : head;
  const child = Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
  if (!each) return reach(child, rest, [...at, key]);
  return Array.isArray(child) ? child.flatMap((element, index) => reach(element, rest, [...at, key, index])) : [];
}

/** Checks every scalar a rule's path reaches; lists and objects there are the shape check's finding (wrong-type). */
function checkPath(properties: CfnValue, path: string, constraint: ValueConstraint, report: Report): void {
  for (const { value, path: at } of reach(properties, path.split('.'))) {
    if (typeof value === 'object' || isPlaceholder(value)) continue;
    const problem = constraint(value as string | number | boolean);
    if (problem) report(at, problem);
  }
}

/** Checks the length of every list a limit's path reaches. */
function checkCount(properties: CfnValue, path: string, limit: ItemLimit, report: Report): void {
  for (const { value, path: at } of reach(properties, path.split('.'))) {
    if (Array.isArray(value) && value.length > limit.max) {
      report(at, { code: limit.code ?? 'too-many-items', message: `${value.length} ${limit.what}; ${limit.service} allows at most ${limit.max}`, hint: limit.hint });
    }
  }
}

type Report = (path: (string | number)[], problem: ValueProblem) => void;

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

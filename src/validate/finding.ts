/**
 * How model checks report: a finding about a model object, located at the property the user
 * must change. The model keeps only each resource's location; the locator (built from the
 * parsed templates) refines it to the property's own line when the template has it.
 */
import type { Diagnostic, SourceLocation } from '../diagnostics.js';
import type { Deployment } from '../template/types.js';
import { formatPath } from '../template/types.js';
import type { ModelObject } from '../model/types.js';

/** Finds the line of a property of a resource; returns undefined when it cannot. */
export type PropertyLocator = (stack: string, logicalId: string, path: (string | number)[]) => SourceLocation | undefined;

/** A locator over the templates of a deployment. */
export function deploymentLocator(deployment: Deployment): PropertyLocator {
  return (stackName, logicalId, path) => {
    const stack = deployment.stacks.find((s) => s.name === stackName);
    const resource = stack?.resources[logicalId];
    if (!stack || !resource) return undefined;
    const full = [...resource.templatePath, 'Properties', ...path];
    const found = stack.template.locate(full);
    // locate() falls back to the nearest ancestor; a property the template lacks is better
    // shown at the resource itself than at an unrelated sibling line.
    const parent = stack.template.locate(full.slice(0, -1));
    return path.length > 0 && found.line === parent.line && found.column === parent.column ? undefined : found;
  };
}

/** Collects findings for one check run. */
export class Findings {
  readonly list: Diagnostic[] = [];
  constructor(private readonly locate: PropertyLocator = () => undefined) {}

  /** Adds a finding about `object`, at `path` under its Properties when given. */
  add(object: Pick<ModelObject, 'stack' | 'logicalId' | 'source'>, finding: Pick<Diagnostic, 'severity' | 'code' | 'message' | 'hint'>, path: (string | number)[] = []): void {
    const where = (path.length > 0 ? this.locate(object.stack, object.logicalId, path) : undefined) ?? object.source;
    this.list.push({
      ...finding,
      file: where.file,
      line: where.line,
      column: where.column,
      stack: object.stack,
      logicalId: object.logicalId,
      ...(path.length > 0 ? { path: formatPath(['Properties', ...path]) } : {}),
    });
  }
}

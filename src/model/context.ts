/**
 * State shared by the per-kind builders while one model is being built: the registry to
 * follow references, the model filled so far, and the findings. Keeping it in one object
 * lets each builder stay a small function over one family of resource types.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { CfnValue, Deployment, ResolvedResource } from '../template/types.js';
import { formatPath } from '../template/types.js';
import type { ModelObject, NetworkModel } from './types.js';
import { modelId, ResourceRegistry } from './registry.js';

/** What the per-kind builders share while one model is built. */
export interface BuildContext {
  deployment: Deployment;
  registry: ResourceRegistry;
  model: NetworkModel;
  diagnostics: Diagnostic[];
}

/** The identity fields every model object copies from its resource. */
export function identity(resource: ResolvedResource): ModelObject {
  return {
    id: modelId(resource),
    stack: resource.stack,
    logicalId: resource.logicalId,
    physicalId: resource.physicalId,
    source: resource.location,
  };
}

/** Records a finding located at a property of a resource (line of the property when the template knows it). */
export function report(
  ctx: BuildContext,
  resource: ResolvedResource,
  finding: Pick<Diagnostic, 'severity' | 'code' | 'message' | 'hint'>,
  propertyPath: (string | number)[] = [],
): void {
  const stack = ctx.deployment.stacks.find((s) => s.name === resource.stack);
  const where = stack && propertyPath.length > 0 ? stack.template.locate([...resource.templatePath, 'Properties', ...propertyPath]) : resource.location;
  ctx.diagnostics.push({
    ...finding,
    file: where.file,
    line: where.line,
    column: where.column,
    stack: resource.stack,
    logicalId: resource.logicalId,
    ...(propertyPath.length > 0 ? { path: formatPath(['Properties', ...propertyPath]) } : {}),
  });
}

/**
 * Follows a reference property to a model id of one of `types`. A value that names nothing in
 * the deployment (an id given as a parameter, for a VPC made elsewhere) is kept raw and noted,
 * because the template is still valid; the checks decide whether it matters.
 */
export function follow(
  ctx: BuildContext,
  resource: ResolvedResource,
  value: CfnValue | undefined,
  propertyPath: (string | number)[],
  ...types: string[]
): { id?: string; raw?: string } {
  if (value === undefined || value === null) return {};
  const id = ctx.registry.idOf(value, ...types);
  if (id) return { id };
  const raw = typeof value === 'string' ? value : JSON.stringify(value);
  report(
    ctx,
    resource,
    {
      severity: 'info',
      code: 'external-reference',
      message: `refers to ${raw}, which is not a ${types.join(' or ')} of the stacks given`,
      hint: 'give the stack that creates it together with this one to emulate it',
    },
    propertyPath,
  );
  return { raw };
}

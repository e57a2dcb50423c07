/**
 * The specification checks as one call: every template given together, every check, all
 * findings at once (a user fixing a template wants the whole list, not one error per run).
 * Pure: the index is passed in, so only a caller that needs these checks pays for loading it.
 */
import { sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import type { SourceTemplate, StackInput } from '../template/types.js';
import { createCheckContext } from './check-context.js';
import { checkGetAtts } from './check-get-att.js';
import { checkResources } from './check-resources.js';
import type { SpecIndex } from './spec-index.js';

/**
 * Checks templates against AWS's resource specification. Pass {@link StackInput}s to have the
 * stack name on each finding, or bare templates when there is none yet. Plain ECS task
 * definition files are checked too: the parser has turned them into an AWS::ECS::TaskDefinition
 * with CloudFormation's names, keeping the lines of the original fields.
 */
export function checkAgainstSpec(templates: readonly (SourceTemplate | StackInput)[], spec: SpecIndex): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const input of templates) {
    const [template, stack] = 'template' in input ? [input.template, input.name] : [input, undefined];
    const context = createCheckContext(template, spec, stack);
    checkResources(context);
    checkGetAtts(context);
    diagnostics.push(...context.diagnostics);
  }
  return sortDiagnostics(diagnostics);
}

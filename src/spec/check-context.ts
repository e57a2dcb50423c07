/**
 * What every specification check of one template needs: the index, the template (to locate
 * nodes), the stack name, the declared resource and parameter types (to know what an intrinsic
 * yields), and one way to report, so every finding carries file, line, logical id and a
 * resource-relative property path the same way. Pure.
 */
import type { Diagnostic, Severity } from '../diagnostics.js';
import type { CfnPath, CfnValue, SourceTemplate } from '../template/types.js';
import { formatPath } from '../template/types.js';
import type { SpecIndex } from './spec-index.js';

/** The state of a check run over one template. */
export interface SpecCheckContext {
  spec: SpecIndex;
  template: SourceTemplate;
  stack?: string;
  /** Logical id → CloudFormation type, as written under `Resources`. */
  resourceTypes: ReadonlyMap<string, string>;
  /** Parameter name → declared `Type`. */
  parameterTypes: ReadonlyMap<string, string>;
  diagnostics: Diagnostic[];
}

/** Builds the context of one template: reads the declared types once for all checks. */
export function createCheckContext(template: SourceTemplate, spec: SpecIndex, stack?: string): SpecCheckContext {
  return {
    spec,
    template,
    ...(stack === undefined ? {} : { stack }),
    resourceTypes: declaredTypes(template.body['Resources']),
    parameterTypes: declaredTypes(template.body['Parameters']),
    diagnostics: [],
  };
}

function declaredTypes(section: CfnValue | undefined): Map<string, string> {
  const types = new Map<string, string>();
  if (!isPlainObject(section)) return types;
  for (const [id, declaration] of Object.entries(section)) {
    const type = isPlainObject(declaration) ? declaration['Type'] : undefined;
    if (typeof type === 'string') types.set(id, type);
  }
  return types;
}

/** What a check says about one node; the context adds where it is. */
export interface Finding {
  severity: Severity;
  code: string;
  /** Path of the node from the template root. */
  path: CfnPath;
  message: string;
  hint?: string;
}

/**
 * Records a finding at a template path. Under `Resources.<id>` the logical id is `<id>` and the
 * path is relative to the resource (`Properties.SecurityGroupIngress[1].FromPort`); elsewhere
 * (Outputs, Conditions) the logical id is the entry's name and the path is the full one.
 */
export function report(context: SpecCheckContext, finding: Finding): void {
  const where = context.template.locate(finding.path);
  const [section, id] = finding.path;
  const underResource = section === 'Resources' && typeof id === 'string';
  const relative = underResource ? finding.path.slice(2) : finding.path;
  const diagnostic: Diagnostic = {
    severity: finding.severity,
    code: finding.code,
    message: finding.message,
    file: where.file,
    line: where.line,
    column: where.column,
  };
  if (finding.hint !== undefined) diagnostic.hint = finding.hint;
  if (context.stack !== undefined) diagnostic.stack = context.stack;
  if (typeof id === 'string') diagnostic.logicalId = id;
  if (relative.length > 0) diagnostic.path = formatPath(relative);
  context.diagnostics.push(diagnostic);
}

/** A JSON object (not a list, not null). */
export function isPlainObject(value: CfnValue | undefined): value is { [key: string]: CfnValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

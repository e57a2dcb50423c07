/**
 * Reading a template file: YAML or JSON CloudFormation, or a plain ECS task definition. The result
 * keeps intrinsics in their long form and can locate any node, so every later finding names a line.
 */
import { EcsnetError } from '../diagnostics.js';
import { locatorFor } from './source-locations.js';
import { checkTemplateLimits } from './template-limits.js';
import { findTaskDefinition, taskDefinitionTemplate } from './task-definition-json.js';
import type { CfnValue, SourceTemplate, TemplateFormat } from './types.js';
import { parseYamlDocument } from './yaml-document.js';

/**
 * Parses one file's text. Throws EcsnetError (exit code 2) when the text is not YAML/JSON, not
 * a mapping at the top, or over one of CloudFormation's template quotas (size, nesting, section
 * sizes, logical id length), since nothing useful can be resolved from it and resolving it could
 * cost without bound; everything else about the content is reported later, by resolution, all together.
 */
export function parseTemplate(text: string, file: string): SourceTemplate {
  const parsed = parseYamlDocument(text, file);
  if (!parsed.ok) {
    const first = parsed.diagnostics[0];
    throw new EcsnetError(`${file}: cannot parse: ${first?.message ?? 'syntax error'}`, parsed.diagnostics, 2);
  }
  const value = parsed.value;
  if (!isMap(value)) {
    const message = value === null ? 'the file is empty' : 'the top level must be a mapping (a CloudFormation template or an ECS task definition)';
    throw new EcsnetError(`${file}: ${message}`, [{ severity: 'error', code: 'invalid-template', message, file, line: 1, column: 1 }], 2);
  }
  const taskDefinition = findTaskDefinition(value);
  if (taskDefinition) {
    const synthetic = taskDefinitionTemplate(taskDefinition, parsed.locations);
    return { file, format: 'task-definition', body: synthetic.body, locate: locatorFor(file, synthetic.locations) };
  }
  const format: TemplateFormat = /^\s*[{[]/.test(text) ? 'json' : 'yaml';
  const template: SourceTemplate = { file, format, body: value, locate: locatorFor(file, parsed.locations) };
  const overLimits = checkTemplateLimits(template);
  const first = overLimits[0];
  if (first) throw new EcsnetError(`${file}: ${first.message}`, overLimits, 2);
  return template;
}

function isMap(value: CfnValue): value is { [key: string]: CfnValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

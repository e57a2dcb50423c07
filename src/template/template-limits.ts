/**
 * CloudFormation's template quotas, checked on the parsed tree before resolution so that a
 * hostile or runaway template is refused with a located error instead of costing minutes or the
 * heap. The figures are AWS's (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html):
 * a template in S3 is at most 1 MB (51,200 bytes when passed inline), with at most 500
 * resources, 200 parameters, 200 outputs and 200 mappings, and logical ids of at most 255
 * characters. Nesting depth and YAML alias expansion have no AWS figure; ours are far above any
 * real template and far below what would exhaust the stack or the heap. Pure.
 *
 * @module
 */
import type { Diagnostic } from '../diagnostics.js';
import type { CfnValue, SourceTemplate } from './types.js';

/** Largest template file read, in bytes: CloudFormation's limit for a template body in S3. */
export const MAX_TEMPLATE_BYTES = 1024 * 1024;
/** CloudFormation's limit for a template body passed inline (`--template-body`), named in hints. */
export const MAX_INLINE_TEMPLATE_BYTES = 51_200;
/** Deepest nesting of mappings and lists (aliases expanded) a template may have. */
export const MAX_NESTING_DEPTH = 100;
/** Most nodes YAML aliases may expand to in one file (a few aliases of a large anchor stay far below). */
export const MAX_ALIAS_EXPANSION = 100_000;

/**
 * Largest value (in bytes, roughly: characters, and 16 per list element) an intrinsic (Fn::Join,
 * Fn::Sub, Fn::Split, Fn::Base64, Fn::ToJsonString) may build: no
 * value of a deployable template is longer than the template itself. Without it, a 700 KB file
 * joining one large parameter 100,000 times builds gigabytes.
 */
export const MAX_BUILT_VALUE_LENGTH = MAX_TEMPLATE_BYTES;
/** What all intrinsics of a deployment may build together, in the same units (many sites each under the per-value bound). */
export const MAX_BUILT_TEXT_TOTAL = 64 * 1024 * 1024;

/** Per-section counts CloudFormation allows in one template. */
export const SECTION_LIMITS: Readonly<Record<string, number>> = {
  Resources: 500,
  Parameters: 200,
  Outputs: 200,
  Mappings: 200,
};

/** Longest logical id (of a resource, parameter, output, mapping or condition). */
export const MAX_LOGICAL_ID_LENGTH = 255;

/** The error for a file over MAX_TEMPLATE_BYTES. */
export function templateTooLarge(file: string, bytes: number): Diagnostic {
  return {
    severity: 'error',
    code: 'template-too-large',
    message: `the file is ${bytes} bytes, over CloudFormation's 1 MB (${MAX_TEMPLATE_BYTES} bytes) limit for a template`,
    hint: `CloudFormation refuses templates over 1 MB in S3 (and over ${MAX_INLINE_TEMPLATE_BYTES} bytes inline); split the stack into nested stacks`,
    file,
    line: 1,
    column: 1,
  };
}

/** The error for nesting deeper than MAX_NESTING_DEPTH at a location. */
export function nestedTooDeep(file: string, line: number, column: number): Diagnostic {
  return {
    severity: 'error',
    code: 'template-too-deep',
    message: `the document is nested deeper than ${MAX_NESTING_DEPTH} levels`,
    hint: 'no CloudFormation template needs this depth; flatten the lists and mappings here',
    file,
    line,
    column,
  };
}

/**
 * Section sizes and logical id lengths of a parsed template, as CloudFormation refuses them.
 * Only counts keys, so it costs nothing next to resolution.
 */
export function checkTemplateLimits(template: SourceTemplate): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const [section, limit] of Object.entries(SECTION_LIMITS)) {
    const value: CfnValue | undefined = template.body[section];
    if (!isMap(value)) continue;
    const ids = Object.keys(value);
    if (ids.length > limit) {
      const at = template.locate([section]);
      found.push({
        severity: 'error',
        code: 'template-limit-exceeded',
        message: `${section} has ${ids.length} entries; CloudFormation allows at most ${limit} ${section.toLowerCase()} per template`,
        hint: 'split the template into nested stacks',
        file: at.file,
        line: at.line,
        column: at.column,
      });
    }
  }
  for (const section of [...Object.keys(SECTION_LIMITS), 'Conditions']) {
    const value: CfnValue | undefined = template.body[section];
    if (!isMap(value)) continue;
    for (const id of Object.keys(value)) {
      if (id.length <= MAX_LOGICAL_ID_LENGTH) continue;
      const at = template.locate([section, id]);
      found.push({
        severity: 'error',
        code: 'logical-id-too-long',
        message: `a logical id in ${section} is ${id.length} characters long; CloudFormation allows at most ${MAX_LOGICAL_ID_LENGTH}`,
        hint: `shorten ${id.slice(0, 40)}…`,
        file: at.file,
        line: at.line,
        column: at.column,
      });
    }
  }
  return found;
}

function isMap(value: CfnValue | undefined): value is { [key: string]: CfnValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Mutation fuzzing of the spec checks: random edits of corpus templates (drop a key, put any
 * JSON value or a malformed intrinsic anywhere) must end in findings that name a file and line
 * and carry a known code — never in an exception.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkAgainstSpec } from '../../../src/spec/check-against-spec.js';
import { loadSpecIndex } from '../../../src/spec/load-spec.js';
import { parseTemplate } from '../../../src/template/parse.js';
import type { CfnPath, CfnValue, SourceTemplate } from '../../../src/template/types.js';
import { corpusRoot, corpusTemplateFiles } from '../../helpers/corpus.js';

const CODES = new Set([
  'unknown-property',
  'wrong-type',
  'missing-required-property',
  'unknown-attribute',
  'unknown-resource-type',
  'unknown-resource-key',
  'unchecked-resource-type',
  'property-injected-before-deploy',
]);

const templates = corpusTemplateFiles().map((path) => parseTemplate(readFileSync(path, 'utf8'), relative(corpusRoot, path)));

/** Every path of a node under Resources and Outputs, where edits matter to the checks. */
function pathsOf(value: CfnValue, path: CfnPath = []): CfnPath[] {
  const here = path.length > 0 ? [path] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => pathsOf(v, [...path, i]))];
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([k]) => path.length > 0 || k === 'Resources' || k === 'Outputs');
    return [...here, ...entries.flatMap(([k, v]) => pathsOf(v, [...path, k]))];
  }
  return here;
}
const targets = templates.flatMap((template) => pathsOf(template.body).map((path) => ({ template, path })));

const DROP = Symbol('drop');
type Edit = CfnValue | typeof DROP;

/** A copy of `root` with the node at `path` replaced (or removed), sharing everything off the path. */
function edit(root: CfnValue, path: CfnPath, replacement: Edit): CfnValue {
  if (path.length === 0) return replacement === DROP ? null : replacement;
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = [...root];
    if (rest.length === 0 && replacement === DROP) copy.splice(head as number, 1);
    else copy[head as number] = edit(root[head as number] as CfnValue, rest, replacement);
    return copy;
  }
  const copy = { ...(root as { [key: string]: CfnValue }) };
  if (rest.length === 0 && replacement === DROP) delete copy[head as string];
  else copy[head as string] = edit(copy[head as string] as CfnValue, rest, replacement);
  return copy;
}

const name = fc.constantFrom('Vpc', 'MyVPC', 'PublicSubnet1', 'Cluster', 'AWS::NoValue', 'AWS::Region', '', 'x.y');
const replacement: fc.Arbitrary<Edit> = fc.oneof(
  fc.constant<Edit>(DROP),
  fc.jsonValue() as fc.Arbitrary<CfnValue>,
  name.map((n) => ({ Ref: n })),
  fc.tuple(name, fc.string()).map(([n, a]) => ({ 'Fn::GetAtt': [n, a] })),
  fc.oneof(fc.string(), name).map((s) => ({ 'Fn::GetAtt': s })),
  fc.string().map((s) => ({ 'Fn::Sub': `\${${s}}` })),
  fc.jsonValue().map((v) => ({ 'Fn::If': v as CfnValue })),
  fc.jsonValue().map((v) => ({ 'Fn::GetAZs': v as CfnValue, Extra: 1 })),
);

describe('spec checks under mutation', () => {
  const spec = loadSpecIndex();

  it('never throw, and every finding is located and has a known code', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: targets.length - 1 }), replacement, (index, value) => {
        const { template, path } = targets[index] as { template: SourceTemplate; path: CfnPath };
        const mutated: SourceTemplate = { ...template, body: edit(template.body, path, value) as { [key: string]: CfnValue } };
        for (const finding of checkAgainstSpec([mutated], spec)) {
          assert.ok(CODES.has(finding.code), finding.code);
          assert.equal(finding.file, template.file);
          assert.ok((finding.line ?? 0) >= 1);
          assert.ok(finding.logicalId, `${finding.code} without logical id`);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

/**
 * The specification checks on the real templates of the corpus: every one must pass with
 * no finding at all (they deploy), and the checks must not be passing because they look at
 * nothing — misspelling any property of any corpus resource must be caught.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe, it } from 'node:test';
import { formatDiagnostic } from '../../../src/diagnostics.js';
import { checkAgainstSpec } from '../../../src/spec/check-against-spec.js';
import { loadSpecIndex } from '../../../src/spec/load-spec.js';
import { resourceSpec } from '../../../src/spec/spec-index.js';
import { parseTemplate } from '../../../src/template/parse.js';
import type { CfnValue, SourceTemplate } from '../../../src/template/types.js';
import { corpusRoot, corpusTemplateFiles } from '../../helpers/corpus.js';

const files = corpusTemplateFiles();
const templates = files.map((path) => parseTemplate(readFileSync(path, 'utf8'), relative(corpusRoot, path)));
const spec = loadSpecIndex();

type CfnMap = { [key: string]: CfnValue };
const isMap = (value: CfnValue | undefined): value is CfnMap => typeof value === 'object' && value !== null && !Array.isArray(value);

function resourcesOf(template: SourceTemplate): [string, CfnMap][] {
  const resources = template.body['Resources'];
  return isMap(resources) ? Object.entries(resources).filter((entry): entry is [string, CfnMap] => isMap(entry[1])) : [];
}

describe('spec checks on the corpus', () => {
  it('reads all 36 corpus templates (the 37th file is the README)', () => {
    assert.equal(files.length, 36);
  });

  it('finds nothing wrong in any corpus template', () => {
    const started = performance.now();
    const findings = checkAgainstSpec(templates, spec);
    const elapsed = performance.now() - started;
    console.log(`spec check of ${templates.length} corpus files: ${elapsed.toFixed(1)} ms`);
    assert.deepEqual(findings.map(formatDiagnostic), []);
  });

  it('checks real resources, not nothing: most corpus resources have a spec entry', () => {
    const types = templates.flatMap((t) => resourcesOf(t).map(([, r]) => r['Type']));
    const specified = types.filter((type) => typeof type === 'string' && resourceSpec(spec, type) !== undefined);
    assert.ok(types.length >= 200, `only ${types.length} resources`);
    assert.equal(templates.filter((t) => t.format === 'task-definition').length, 5, 'plain task definitions are checked as AWS::ECS::TaskDefinition');
    assert.equal(specified.length, types.length, 'every corpus resource type is in the specification');
  });

  it('catches a misspelling of any property of any corpus resource, with the right suggestion', () => {
    let mutations = 0;
    for (const template of templates) {
      for (const [logicalId, resource] of resourcesOf(template)) {
        const properties = resource['Properties'];
        if (!isMap(properties)) continue;
        for (const key of Object.keys(properties)) {
          const misspelled = `${key.slice(0, -1)}${key.slice(-1) === 'x' ? 'y' : 'x'}`;
          const mutatedProperties: CfnMap = {};
          for (const [k, v] of Object.entries(properties)) mutatedProperties[k === key ? misspelled : k] = v as CfnValue;
          const mutated: SourceTemplate = {
            ...template,
            body: { ...template.body, Resources: { [logicalId]: { ...resource, Properties: mutatedProperties } } },
          };
          const findings = checkAgainstSpec([mutated], spec).filter((d) => d.code === 'unknown-property');
          assert.deepEqual(
            findings.map((d) => [d.logicalId, d.path, d.hint]),
            [[logicalId, `Properties.${misspelled}`, `did you mean '${key}'?`]],
            `${template.file} ${logicalId}.${key}`,
          );
          mutations++;
        }
      }
    }
    console.log(`misspelled ${mutations} corpus properties, one at a time`);
    assert.ok(mutations >= 500, `only ${mutations} mutations`);
  });
});

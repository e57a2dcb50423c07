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
  it('reads all 64 corpus templates (the other 3 files are the README and two copilot parameter files)', () => {
    assert.equal(files.length, 64);
  });

  it('finds nothing wrong in any corpus template but the Lambda code copilot injects', () => {
    const started = performance.now();
    const findings = checkAgainstSpec(templates, spec);
    const elapsed = performance.now() - started;
    console.log(`spec check of ${templates.length} corpus files: ${elapsed.toFixed(1)} ms`);
    const injected = findings.filter((d) => d.code === 'property-injected-before-deploy');
    assert.deepEqual(findings.filter((d) => !injected.includes(d)).map(formatDiagnostic), []);
    // copilot's fixtures leave out the Code of its seven Lambda functions (copilot uploads it at deploy): warnings that name it.
    assert.deepEqual(
      injected.map((d) => [d.severity, d.logicalId, d.file?.split('/').pop()]),
      [
        ['warning', 'CertificateValidationFunction', 'template-with-defaultvpc-flowlogs.yml'],
        ['warning', 'CustomDomainFunction', 'template-with-defaultvpc-flowlogs.yml'],
        ['warning', 'DNSDelegationFunction', 'template-with-defaultvpc-flowlogs.yml'],
        ['warning', 'RulePriorityFunction', 'http-full-config-template.yml'],
        ['warning', 'EnvControllerFunction', 'http-full-config-template.yml'],
        ['warning', 'EnvControllerFunction', 'svc-nlb-test.stack.yml'],
        ['warning', 'NLBCertValidatorFunction', 'svc-nlb-test.stack.yml'],
      ],
    );
    assert.ok(injected.every((d) => /AWS::Lambda::Function has no Code/.test(d.message)));
  });

  it('checks real resources, not nothing: most corpus resources have a spec entry', () => {
    const types = templates.flatMap((t) => resourcesOf(t).map(([, r]) => r['Type']));
    const specified = types.filter((type) => typeof type === 'string' && resourceSpec(spec, type) !== undefined);
    assert.ok(types.length >= 200, `only ${types.length} resources`);
    assert.equal(templates.filter((t) => t.format === 'task-definition').length, 5, 'plain task definitions are checked as AWS::ECS::TaskDefinition');
    // Custom resources (Custom::…) are open-ended: their properties go to the function, not to a spec entry.
    const custom = types.filter((type) => typeof type === 'string' && type.startsWith('Custom::'));
    assert.equal(specified.length, types.length - custom.length, 'every corpus resource type but custom resources is in the specification');
  });

  it('catches a misspelling of any property of any corpus resource, with the right suggestion', () => {
    let mutations = 0;
    for (const template of templates) {
      for (const [logicalId, resource] of resourcesOf(template)) {
        // A custom resource passes any property to its function: a misspelling there is not AWS's to refuse.
        if (String(resource['Type']).startsWith('Custom::')) continue;
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

/**
 * Every real template of the corpus compiles into a lab spec the dataplane accepts: the
 * compiler must not throw or emit anything the kernel layer would refuse, whatever the input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { importRequest, runImport } from '../../../src/cli/import-options.js';
import { validateLabSpec } from '../../../src/dataplane/validate-spec.js';
import { compileFabric } from '../../../src/fabric/compile-lab.js';
import { planDeployment } from '../../../src/plan/index.js';
import { corpusRoot, corpusTemplateFiles } from '../../helpers/corpus.js';

test('every corpus template compiles into a valid lab spec', () => {
  const files = corpusTemplateFiles();
  assert.ok(files.length >= 30);
  let withVpc = 0;
  for (const file of files) {
    const imported = runImport(importRequest({}, [file]), false);
    const { spec, manifest } = compileFabric(imported.model, planDeployment(imported.model, {}), { lab: 'corpus', runtime: { node: 'node', daemonDir: '/d' } });
    assert.deepEqual(
      validateLabSpec(spec).map((p) => `${p.path}: ${p.message}`),
      [],
      relative(corpusRoot, file),
    );
    if (manifest.vpcs.length > 0) withVpc++;
  }
  assert.ok(withVpc >= 10, `${withVpc} corpus templates have a VPC`);
});

/**
 * Test helper: imports a fixture of test/fixtures/check with parameters, plans it and runs the
 * analyzer, as `ecsnet check` does, so each test states one change and asserts the findings.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyzeDeployment } from '../../../src/analyze/index.js';
import type { Diagnostic } from '../../../src/diagnostics.js';
import { planDeployment } from '../../../src/plan/index.js';
import type { PlanOptions } from '../../../src/plan/index.js';
import { deploymentLocator } from '../../../src/validate/finding.js';
import { repoRoot } from '../../helpers/corpus.js';
import { importText } from '../../helpers/import-text.js';

/** Path of a check fixture. */
export function fixturePath(name: string): string {
  return resolve(repoRoot, 'test/fixtures/check', name);
}

/** The analyzer's findings for fixture `name` with `parameters`; throws when the import itself has errors. */
export function analyzeFixture(name: string, parameters: Record<string, string> = {}, options: PlanOptions = {}): Diagnostic[] {
  const result = importText({ [name]: readFileSync(fixturePath(name), 'utf8') }, parameters);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`fixture ${name} does not import: ${errors.map((e) => e.message).join('; ')}`);
  const plan = planDeployment(result.model, options);
  return analyzeDeployment({ model: result.model, plan, deployment: result.deployment, locate: deploymentLocator(result.deployment) });
}

/** The findings with `code`, as `severity logicalId:line` strings, sorted, for compact assertions. */
export function where(findings: readonly Diagnostic[], code: string): string[] {
  return findings
    .filter((d) => d.code === code)
    .map((d) => `${d.severity} ${d.logicalId}:${d.line}`)
    .sort();
}

/** The line of the first line of `fixture` containing `text` (1-based), so assertions follow edits of the fixture. */
export function lineOf(fixture: string, text: string, after = ''): number {
  const lines = readFileSync(fixturePath(fixture), 'utf8').split('\n');
  const start = after ? lines.findIndex((l) => l.includes(after)) : 0;
  const index = lines.findIndex((l, i) => i >= start && l.includes(text));
  if (index < 0) throw new Error(`${fixture}: no line with ${text}`);
  return index + 1;
}

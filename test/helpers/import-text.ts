/**
 * Test helper: runs the whole import pipeline over in-memory files, so a test states its
 * template inline and asserts on the model and the findings.
 */
import type { ImportResult } from '../../src/pipeline/import-deployment.js';
import { importDeployment } from '../../src/pipeline/import-deployment.js';
import { loadSpecIndex } from '../../src/spec/load-spec.js';

/** Imports `files` (file name → text) as stacks named after the files (or `name=file` keys). */
export function importText(files: Record<string, string>, parameters: Record<string, string> = {}, withSpec = false): ImportResult {
  const byPath = new Map<string, string>();
  const stacks = Object.entries(files).map(([key, text]) => {
    const [name, path] = key.includes('=') ? (key.split('=') as [string, string]) : [key.replace(/\.(ya?ml|json)$/, ''), key];
    byPath.set(`/t/${path}`, text);
    return { name, path: `/t/${path}` };
  });
  return importDeployment(
    { stacks, parameters, templateMap: {}, region: 'us-east-1', accountId: '123456789012' },
    { readFile: (p) => byPath.get(p), ...(withSpec ? { spec: loadSpecIndex } : {}) },
  );
}

/** The findings with a given code. */
export function findingsWithCode(result: ImportResult, code: string) {
  return result.diagnostics.filter((d) => d.code === code);
}

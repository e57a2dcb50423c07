/**
 * Shared set-up of the spec tests: the repository root, the fixtures, the loaded index, and a
 * projection of findings onto the fields the tests assert.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../../../src/diagnostics.js';
import { checkAgainstSpec } from '../../../src/spec/check-against-spec.js';
import { loadSpecIndex } from '../../../src/spec/load-spec.js';
import { parseTemplate } from '../../../src/template/parse.js';
import type { SourceTemplate } from '../../../src/template/types.js';

/** The checkout's root (this file runs from dist/test/unit/spec/). */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** Reads `test/fixtures/spec/<name>` as a template whose file is its repository-relative path. */
export function fixtureTemplate(name: string): SourceTemplate {
  const file = `test/fixtures/spec/${name}`;
  return parseTemplate(readFileSync(`${repoRoot}${file}`, 'utf8'), file);
}

/** Findings of the spec checks on one fixture, in stack `fixture`. */
export function checkFixture(name: string): Diagnostic[] {
  return checkAgainstSpec([{ name: 'fixture', template: fixtureTemplate(name) }], loadSpecIndex());
}

/** The fields a finding is judged by. */
export interface Located {
  severity: string;
  code: string;
  file: string | undefined;
  line: number | undefined;
  logicalId: string | undefined;
  path: string | undefined;
  hint: string | undefined;
}

/** Projects findings onto {@link Located}, so a test states exactly what the user sees. */
export function located(list: readonly Diagnostic[]): Located[] {
  return list.map((d) => ({
    severity: d.severity,
    code: d.code,
    file: d.file,
    line: d.line,
    logicalId: d.logicalId,
    path: d.path,
    hint: d.hint,
  }));
}

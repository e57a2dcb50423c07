/**
 * Where the real templates of the corpus live for tests and benchmarks: a copy inside the
 * repository (test/fixtures/corpus, refreshed by scripts/sync-corpus.sh from ../shared/corpus),
 * so a clean clone anywhere runs the same tests.
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is compiled to dist/test/helpers/). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The corpus folder. */
export const corpusRoot = resolve(repoRoot, 'test/fixtures/corpus');

/** Every template file of the corpus (YAML and JSON, README excluded), sorted, as absolute paths. */
export function corpusTemplateFiles(dir: string = corpusRoot): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return corpusTemplateFiles(path);
      return /\.(ya?ml|json)$/.test(name) ? [path] : [];
    });
}

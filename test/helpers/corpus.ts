/**
 * Where the real templates of the corpus live for tests and benchmarks: a copy inside the
 * repository (test/fixtures/corpus, refreshed by scripts/sync-corpus.sh from ../shared/corpus),
 * so a clean clone anywhere runs the same tests.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is compiled to dist/test/helpers/). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The corpus folder. */
export const corpusRoot = resolve(repoRoot, 'test/fixtures/corpus');

/**
 * Parameter files that sit beside templates (copilot's `*.params.json`, `*-params.json`, in the
 * CodePipeline `{"Parameters": ...}` form): input to a set's params, not templates.
 */
export const PARAMETER_FILE = /[.-]params\.json$/;

/** Every template file of the corpus (YAML and JSON, README and parameter files excluded), sorted, as absolute paths. */
export function corpusTemplateFiles(dir: string = corpusRoot): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return corpusTemplateFiles(path);
      return /\.(ya?ml|json)$/.test(name) && !PARAMETER_FILE.test(name) ? [path] : [];
    });
}

/** One stack set of the corpus: files (`name=path` or `path`, relative to the corpus) given together, and the parameters they need. */
export interface CorpusSet {
  name: string;
  description?: string;
  files: string[];
  params: Record<string, string>;
}

/** Every stack set of test/fixtures/corpus-sets.json, shared by the template, CLI and check tests and the import benchmark. */
export const corpusSets: CorpusSet[] = (JSON.parse(readFileSync(resolve(repoRoot, 'test/fixtures/corpus-sets.json'), 'utf8')) as CorpusSet[]).map((set) => ({
  ...set,
  params: set.params ?? {},
}));

/** The set's command-line arguments: absolute file paths (keeping `name=`) and one `--param` per parameter. */
export function corpusSetArgs(set: CorpusSet): string[] {
  const files = set.files.map((f) => {
    const eq = f.indexOf('=');
    return eq > 0 ? `${f.slice(0, eq)}=${resolve(corpusRoot, f.slice(eq + 1))}` : resolve(corpusRoot, f);
  });
  return [...files, ...Object.entries(set.params).flatMap(([k, v]) => ['--param', `${k}=${v}`])];
}

/**
 * Where the real templates of the corpus live for tests and benchmarks: a copy inside the
 * repository (test/fixtures/corpus, refreshed by scripts/sync-corpus.sh from ../shared/corpus),
 * so a clean clone anywhere runs the same tests.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is compiled to dist/test/helpers/). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The corpus folder. */
export const corpusRoot = resolve(repoRoot, 'test/fixtures/corpus');

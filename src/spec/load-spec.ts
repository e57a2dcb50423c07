/**
 * Loads AWS's resource specification as @aws-cdk/aws-service-spec ships it. This is the one
 * file of src/spec that touches the file system: everything else receives the finished
 * {@link SpecIndex}.
 *
 * Reading the package's database costs about half a second, too much for every `ecsnet
 * validate`, so the compact index is cached as JSON next to the package
 * (`node_modules/.cache/ecsnet/spec-<package version>-f<format>.json`) and rebuilt only when the
 * package version or the index format changes. Nothing is read until a check asks for it.
 */
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SpecDatabase } from '@aws-cdk/service-spec-types';
import { buildSpecIndex } from './build-spec-index.js';
import type { SpecIndex } from './spec-index.js';

/** Bump when the shape of {@link SpecIndex} or the way it is built changes, so old caches are ignored. */
export const SPEC_INDEX_FORMAT = 2;

const SPEC_PACKAGE = '@aws-cdk/aws-service-spec';

/** Where an index came from and what it cost, for `--verbose` output and the benchmarks. */
export interface SpecLoadReport {
  index: SpecIndex;
  source: 'cache' | 'package';
  /** Wall time of the load, in milliseconds. */
  milliseconds: number;
  /** The cache file read or written; undefined when caching was off or the directory is not writable. */
  cacheFile?: string;
}

/** Knobs for tests and benchmarks; the CLI uses the defaults. */
export interface SpecLoadOptions {
  /** Directory of the cache; default `node_modules/.cache/ecsnet` beside the package. */
  cacheDir?: string;
  /** false: ignore and do not write the cache (measures the raw load). Default true. */
  useCache?: boolean;
}

let memo: SpecIndex | undefined;

/** The index, loaded on first use and kept for the rest of the process. */
export function loadSpecIndex(): SpecIndex {
  memo ??= loadSpecIndexWithReport().index;
  return memo;
}

/** Loads the index (from the cache when it is current, else from the package) and says how. */
export function loadSpecIndexWithReport(options: SpecLoadOptions = {}): SpecLoadReport {
  const started = performance.now();
  const require = createRequire(import.meta.url);
  const packageJsonPath = require.resolve(`${SPEC_PACKAGE}/package.json`);
  const version = (JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { version: string }).version;
  const useCache = options.useCache ?? true;
  const cacheDir = options.cacheDir ?? join(dirname(packageJsonPath), '..', '..', '.cache', 'ecsnet');
  const fileName = `spec-${version}-f${SPEC_INDEX_FORMAT}.json`;
  const cacheFile = join(cacheDir, fileName);

  if (useCache) {
    const cached = readCache(cacheFile, version);
    if (cached) return { index: cached, source: 'cache', milliseconds: performance.now() - started, cacheFile };
  }

  const { loadAwsServiceSpecSync } = require(SPEC_PACKAGE) as { loadAwsServiceSpecSync(): SpecDatabase };
  const db = loadAwsServiceSpecSync();
  const index = buildSpecIndex({
    sourceVersion: version,
    resources: db.all('resource'),
    typeDefinitions: db.all('typeDefinition'),
  });
  const written = useCache && writeCache(cacheDir, fileName, index);
  return {
    index,
    source: 'package',
    milliseconds: performance.now() - started,
    ...(written ? { cacheFile } : {}),
  };
}

function readCache(file: string, version: string): SpecIndex | undefined {
  try {
    const index = JSON.parse(readFileSync(file, 'utf8')) as SpecIndex;
    return index.sourceVersion === version && typeof index.resources === 'object' ? index : undefined;
  } catch {
    return undefined; // absent or damaged: rebuild from the package
  }
}

/** Writes atomically (temp file + rename) so a concurrent run never reads half a file; drops stale versions. */
function writeCache(dir: string, fileName: string, index: SpecIndex): boolean {
  try {
    mkdirSync(dir, { recursive: true });
    const temp = join(dir, `${fileName}.${process.pid}.tmp`);
    writeFileSync(temp, JSON.stringify(index));
    renameSync(temp, join(dir, fileName));
    // Drop indexes of other package versions. Other formats of this version stay: checkouts of
    // different ages share one node_modules, and deleting each other's index would make every
    // run of each rebuild it.
    const version = /^spec-(.+)-f\d+\.json$/.exec(fileName)?.[1];
    for (const old of readdirSync(dir)) {
      const other = /^spec-(.+)-f\d+\.json$/.exec(old);
      if (other && other[1] !== version) rmSync(join(dir, old), { force: true });
    }
    return true;
  } catch {
    return false; // read-only install: work without a cache
  }
}

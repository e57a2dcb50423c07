/**
 * Import benchmark (issue 2): the whole pipeline (parse, resolve, spec checks, model, checks)
 * over every corpus stack set and over four generated 493-resource stacks given together
 * (CloudFormation allows 500 resources per template), side by side with
 * a reference that only parses the same YAML with the `yaml` package — the floor any importer
 * pays — and the ratio between them. Run: `node dist/bench/import.js`.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { stackNameFromPath } from '../src/cli/stack-args.js';
import type { ImportRequest } from '../src/pipeline/import-deployment.js';
import { importDeployment } from '../src/pipeline/import-deployment.js';
import { loadSpecIndex } from '../src/spec/load-spec.js';
import { corpusSets } from '../test/helpers/corpus.js';
import { generatedTemplate } from '../test/helpers/generate-template.js';
import { median } from './support.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = resolve(root, 'test/fixtures/corpus');

function time(rounds: number, work: () => void): number {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    work();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

const sets = corpusSets;
const requests: ImportRequest[] = sets.map((set) => ({
  stacks: set.files.map((arg) => {
    const eq = arg.indexOf('=');
    const path = resolve(corpus, eq > 0 ? arg.slice(eq + 1) : arg);
    return { name: eq > 0 ? arg.slice(0, eq) : stackNameFromPath(path), path };
  }),
  parameters: set.params ?? {},
  templateMap: {},
  region: 'us-east-1',
  accountId: '123456789012',
}));
const files = new Map<string, string>();
const read = (path: string): string | undefined => {
  if (!files.has(path)) {
    try {
      files.set(path, readFileSync(path, 'utf8'));
    } catch {
      return undefined;
    }
  }
  return files.get(path);
};
// Warm the file cache and the specification index so both sides measure CPU work only.
for (const request of requests) importDeployment(request, { readFile: read });
const specStart = performance.now();
const spec = loadSpecIndex();
const specLoad = performance.now() - specStart;

const rounds = 9;
const ours = time(rounds, () => {
  for (const request of requests) importDeployment(request, { readFile: read, spec: () => spec });
});
const reference = time(rounds, () => {
  for (const text of files.values()) parseYaml(text, { logLevel: 'silent' });
});

const generated = generatedTemplate(49);
const generatedRequest: ImportRequest = {
  stacks: [1, 2, 3, 4].map((n) => ({ name: `big${n}`, path: `/generated/big${n}.yml` })),
  parameters: {},
  templateMap: {},
  region: 'us-east-1',
  accountId: '123456789012',
};
const generatedIo = { readFile: () => generated, spec: () => spec };
const check = importDeployment(generatedRequest, generatedIo);
const resourceCount = check.deployment.stacks.reduce((sum, s) => sum + Object.keys(s.resources).length + s.skipped.length, 0);
const errors = check.diagnostics.filter((d) => d.severity === 'error');
if (errors.length > 0) throw new Error(`generated template has findings: ${JSON.stringify(errors.slice(0, 3))}`);
const bigOurs = time(5, () => importDeployment(generatedRequest, generatedIo));
const bigReference = time(5, () => {
  for (let n = 0; n < 4; n++) parseYaml(generated, { logLevel: 'silent' });
});

const row = (label: string, a: number, b: number, goal: string) =>
  `${label.padEnd(44)} ${a.toFixed(1).padStart(8)} ms ${b.toFixed(1).padStart(8)} ms ${(a / b).toFixed(2).padStart(6)}x  ${goal}`;
console.log(`${'import benchmark (median)'.padEnd(44)} ${'ecsnet'.padStart(11)} ${'yaml.parse'.padStart(11)} ${'ratio'.padStart(7)}  goal`);
console.log(row(`whole corpus: ${sets.length} sets, ${files.size} files`, ours, reference, ours < 1000 ? '< 1 s: met' : '< 1 s: MISSED'));
console.log(row(`generated: 4 stacks, ${resourceCount} resources`, bigOurs, bigReference, bigOurs < 1000 ? '< 1 s: met' : '< 1 s: MISSED'));
console.log(`specification index load (once per process, cached): ${specLoad.toFixed(1)} ms`);

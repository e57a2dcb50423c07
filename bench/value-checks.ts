/**
 * What the deploy-time value checks cost (issue 14, item 5): the resolved-value rules
 * (CIDRs, ports, protocols, enumerations, ranges, combinations, list lengths) and the
 * specification's enumerations, over every corpus stack set and over the generated 2,000-resource
 * template, against the whole import they are part of; and how fast `plan` now refuses the
 * example with a ContainerInstanceCount of 10,000,000. Run: `node dist/bench/value-checks.js`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { stackNameFromPath } from '../src/cli/stack-args.js';
import { importDeployment, type ImportRequest, type ImportResult } from '../src/pipeline/import-deployment.js';
import { checkAllowedValues } from '../src/spec/check-allowed-values.js';
import { checkResolvedValues } from '../src/spec/check-resolved-values.js';
import { loadSpecIndex } from '../src/spec/load-spec.js';
import { corpusRoot, corpusSets } from '../test/helpers/corpus.js';
import { generatedTemplate } from '../test/helpers/generate-template.js';
import { runCli } from '../test/helpers/run-cli.js';
import { median } from './support.js';

function time(rounds: number, work: () => void): number {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    work();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

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
const spec = loadSpecIndex();
const requests: ImportRequest[] = corpusSets.map((set) => ({
  stacks: set.files.map((arg) => {
    const eq = arg.indexOf('=');
    const path = resolve(corpusRoot, eq > 0 ? arg.slice(eq + 1) : arg);
    return { name: eq > 0 ? arg.slice(0, eq) : stackNameFromPath(path), path };
  }),
  parameters: set.params,
  templateMap: {},
  region: 'us-east-1',
  accountId: '123456789012',
}));
const io = { readFile: read, spec: () => spec };
const imported: ImportResult[] = requests.map((request) => importDeployment(request, io));
const generated = generatedTemplate(200);
const big = importDeployment(
  { stacks: [{ name: 'big', path: '/generated/big.yml' }], parameters: {}, templateMap: {}, region: 'us-east-1', accountId: '123456789012' },
  { readFile: () => generated, spec: () => spec },
);
const resources = (results: ImportResult[]) => results.reduce((n, r) => n + r.deployment.stacks.reduce((m, s) => m + Object.keys(s.resources).length, 0), 0);

const rounds = 9;
const corpusImport = time(rounds, () => requests.forEach((request) => importDeployment(request, io)));
const corpusRules = time(rounds, () => imported.forEach((r) => checkResolvedValues(r.deployment)));
const corpusEnums = time(rounds, () => imported.forEach((r) => checkAllowedValues(r.deployment, spec)));
const bigImport = time(5, () =>
  importDeployment(
    { stacks: [{ name: 'big', path: '/generated/big.yml' }], parameters: {}, templateMap: {}, region: 'us-east-1', accountId: '123456789012' },
    { readFile: () => generated, spec: () => spec },
  ),
);
const bigRules = time(5, () => checkResolvedValues(big.deployment));
const bigEnums = time(5, () => checkAllowedValues(big.deployment, spec));

const refusals: number[] = [];
for (let i = 0; i < 5; i++) {
  const start = performance.now();
  const result = await runCli(['plan', '--param', 'ContainerInstanceCount=10000000']);
  refusals.push(performance.now() - start);
  if (result.code !== 1 || !/not planned/.test(result.err)) throw new Error(`plan did not refuse: ${result.err}`);
}

const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)} %`;
console.log(`| input | resources | whole import | resolved-value rules | spec enumerations | share of the import |`);
console.log(`|---|---|---|---|---|---|`);
console.log(
  `| ${corpusSets.length} corpus sets | ${resources(imported)} | ${corpusImport.toFixed(1)} ms | ${corpusRules.toFixed(2)} ms | ${corpusEnums.toFixed(2)} ms | ${pct(corpusRules + corpusEnums, corpusImport)} |`,
);
console.log(
  `| generated template | ${resources([big])} | ${bigImport.toFixed(1)} ms | ${bigRules.toFixed(2)} ms | ${bigEnums.toFixed(2)} ms | ${pct(bigRules + bigEnums, bigImport)} |`,
);
console.log(`\nplan --param ContainerInstanceCount=10000000 (in-process, median of 5): ${median(refusals).toFixed(0)} ms, refused with the located quota finding`);

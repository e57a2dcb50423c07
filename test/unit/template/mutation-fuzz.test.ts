/**
 * Mutation fuzzing on the corpus: random edits of real templates (drop a key or list item, change
 * a value's type, rename the target of a Ref / GetAtt / DependsOn, put an intrinsic of the wrong
 * shape in place of a value) must end in a resolved deployment or in findings that say where —
 * a file, and a logical id or a line — and never in an exception. The mutation lists are shared
 * with the CLI fuzzer (test/unit/fuzz), which runs whole commands on mutated files.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatDiagnostic } from '../../../src/diagnostics.js';
import { parseTemplate } from '../../../src/template/parse.js';
import { resolveDeployment } from '../../../src/template/resolve.js';
import type { CfnPath, CfnValue, SourceTemplate } from '../../../src/template/types.js';
import { corpusSets } from '../../helpers/corpus.js';
import { isMap, paths, referencePaths, RETYPED, WRONG_SHAPES } from '../../helpers/fuzz/mutations.js';
import { corpusRoot, stackArg } from './helpers.js';

const sets = corpusSets;
const parsed = new Map<string, SourceTemplate | undefined>();
function load(path: string): SourceTemplate | undefined {
  if (!parsed.has(path)) {
    const full = resolve(corpusRoot, path);
    parsed.set(path, existsSync(full) ? parseTemplate(readFileSync(full, 'utf8'), path) : undefined);
  }
  return parsed.get(path);
}

type CfnMap = { [key: string]: CfnValue };

type Mutation = { kind: 'drop' } | { kind: 'retype'; value: CfnValue } | { kind: 'rename'; suffix: string } | { kind: 'intrinsic'; value: CfnValue };

function mutate(body: CfnMap, path: (string | number)[], mutation: Mutation): CfnMap {
  const copy = structuredClone(body);
  let parent: CfnValue = copy;
  for (const part of path.slice(0, -1)) parent = Array.isArray(parent) ? (parent[part as number] ?? null) : isMap(parent) ? (parent[part as string] ?? null) : null;
  const last = path[path.length - 1];
  if (last === undefined || parent === null || typeof parent !== 'object') return copy;
  const current = Array.isArray(parent) ? parent[last as number] : parent[last as string];
  let next: CfnValue | undefined;
  if (mutation.kind === 'drop') next = undefined;
  else if (mutation.kind === 'retype') next = mutation.value;
  else if (mutation.kind === 'intrinsic') next = structuredClone(mutation.value);
  else next = typeof current === 'string' ? `${current}${mutation.suffix}` : current;
  if (Array.isArray(parent)) {
    if (next === undefined) parent.splice(last as number, 1);
    else parent[last as number] = next;
  } else if (next === undefined) delete parent[last as string];
  else parent[last as string] = next;
  return copy;
}

describe('mutation fuzzing of the corpus', () => {
  const candidates = sets.flatMap((set) => set.files.map((file) => ({ set, file: stackArg(file).path })));
  for (const c of candidates) load(c.file);
  const pathsOf = new Map(candidates.map((c) => [c.file, paths(load(c.file)?.body ?? {})]));
  const refsOf = new Map(candidates.map((c) => [c.file, referencePaths(load(c.file)?.body ?? {})]));

  it('random edits end in success or located findings, never an exception', () => {
    const mutation: fc.Arbitrary<Mutation> = fc.oneof(
      fc.constant<Mutation>({ kind: 'drop' }),
      fc.constantFrom(...RETYPED).map<Mutation>((value) => ({ kind: 'retype', value })),
      fc.constantFrom('X', '2', 's', '-typo').map<Mutation>((suffix) => ({ kind: 'rename', suffix })),
      fc.constantFrom(...WRONG_SHAPES).map<Mutation>((value) => ({ kind: 'intrinsic', value })),
    );
    const scenario = fc.record({ target: fc.nat(candidates.length - 1), pick: fc.nat(), mutation, second: fc.option(fc.record({ pick: fc.nat(), mutation }), { nil: undefined }) });
    fc.assert(
      fc.property(scenario, ({ target, pick, mutation: first, second }) => {
        const chosen = candidates[target];
        if (!chosen) return;
        const original = load(chosen.file);
        if (!original) return;
        const applyOne = (body: CfnMap, index: number, m: Mutation): CfnMap => {
          const pool = m.kind === 'rename' ? (refsOf.get(chosen.file) ?? []) : (pathsOf.get(chosen.file) ?? []);
          const path = pool[index % Math.max(1, pool.length)];
          return path ? mutate(body, path, m) : body;
        };
        let body = applyOne(original.body, pick, first);
        if (second) body = applyOne(body, second.pick, second.mutation);
        const mutated: SourceTemplate = { ...original, body, locate: (p: CfnPath) => original.locate(p) };
        const loadMutated = (path: string) => (path === chosen.file ? mutated : load(path));
        const inputs = chosen.set.files.map((arg) => {
          const { name, path } = stackArg(arg);
          return { name, template: loadMutated(path) as SourceTemplate };
        });
        const result = resolveDeployment(inputs, { region: 'us-east-1', accountId: '123456789012', parameters: chosen.set.params, templateMap: {} }, loadMutated);
        for (const d of result.diagnostics) {
          // Command-line overrides that no stack uses concern the command line, not a file.
          if (d.code === 'unused-parameter-override') continue;
          assert.ok(d.file, `finding without a file: ${formatDiagnostic(d)}`);
          assert.ok(d.logicalId || d.line, `finding without a logical id or line: ${formatDiagnostic(d)}`);
        }
        assert.ok(Array.isArray(result.deployment.stacks));
      }),
      { numRuns: Number(process.env.ECSNET_FUZZ_RUNS ?? 1500), ...(process.env.ECSNET_FUZZ_SEED ? { seed: Number(process.env.ECSNET_FUZZ_SEED) } : { seed: 20240611 }) },
    );
  });

  it('finds the planted mistake: a renamed reference is reported where it is written', () => {
    const file = 'aws-samples__container-patterns/pattern/service-discovery-fargate-microservice-cloud-map/files/vpc.yml';
    const original = load(file);
    assert.ok(original);
    const body = mutate(original.body, ['Resources', 'PrivateRouteOne', 'Properties', 'NatGatewayId', 'Ref'], { kind: 'rename', suffix: 'X' });
    const template: SourceTemplate = { ...original, body };
    const result = resolveDeployment([{ name: 'vpc', template }], { region: 'us-east-1', accountId: '123456789012', parameters: {}, templateMap: {} }, () => undefined);
    assert.deepEqual(
      result.diagnostics.map((d) => [d.code, d.logicalId, d.path, d.line, d.hint]),
      [['dangling-reference', 'PrivateRouteOne', 'Properties.NatGatewayId.Ref', 146, "did you mean 'NatGatewayOne'?"]],
    );
  });
});

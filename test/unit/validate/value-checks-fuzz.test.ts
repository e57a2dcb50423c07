/**
 * The value checks under mutation: any JSON value (or a removed key) at any property of any
 * resolved corpus resource must end in located findings with a known code — never in an
 * exception, whatever shape the value has.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { buildModel } from '../../../src/model/build-model.js';
import { checkAllowedValues } from '../../../src/spec/check-allowed-values.js';
import { loadSpecIndex } from '../../../src/spec/load-spec.js';
import type { CfnValue, Deployment, ResolvedResource } from '../../../src/template/types.js';
import { checkModel } from '../../../src/validate/check-model.js';
import { deploymentLocator } from '../../../src/validate/finding.js';
import { corpusSets } from '../../helpers/corpus.js';
import { resolveCorpus } from '../template/helpers.js';

const CODES = new Set([
  'invalid-cidr',
  'invalid-ip-address',
  'invalid-number',
  'value-out-of-range',
  'value-not-allowed',
  'invalid-protocol',
  'invalid-port-range',
  'invalid-port-mapping',
  'auto-scaling-size-order',
  'invalid-task-size',
  'invalid-container-memory',
  'invalid-health-check',
  'too-many-items',
  'quota-exceeded',
  'vpc-quota-exceeded',
  'private-ip-outside-subnet',
  'private-ip-reserved',
]);

const deployments = corpusSets.map((set) => resolveCorpus(set.files, set.params).deployment);
const targets = deployments.flatMap((deployment, d) =>
  deployment.stacks.flatMap((stack, s) =>
    Object.values(stack.resources).flatMap((resource) => pathsOf(resource.properties).map((path) => ({ d, s, logicalId: resource.logicalId, path }))),
  ),
);

function pathsOf(value: CfnValue, path: (string | number)[] = []): (string | number)[][] {
  const here = path.length > 0 ? [path] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => pathsOf(v, [...path, i]))];
  if (typeof value === 'object' && value !== null) return [...here, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...path, k]))];
  return here;
}

function edit(root: CfnValue, path: (string | number)[], replacement: CfnValue | undefined): CfnValue {
  const [head, ...rest] = path;
  if (head === undefined) return replacement ?? null;
  if (Array.isArray(root)) {
    const copy = [...root];
    if (rest.length === 0 && replacement === undefined) copy.splice(head as number, 1);
    else copy[head as number] = edit(root[head as number] as CfnValue, rest, replacement);
    return copy;
  }
  const copy = { ...(root as { [key: string]: CfnValue }) };
  if (rest.length === 0 && replacement === undefined) delete copy[head as string];
  else copy[head as string] = edit(copy[head as string] as CfnValue, rest, replacement);
  return copy;
}

describe('value checks under mutation', () => {
  const spec = loadSpecIndex();
  it('never throw, and every finding is located and has a known code', () => {
    const value = fc.oneof(
      fc.constant(undefined),
      fc.jsonValue() as fc.Arbitrary<CfnValue>,
      fc.integer({ min: -100000, max: 100000000 }),
      fc.constantFrom('10.0.0.0/33', '-1', 'constructor', '__proto__', '1 vCPU', '::/0', ''),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: targets.length - 1 }), value, (index, replacement) => {
        const target = targets[index] as (typeof targets)[number];
        const original = deployments[target.d] as Deployment;
        const stacks = original.stacks.map((stack, s) => {
          if (s !== target.s) return stack;
          const resource = stack.resources[target.logicalId] as ResolvedResource;
          const properties = edit(resource.properties, target.path, replacement) as { [key: string]: CfnValue };
          return { ...stack, resources: { ...stack.resources, [target.logicalId]: { ...resource, properties } } };
        });
        const deployment: Deployment = { ...original, stacks };
        const { model } = buildModel(deployment);
        const findings = [...checkModel(model, deploymentLocator(deployment), deployment), ...checkAllowedValues(deployment, spec)];
        for (const finding of findings) {
          if (!CODES.has(finding.code)) continue; // the model's own checks have theirs
          assert.ok(finding.file && finding.line && finding.logicalId, JSON.stringify(finding));
          assert.ok(finding.hint, JSON.stringify(finding));
        }
      }),
      { numRuns: 300, seed: 14 },
    );
  });
});

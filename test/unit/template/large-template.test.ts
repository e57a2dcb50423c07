/**
 * Four generated stacks of 493 resources each, given together (CloudFormation allows 500 per
 * template): VPC, subnets from Fn::Cidr, route tables, security groups referencing each other,
 * services, all resolved. Their speed is measured by bench/import.ts, not here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTemplate } from '../../../src/template/parse.js';
import { resolveDeployment } from '../../../src/template/resolve.js';
import { generatedTemplate } from '../../helpers/generate-template.js';

describe('a generated 1,972-resource deployment', () => {
  it('parses and resolves in linear time, every reference resolved', (t) => {
    const text = generatedTemplate(49);
    const started = performance.now();
    const inputs = [1, 2, 3, 4].map((n) => ({ name: `bench${n}`, template: parseTemplate(text, `generated${n}.yml`) }));
    const parsed = performance.now();
    const result = resolveDeployment(inputs, { region: 'us-east-1', accountId: '123456789012', parameters: {}, templateMap: {} }, () => undefined);
    const done = performance.now();
    t.diagnostic(`4 × ${text.length} bytes: parse ${(parsed - started).toFixed(0)} ms, resolve ${(done - parsed).toFixed(0)} ms`);
    assert.deepEqual(result.diagnostics, []);
    const counts = result.deployment.stacks.map((s) => Object.keys(s.resources).length + s.skipped.length);
    assert.deepEqual(counts, [493, 493, 493, 493]);
    const stack = result.deployment.stacks[3];
    assert.equal(stack?.resources.Subnet48?.properties.CidrBlock, '10.0.48.0/24');
    assert.equal(stack?.resources.Ingress5?.properties.SourceSecurityGroupId, stack?.resources.Group4?.physicalId);
  });
});

/**
 * A generated template of 2,000 resources (VPC, subnets from Fn::Cidr, route tables, security
 * groups referencing each other, services) resolves with every value resolved. Its speed is
 * measured by bench/import.ts, not here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTemplate } from '../../../src/template/parse.js';
import { resolveDeployment } from '../../../src/template/resolve.js';
import { generatedTemplate } from '../../helpers/generate-template.js';

describe('a generated 2,000-resource template', () => {
  it('parses and resolves in linear time, every reference resolved', (t) => {
    const text = generatedTemplate(200);
    const started = performance.now();
    const template = parseTemplate(text, 'generated.yml');
    const parsed = performance.now();
    const result = resolveDeployment([{ name: 'bench', template }], { region: 'us-east-1', accountId: '123456789012', parameters: {}, templateMap: {} }, () => undefined);
    const done = performance.now();
    t.diagnostic(`${text.length} bytes: parse ${(parsed - started).toFixed(0)} ms, resolve ${(done - parsed).toFixed(0)} ms`);
    assert.deepEqual(result.diagnostics, []);
    const stack = result.deployment.stacks[0];
    assert.equal(Object.keys(stack?.resources ?? {}).length + (stack?.skipped.length ?? 0), 2003);
    assert.equal(stack?.resources.Subnet199?.properties.CidrBlock, '10.0.199.0/24');
    assert.equal(stack?.resources.Ingress5?.properties.SourceSecurityGroupId, stack?.resources.Group4?.physicalId);
  });
});

/**
 * The built-in example (examples/) through the real import pipeline: every service of the
 * reference architecture gets all its tasks, and the plan is reproducible.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importDeployment } from '../../../src/pipeline/import-deployment.js';
import { planDeployment, renderPlan } from '../../../src/plan/index.js';

const examples = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../examples');

function importExample() {
  const order = ['network.yml', 'app.yml'];
  const files = readdirSync(examples)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || (a < b ? -1 : 1));
  return importDeployment(
    {
      stacks: files.map((f) => ({ name: f.replace(/\.(ya?ml|json)$/, ''), path: join(examples, f) })),
      parameters: {},
      templateMap: {},
      region: 'us-east-1',
      accountId: '123456789012',
    },
    {
      readFile: (path) => {
        try {
          return readFileSync(path, 'utf8');
        } catch {
          return undefined;
        }
      },
    },
  ).model;
}

describe('plan of the built-in example', () => {
  it('places every task of every service, with no error', () => {
    const model = importExample();
    const plan = planDeployment(model);
    assert.ok(plan.services.length > 0);
    for (const service of plan.services) assert.equal(service.placed, service.desired, `${service.id}: ${service.reasons.join(', ')}`);
    assert.deepEqual(
      plan.notes.filter((n) => n.severity === 'error'),
      [],
    );
    assert.equal(
      plan.tasks.length,
      plan.services.reduce((n, s) => n + s.placed, 0),
    );
    assert.match(renderPlan(plan), /^Plan: trunking off/);
  });

  it('is the same plan every time', () => {
    const model = importExample();
    assert.equal(JSON.stringify(planDeployment(model, { trunking: true })), JSON.stringify(planDeployment(importExample(), { trunking: true })));
  });
});

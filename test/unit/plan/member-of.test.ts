import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileMemberOf } from '../../../src/plan/member-of.js';

const instance = (type: string, az: string) =>
  new Map([
    ['attribute:ecs.instance-type', type],
    ['attribute:ecs.availability-zone', az],
    ['attribute:ecs.os-type', 'linux'],
    ['ec2InstanceId', 'i-0123'],
  ]);

function test(expression: string, attributes: Map<string, string>): boolean {
  const compiled = compileMemberOf(expression);
  assert.ok('test' in compiled, `${expression}: ${'unsupported' in compiled ? compiled.unsupported : ''}`);
  return compiled.test(attributes);
}

describe('memberOf expressions', () => {
  const a = instance('t3.large', 'us-east-1a');
  const b = instance('m5.large', 'us-east-1b');

  it('compares with == and !=', () => {
    assert.equal(test('attribute:ecs.instance-type == t3.large', a), true);
    assert.equal(test('attribute:ecs.instance-type == t3.large', b), false);
    assert.equal(test('attribute:ecs.instance-type != t3.large', b), true);
    assert.equal(test('attribute:ecs.instance-type equals t3.large', a), true);
  });

  it('tests list membership with in and not_in', () => {
    assert.equal(test('attribute:ecs.availability-zone in [us-east-1a, us-east-1c]', a), true);
    assert.equal(test('attribute:ecs.availability-zone in [us-east-1a, us-east-1c]', b), false);
    assert.equal(test('attribute:ecs.availability-zone not_in [us-east-1a]', b), true);
    assert.equal(test('attribute:ecs.availability-zone !in [us-east-1a]', a), false);
  });

  it('matches whole values with =~ and combines with and/or/not and parentheses', () => {
    assert.equal(test('attribute:ecs.instance-type =~ t3.*', a), true);
    assert.equal(test('attribute:ecs.instance-type =~ t3', a), false);
    assert.equal(test('attribute:ecs.instance-type =~ t3.* and attribute:ecs.availability-zone != us-east-1a', a), false);
    assert.equal(test('attribute:ecs.instance-type =~ t3.* or attribute:ecs.availability-zone == us-east-1b', b), true);
    assert.equal(test('not(attribute:ecs.instance-type == m5.large)', b), false);
    assert.equal(test('(attribute:ecs.instance-type == m5.large or attribute:ecs.instance-type == t3.large) and attribute:ecs.os-type == linux', a), true);
  });

  it('handles exists', () => {
    assert.equal(test('attribute:ecs.awsvpc-trunk-id exists', a), false);
    assert.equal(test('attribute:ecs.awsvpc-trunk-id !exists', a), true);
  });

  it('reports what cannot be known before deployment or parsed', () => {
    const custom = compileMemberOf('attribute:stack == prod');
    assert.ok('unsupported' in custom && /attribute:stack/.test(custom.unsupported));
    assert.ok('unsupported' in compileMemberOf('task:group == service:db'));
    assert.ok('unsupported' in compileMemberOf('attribute:ecs.instance-type =='));
    assert.ok('unsupported' in compileMemberOf('attribute:ecs.instance-type in [a, b'));
  });
});

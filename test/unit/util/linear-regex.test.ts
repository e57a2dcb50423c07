import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileLinearRegex } from '../../../src/util/linear-regex.js';

function compiled(pattern: string) {
  const regex = compileLinearRegex(pattern);
  assert.ok(regex.ok, `${pattern} should compile`);
  return regex;
}

test('AllowedPattern semantics: the whole value must match', () => {
  const cidr = compiled('(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})');
  assert.equal(cidr.fullMatch('10.0.0.0/16'), true);
  assert.equal(cidr.fullMatch('x10.0.0.0/16'), false);
  assert.equal(cidr.find('x10.0.0.0/16'), true);
});

test('a pattern that backtracks exponentially in JavaScript answers at once', () => {
  const started = Date.now();
  const evil = compiled('^(a+)+$');
  assert.equal(evil.fullMatch(`${'a'.repeat(5000)}b`), false);
  assert.equal(evil.fullMatch('a'.repeat(5000)), true);
  assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
});

test("Java's POSIX-named classes are translated, also inside brackets and negated", () => {
  assert.equal(compiled('\\p{Alpha}+').fullMatch('abcXYZ'), true);
  assert.equal(compiled('\\p{Alpha}+').fullMatch('abc1'), false);
  assert.equal(compiled('[\\p{Alnum}_-]+').fullMatch('my_stack-1'), true);
  assert.equal(compiled('\\P{Digit}+').fullMatch('abc'), true);
  assert.equal(compiled('\\P{Digit}+').fullMatch('ab1'), false);
  assert.equal(compiled('[[:alpha:]][[:digit:]]').fullMatch('a1'), true);
});

test('constructs that need backtracking are refused with the reason', () => {
  for (const [pattern, reason] of [
    ['(?=a)a', 'lookahead'],
    ['(?<!a)b', 'lookbehind'],
    ['(a)\\1', 'backreference'],
    ['a*+', 'possessive'],
    ['(?>a)', 'atomic'],
  ] as const) {
    const regex = compileLinearRegex(pattern);
    assert.equal(regex.ok, false, pattern);
    if (!regex.ok) assert.match(regex.reason, new RegExp(reason), pattern);
  }
  const broken = compileLinearRegex('[a-');
  assert.equal(broken.ok, false);
});

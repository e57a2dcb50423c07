/**
 * Regression tests for hostile and huge templates (issue 14): each class of input that used to
 * hang, exhaust the heap or overflow the stack is now a located error within milliseconds. Every
 * case asserts its time too, with a test timeout, so a regression fails instead of blocking CI.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from '../../../src/diagnostics.js';
import { EcsnetError } from '../../../src/diagnostics.js';
import { compileMemberOf } from '../../../src/plan/member-of.js';
import { parseTemplate } from '../../../src/template/parse.js';
import { findingsWithCode, importText } from '../../helpers/import-text.js';

/** Generous bound: each case takes milliseconds; a hang or a quadratic blow-up takes far longer. */
const FAST_MS = 2000;
const TIMEOUT = { timeout: 20_000 };

/** Runs `work`, asserts it took under FAST_MS, and returns its result. */
function fast<T>(work: () => T): T {
  const started = performance.now();
  const result = work();
  const elapsed = performance.now() - started;
  assert.ok(elapsed < FAST_MS, `took ${elapsed.toFixed(0)} ms`);
  return result;
}

/** The findings of a file parseTemplate refuses (it must refuse it, with exit code 2). */
function refused(text: string, file = 't.yml'): Diagnostic[] {
  try {
    parseTemplate(text, file);
  } catch (error) {
    assert.ok(error instanceof EcsnetError, `not an EcsnetError: ${String(error)}`);
    assert.equal(error.exitCode, 2);
    assert.ok(error.diagnostics.length > 0);
    for (const d of error.diagnostics) {
      assert.equal(d.file, file);
      assert.ok((d.line ?? 0) >= 1, `no line: ${d.message}`);
    }
    return error.diagnostics;
  }
  assert.fail('the template was accepted');
}

const topic = 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n';

describe('hostile templates are refused quickly, with the line', () => {
  it('a 600-byte YAML alias bomb (nine levels of nine aliases) is an alias-expansion error', TIMEOUT, () => {
    const lines = [`${topic}    Metadata:`, '      a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 10; i++) lines.push(`      a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]`);
    const text = `${lines.join('\n')}\n`;
    assert.ok(text.length < 700);
    const found = fast(() => refused(text));
    assert.deepEqual(
      found.map((d) => d.code),
      ['yaml-alias-expansion'],
    );
    assert.match(found[0]?.message ?? '', /past 100000 nodes/);
  });

  it('a chain of aliases each nesting the previous (quadratic expansion) is refused', TIMEOUT, () => {
    const lines = [`${topic}    Metadata:`, '      L:', '        - &x0 {k: v}'];
    for (let i = 1; i < 3000; i++) lines.push(`        - &x${i} [*x${i - 1}]`);
    const found = fast(() => refused(`${lines.join('\n')}\n`));
    assert.ok(['template-too-deep', 'yaml-alias-expansion'].includes(found[0]?.code ?? ''), found[0]?.code);
  });

  it('many aliases of one anchor resolve in linear time (each alias no longer rescans the document)', TIMEOUT, () => {
    const text = `${topic}    Metadata:\n      A: &a v\n      L:\n${'        - *a\n'.repeat(20_000)}`;
    const template = fast(() => parseTemplate(text, 't.yml'));
    const metadata = (template.body.Resources as Record<string, { Metadata: { L: string[] } }>).Topic?.Metadata;
    assert.equal(metadata?.L.length, 20_000);
    assert.equal(metadata?.L[19_999], 'v');
  });

  for (const [shape, value] of [
    ['flow sequences', `${'['.repeat(5000)}${']'.repeat(5000)}`],
    ['flow mappings', `${'{a: '.repeat(5000)}1${'}'.repeat(5000)}`],
  ] as const) {
    it(`${shape} nested 5,000 deep are "nested deeper than 100", not a stack overflow shown as a syntax error`, TIMEOUT, () => {
      const found = fast(() => refused(`${topic}    Metadata:\n      D: ${value}\n`));
      assert.deepEqual(
        found.map((d) => [d.code, d.line]),
        [['template-too-deep', 5]],
      );
      assert.match(found[0]?.message ?? '', /nested deeper than 100 levels/);
      assert.doesNotMatch(found[0]?.message ?? '', /call stack/);
    });
  }

  it("compact block sequences nested 5,000 deep, then a line less indented (the yaml package's parser overflows closing them), are refused before parsing", TIMEOUT, () => {
    const found = fast(() => refused(`${topic}    Metadata:\n      D:\n        ${'- '.repeat(5000)}x\n  Other: {Type: AWS::SNS::Topic}\n`));
    assert.deepEqual(
      found.map((d) => [d.code, d.line]),
      [['template-too-deep', 6]],
    );
  });

  it('block mappings indented one more column per level, 1,400 deep (just under 1 MB), are refused before parsing', TIMEOUT, () => {
    const levels = Array.from({ length: 1400 }, (_, i) => `${' '.repeat(6 + i)}k${i}:\n`).join('');
    const text = `${topic}    Metadata:\n${levels}${' '.repeat(1406)}x\n  Other: {Type: AWS::SNS::Topic}\n`;
    assert.ok(text.length < 1024 * 1024);
    const found = fast(() => refused(text));
    assert.deepEqual(
      found.map((d) => d.code),
      ['template-too-deep'],
    );
  });

  it("a 2 MB template is over CloudFormation's 1 MB and named so, with the 51,200-byte inline limit in the hint", TIMEOUT, () => {
    const text = `${topic}    Metadata:\n      Pad: "${'x'.repeat(2 * 1024 * 1024)}"\n`;
    const found = fast(() => refused(text));
    assert.deepEqual(
      found.map((d) => [d.code, d.line]),
      [['template-too-large', 1]],
    );
    assert.match(found[0]?.message ?? '', /1 MB \(1048576 bytes\)/);
    assert.match(found[0]?.hint ?? '', /51200 bytes inline/);
  });

  it('a 50 MB template is refused without parsing it', TIMEOUT, () => {
    const found = fast(() => refused(`${topic}#${'y'.repeat(50 * 1024 * 1024)}\n`));
    assert.equal(found[0]?.code, 'template-too-large');
  });

  it('501 resources, 201 parameters, 201 outputs and 201 mappings are each over their quota', TIMEOUT, () => {
    const section = (name: string, count: number, entry: (i: number) => string) => `${name}:\n${Array.from({ length: count }, (_, i) => `  ${entry(i)}\n`).join('')}`;
    const cases: [string, string, RegExp][] = [
      ['Resources', section('Resources', 501, (i) => `T${i}: {Type: AWS::SNS::Topic}`), /Resources has 501 entries; CloudFormation allows at most 500 resources/],
      ['Parameters', section('Parameters', 201, (i) => `P${i}: {Type: String, Default: x}`) + topic, /Parameters has 201 entries; CloudFormation allows at most 200 parameters/],
      ['Outputs', topic + section('Outputs', 201, (i) => `O${i}: {Value: x}`), /Outputs has 201 entries; CloudFormation allows at most 200 outputs/],
      ['Mappings', section('Mappings', 201, (i) => `M${i}: {k: {v: x}}`) + topic, /Mappings has 201 entries; CloudFormation allows at most 200 mappings/],
    ];
    for (const [name, text, message] of cases) {
      const found = fast(() => refused(text));
      assert.deepEqual(
        found.map((d) => d.code),
        ['template-limit-exceeded'],
        name,
      );
      assert.match(found[0]?.message ?? '', message);
      assert.equal(found[0]?.line, text.split('\n').indexOf(`${name}:`) + 1, name);
    }
    // 500 resources are allowed.
    assert.doesNotThrow(() =>
      parseTemplate(
        section('Resources', 500, (i) => `T${i}: {Type: AWS::SNS::Topic}`),
        't.yml',
      ),
    );
  });

  it('a logical id over 255 characters is refused at its line', TIMEOUT, () => {
    const found = refused(`Resources:\n  Ok: {Type: AWS::SNS::Topic}\n  ${'L'.repeat(256)}: {Type: AWS::SNS::Topic}\n`);
    assert.deepEqual(
      found.map((d) => [d.code, d.line]),
      [['logical-id-too-long', 3]],
    );
  });

  it('Fn::Cidr outside count 1..256 or with impossible bits is a located error', TIMEOUT, () => {
    const result = fast(() =>
      importText({
        't.yml':
          'Resources:\n  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}\n  A:\n    Type: AWS::EC2::Subnet\n    Properties: {VpcId: !Ref Vpc, CidrBlock: !Select [0, !Cidr [10.0.0.0/16, 100000000, 8]]}\n  B:\n    Type: AWS::EC2::Subnet\n    Properties: {VpcId: !Ref Vpc, CidrBlock: !Select [0, !Cidr [10.0.0.0/16, 4, 33]]}\n',
      }),
    );
    const found = findingsWithCode(result, 'invalid-cidr');
    assert.deepEqual(
      found.map((d) => [d.logicalId, d.line]),
      [
        ['A', 5],
        ['B', 8],
      ],
    );
    assert.match(found[0]?.message ?? '', /count must be an integer from 1 to 256/);
    assert.match(found[1]?.message ?? '', /cidrBits must be an integer from 1 to 32/);
  });
});

describe('values built by intrinsics stay bounded', () => {
  it('joining a 200 KB parameter 20,000 times (4 GB) is a located value-too-large error, not an out-of-memory crash', TIMEOUT, () => {
    const refs = Array.from({ length: 20_000 }, () => '!Ref P').join(', ');
    const text = `Parameters:\n  P: {Type: String, Default: ${'x'.repeat(200_000)}}\nResources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Join ['', [${refs}]]\n`;
    const result = fast(() => importText({ 't.yml': text }));
    const found = findingsWithCode(result, 'value-too-large');
    assert.deepEqual(
      found.map((d) => [d.logicalId, d.line]),
      [['T', 7]],
    );
    assert.match(found[0]?.message ?? '', /Fn::Join here builds a value of about 4000000000 bytes/);
  });

  it('splitting a 40 KB parameter at 2,000 sites is bounded too', TIMEOUT, () => {
    const sites = Array.from({ length: 2000 }, (_, i) => `      K${i}: !Split [',', !Ref P]`).join('\n');
    const text = `Parameters:\n  P: {Type: String, Default: "${'a,'.repeat(20_000)}a"}\nResources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n${sites}\n`;
    const result = fast(() => importText({ 't.yml': text }));
    const found = findingsWithCode(result, 'value-too-large');
    assert.ok(found.length >= 1 && found.every((d) => d.logicalId === 'T'), JSON.stringify(found.slice(0, 2)));
  });

  it('many sites each under 1 MB are bounded together', TIMEOUT, () => {
    const sites = Array.from({ length: 200 }, (_, i) => `      K${i}: !Join ['', [!Ref P, !Ref P, !Ref P, !Ref P, !Ref P]]`).join('\n');
    const text = `Parameters:\n  P: {Type: String, Default: ${'x'.repeat(190_000)}}\nResources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n${sites}\n`;
    const result = fast(() => importText({ 't.yml': text }));
    const found = findingsWithCode(result, 'value-too-large');
    assert.ok(found.length >= 1 && found.every((d) => d.logicalId === 'T' && (d.line ?? 0) > 6), JSON.stringify(found.slice(0, 2)));
    assert.match(found[0]?.message ?? '', /past 67108864 bytes for the deployment/);
  });
});

describe('template-supplied patterns run in linear time', () => {
  it("AllowedPattern ^(a+)+$ against 34 characters answers at once (JavaScript's engine backtracks for minutes)", TIMEOUT, () => {
    const text = `Parameters:\n  P:\n    Type: String\n    AllowedPattern: "^(a+)+$"\n    Default: ${'a'.repeat(33)}!\n${topic}`;
    const result = fast(() => importText({ 't.yml': text }));
    const found = findingsWithCode(result, 'parameter-not-allowed');
    assert.deepEqual(
      found.map((d) => [d.logicalId, d.line]),
      [['P', 2]],
    );
    assert.match(found[0]?.message ?? '', /does not match the AllowedPattern/);
    const ok = importText({ 't.yml': text.replace('!\n', '\n') });
    assert.deepEqual(findingsWithCode(ok, 'parameter-not-allowed'), []);
  });

  it('an AllowedPattern with a lookahead or a backreference is a located warning that ecsnet cannot check it', TIMEOUT, () => {
    for (const pattern of ['(?=a)a+', '(a)\\\\1']) {
      const result = importText({ 't.yml': `Parameters:\n  P:\n    Type: String\n    AllowedPattern: "${pattern}"\n    Default: zzz\n${topic}` });
      const found = findingsWithCode(result, 'unchecked-allowed-pattern');
      assert.deepEqual(
        found.map((d) => [d.severity, d.logicalId, d.line]),
        [['warning', 'P', 4]],
        pattern,
      );
      assert.match(found[0]?.message ?? '', /ecsnet cannot check values of parameter P/);
      assert.equal(result.diagnostics.filter((d) => d.severity === 'error').length, 0);
    }
  });

  it('memberOf =~ patterns run in linear time; a backreference is unsupported, not a crash', TIMEOUT, () => {
    const compiled = fast(() => compileMemberOf("attribute:ecs.instance-type =~ '(a+)+'"));
    assert.ok('test' in compiled);
    const attributes = new Map([['attribute:ecs.instance-type', `${'a'.repeat(40)}!`]]);
    assert.equal(
      fast(() => compiled.test(attributes)),
      false,
    );
    assert.equal(compiled.test(new Map([['attribute:ecs.instance-type', 'aaaa']])), true);
    const backreference = compileMemberOf("attribute:ecs.instance-type =~ '(t)\\1'");
    assert.ok('unsupported' in backreference);
    assert.match(backreference.unsupported, /cannot check the pattern/);
  });
});

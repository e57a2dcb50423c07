/**
 * Parameters as CloudFormation handles them: defaults, overrides (`--param Stack.Name=v` wins
 * over `--param Name=v`), list and number types, SSM parameter types, constraints, and the
 * finding for a parameter that has no value.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPlaceholder } from '../../../src/template/placeholder.js';
import { errorsOf, propsOf, resolveFiles, resolveOne, stackOf, withCode } from './helpers.js';

const template = `Parameters:
  Env:
    Type: String
    Default: dev
    AllowedValues: [dev, prod]
  Count:
    Type: Number
    Default: 2
    MinValue: 1
    MaxValue: 10
  Subnets:
    Type: List<AWS::EC2::Subnet::Id>
    Default: "subnet-aaa, subnet-bbb"
  Names:
    Type: CommaDelimitedList
    Default: "a,b,c"
  Ports:
    Type: List<Number>
    Default: "80,443"
  Ami:
    Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>
    Default: /aws/service/ecs/optimized-ami/amazon-linux-2/recommended/image_id
  Vpc:
    Type: AWS::EC2::VPC::Id
    Default: vpc-12345678
  Flag:
    Type: String
    Default: false
Resources:
  R:
    Type: Test::Thing::Here
    Properties:
      Env: !Ref Env
      Count: !Ref Count
      Subnets: !Ref Subnets
      Names: !Ref Names
      Ports: !Ref Ports
      Ami: !Ref Ami
      Vpc: !Ref Vpc
      Flag: !Ref Flag
`;

describe('parameter values', () => {
  it('uses Defaults with the shape of each type', () => {
    const result = resolveOne(template);
    assert.deepEqual(errorsOf(result), []);
    const p = propsOf(result, 'test', 'R');
    assert.equal(p.Env, 'dev');
    assert.equal(p.Count, 2);
    assert.deepEqual(p.Subnets, ['subnet-aaa', 'subnet-bbb']);
    assert.deepEqual(p.Names, ['a', 'b', 'c']);
    assert.deepEqual(p.Ports, [80, 443]);
    assert.match(String(p.Ami), /^ami-0[0-9a-f]{16}$/);
    assert.equal(p.Vpc, 'vpc-12345678');
    assert.equal(p.Flag, 'false');
    assert.deepEqual(stackOf(result, 'test').parameters.Subnets, ['subnet-aaa', 'subnet-bbb']);
  });

  it('gives the same SSM stand-in on every run, and takes a --param override as the resolved value', () => {
    const first = propsOf(resolveOne(template), 'test', 'R').Ami;
    assert.equal(propsOf(resolveOne(template), 'test', 'R').Ami, first);
    assert.equal(propsOf(resolveOne(template, { parameters: { 'test.Ami': 'ami-0abc' } }), 'test', 'R').Ami, 'ami-0abc');
  });

  it('applies overrides: Stack.Name before Name', () => {
    const p = propsOf(resolveOne(template, { parameters: { Env: 'prod', 'test.Count': '7', Count: '3', 'test.Subnets': 'subnet-x' } }), 'test', 'R');
    assert.equal(p.Env, 'prod');
    assert.equal(p.Count, 7);
    assert.deepEqual(p.Subnets, ['subnet-x']);
  });

  it('refuses values outside AllowedValues, bounds and patterns, naming the parameter line', () => {
    const result = resolveOne(template, { parameters: { Env: 'staging', Count: '11' } });
    const refused = withCode(result, 'parameter-not-allowed');
    assert.equal(refused.length, 2);
    const env = refused.find((d) => d.logicalId === 'Env');
    assert.equal(env?.line, 2);
    assert.match(env?.message ?? '', /'staging' is not one of the AllowedValues \[dev, prod\]/);
    assert.equal(env?.hint, 'give an allowed value with --param test.Env=<value>');
    assert.match(refused.find((d) => d.logicalId === 'Count')?.message ?? '', /11 is above MaxValue 10/);
    const pattern = resolveOne(
      'Parameters:\n  Name:\n    Type: String\n    Default: Bad_Name\n    AllowedPattern: "[a-z-]+"\n    ConstraintDescription: lowercase and hyphens\nResources:\n  R: {Type: Test::Thing::Here}\n',
    );
    assert.match(withCode(pattern, 'parameter-not-allowed')[0]?.message ?? '', /does not match the AllowedPattern \[a-z-\]\+ \(lowercase and hyphens\)/);
  });

  it('refuses a non-numeric Number', () => {
    const result = resolveOne(template, { parameters: { Count: 'many' } });
    const [d] = withCode(result, 'invalid-parameter-value');
    assert.match(d?.message ?? '', /'many' is not a number/);
  });

  it('reports a parameter with no Default and no value: file, line, stack and the --param to add', () => {
    const result = resolveOne(
      'Parameters:\n  Mode:\n    Type: String\n    AllowedValues: [a, b]\n  Image:\n    Type: String\nResources:\n  R:\n    Type: Test::Thing::Here\n    Properties:\n      I: !Ref Image\n      M: !Ref Mode\n',
      { name: 'web' },
    );
    const missing = withCode(result, 'missing-parameter');
    assert.equal(missing.length, 2);
    const image = missing.find((d) => d.logicalId === 'Image');
    assert.equal(image?.file, 'template.yml');
    assert.equal(image?.line, 5);
    assert.equal(image?.stack, 'web');
    assert.equal(image?.hint, 'add --param web.Image=<value>');
    assert.equal(missing.find((d) => d.logicalId === 'Mode')?.hint, 'add --param web.Mode=<one of a|b>');
    assert.ok(isPlaceholder(propsOf(result, 'web', 'R').I));
  });

  it('warns about overrides no stack uses, with a hint', () => {
    const result = resolveOne(template, { parameters: { 'test.Cuont': '3', 'tset.Env': 'prod', Nothing: 'x' } });
    const unused = withCode(result, 'unused-parameter-override').map((d) => `${d.message} | ${d.hint ?? ''}`);
    assert.equal(unused.length, 3);
    assert.ok(unused.some((u) => /declares no parameter Cuont .*did you mean 'test.Count'/.test(u)));
    assert.ok(unused.some((u) => /no stack named tset .*did you mean 'test.Env'/.test(u)));
    assert.ok(unused.some((u) => /no stack declares a parameter Nothing/.test(u)));
  });

  it('reports an unknown parameter Type', () => {
    const result = resolveOne('Parameters:\n  X: {Type: Strng}\nResources:\n  R: {Type: Test::Thing::Here}\n');
    assert.equal(withCode(result, 'invalid-parameter')[0]?.line, 2);
  });

  it('passes a nested child its parent values, split for list types', () => {
    const files = {
      'parent.yml':
        'Resources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: child.yml\n      Parameters:\n        Subnets: "subnet-1,subnet-2"\n        Size: 3\n',
      'child.yml':
        'Parameters:\n  Subnets: {Type: "List<AWS::EC2::Subnet::Id>"}\n  Size: {Type: Number}\nResources:\n  R:\n    Type: Test::Thing::Here\n    Properties:\n      S: !Ref Subnets\n      N: !Ref Size\n',
    };
    const result = resolveFiles(files, ['app=parent.yml']);
    assert.deepEqual(errorsOf(result), []);
    assert.deepEqual(propsOf(result, 'app-Child', 'R'), { S: ['subnet-1', 'subnet-2'], N: 3 });
  });
});

/**
 * Intrinsic functions with CloudFormation's semantics, one by one, on small inline templates:
 * the resolved property values are compared with what AWS would produce.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { base64Encode } from '../../../src/template/base64.js';
import { splitCidr } from '../../../src/template/fn-cidr.js';
import { isPlaceholder } from '../../../src/template/placeholder.js';
import { errorsOf, propsOf, resolveOne, withCode } from './helpers.js';

/** Resolves `props` as the Properties of one resource `R` of a generic type, with extra template sections. */
function props(properties: string, sections = '', options: Parameters<typeof resolveOne>[1] = {}) {
  const text = `${sections}\nResources:\n  Dep:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.1.0.0/16\n  R:\n    Type: Test::Thing::Here\n    Properties:\n${properties
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n')}\n`;
  const result = resolveOne(text, options);
  return { result, p: propsOf(result, options.name ?? 'test', 'R') };
}

describe('Ref and pseudo parameters', () => {
  it('returns pseudo parameters in AWS formats', () => {
    const { result, p } = props(
      [
        'Region: !Ref AWS::Region',
        'Account: !Ref AWS::AccountId',
        'Name: !Ref AWS::StackName',
        'Id: !Ref AWS::StackId',
        'Partition: !Ref AWS::Partition',
        'Suffix: !Ref AWS::URLSuffix',
        'Arns: !Ref AWS::NotificationARNs',
      ].join('\n'),
      '',
      { name: 'prod', region: 'eu-west-1', accountId: '111122223333' },
    );
    assert.deepEqual(errorsOf(result), []);
    assert.equal(p.Region, 'eu-west-1');
    assert.equal(p.Account, '111122223333');
    assert.equal(p.Name, 'prod');
    assert.match(String(p.Id), /^arn:aws:cloudformation:eu-west-1:111122223333:stack\/prod\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(p.Partition, 'aws');
    assert.equal(p.Suffix, 'amazonaws.com');
    assert.deepEqual(p.Arns, []);
  });

  it('gives China and GovCloud regions their partition and URL suffix', () => {
    assert.equal(props('P: !Ref AWS::Partition\nS: !Ref AWS::URLSuffix', '', { region: 'cn-north-1' }).p.S, 'amazonaws.com.cn');
    assert.equal(props('P: !Ref AWS::Partition', '', { region: 'cn-north-1' }).p.P, 'aws-cn');
    assert.equal(props('P: !Ref AWS::Partition', '', { region: 'us-gov-west-1' }).p.P, 'aws-us-gov');
  });

  it('AWS::NoValue removes the key, and the list item', () => {
    const { p } = props('Gone: !Ref AWS::NoValue\nKept: x\nList: [a, !Ref AWS::NoValue, b]\nNested: {Inner: !Ref AWS::NoValue}');
    assert.deepEqual(p, { Kept: 'x', List: ['a', 'b'], Nested: {} });
  });

  it('Ref of a resource returns its physical id', () => {
    const { p } = props('Vpc: !Ref Dep');
    assert.match(String(p.Vpc), /^vpc-0[0-9a-f]{16}$/);
  });
});

describe('Fn::GetAtt', () => {
  it('accepts the list form, the dotted string form and an attribute given by Ref', () => {
    const { result, p } = props(
      'A: !GetAtt Dep.CidrBlock\nB: {"Fn::GetAtt": [Dep, CidrBlock]}\nC: {"Fn::GetAtt": "Dep.DefaultSecurityGroup"}\nD: !GetAtt [Dep, !Ref Attr]',
      'Parameters:\n  Attr: {Type: String, Default: CidrBlock}',
    );
    assert.deepEqual(errorsOf(result), []);
    assert.equal(p.A, '10.1.0.0/16');
    assert.equal(p.B, '10.1.0.0/16');
    assert.match(String(p.C), /^sg-0[0-9a-f]{16}$/);
    assert.equal(p.D, '10.1.0.0/16');
  });

  it('returns a deterministic value for an attribute of a type it has no rule for', () => {
    const text =
      'Resources:\n  Other:\n    Type: Vendor::Custom::Thing\n  R:\n    Type: Test::Thing::Here\n    Properties:\n      X: !GetAtt Other.SomethingArn\n      Y: !GetAtt Other.Endpoint\n';
    const first = propsOf(resolveOne(text), 'test', 'R');
    const second = propsOf(resolveOne(text), 'test', 'R');
    assert.deepEqual(first, second);
    assert.match(String(first.X), /^arn:aws:custom:us-east-1:123456789012:thing\/test-Other-[A-Z0-9]{12}$/);
    assert.match(String(first.Y), /^endpoint-[0-9a-f]{12}$/);
  });
});

describe('Fn::Sub', () => {
  it('substitutes parameters, pseudo parameters, resources and attributes; ${!Literal} stays literal', () => {
    const { result, p } = props('S: !Sub "${AWS::Region}/${Env}/${Dep}/${Dep.CidrBlock}/${!Literal}/${ Env }"', 'Parameters:\n  Env: {Type: String, Default: prod}');
    assert.deepEqual(errorsOf(result), []);
    assert.match(String(p.S), /^us-east-1\/prod\/vpc-0[0-9a-f]{16}\/10\.1\.0\.0\/16\/\$\{Literal\}\/prod$/);
  });

  it('uses the variables of the list form before anything else, evaluated themselves', () => {
    const { p } = props('S: !Sub ["${Env}-${Port}", {Env: override, Port: !Select [1, [80, 443]]}]', 'Parameters:\n  Env: {Type: String, Default: prod}');
    assert.equal(p.S, 'override-443');
  });

  it('leaves text without placeholders (and an unclosed ${) as it is', () => {
    assert.equal(props('S: !Sub "plain ${text"').p.S, 'plain ${text');
  });

  it('reports a list substituted into a string', () => {
    const { result } = props('S: !Sub "${Azs}"', 'Parameters:\n  Azs: {Type: CommaDelimitedList, Default: "a,b"}');
    assert.equal(withCode(result, 'invalid-intrinsic').length, 1);
  });
});

describe('Fn::Join, Fn::Select, Fn::Split', () => {
  it('joins literal and computed lists', () => {
    const { p } = props(
      'J: !Join ["-", [a, !Ref AWS::Region, 3]]\nK: !Join [",", !Ref Subnets]',
      'Parameters:\n  Subnets: {Type: "List<AWS::EC2::Subnet::Id>", Default: "subnet-1, subnet-2"}',
    );
    assert.equal(p.J, 'a-us-east-1-3');
    assert.equal(p.K, 'subnet-1,subnet-2');
  });

  it('selects by number or numeric string, from literal or computed lists', () => {
    const { p } = props('A: !Select [1, [x, y, z]]\nB: !Select ["0", !Split [",", "p,q"]]\nC: !Select [2, !GetAZs ""]');
    assert.equal(p.A, 'y');
    assert.equal(p.B, 'p');
    assert.equal(p.C, 'us-east-1c');
  });

  it('reports an index out of range with the list length, and goes on with a placeholder', () => {
    const { result, p } = props('A: !Select [3, [x, y]]\nB: ok');
    const [d] = withCode(result, 'select-out-of-range');
    assert.ok(d);
    assert.match(d.message, /index 3 .* 2 item/);
    assert.equal(d.logicalId, 'R');
    assert.equal(d.path, 'Properties.A.Fn::Select');
    assert.equal(d.line, 10);
    assert.ok(isPlaceholder(p.A));
    assert.equal(p.B, 'ok');
  });

  it('splits strings', () => {
    assert.deepEqual(props('S: !Split ["|", "a|b||c"]').p.S, ['a', 'b', '', 'c']);
  });
});

describe('Fn::GetAZs', () => {
  it('lists six zones in us-east-1 and three elsewhere, for "" and for an explicit region', () => {
    assert.deepEqual(props('A: !GetAZs ""').p.A, ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1e', 'us-east-1f']);
    assert.deepEqual(props('A: !GetAZs ""', '', { region: 'eu-west-1' }).p.A, ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    assert.deepEqual(props('A: !GetAZs {Ref: "AWS::Region"}', '', { region: 'ap-southeast-2' }).p.A, ['ap-southeast-2a', 'ap-southeast-2b', 'ap-southeast-2c']);
    assert.deepEqual(props('A: !GetAZs eu-central-1').p.A, ['eu-central-1a', 'eu-central-1b', 'eu-central-1c']);
  });
});

describe('Fn::FindInMap', () => {
  const mappings = 'Mappings:\n  Net:\n    us-east-1: {Cidr: 10.0.0.0/16, Azs: [a, b]}\n    eu-west-1: {Cidr: 10.1.0.0/16}';
  it('looks up two levels with computed keys, and returns lists as lists', () => {
    const { p } = props('C: !FindInMap [Net, !Ref AWS::Region, Cidr]\nL: !FindInMap [Net, us-east-1, Azs]', mappings);
    assert.equal(p.C, '10.0.0.0/16');
    assert.deepEqual(p.L, ['a', 'b']);
  });

  it('reports a missing key with a did-you-mean hint, unless a DefaultValue is given', () => {
    const { result, p } = props('C: !FindInMap [Net, us-east-1, Cdr]\nD: !FindInMap [Net, us-west-2, Cidr, {DefaultValue: 10.9.0.0/16}]', mappings);
    const [d] = withCode(result, 'missing-mapping');
    assert.equal(withCode(result, 'missing-mapping').length, 1);
    assert.equal(d?.hint, "did you mean 'Cidr'?");
    assert.equal(p.D, '10.9.0.0/16');
  });
});

describe('Fn::If and conditions', () => {
  it('evaluates only the branch the condition picks: an ImportValue of a missing stack in the other branch is never looked at', () => {
    const sections = 'Parameters:\n  UseShared: {Type: String, Default: "false", AllowedValues: ["true", "false"]}\nConditions:\n  Shared: !Equals [!Ref UseShared, "true"]';
    const { result, p } = props('V: !If [Shared, !ImportValue shared-stack:VpcId, !Ref Dep]\nW: !If [Shared, !Ref DoesNotExist, kept]', sections);
    assert.deepEqual(result.diagnostics, []);
    assert.match(String(p.V), /^vpc-/);
    assert.equal(p.W, 'kept');
  });

  it('drops the key when the chosen branch is AWS::NoValue', () => {
    const { p } = props(
      'Role: !If [HasRole, !Ref RoleArn, !Ref AWS::NoValue]\nX: 1',
      'Parameters:\n  RoleArn: {Type: String, Default: ""}\nConditions:\n  HasRole: !Not [!Equals [!Ref RoleArn, ""]]',
    );
    assert.deepEqual(p, { X: 1 });
  });

  it('combines conditions with And, Or, Not and Condition, comparing scalars as text', () => {
    const sections = [
      'Parameters:',
      '  Count: {Type: Number, Default: 2}',
      '  Flag: {Type: String, Default: "true"}',
      'Conditions:',
      '  IsTwo: !Equals [!Ref Count, "2"]',
      '  FlagOn: !Equals [true, !Ref Flag]',
      '  Both: !And [!Condition IsTwo, !Condition FlagOn]',
      '  Either: !Or [!Not [!Condition IsTwo], !Condition FlagOn]',
      '  Neither: !Not [!Condition Either]',
    ].join('\n');
    const { result } = props('A: !If [Both, yes, no]\nB: !If [Either, yes, no]\nC: !If [Neither, yes, no]', sections);
    const stack = result.deployment.stacks[0];
    assert.deepEqual(stack?.conditions, { IsTwo: true, FlagOn: true, Both: true, Either: true, Neither: false });
    assert.deepEqual(propsOf(result, 'test', 'R'), { A: 'yes', B: 'yes', C: 'no' });
  });

  it('evaluates each condition once and reports a cycle between conditions', () => {
    const { result } = props('A: !If [C1, x, y]', 'Conditions:\n  C1: !Not [!Condition C2]\n  C2: !Not [!Condition C1]');
    const cycles = withCode(result, 'circular-condition');
    assert.equal(cycles.length, 1);
    assert.equal(cycles[0]?.logicalId, 'C1');
  });

  it('reports an undefined condition with a hint', () => {
    const { result } = props('A: !If [IsProd, x, y]', 'Conditions:\n  IsProduction: !Equals [a, a]');
    const [d] = withCode(result, 'undefined-condition');
    assert.equal(d?.hint, "did you mean 'IsProduction'?");
    assert.equal(d?.logicalId, 'R');
  });
});

describe('Fn::Base64, Fn::Cidr, Fn::Length, Fn::ToJsonString', () => {
  it('encodes real base64 of the UTF-8 bytes', () => {
    assert.equal(base64Encode(''), '');
    assert.equal(base64Encode('f'), 'Zg==');
    assert.equal(base64Encode('fo'), 'Zm8=');
    assert.equal(base64Encode('foo'), 'Zm9v');
    assert.equal(base64Encode('#!/bin/bash\necho ECS_CLUSTER=prod >> /etc/ecs/ecs.config\n'), 'IyEvYmluL2Jhc2gKZWNobyBFQ1NfQ0xVU1RFUj1wcm9kID4+IC9ldGMvZWNzL2Vjcy5jb25maWcK');
    assert.equal(base64Encode('é€😀'), 'w6nigqzwn5iA');
    const { p } = props('U: !Base64 {"Fn::Sub": "cluster=${AWS::StackName}"}');
    assert.equal(p.U, base64Encode('cluster=test'));
  });

  it("matches AWS's documented Fn::Cidr example exactly", () => {
    const { p } = props('C: !Cidr ["192.168.0.0/24", 6, 5]');
    assert.deepEqual(p.C, ['192.168.0.0/27', '192.168.0.32/27', '192.168.0.64/27', '192.168.0.96/27', '192.168.0.128/27', '192.168.0.160/27']);
    assert.deepEqual(props('C: {"Fn::Cidr": ["192.168.0.0/24", "6", "5"]}').p.C, (p.C as string[]).slice());
  });

  it('splits VPC blocks the way subnet templates use it, IPv6 included', () => {
    const { p } = props('S: !Select [2, !Cidr [!GetAtt Dep.CidrBlock, 4, 8]]\nV6: !Cidr ["2600:1f18:abcd:ef00::/56", 3, 64]');
    assert.equal(p.S, '10.1.2.0/24');
    assert.deepEqual(p.V6, ['2600:1f18:abcd:ef00::/64', '2600:1f18:abcd:ef01::/64', '2600:1f18:abcd:ef02::/64']);
    assert.deepEqual(splitCidr('10.0.0.0/16', 2, 12), { ok: true, blocks: ['10.0.0.0/20', '10.0.16.0/20'] });
  });

  it('reports blocks that do not fit', () => {
    assert.equal(splitCidr('10.0.0.0/24', 9, 5).ok, false);
    assert.equal(splitCidr('10.0.0.0/24', 1, 9).ok, false);
    assert.equal(splitCidr('10.0.0.0', 1, 4).ok, false);
    const { result, p } = props('C: !Cidr ["10.0.0.0/24", 16, 5]');
    assert.equal(withCode(result, 'invalid-cidr').length, 1);
    assert.ok(isPlaceholder(p.C));
  });

  it('counts lists and renders JSON', () => {
    const { p } = props('N: !Length [a, b, c]\nJ: !ToJsonString {a: [1, !Ref AWS::Region]}');
    assert.equal(p.N, 3);
    assert.equal(p.J, '{"a":[1,"us-east-1"]}');
  });
});

describe('mistakes in intrinsics', () => {
  it('reports wrong shapes and unknown functions where they are written, never throwing', () => {
    const { result, p } = props('A: !Join [",", notalist]\nB: {"Fn::Bogus": 1}\nC: !Select [x, [1]]\nD: !GetAtt NoDot\nE: ok');
    const codes = result.diagnostics.map((d) => d.code).sort();
    assert.deepEqual(codes, ['invalid-intrinsic', 'invalid-intrinsic', 'invalid-intrinsic', 'unsupported-intrinsic']);
    assert.ok(result.diagnostics.every((d) => d.file === 'template.yml' && d.logicalId === 'R' && (d.line ?? 0) > 0));
    assert.equal(p.E, 'ok');
  });
});

/**
 * Parsing: YAML and JSON with line numbers, every short-form tag rewritten to its long form,
 * syntax errors located, and plain ECS task definitions turned into a one-resource template with
 * CloudFormation's property names.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EcsnetError } from '../../../src/diagnostics.js';
import { parseTemplate } from '../../../src/template/parse.js';
import { SHORT_FORM_TAGS } from '../../../src/template/short-form-tags.js';

describe('parseTemplate: YAML short forms', () => {
  it('rewrites every short-form tag to its long form', () => {
    const text = [
      'A: !Ref Vpc',
      'B: !GetAtt Lb.DNSName',
      'C: !GetAtt Child.Outputs.VpcId',
      'D: !GetAtt [Lb, DNSName]',
      'E: !Sub "${AWS::Region}-x"',
      'F: !Sub ["${a}", {a: !Ref X}]',
      'G: !Join [",", [a, b]]',
      'H: !Select [0, !GetAZs ""]',
      'I: !Split [",", "a,b"]',
      'J: !If [Cond, !Ref A, !Ref AWS::NoValue]',
      'K: !Equals [!Ref P, "x"]',
      'L: !Not [!Condition C1]',
      'M: !And [!Condition C1, !Condition C2]',
      'N: !Or [!Condition C1, !Condition C2]',
      'O: !FindInMap [Map, Top, Second]',
      'P: !ImportValue exported-name',
      'Q: !Base64 "hello"',
      'R: !Cidr ["10.0.0.0/16", 4, 8]',
      'S: !Transform {Name: Macro, Parameters: {}}',
      'T: !ToJsonString {a: 1}',
      'U: !Length [1, 2]',
    ].join('\n');
    const { body } = parseTemplate(text, 't.yml');
    assert.deepEqual(body, {
      A: { Ref: 'Vpc' },
      B: { 'Fn::GetAtt': ['Lb', 'DNSName'] },
      C: { 'Fn::GetAtt': ['Child', 'Outputs.VpcId'] },
      D: { 'Fn::GetAtt': ['Lb', 'DNSName'] },
      E: { 'Fn::Sub': '${AWS::Region}-x' },
      F: { 'Fn::Sub': ['${a}', { a: { Ref: 'X' } }] },
      G: { 'Fn::Join': [',', ['a', 'b']] },
      H: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
      I: { 'Fn::Split': [',', 'a,b'] },
      J: { 'Fn::If': ['Cond', { Ref: 'A' }, { Ref: 'AWS::NoValue' }] },
      K: { 'Fn::Equals': [{ Ref: 'P' }, 'x'] },
      L: { 'Fn::Not': [{ Condition: 'C1' }] },
      M: { 'Fn::And': [{ Condition: 'C1' }, { Condition: 'C2' }] },
      N: { 'Fn::Or': [{ Condition: 'C1' }, { Condition: 'C2' }] },
      O: { 'Fn::FindInMap': ['Map', 'Top', 'Second'] },
      P: { 'Fn::ImportValue': 'exported-name' },
      Q: { 'Fn::Base64': 'hello' },
      R: { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] },
      S: { 'Fn::Transform': { Name: 'Macro', Parameters: {} } },
      T: { 'Fn::ToJsonString': { a: 1 } },
      U: { 'Fn::Length': [1, 2] },
    });
    assert.equal(Object.keys(SHORT_FORM_TAGS).length, 20);
  });

  it('reads the multi-line sequence form of !GetAtt used by the ECS reference architecture', () => {
    const { body } = parseTemplate('Endpoint: !GetAtt\n  - LifecycleHandlerFunction\n  - Arn\n', 't.yml');
    assert.deepEqual(body.Endpoint, { 'Fn::GetAtt': ['LifecycleHandlerFunction', 'Arn'] });
  });

  it('keeps numbers written in a non-canonical form as their text, as CloudFormation passes them on', () => {
    const { body } = parseTemplate('a: 1.0\nb: 000400\nc: 80\nd: 0.5\ne: true\nf: 2012-10-17\ng: ~\n', 't.yml');
    assert.deepEqual(body, { a: '1.0', b: '000400', c: 80, d: 0.5, e: true, f: '2012-10-17', g: null });
  });

  it('turns an unknown tag into an Fn:: call that resolution reports, instead of dropping it', () => {
    const { body } = parseTemplate('a: !Bogus x\n', 't.yml');
    assert.deepEqual(body.a, { 'Fn::Bogus': 'x' });
  });
});

describe('parseTemplate: locations', () => {
  const yaml = [
    'Resources:',
    '  Vpc:',
    '    Type: AWS::EC2::VPC',
    '    Properties:',
    '      CidrBlock: !Ref Cidr',
    '      Tags:',
    '        - Key: Name',
    '          Value: !GetAtt X.Y',
  ].join('\n');

  it('locates keys, list items and the inside of rewritten short forms', () => {
    const t = parseTemplate(yaml, 'vpc.yml');
    assert.equal(t.format, 'yaml');
    assert.deepEqual(t.locate(['Resources', 'Vpc']), { file: 'vpc.yml', line: 2, column: 3 });
    assert.deepEqual(t.locate(['Resources', 'Vpc', 'Properties', 'CidrBlock']), { file: 'vpc.yml', line: 5, column: 7 });
    assert.equal(t.locate(['Resources', 'Vpc', 'Properties', 'CidrBlock', 'Ref']).line, 5);
    assert.equal(t.locate(['Resources', 'Vpc', 'Properties', 'Tags', 0]).line, 7);
    assert.equal(t.locate(['Resources', 'Vpc', 'Properties', 'Tags', 0, 'Value', 'Fn::GetAtt', 1]).line, 8);
  });

  it('falls back to the nearest ancestor for paths that do not exist', () => {
    const t = parseTemplate(yaml, 'vpc.yml');
    assert.equal(t.locate(['Resources', 'Vpc', 'Properties', 'Missing', 'Deeper']).line, 4);
    assert.deepEqual(t.locate(['Nope']), { file: 'vpc.yml', line: 1, column: 1 });
  });

  it('keeps line numbers for JSON (read as YAML), tabs included', () => {
    const json = '{\n\t"Resources": {\n\t\t"Sg": {\n\t\t\t"Type": "AWS::EC2::SecurityGroup",\n\t\t\t"Properties": {"VpcId": {"Ref": "Vpc"}}\n\t\t}\n\t}\n}\n';
    const t = parseTemplate(json, 'sg.json');
    assert.equal(t.format, 'json');
    assert.deepEqual(t.body, { Resources: { Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { VpcId: { Ref: 'Vpc' } } } } });
    assert.equal(t.locate(['Resources', 'Sg']).line, 3);
    assert.equal(t.locate(['Resources', 'Sg', 'Properties', 'VpcId']).line, 5);
  });
});

describe('parseTemplate: errors', () => {
  it('throws EcsnetError (exit code 2) with file, line and column for YAML syntax errors', () => {
    try {
      parseTemplate('Resources:\n  A: [1, 2\n  B: 3\n', 'broken.yml');
      assert.fail('expected a syntax error');
    } catch (error) {
      assert.ok(error instanceof EcsnetError);
      assert.equal(error.exitCode, 2);
      const d = error.diagnostics[0];
      assert.equal(d?.code, 'yaml-syntax');
      assert.equal(d?.file, 'broken.yml');
      assert.match(d?.message ?? '', /Flow sequence/);
      assert.equal(d?.line, 3);
      assert.equal(d?.column, 3);
    }
  });

  it('refuses duplicate keys, an empty file and a top level that is not a mapping', () => {
    assert.throws(
      () => parseTemplate('a: 1\na: 2\n', 'dup.yml'),
      (e: unknown) => e instanceof EcsnetError && e.diagnostics[0]?.line === 2,
    );
    assert.throws(
      () => parseTemplate('', 'empty.yml'),
      (e: unknown) => e instanceof EcsnetError && e.exitCode === 2 && /empty/.test(e.message),
    );
    assert.throws(
      () => parseTemplate('- a\n- b\n', 'list.yml'),
      (e: unknown) => e instanceof EcsnetError && e.diagnostics[0]?.code === 'invalid-template',
    );
  });
});

describe('parseTemplate: ECS task definition JSON', () => {
  const registerInput = JSON.stringify(
    {
      family: 'web-app_v2',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [
        {
          name: 'web',
          image: 'nginx',
          portMappings: [{ containerPort: 80, hostPort: 80, protocol: 'tcp' }],
          dockerLabels: { 'com.example.team': 'web', lowerCase: 'kept' },
          logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': 'g', 'awslogs-region': 'us-east-1' } },
          environment: [{ name: 'A', value: '1' }],
          ulimits: [{ name: 'nofile', softLimit: 1024, hardLimit: 4096 }],
          linuxParameters: { capabilities: { add: ['NET_ADMIN'] } },
          dependsOn: [{ containerName: 'envoy', condition: 'HEALTHY' }],
        },
      ],
      volumes: [{ name: 'efs', efsVolumeConfiguration: { fileSystemId: 'fs-1', authorizationConfig: { iam: 'ENABLED', accessPointId: 'fsap-1' } } }],
      proxyConfiguration: { type: 'APPMESH', containerName: 'envoy', properties: [{ name: 'AppPorts', value: '80' }] },
    },
    null,
    2,
  );

  it('detects register-task-definition input and names the resource after the family', () => {
    const t = parseTemplate(registerInput, 'web.json');
    assert.equal(t.format, 'task-definition');
    const resources = t.body.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
    assert.deepEqual(Object.keys(resources), ['webappv2']);
    const r = resources.webappv2;
    assert.equal(r?.Type, 'AWS::ECS::TaskDefinition');
    const p = r?.Properties ?? {};
    assert.equal(p.Family, 'web-app_v2');
    assert.equal(p.NetworkMode, 'awsvpc');
    assert.deepEqual(p.RequiresCompatibilities, ['FARGATE']);
    const c = (p.ContainerDefinitions as Record<string, unknown>[])[0] ?? {};
    assert.deepEqual(c.PortMappings, [{ ContainerPort: 80, HostPort: 80, Protocol: 'tcp' }]);
    assert.deepEqual(c.DockerLabels, { 'com.example.team': 'web', lowerCase: 'kept' });
    assert.deepEqual(c.LogConfiguration, { LogDriver: 'awslogs', Options: { 'awslogs-group': 'g', 'awslogs-region': 'us-east-1' } });
    assert.deepEqual(c.Environment, [{ Name: 'A', Value: '1' }]);
    assert.deepEqual(c.Ulimits, [{ Name: 'nofile', SoftLimit: 1024, HardLimit: 4096 }]);
    assert.deepEqual(c.LinuxParameters, { Capabilities: { Add: ['NET_ADMIN'] } });
    assert.deepEqual(c.DependsOn, [{ ContainerName: 'envoy', Condition: 'HEALTHY' }]);
    assert.deepEqual(p.Volumes, [{ Name: 'efs', EFSVolumeConfiguration: { FilesystemId: 'fs-1', AuthorizationConfig: { IAM: 'ENABLED', AccessPointId: 'fsap-1' } } }]);
    assert.deepEqual(p.ProxyConfiguration, { Type: 'APPMESH', ContainerName: 'envoy', ProxyConfigurationProperties: [{ Name: 'AppPorts', Value: '80' }] });
  });

  it('maps converted properties to the lines of the original fields', () => {
    const t = parseTemplate(registerInput, 'web.json');
    const line = (needle: string) => registerInput.split('\n').findIndex((l) => l.includes(needle)) + 1;
    assert.equal(t.locate(['Resources', 'webappv2', 'Properties', 'NetworkMode']).line, line('"networkMode"'));
    assert.equal(t.locate(['Resources', 'webappv2', 'Properties', 'ContainerDefinitions', 0, 'PortMappings', 0, 'ContainerPort']).line, line('"containerPort"'));
    assert.equal(t.locate(['Resources', 'webappv2']).line, line('"family"'));
  });

  it('reads describe-task-definition output and drops the fields AWS sets', () => {
    const described = JSON.stringify({
      taskDefinition: {
        taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/api:3',
        family: 'api',
        revision: 3,
        status: 'ACTIVE',
        requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.docker-remote-api.1.18' }],
        compatibilities: ['EC2', 'FARGATE'],
        registeredAt: '2024-01-01T00:00:00Z',
        registeredBy: 'arn:aws:iam::123456789012:root',
        containerDefinitions: [{ name: 'api', image: 'api:1' }],
      },
      tags: [{ key: 'team', value: 'a' }],
    });
    const t = parseTemplate(described, 'api.json');
    assert.equal(t.format, 'task-definition');
    const props = (t.body.Resources as Record<string, { Properties: Record<string, unknown> }>).api?.Properties;
    assert.deepEqual(props, { Family: 'api', ContainerDefinitions: [{ Name: 'api', Image: 'api:1' }], Tags: [{ Key: 'team', Value: 'a' }] });
  });

  it('does not take a CloudFormation template for a task definition', () => {
    const t = parseTemplate('{"Resources": {"T": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"ContainerDefinitions": []}}}}', 'cfn.json');
    assert.equal(t.format, 'json');
  });
});

/**
 * The enumerations of AWS's resource specification (the registry schemas' `enum`, carried by
 * @aws-cdk/aws-service-spec as `allowedValues`): they are in the index, and resolved values
 * outside them are refused at the property, also when a parameter supplies them. Where the
 * schema lags the service, the hand-written rule decides.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadSpecIndex } from '../../../src/spec/load-spec.js';
import { definitionSpec, resourceSpec, type TypeDescriptor } from '../../../src/spec/spec-index.js';
import { findingsWithCode, importText } from '../../helpers/import-text.js';

const TEMPLATE = `Parameters:
  Traffic: { Type: String, Default: ALL }
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: { CidrBlock: 10.0.0.0/16 }
  Logs:
    Type: AWS::EC2::FlowLog
    Properties:
      ResourceId: !Ref Vpc
      ResourceType: VPC
      TrafficType: !Ref Traffic # here
      LogDestinationType: s3
      LogDestination: arn:aws:s3:::flow-logs
  Cluster:
    Type: AWS::ECS::Cluster
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      ContainerDefinitions: [{ Name: app, Image: nginx, Memory: 128 }]
  Service:
    Type: AWS::ECS::Service
    Properties:
      Cluster: !Ref Cluster
      TaskDefinition: !Ref Task
      PropagateTags: NONE
      DeploymentController: { Type: ECS }
`;

const line = TEMPLATE.split('\n').findIndex((l) => l.includes('# here')) + 1;

describe("the specification's allowed values", () => {
  const spec = loadSpecIndex();

  it('are in the index, for properties and for nested structures', () => {
    assert.deepEqual(resourceSpec(spec, 'AWS::EC2::FlowLog')?.properties['TrafficType']?.allowedValues, ['ACCEPT', 'ALL', 'REJECT']);
    const service = resourceSpec(spec, 'AWS::ECS::Service');
    assert.deepEqual([...(service?.properties['SchedulingStrategy']?.allowedValues ?? [])].sort(), ['DAEMON', 'REPLICA']);
    const strategies = service?.properties['PlacementStrategies']?.type as { list: TypeDescriptor };
    const strategy = definitionSpec(spec, (strategies.list as { def: string }).def);
    assert.deepEqual([...(strategy?.properties['Type']?.allowedValues ?? [])].sort(), ['binpack', 'random', 'spread']);
    assert.equal(resourceSpec(spec, 'AWS::EC2::VPC')?.properties['CidrBlock']?.allowedValues, undefined, 'free-form strings have none');
  });

  it('accept the values they list (ALL from the parameter default)', () => {
    assert.deepEqual(findingsWithCode(importText({ 'a.yml': TEMPLATE }, {}, true), 'value-not-allowed'), []);
  });

  it('refuse a value from a parameter at the property that uses it, with the case-sensitive spelling as the hint', () => {
    const found = findingsWithCode(importText({ 'a.yml': TEMPLATE }, { Traffic: 'all' }, true), 'value-not-allowed');
    assert.deepEqual(
      found.map((d) => [d.logicalId, d.path, d.line, d.hint]),
      [['Logs', 'Properties.TrafficType', line, 'write ALL (the value is case-sensitive)']],
    );
    assert.match(found[0]?.message ?? '', /"all" is not one of the values AWS::EC2::FlowLog allows here \(ACCEPT, ALL, REJECT\)/);
    assert.equal(findingsWithCode(importText({ 'a.yml': TEMPLATE }, { Traffic: 'SOME' }, true), 'value-not-allowed')[0]?.hint, 'use one of ACCEPT, ALL, REJECT');
  });

  it('yield to the hand-written rule where the schema lags ECS (PropagateTags NONE is valid)', () => {
    const propagate = resourceSpec(loadSpecIndex(), 'AWS::ECS::Service')?.properties['PropagateTags']?.allowedValues;
    assert.ok(propagate && !propagate.includes('NONE'), 'the schema still lacks NONE; drop this test and the override once it has it');
    const result = importText({ 'a.yml': TEMPLATE }, {}, true);
    assert.deepEqual(
      result.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
  });
});

/**
 * Custom resource attributes whose meaning their name gives: zone lists (an AZ selector), listener
 * ARNs and rule priorities (copilot's functions), and the exports copilot's environment
 * controller forwards from the environment stack. Anything else stays an opaque stand-in.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { propsOf, resolveFiles, resolveOne, resourceOf } from './helpers.js';

describe('custom resource attributes', () => {
  it("a zone list is the region's zones, so Fn::Select gives each subnet a real zone", () => {
    const r = resolveOne(
      `
Resources:
  Zones: { Type: Custom::AvailabilityZoneSelector, Properties: { ServiceToken: arn:aws:lambda:eu-west-1:123456789012:function:az } }
  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }
  Subnet:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24, AvailabilityZone: !Select [1, !GetAtt Zones.ZoneNames] }
`,
      { region: 'eu-west-1' },
    );
    assert.deepEqual(
      r.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    assert.equal(propsOf(r, 'test', 'Subnet').AvailabilityZone, 'eu-west-1b');
    assert.equal(resourceOf(r, 'test', 'Zones').attributes.ZoneNames?.toString(), 'eu-west-1a,eu-west-1b,eu-west-1c');
  });

  it('a …ListenerArn is shaped as a listener ARN and a Priority is a rule priority; other attributes stay opaque', () => {
    const r = resolveOne(`
Resources:
  Env: { Type: Custom::Env, Properties: { ServiceToken: arn:aws:lambda:us-east-1:123456789012:function:env } }
  Rule:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !GetAtt Env.InternalHTTPListenerArn
      Priority: !GetAtt Env.Priority
      Conditions: [{ Field: path-pattern, Values: ['/a'] }]
      Actions: [{ Type: fixed-response, FixedResponseConfig: { StatusCode: '200' } }]
  Other: { Type: AWS::SSM::Parameter, Properties: { Type: String, Value: !GetAtt Env.Token } }
`);
    const rule = propsOf(r, 'test', 'Rule');
    assert.match(String(rule.ListenerArn), /^arn:aws:elasticloadbalancing:us-east-1:123456789012:listener\/app\/internal\/[0-9a-f]{16}\/[0-9a-f]{16}$/);
    assert.ok(Number.isInteger(rule.Priority) && (rule.Priority as number) >= 1 && (rule.Priority as number) <= 50000);
    assert.match(String(resourceOf(r, 'test', 'Rule').physicalId), /:listener-rule\/app\/internal\//);
    assert.match(String(propsOf(r, 'test', 'Other').Value), /^token-[0-9a-f]{12}$/);
  });

  it("copilot's environment controller returns the environment stack's exports when that stack is given", () => {
    const env = `
Resources:
  Listener: { Type: AWS::ElasticLoadBalancingV2::Listener, Properties: { LoadBalancerArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/lb/0123456789abcdef, Port: 80, Protocol: HTTP, DefaultActions: [{ Type: fixed-response, FixedResponseConfig: { StatusCode: '200' } }] } }
Outputs:
  InternalHTTPListenerArn: { Value: !Ref Listener, Export: { Name: !Sub '\${AWS::StackName}-InternalHTTPListenerArn' } }
`;
    const service = `
Resources:
  EnvControllerAction: { Type: Custom::EnvControllerFunction, Properties: { ServiceToken: arn:aws:lambda:us-east-1:123456789012:function:c, EnvStack: app-env } }
  Param: { Type: AWS::SSM::Parameter, Properties: { Type: String, Value: !GetAtt EnvControllerAction.InternalHTTPListenerArn } }
`;
    const r = resolveFiles({ 'env.yml': env, 'svc.yml': service }, ['app-env=env.yml', 'svc=svc.yml']);
    assert.deepEqual(
      r.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    assert.equal(propsOf(r, 'svc', 'Param').Value, resourceOf(r, 'app-env', 'Listener').physicalId);
  });
});

/**
 * tasks-not-placed and the EC2 image pull on the EC2 fixture; target-group-health-check-port,
 * alb-subnet-headroom, single-az of a load balancer and the load balancer's own open listener
 * on the ALB fixture.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFixture, lineOf, where } from './analyze-fixture.js';

const EC2 = 'ec2.yml';
const ALB = 'alb.yml';

describe('tasks-not-placed', () => {
  const desiredLine = lineOf(EC2, 'DesiredCount: !Ref DesiredCount');

  it('a third awsvpc task on one c5.large fails with RESOURCE:ENI, and the hint has the numbers', () => {
    const findings = analyzeFixture(EC2, { DesiredCount: '3' });
    assert.deepEqual(where(findings, 'tasks-not-placed'), [`error Service:${desiredLine}`]);
    const finding = findings.find((d) => d.code === 'tasks-not-placed')!;
    assert.match(finding.message, /places 2 of 3 tasks: 1 fail from task 3 with RESOURCE:ENI/);
    assert.match(finding.hint!, /turn on awsvpcTrunking \(c5\.large: 2 → 10 tasks per instance\)/);
    assert.match(finding.hint!, /c5\.xlarge: 3 awsvpc tasks without trunking/);
    assert.match(finding.hint!, /run 2 c5\.large instances for the 3 awsvpc tasks/);
  });

  it('two tasks fit; so do three with trunking on', () => {
    assert.deepEqual(where(analyzeFixture(EC2), 'tasks-not-placed'), []);
    assert.deepEqual(where(analyzeFixture(EC2, { DesiredCount: '3' }, { trunking: true }), 'tasks-not-placed'), []);
  });
});

describe('no-route-to-image-registry on EC2', () => {
  it('the agent pulls through the instance: no public IP behind an internet gateway means no pull', () => {
    const findings = analyzeFixture(EC2, { PublicIps: 'false' });
    assert.deepEqual(where(findings, 'no-route-to-image-registry'), [`error Service:${lineOf(EC2, 'Service:')}`]);
    assert.match(findings.find((d) => d.code === 'no-route-to-image-registry')!.message, /container instances \(where the agent pulls\) in subnets SubnetA/);
    assert.deepEqual(where(analyzeFixture(EC2), 'no-route-to-image-registry'), []);
  });
});

describe('single-az on EC2', () => {
  it('bridge tasks all on the one instance of one AZ; spread once there are instances in two', () => {
    assert.deepEqual(where(analyzeFixture(EC2, { BridgeCount: '2' }), 'single-az'), [`warning BridgeService:${lineOf(EC2, 'BridgeService:')}`]);
    assert.deepEqual(where(analyzeFixture(EC2, { BridgeCount: '2', InstanceCount: '2' }), 'single-az'), []);
  });
});

describe('load balancer findings', () => {
  it('a health-check port no container maps is a note at HealthCheckPort', () => {
    const findings = analyzeFixture(ALB, { HealthCheckPort: '9090' });
    assert.deepEqual(where(findings, 'target-group-health-check-port'), [`info TargetGroup:${lineOf(ALB, 'HealthCheckPort: !Ref HealthCheckPort')}`]);
    assert.deepEqual(where(analyzeFixture(ALB, { HealthCheckPort: '8080' }), 'target-group-health-check-port'), []);
    assert.deepEqual(where(analyzeFixture(ALB), 'target-group-health-check-port'), []);
  });

  it('port 80 open to the internet on the load balancer itself is expected', () => {
    assert.deepEqual(where(analyzeFixture(ALB), 'open-to-internet'), []);
  });

  it('an ALB subnet left with fewer than 8 free addresses', () => {
    const findings = analyzeFixture(ALB, { SubnetACidr: '10.2.0.0/28', DesiredCount: '6' });
    assert.deepEqual(where(findings, 'alb-subnet-headroom'), [`warning SubnetA:${lineOf(ALB, 'CidrBlock: !Ref SubnetACidr')}`]);
    assert.match(findings.find((d) => d.code === 'alb-subnet-headroom')!.message, /keeps 7 free addresses; AWS asks for at least 8/);
    assert.deepEqual(where(analyzeFixture(ALB, { SubnetACidr: '10.2.0.0/28' }), 'alb-subnet-headroom'), []);
  });

  it('all targets in one AZ: the load balancer and the service are single-AZ', () => {
    const findings = analyzeFixture(ALB, { OneZone: 'yes' });
    assert.deepEqual(where(findings, 'single-az'), [
      `warning LoadBalancer:${lineOf(ALB, 'LoadBalancer:', 'TaskSecurityGroup:')}`,
      `warning Service:${lineOf(ALB, 'Subnets: !If')}`,
    ]);
    assert.deepEqual(where(analyzeFixture(ALB), 'single-az'), []);
  });
});

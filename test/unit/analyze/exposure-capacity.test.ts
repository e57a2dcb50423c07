/**
 * open-to-internet, subnet-exhaustion, single-az and nat-gateway-single-az on the Fargate
 * fixture: each test changes one parameter (the open rule, the subnet size, the second AZ).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFixture, lineOf, where } from './analyze-fixture.js';

const F = 'fargate.yml';
const openRuleLine = lineOf(F, 'FromPort: !Ref OpenPort');
const subnetALine = lineOf(F, 'CidrBlock: !Ref AppCidrA');
const subnetsLine = lineOf(F, 'Subnets: [!Ref AppSubnetA', 'Service:');
const natRouteLine = lineOf(F, 'AppNatRoute:');

describe('open-to-internet', () => {
  it('SSH from 0.0.0.0/0 on a task ENI is an error at the rule', () => {
    const findings = analyzeFixture(F, { Egress: 'nat', OpenPort: '22', OpenCidr: '0.0.0.0/0' });
    assert.deepEqual(where(findings, 'open-to-internet'), [`error AppSecurityGroup:${openRuleLine}`]);
    const finding = findings.find((d) => d.code === 'open-to-internet')!;
    assert.equal(finding.path, 'Properties.SecurityGroupIngress[1]');
    assert.match(finding.message, /admits tcp 22 from 0\.0\.0\.0\/0 and is attached to service Service: 22 \(SSH\)/);
  });

  it('a database port from ::/0 is an error, any other port a warning', () => {
    assert.deepEqual(where(analyzeFixture(F, { Egress: 'nat', OpenPort: '5432', OpenCidr: '0.0.0.0/0' }), 'open-to-internet'), [`error AppSecurityGroup:${openRuleLine}`]);
    assert.deepEqual(where(analyzeFixture(F, { Egress: 'nat', OpenPort: '9000', OpenCidr: '0.0.0.0/0' }), 'open-to-internet'), [`warning AppSecurityGroup:${openRuleLine}`]);
  });

  it('all traffic from anywhere is an error; ICMP from anywhere only a warning (the sensitive ports are TCP)', () => {
    const all = analyzeFixture(F, { Egress: 'nat', OpenProtocol: '-1', OpenPort: '-1', OpenCidr: '0.0.0.0/0' });
    assert.deepEqual(where(all, 'open-to-internet'), [`error AppSecurityGroup:${openRuleLine}`]);
    assert.match(all.find((d) => d.code === 'open-to-internet')!.message, /admits all traffic from 0\.0\.0\.0\/0 .*22 \(SSH\), 1433 \(SQL Server\), 3306 \(MySQL\), 3389 \(RDP\)/);
    const icmp = analyzeFixture(F, { Egress: 'nat', OpenProtocol: 'icmp', OpenPort: '-1', OpenCidr: '0.0.0.0/0' });
    assert.deepEqual(where(icmp, 'open-to-internet'), [`warning AppSecurityGroup:${openRuleLine}`]);
  });

  it('the same port from the VPC CIDR is fine', () => {
    assert.deepEqual(where(analyzeFixture(F, { Egress: 'nat', OpenPort: '22' }), 'open-to-internet'), []);
  });
});

describe('subnet-exhaustion', () => {
  it('a /28 that the service fills before doubling is named with the count', () => {
    const findings = analyzeFixture(F, { Egress: 'nat', AppCidrA: '10.0.1.0/28', DesiredCount: '16' });
    assert.deepEqual(where(findings, 'subnet-exhaustion'), [`warning AppSubnetA:${subnetALine}`]);
    // 11 usable in the /28 (8 tasks now) and 251 in the /24 (8 tasks): the spread fills the /28 at 8 + 3 + 10 more = 21.
    assert.match(findings.find((d) => d.code === 'subnet-exhaustion')!.message, /Service runs out at 21 tasks \(now 16\)/);
  });

  it('a /24 with room for many times the service finds nothing', () => {
    assert.deepEqual(where(analyzeFixture(F, { Egress: 'nat', DesiredCount: '16' }), 'subnet-exhaustion'), []);
  });

  it('a subnet with under 10% free is reported even without growth', () => {
    // Two /28s (11 usable each) with 21 tasks spread over them: at most one address left in each, under 10%.
    const findings = analyzeFixture(F, { Egress: 'nat', AppCidrA: '10.0.1.0/28', AppCidrB: '10.0.2.0/28', DesiredCount: '21' });
    const messages = findings.filter((d) => d.code === 'subnet-exhaustion').map((d) => d.message);
    assert.equal(messages.length, 2);
    assert.ok(
      messages.every((m) => /only \d+ of 11 usable addresses are free/.test(m)),
      messages.join('\n'),
    );
  });
});

describe('single-az and nat-gateway-single-az', () => {
  it('a service whose subnets are all in one AZ', () => {
    assert.deepEqual(where(analyzeFixture(F, { Egress: 'nat', SecondZone: 'us-east-1a' }), 'single-az'), [`warning Service:${subnetsLine}`]);
    assert.deepEqual(where(analyzeFixture(F, { Egress: 'nat' }), 'single-az'), []);
  });

  it('subnets of another AZ behind the only NAT gateway, reported at the route', () => {
    const findings = analyzeFixture(F, { Egress: 'nat' });
    assert.deepEqual(where(findings, 'nat-gateway-single-az'), [`warning AppNatRoute:${natRouteLine}`]);
    assert.match(findings.find((d) => d.code === 'nat-gateway-single-az')!.message, /sends subnets AppSubnetB \(us-east-1b\) to NAT gateway Nat in us-east-1a/);
    assert.deepEqual(where(analyzeFixture(F, { Egress: 'nat', SecondZone: 'us-east-1a' }), 'nat-gateway-single-az'), []);
  });
});

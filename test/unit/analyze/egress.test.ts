/**
 * no-route-to-image-registry, no-route-to-logs and public-ip-in-private-route on the Fargate
 * fixture: each test changes one parameter (egress, endpoints, image, public IP).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { imageSource } from '../../../src/analyze/index.js';
import { analyzeFixture, lineOf, where } from './analyze-fixture.js';

const F = 'fargate.yml';
const subnetsLine = lineOf(F, 'Subnets: [!Ref AppSubnetA', 'Service:');
const logDriverLine = lineOf(F, 'LogDriver: awslogs');
const assignLine = lineOf(F, 'AssignPublicIp: !Ref AssignPublicIp');

describe('imageSource', () => {
  it('tells private ECR from registries that need the internet', () => {
    assert.deepEqual(imageSource('123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1'), { kind: 'private-ecr', region: 'eu-west-1' });
    assert.deepEqual(imageSource('public.ecr.aws/docker/library/nginx:latest'), { kind: 'internet', registry: 'public.ecr.aws' });
    assert.deepEqual(imageSource('nginx'), { kind: 'internet', registry: 'docker.io' });
    assert.deepEqual(imageSource('bitnami/redis:7'), { kind: 'internet', registry: 'docker.io' });
    assert.deepEqual(imageSource('ghcr.io/org/app'), { kind: 'internet', registry: 'ghcr.io' });
  });
});

describe('no-route-to-image-registry', () => {
  it('a private ECR image in subnets with no default route and no endpoints cannot be pulled', () => {
    const findings = analyzeFixture(F);
    assert.deepEqual(where(findings, 'no-route-to-image-registry'), [`error Service:${subnetsLine}`]);
    const finding = findings.find((d) => d.code === 'no-route-to-image-registry')!;
    assert.equal(finding.path, 'Properties.NetworkConfiguration.AwsvpcConfiguration.Subnets');
    assert.match(finding.message, /subnets AppSubnetA, AppSubnetB have no internet/);
    assert.match(finding.message, /the VPC lacks interface endpoints for ecr\.api and ecr\.dkr \(private DNS on\) and the S3 gateway endpoint on its route table/);
  });

  it('a NAT route, or the ECR and S3 endpoints, let it pull', () => {
    assert.deepEqual(where(analyzeFixture(F, { Egress: 'nat' }), 'no-route-to-image-registry'), []);
    assert.deepEqual(where(analyzeFixture(F, { Endpoints: 'ecr' }), 'no-route-to-image-registry'), []);
  });

  it("endpoints whose security group refuses the tasks' HTTPS do not count", () => {
    const findings = analyzeFixture(F, { Endpoints: 'ecr', EndpointCidr: '192.168.0.0/16' });
    assert.deepEqual(where(findings, 'no-route-to-image-registry'), [`error Service:${subnetsLine}`]);
    const finding = findings.find((d) => d.code === 'no-route-to-image-registry')!;
    assert.match(
      finding.message,
      /the ecr\.api endpoint EcrApiEndpoint is there but its security group EndpointSecurityGroup does not admit TCP 443 from subnet AppSubnetA \(10\.0\.1\.0\/24\)/,
    );
    assert.match(finding.hint!, /admit TCP 443 from the tasks' security group/);
    assert.deepEqual(where(findings, 'no-route-to-logs'), [`warning TaskDefinition:${logDriverLine}`]);
    // A CIDR that holds only the first subnet still refuses the second.
    assert.match(analyzeFixture(F, { Endpoints: 'ecr', EndpointCidr: '10.0.1.0/24' }).find((d) => d.code === 'no-route-to-image-registry')!.message, /from subnet AppSubnetB/);
  });

  it('tasks whose security group does not let 443 out to the endpoints cannot use them', () => {
    const findings = analyzeFixture(F, { Endpoints: 'ecr', TaskEgressCidr: '10.9.0.0/16' });
    assert.match(findings.find((d) => d.code === 'no-route-to-image-registry')!.message, /the client's security groups AppSecurityGroup do not let TCP 443 out to it/);
    assert.deepEqual(where(analyzeFixture(F, { Endpoints: 'ecr', TaskEgressCidr: '10.0.0.0/16' }), 'no-route-to-image-registry'), []);
  });

  it('the endpoints do not help an image from a public registry', () => {
    const findings = analyzeFixture(F, { Endpoints: 'ecr', Image: 'public.ecr.aws/docker/library/nginx:latest' });
    assert.deepEqual(where(findings, 'no-route-to-image-registry'), [`error Service:${subnetsLine}`]);
    assert.match(findings[0]!.message, /public\.ecr\.aws\/docker\/library\/nginx:latest comes from outside private ECR in us-east-1/);
  });

  it('an ECR image of another region needs the internet too', () => {
    const findings = analyzeFixture(F, { Endpoints: 'ecr', Image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1' });
    assert.deepEqual(where(findings, 'no-route-to-image-registry'), [`error Service:${subnetsLine}`]);
  });

  it('an internet gateway route with a public IP is internet', () => {
    assert.deepEqual(where(analyzeFixture(F, { Egress: 'igw', AssignPublicIp: 'ENABLED' }), 'no-route-to-image-registry'), []);
  });
});

describe('no-route-to-logs', () => {
  it('awslogs with no internet and no logs endpoint is a warning at the log driver', () => {
    const findings = analyzeFixture(F);
    assert.deepEqual(where(findings, 'no-route-to-logs'), [`warning TaskDefinition:${logDriverLine}`]);
    assert.equal(findings.find((d) => d.code === 'no-route-to-logs')!.path, 'Properties.ContainerDefinitions[0].LogConfiguration.LogDriver');
  });

  it('the logs endpoint or a NAT route removes it', () => {
    assert.deepEqual(where(analyzeFixture(F, { Endpoints: 'ecr' }), 'no-route-to-logs'), []);
    assert.deepEqual(where(analyzeFixture(F, { Egress: 'nat' }), 'no-route-to-logs'), []);
  });
});

describe('public-ip-in-private-route', () => {
  it('no public IP in public subnets: an error, reported instead of the image finding', () => {
    const findings = analyzeFixture(F, { Egress: 'igw' });
    assert.deepEqual(where(findings, 'public-ip-in-private-route'), [`error Service:${assignLine}`]);
    assert.deepEqual(where(findings, 'no-route-to-image-registry'), []);
    assert.match(findings.find((d) => d.code === 'public-ip-in-private-route')!.message, /AppSubnetA \(AppRouteTable: 0\.0\.0\.0\/0 → internet-gateway\)/);
  });

  it('a public IP behind a NAT route is wasted: a warning', () => {
    assert.deepEqual(where(analyzeFixture(F, { Egress: 'nat', AssignPublicIp: 'ENABLED' }), 'public-ip-in-private-route'), [`warning Service:${assignLine}`]);
  });

  it('matching settings find nothing', () => {
    assert.deepEqual(where(analyzeFixture(F, { Egress: 'igw', AssignPublicIp: 'ENABLED' }), 'public-ip-in-private-route'), []);
    assert.deepEqual(where(analyzeFixture(F, { Egress: 'nat' }), 'public-ip-in-private-route'), []);
  });
});

/**
 * `ecsnet check` through the real CLI, in-process: the built-in example (a good architecture:
 * no error), the output and exit-code contract, and every corpus stack set (none crashes; a few
 * findings asserted where the templates justify them).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from '../../../src/diagnostics.js';
import { corpusSetArgs as argsOf, corpusSets } from '../../helpers/corpus.js';
import { runCli } from '../../helpers/run-cli.js';
import { fixturePath } from './analyze-fixture.js';

const sets = corpusSets;

const run = runCli;

interface CheckJson {
  ok: boolean;
  errors: number;
  warnings: number;
  notes: number;
  findings: Diagnostic[];
}

async function checkJson(argv: string[]): Promise<{ code: number; json: CheckJson }> {
  const result = await run(['check', '--json', ...argv]);
  return { code: result.code, json: JSON.parse(result.out) as CheckJson };
}

const codes = (json: CheckJson, severity?: string) =>
  json.findings
    .filter((d) => !severity || d.severity === severity)
    .map((d) => `${d.code} ${d.logicalId}`)
    .sort();

async function corpusSet(name: string, extra: string[] = []) {
  const set = sets.find((s) => s.name === name);
  assert.ok(set, name);
  return checkJson([...argsOf(set), ...extra]);
}

describe('ecsnet check', () => {
  it('the built-in example is a good architecture: no error, exit 0', async () => {
    const result = await run(['check']);
    assert.equal(result.code, 0, result.out + result.err);
    assert.match(result.out, /^ok: 9 service\(s\), 4 subnet\(s\), 0 error\(s\), \d+ warning\(s\), \d+ note\(s\)$/m);
    const { json } = await checkJson([]);
    assert.equal(json.ok, true);
    assert.deepEqual(codes(json, 'error'), []);
  });

  it("answers what-ifs: a service scaled past its subnets' room, one that no longer fits", async () => {
    const { code, json } = await checkJson(['--scale', 'ServiceA=4500', '--scale', 'CatalogService=20']);
    assert.equal(code, 1);
    assert.deepEqual(codes(json, 'error'), ['tasks-not-placed CatalogService']);
    assert.deepEqual(codes(json, 'warning'), ['subnet-exhaustion PrivateSubnetOne', 'subnet-exhaustion PrivateSubnetTwo']);
    assert.equal((await run(['check', '--scale', 'NoSuchService=3'])).code, 2);
  });

  it('groups findings by severity, ends with a summary and exits 1 on errors', async () => {
    const result = await run(['check', fixturePath('fargate.yml')]);
    assert.equal(result.code, 1);
    const lines = result.out.trimEnd().split('\n');
    assert.equal(lines[0], 'Errors:');
    assert.match(lines[1]!, /^ {2}\/.*fargate\.yml:\d+:\d+: error \[no-route-to-image-registry\] fargate\.Service /);
    assert.equal(lines[2], 'Warnings:');
    assert.match(lines[3]!, /warning \[no-route-to-logs\] fargate\.TaskDefinition /);
    assert.equal(lines.at(-1), 'fails: 1 service(s), 3 subnet(s), 1 error(s), 1 warning(s), 0 note(s)');
  });

  it('--json lists every finding with its location', async () => {
    const { code, json } = await checkJson([fixturePath('fargate.yml'), '--param', 'Egress=nat']);
    assert.equal(code, 0);
    assert.equal(json.ok, true);
    assert.deepEqual(codes(json), ['nat-gateway-single-az AppNatRoute']);
    assert.equal(json.findings[0]!.file, fixturePath('fargate.yml'));
    assert.equal(typeof json.findings[0]!.line, 'number');
  });

  it('--help, bad options and missing files', async () => {
    const help = await run(['check', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /^Usage: ecsnet check/);
    assert.match(help.out, /no-route-to-image-registry/);
    assert.equal((await run(['check', '--bogus'])).code, 2);
    assert.equal((await run(['check', '/nonexistent/x.yml'])).code, 2);
    assert.match((await run(['--help'])).out, /^ {2}check {2,}what breaks before deploy/m);
  });

  for (const set of sets) {
    it(`${set.name}: runs, exit code matches its errors`, async () => {
      const { code, json } = await corpusSet(set.name);
      assert.equal(code, json.errors > 0 ? 1 : 0);
      assert.equal(json.errors, json.findings.filter((d) => d.severity === 'error').length);
      for (const d of json.findings) assert.ok(d.file && d.line && d.logicalId, `${d.code} is located`);
    });
  }

  it('isolated VPC: the ECR and S3 endpoints serve a private ECR image; the public image of the set cannot be pulled', async () => {
    // The set passes public.ecr.aws/...nginx, which no VPC endpoint reaches (ECR Public has none) and the VPC has no NAT.
    const asGiven = await corpusSet('container-patterns/isolated-vpc-no-nat');
    assert.deepEqual(codes(asGiven.json), ['no-route-to-image-registry Service']);
    assert.match(asGiven.json.findings[0]!.message, /public\.ecr\.aws\/docker\/library\/nginx:latest comes from outside private ECR/);
    const privateImage = await corpusSet('container-patterns/isolated-vpc-no-nat', ['--param', 'private-service.ImageUri=123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest']);
    assert.equal(privateImage.code, 0);
    // It also has the logs endpoint, so awslogs works.
    assert.deepEqual(codes(privateImage.json), []);
  });

  it('Fargate private-subnet service of aws-cloudformation-templates assigns public IPs behind NAT gateways', async () => {
    const { json } = await corpusSet('cloudformation-templates/fargate-private-vpc-service');
    assert.deepEqual(codes(json), ['public-ip-in-private-route Service']);
    assert.equal(json.findings[0]!.severity, 'warning');
  });

  it('the EC2 web service given without its cluster stack has no container instances to run on', async () => {
    const { code, json } = await corpusSet('container-patterns/public-facing-web-ec2');
    assert.equal(code, 1);
    assert.deepEqual(codes(json, 'error'), ['tasks-not-placed Service']);
    assert.match(json.findings[0]!.message, /places 0 of 2 tasks: 2 fail from task 1 with no container instances/);
  });

  it('ecs-refarch (NAT gateway per AZ, bridge services on EC2) has no error', async () => {
    const { code, json } = await corpusSet('ecs-refarch-cloudformation');
    assert.equal(code, 0);
    assert.deepEqual(codes(json, 'error'), []);
  });
});

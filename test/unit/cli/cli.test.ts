import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../../helpers/run-cli.js';

const run = (...argv: string[]) => runCli(argv);

const dir = mkdtempSync(join(tmpdir(), 'ecsnet-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('ecsnet CLI', () => {
  it('prints help for the tool and for each command', async () => {
    const top = await run('--help');
    assert.equal(top.code, 0);
    assert.match(top.out, /validate .*deploy time/);
    for (const command of ['validate', 'show']) {
      const help = await run(command, '--help');
      assert.equal(help.code, 0);
      assert.match(help.out, new RegExp(`Usage: ecsnet ${command}`));
      assert.match(help.out, /--param/);
    }
  });

  it('exits 2 on an unknown command, an unknown option and a missing file', async () => {
    assert.equal((await run('frobnicate')).code, 2);
    const option = await run('validate', '--frob');
    assert.equal(option.code, 2);
    assert.match(option.err, /--frob/);
    const missing = await run('validate', join(dir, 'nope.yml'));
    assert.equal(missing.code, 2);
    assert.match(missing.err, /nope\.yml: no such file/);
  });

  it('exits 2 with the line on a YAML syntax error', async () => {
    const file = join(dir, 'broken.yml');
    writeFileSync(file, 'Resources:\n  Vpc:\n    Type: [unclosed\n');
    const result = await run('validate', file);
    assert.equal(result.code, 2);
    assert.match(result.err, /broken\.yml:\d+/);
  });

  it('validates the built-in example', async () => {
    const result = await run('validate');
    assert.equal(result.code, 0, result.out + result.err);
    assert.match(result.out, /valid: 2 stack\(s\), \d+ resource\(s\), 0 error\(s\)/);
  });

  it('exits 1 on findings, naming file, line and logical id', async () => {
    const file = join(dir, 'bad.yml');
    writeFileSync(
      file,
      [
        'Resources:',
        '  Vpc:',
        '    Type: AWS::EC2::VPC',
        '    Properties: { CidrBlock: 10.0.0.0/16 }',
        '  Subnet:',
        '    Type: AWS::EC2::Subnet',
        '    Properties:',
        '      VpcId: !Ref Vpc',
        '      CidrBlock: 192.168.0.0/24',
        '',
      ].join('\n'),
    );
    const result = await run('validate', file);
    assert.equal(result.code, 1);
    assert.match(result.out, /bad\.yml:9:\d+: error \[subnet-outside-vpc\] bad\.Subnet Properties\.CidrBlock: /);
    const json = JSON.parse((await run('validate', '--json', file)).out);
    assert.equal(json.valid, false);
    assert.equal(json.diagnostics[0].logicalId, 'Subnet');
    assert.equal(json.diagnostics[0].line, 9);
  });

  it('shows the example as a tree and as JSON with the documented fields', async () => {
    const tree = await run('show');
    assert.equal(tree.code, 0);
    assert.match(tree.out, /VPC network\.Vpc vpc-[0-9a-f]{17} 10\.0\.0\.0\/16/);
    assert.match(tree.out, /public {2}network\.PublicSubnetOne 10\.0\.0\.0\/24/);
    assert.match(tree.out, /private network\.PrivateSubnetOne 10\.0\.16\.0\/20 routes: 0\.0\.0\.0\/0 → nat-gateway network\.NatGatewayOne/);
    assert.match(tree.out, /user \(app\.UserService\): FARGATE awsvpc, desired 2/);
    assert.match(tree.out, /ALB app\.PublicLoadBalancer:80\/HTTP \/api\/user\/\* \(priority 10\)/);
    const model = JSON.parse((await run('show', '--json')).out);
    const subnets = model.vpcs[0].subnets.map((s: { cidr: string; az: string; public: boolean }) => [s.cidr, s.az, s.public]);
    assert.deepEqual(subnets, [
      ['10.0.0.0/24', 'us-east-1a', true],
      ['10.0.1.0/24', 'us-east-1b', true],
      ['10.0.16.0/20', 'us-east-1a', false],
      ['10.0.32.0/20', 'us-east-1b', false],
    ]);
    const services = Object.fromEntries(
      model.services.map((s: { name: string; launchType: string; networkMode: string; desiredCount: number }) => [s.name, [s.launchType, s.networkMode, s.desiredCount]]),
    );
    assert.deepEqual(services.catalog, ['EC2', 'bridge', 3]);
    assert.deepEqual(services.user, ['FARGATE', 'awsvpc', 2]);
    assert.deepEqual(services['node-exporter'], ['EC2', 'host', 0]);
  });

  it('plans the example and answers a what-if with ECS reasons', async () => {
    const plan = await run('plan');
    assert.equal(plan.code, 0, plan.err);
    assert.match(plan.out, /app\.ContainerInstances#0 +c5\.large/);
    const json = JSON.parse((await run('plan', '--json', '--scale', 'CatalogService=20')).out);
    const catalog = json.services.find((s: { logicalId: string }) => s.logicalId === 'CatalogService');
    assert.equal(catalog.desired, 20);
    assert.equal(catalog.placed, 16, 'two c5.large have 4096 CPU units; each catalog task takes 256, node-exporter none');
    assert.deepEqual(catalog.reasons, ['RESOURCE:CPU']);
    assert.equal((await run('plan', '--scale', 'CatalogService=20')).code, 1);
    assert.equal((await run('plan', '--trunking', 'maybe')).code, 2);
    assert.equal((await run('plan', '--scale', 'CatalogService=lots')).code, 2);
    const unknown = await run('plan', '--scale', 'NoSuchService=3');
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /--scale NoSuchService: no service has that id, logical id or name/);
  });

  it('the example follows its VpcCidr parameter in every subnet', async () => {
    const json = JSON.parse((await run('show', '--json', '--param', 'network.VpcCidr=10.9.0.0/16')).out);
    assert.deepEqual(
      json.vpcs[0].subnets.map((s: { cidr: string }) => s.cidr),
      ['10.9.0.0/24', '10.9.1.0/24', '10.9.16.0/20', '10.9.32.0/20'],
    );
    const refused = await run('validate', '--param', 'network.VpcCidr=10.0.0.0/8');
    assert.equal(refused.code, 1);
    assert.match(refused.out, /parameter-not-allowed/);
  });
});

it('probe: a --force warning about the resource that dropped the packets is named as the cause', async () => {
  const { relevantWarnings } = await import('../../../src/cli/commands/probe.js');
  const warnings = [
    'vpc.yml:55:3: error [route-target-missing] pp.StaleRoute: the route target nat-0123 is not in the stacks',
    'vpc.yml:70:5: error [invalid-cidr] pp.WebSecurityGroup Properties.SecurityGroupIngress[1].CidrIp: 300.1.1.1/8 is not a CIDR',
  ];
  const route = relevantWarnings(
    [{ kind: 'route', description: 'blackhole', routeTableId: 'pp.PrivateRouteTable', route: { destination: '198.51.100.128/25', target: 'nat-0123', logicalId: 'StaleRoute' } }],
    warnings,
  );
  assert.deepEqual(route, [warnings[0]]);
  const group = relevantWarnings([{ kind: 'security-group', description: 'no rule admits it', securityGroupIds: ['pp.WebSecurityGroup'] }], warnings);
  assert.deepEqual(group, [warnings[1]]);
  assert.deepEqual(relevantWarnings([{ kind: 'security-group', description: 'x', securityGroupIds: ['pp.Other'] }], warnings), []);
});

it('the registry names each command and its summary as the command itself does', async () => {
  const { COMMANDS } = await import('../../../src/cli/command-registry.js');
  for (const entry of COMMANDS) {
    const command = await entry.load();
    assert.deepEqual([command.name, command.summary], [entry.name, entry.summary]);
  }
  assert.equal(new Set(COMMANDS.map((c) => c.name)).size, COMMANDS.length);
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { EcsnetError } from '../../../src/diagnostics.js';
import { parseKeyValue, parseParametersFile, parseStackFileArg, stackNameFromPath } from '../../../src/cli/stack-args.js';
import { repoRoot } from '../../helpers/corpus.js';

/** Parses a fixture of test/fixtures/params by its name. */
const fixture = (name: string) => parseParametersFile(readFileSync(resolve(repoRoot, 'test/fixtures/params', name), 'utf8'), name);

/** Asserts that parsing a fixture fails with exit code 2 and a finding at `line` of that file. */
function assertFailsAt(name: string, line: number, message: RegExp): void {
  assert.throws(
    () => fixture(name),
    (e: unknown) => {
      assert.ok(e instanceof EcsnetError);
      assert.equal(e.exitCode, 2);
      assert.match(e.message, new RegExp(`^${name.replace('.', '\\.')}:${line}: `));
      assert.match(e.message, message);
      assert.deepEqual(
        e.diagnostics.map((d) => [d.file, d.line, d.code]),
        [[name, line, 'invalid-parameters-file']],
      );
      return true;
    },
  );
}

describe('stack arguments', () => {
  it('names a stack after its file unless NAME=FILE', () => {
    assert.deepEqual(parseStackFileArg('infra/public-vpc.yml'), { name: 'public-vpc', path: 'infra/public-vpc.yml' });
    assert.deepEqual(parseStackFileArg('production=infra/public-vpc.yml'), { name: 'production', path: 'infra/public-vpc.yml' });
    assert.equal(stackNameFromPath('/x/1-servicediscovery.yaml'), 'stack-1-servicediscovery');
    assert.equal(stackNameFromPath('my_app.template.json'), 'my-app-template');
  });

  it('reads parameters in the aws cloudformation JSON list form', () => {
    const text = JSON.stringify([
      { ParameterKey: 'EnvironmentName', ParameterValue: 'prod' },
      { ParameterKey: 'Port', ParameterValue: 80 },
    ]);
    assert.deepEqual(parseParametersFile(text, 'p.json'), { EnvironmentName: 'prod', Port: '80' });
    assert.throws(
      () => parseParametersFile('{"a":1}', 'p.json'),
      (e: unknown) => e instanceof EcsnetError && e.exitCode === 2 && /p\.json/.test(e.message),
    );
    assert.throws(() => parseParametersFile('[{"ParameterKey":1}]', 'p.json'), /item 0/);
  });

  it('reads the three parameter file forms: the JSON list, a CodePipeline template configuration, Key=Value lines', () => {
    assert.deepEqual(fixture('list.json'), { EnvironmentName: 'prod', 'network.VpcCidr': '10.1.0.0/16', DesiredCount: '3' });
    assert.deepEqual(fixture('template-configuration.json'), { EnvironmentName: 'prod', 'network.VpcCidr': '10.1.0.0/16', Subnets: 'subnet-1,subnet-2' });
    assert.deepEqual(fixture('overrides.properties'), { EnvironmentName: 'prod', 'network.VpcCidr': '10.1.0.0/16', Greeting: 'hello = world', Empty: '' });
  });

  it('names the file and the line of a mistake in each form', () => {
    assertFailsAt('bad-list.json', 3, /item 1 needs a string ParameterKey and a ParameterValue/);
    assertFailsAt('bad-configuration.json', 4, /Parameters\.Subnets must be a string/);
    assertFailsAt('bad-overrides.properties', 4, /expected Key=Value/);
    assert.throws(
      () => fixture('broken.json'),
      (e: unknown) =>
        e instanceof EcsnetError &&
        e.exitCode === 2 &&
        /^broken\.json:\d+: not valid JSON/.test(e.message) &&
        e.diagnostics.every((d) => d.file === 'broken.json' && d.code === 'invalid-parameters-file' && (d.line ?? 0) >= 1),
    );
  });

  it('rejects --param without a value', () => {
    assert.deepEqual(parseKeyValue('vpc.Cidr=10.0.0.0/16', '--param'), ['vpc.Cidr', '10.0.0.0/16']);
    assert.throws(() => parseKeyValue('vpc.Cidr', '--param'), /KEY=VALUE/);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EcsnetError } from '../../../src/diagnostics.js';
import { parseKeyValue, parseParametersFile, parseStackFileArg, stackNameFromPath } from '../../../src/cli/stack-args.js';

describe('stack arguments', () => {
  it('names a stack after its file unless NAME=FILE', () => {
    assert.deepEqual(parseStackFileArg('infra/public-vpc.yml'), { name: 'public-vpc', path: 'infra/public-vpc.yml' });
    assert.deepEqual(parseStackFileArg('production=infra/public-vpc.yml'), { name: 'production', path: 'infra/public-vpc.yml' });
    assert.equal(stackNameFromPath('/x/1-servicediscovery.yaml'), 'stack-1-servicediscovery');
    assert.equal(stackNameFromPath('my_app.template.json'), 'my-app-template');
  });

  it('reads parameters in the aws cloudformation JSON list form', () => {
    const text = JSON.stringify([{ ParameterKey: 'EnvironmentName', ParameterValue: 'prod' }, { ParameterKey: 'Port', ParameterValue: 80 }]);
    assert.deepEqual(parseParametersFile(text, 'p.json'), { EnvironmentName: 'prod', Port: '80' });
    assert.throws(() => parseParametersFile('{"a":1}', 'p.json'), (e: unknown) => e instanceof EcsnetError && e.exitCode === 2 && /p\.json/.test(e.message));
    assert.throws(() => parseParametersFile('[{"ParameterKey":1}]', 'p.json'), /item 0/);
  });

  it('rejects --param without a value', () => {
    assert.deepEqual(parseKeyValue('vpc.Cidr=10.0.0.0/16', '--param'), ['vpc.Cidr', '10.0.0.0/16']);
    assert.throws(() => parseKeyValue('vpc.Cidr', '--param'), /KEY=VALUE/);
  });
});

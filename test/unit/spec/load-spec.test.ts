/**
 * Loading the specification: what the compact index holds (facts of AWS's published spec the
 * checks rely on), and the cache that makes a load take tens of milliseconds instead of half a
 * second. Load times are printed as measurements, not asserted: machines differ.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadSpecIndex, loadSpecIndexWithReport, SPEC_INDEX_FORMAT } from '../../../src/spec/load-spec.js';
import { definitionSpec, describeType, resourceSpec, type TypeDescriptor } from '../../../src/spec/spec-index.js';

const cacheDir = mkdtempSync(join(tmpdir(), 'ecsnet-spec-cache-'));
after(() => rmSync(cacheDir, { recursive: true, force: true }));

describe('loadSpecIndex', () => {
  const fromPackage = loadSpecIndexWithReport({ cacheDir });
  const fromCache = loadSpecIndexWithReport({ cacheDir });

  it('reads the package once, then the cache, and both give the same index (load times printed)', () => {
    console.log(`spec index from the package (raw db.json.gz, then cache written): ${fromPackage.milliseconds.toFixed(0)} ms`);
    console.log(`spec index from the cache: ${fromCache.milliseconds.toFixed(0)} ms`);
    assert.equal(fromPackage.source, 'package');
    assert.equal(fromCache.source, 'cache');
    assert.equal(fromCache.cacheFile, join(cacheDir, `spec-${fromPackage.index.sourceVersion}-f${SPEC_INDEX_FORMAT}.json`));
    assert.deepEqual(fromCache.index, fromPackage.index);
  });

  it('rebuilds a damaged cache and drops caches of other package versions', () => {
    writeFileSync(fromCache.cacheFile as string, '{"truncated');
    writeFileSync(join(cacheDir, 'spec-0.0.1-f1.json'), '{}');
    const rebuilt = loadSpecIndexWithReport({ cacheDir });
    assert.equal(rebuilt.source, 'package');
    assert.deepEqual(readdirSync(cacheDir), [`spec-${rebuilt.index.sourceVersion}-f${SPEC_INDEX_FORMAT}.json`]);
    assert.equal(loadSpecIndexWithReport({ cacheDir }).source, 'cache');
  });

  it('does not write when caching is off', () => {
    const dir = join(cacheDir, 'unused');
    const raw = loadSpecIndexWithReport({ cacheDir: dir, useCache: false });
    assert.equal(raw.source, 'package');
    assert.equal(raw.cacheFile, undefined);
    assert.equal(existsSync(dir), false);
  });

  it('keeps one index per process', () => {
    assert.equal(loadSpecIndex(), loadSpecIndex());
  });

  const index = fromPackage.index;

  it('holds every resource type of the package, with properties, required flags and attributes', () => {
    assert.ok(Object.keys(index.resources).length > 1500);
    const vpc = resourceSpec(index, 'AWS::EC2::VPC');
    assert.ok(vpc);
    assert.deepEqual(vpc.attributes['CidrBlock'], 'string');
    assert.deepEqual(vpc.attributes['Ipv6CidrBlocks'], { list: 'string' });
    const group = resourceSpec(index, 'AWS::EC2::SecurityGroup');
    assert.deepEqual(group?.properties['GroupDescription'], { type: 'string', required: true });
    assert.deepEqual(group?.properties['Tags'], { type: { list: 'tag' } });
    assert.equal(resourceSpec(index, 'constructor'), undefined);
  });

  it('resolves nested structures by definition id', () => {
    const ingress = resourceSpec(index, 'AWS::EC2::SecurityGroup')?.properties['SecurityGroupIngress']?.type as { list: { def: string } };
    const definition = definitionSpec(index, ingress.list.def);
    assert.equal(definition?.name, 'Ingress');
    assert.deepEqual(definition?.properties['FromPort'], { type: 'integer' });
    assert.deepEqual(definition?.properties['IpProtocol'], { type: 'string', required: true });
    assert.equal(describeType(ingress as TypeDescriptor, index), 'List of Ingress');
  });

  it('keeps earlier types of a property as accepted alternatives, and SAM as its own transform', () => {
    const application = resourceSpec(index, 'AWS::Serverless::Application');
    assert.equal(application?.transform, 'AWS::Serverless-2016-10-31');
    assert.deepEqual(application?.properties['TimeoutInMinutes']?.type, { anyOf: ['number', 'integer'] });
    assert.ok(application?.properties['NotificationARNs'], 'SAM documents NotificationARNs');
  });
});

/**
 * The route walk `probe` uses to name a route: longest prefix in the source subnet's table,
 * the local route for VPC addresses, on through a NAT gateway's subnet, blackholes with their
 * reason, "no route" where a table has no match.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { importRequest, runImport } from '../../../src/cli/import-options.js';
import { compileFabric } from '../../../src/fabric/compile-lab.js';
import { walkRoutes } from '../../../src/fabric/explain-route.js';
import type { FabricManifest } from '../../../src/fabric/manifest.js';
import { planDeployment } from '../../../src/plan/index.js';

function manifestOf(name: string): FabricManifest {
  const file = fileURLToPath(new URL(`../../../../test/fixtures/vpc/${name}`, import.meta.url));
  const imported = runImport(importRequest({}, [file]), false);
  return compileFabric(imported.model, planDeployment(imported.model, {}), { lab: 'unit', runtime: { node: 'node', daemonDir: '/d' } }).manifest;
}

test('through the NAT gateway and on through the internet gateway; blackholes; local addresses', () => {
  const m = manifestOf('public-private.yml');
  const client = m.endpoints.find((e) => e.id === 'public-private.PrivateClient')!;
  const out = walkRoutes(m, client, '203.0.113.10');
  assert.deepEqual(
    out.map((h) => [h.routeTableId, h.outcome, h.route?.target]),
    [
      ['public-private.PrivateRouteTable', 'forward', 'nat-gateway'],
      ['public-private.PublicRouteTable', 'forward', 'internet-gateway'],
    ],
  );
  const blackhole = walkRoutes(m, client, '198.51.100.200');
  assert.equal(blackhole.length, 1);
  assert.equal(blackhole[0]!.outcome, 'blackhole');
  assert.equal(blackhole[0]!.route?.logicalId, 'StaleRoute');
  assert.match(blackhole[0]!.description, /nat-0123456789abcdef0/);
  assert.deepEqual(
    walkRoutes(m, client, '10.0.1.10').map((h) => h.outcome),
    ['local'],
  );
  assert.deepEqual(
    walkRoutes(m, client, '10.0.200.1').map((h) => h.outcome),
    ['no-eni'],
  );
});

test('a table without a default route answers no route', () => {
  const m = manifestOf('endpoints.yml');
  const worker = m.endpoints.find((e) => e.id === 'endpoints.Worker')!;
  const hops = walkRoutes(m, worker, '203.0.113.10');
  assert.deepEqual(
    hops.map((h) => h.outcome),
    ['unreachable'],
  );
  assert.deepEqual(
    walkRoutes(m, worker, '198.51.100.17').map((h) => [h.outcome, h.route?.target]),
    [['forward', 'vpc-endpoint']],
  );
});

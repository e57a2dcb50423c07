/**
 * VPC endpoints and DNS on the real kernel, from the endpoints fixture: a subnet with no NAT
 * gateway and no internet route reaches ECR only through its interface endpoint (by the
 * regional name, which private DNS resolves to the endpoint's ENI) and S3 only through its
 * gateway endpoint; the VPC resolver answers private DNS names, a private hosted zone, and
 * forwards the rest to the internet's DNS.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kernelTest, uniqueLab } from './dataplane-support.js';
import { fixture, httpGet, resolve, withFabric } from './vpc-support.js';

const ECR_API = 'api.ecr.us-east-1.amazonaws.com';

test('a subnet with no NAT reaches ECR through its interface endpoint and S3 through its gateway endpoint', kernelTest, async () => {
  await withFabric([fixture('endpoints.yml')], uniqueLab('vep'), async (lab) => {
    const worker = lab.ns('Worker');
    const ecrEni = lab.manifest.endpoints.find((e) => e.id === 'endpoints.EcrApiEndpoint')!;
    const s3 = lab.manifest.aws.services.find((s) => s.service === 's3')!;
    const ecrPublic = lab.manifest.aws.services.find((s) => s.service === 'ecr.api')!;

    // Private DNS: the regional name resolves to the endpoint's ENI inside the VPC.
    const answer = await resolve(lab.handle, worker, '10.0.0.2', ECR_API);
    assert.equal(answer.rcode, 'NOERROR');
    assert.deepEqual(
      answer.answers.map((a) => a.data),
      [ecrEni.privateIp],
    );

    // Through the ENI to the endpoint host, no NAT on the way: ECR sees the worker's private address.
    const ecr = await httpGet(lab.handle, worker, ecrEni.privateIp, 443, ECR_API);
    assert.equal(ecr.outcome.result, 'reached', JSON.stringify(ecr.outcome));
    assert.equal(ecr.body?.service, 'ecr.api');
    assert.equal(ecr.body?.sawSource, lab.endpoint('Worker').privateIp);
    assert.equal(ecr.body?.hostHeader, ECR_API);

    // S3 through the gateway endpoint's prefix-list route, seen with the private source.
    const viaGateway = await httpGet(lab.handle, worker, s3.address, 443);
    assert.equal(viaGateway.outcome.result, 'reached');
    assert.equal(viaGateway.body?.service, 's3');
    assert.equal(viaGateway.body?.sawSource, lab.endpoint('Worker').privateIp);

    // Nothing else: no internet, no ECR by its public address, and no S3 from a subnet whose table lacks the endpoint.
    const others = await lab.handle.probeMany(worker, [
      { proto: 'tcp', address: '203.0.113.10', port: 80 },
      { proto: 'tcp', address: ecrPublic.address, port: 443 },
    ]);
    assert.deepEqual(
      others.map((o) => o.result),
      ['no-route', 'no-route'],
    );
    const other = await lab.handle.probe(lab.ns('OtherWorker'), { proto: 'tcp', address: s3.address, port: 443 });
    assert.equal(other.result, 'no-route');
    // The endpoint ENI is in the VPC: the other subnet reaches ECR through it too (its group admits the VPC on 443 only).
    assert.equal((await httpGet(lab.handle, lab.ns('OtherWorker'), ecrEni.privateIp, 443)).body?.service, 'ecr.api');
    assert.equal((await lab.handle.probe(lab.ns('OtherWorker'), { proto: 'tcp', address: ecrEni.privateIp, port: 80 })).result, 'timed-out');
  });
});

test('the VPC resolver: private DNS names, private hosted zones, endpoint names, forwarding', kernelTest, async () => {
  await withFabric([fixture('endpoints.yml')], uniqueLab('vdn'), async (lab) => {
    const worker = lab.ns('Worker');
    const ask = (name: string, type = 'A', server = '10.0.0.2') => resolve(lab.handle, worker, server, name, type);

    const own = await ask('ip-10-0-3-10.ec2.internal');
    assert.deepEqual(
      own.answers.map((a) => a.data),
      ['10.0.3.10'],
    );
    // 169.254.169.253 is the same resolver.
    const linkLocal = await ask('ip-10-0-4-10.ec2.internal', 'A', '169.254.169.253');
    assert.deepEqual(
      linkLocal.answers.map((a) => a.data),
      ['10.0.4.10'],
    );
    const reverse = await ask('10.3.0.10.in-addr.arpa', 'PTR');
    assert.deepEqual(
      reverse.answers.map((a) => a.data),
      ['ip-10-0-3-10.ec2.internal'],
    );

    // Route 53 private hosted zone: records, CNAME followed to the internet, NXDOMAIN inside the zone.
    assert.deepEqual(
      (await ask('db.corp.internal')).answers.map((a) => a.data),
      ['10.0.3.99'],
    );
    const alias = await ask('www.corp.internal');
    assert.deepEqual(
      alias.answers.map((a) => `${a.type} ${String(a.data)}`),
      ['CNAME www.example.com', 'A 203.0.113.10'],
    );
    assert.equal((await ask('nothing.corp.internal')).rcode, 'NXDOMAIN');

    // Forwarded to the internet's DNS: the region's public names (S3 has no interface endpoint here).
    assert.deepEqual(
      (await ask('s3.us-east-1.amazonaws.com')).answers.map((a) => a.data),
      ['198.51.100.17'],
    );
    assert.deepEqual(
      (await ask('mybucket.s3.us-east-1.amazonaws.com')).answers.map((a) => a.data),
      ['198.51.100.17'],
    );
    assert.equal((await ask('no-such-service.us-east-1.amazonaws.com')).rcode, 'NXDOMAIN');
    // Private DNS of the dkr endpoint covers the account's registry name.
    const dkr = await ask('123456789012.dkr.ecr.us-east-1.amazonaws.com');
    const dkrEni = lab.manifest.endpoints.find((e) => e.id === 'endpoints.EcrDkrEndpoint')!;
    assert.deepEqual(
      dkr.answers.map((a) => a.data),
      [dkrEni.privateIp],
    );

    // The internet's DNS gives the public answer for the same name.
    const publicAnswer = await resolve(lab.handle, 'internet', '203.0.113.53', ECR_API);
    assert.deepEqual(
      publicAnswer.answers.map((a) => a.data),
      ['198.51.100.101'],
    );
  });
});

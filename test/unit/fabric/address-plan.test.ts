/**
 * The lab's fixed address plan: link /30s skip the resolver and metadata ranges; the region's
 * services have stable addresses and their prefix lists.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkAddresses } from '../../../src/fabric/address-plan.js';
import { prefixListCidrs, regionServices, serviceAt, serviceNames } from '../../../src/fabric/aws-services.js';

test('links are /30s from 169.254.1.0, never in 169.254.169.0/24 or 169.254.170.0/24', () => {
  assert.deepEqual(linkAddresses(0), { a: '169.254.1.1/30', b: '169.254.1.2/30', aIp: '169.254.1.1', bIp: '169.254.1.2' });
  assert.equal(linkAddresses(1).aIp, '169.254.1.5');
  for (let n = 0; n < 10_000; n += 7) {
    const third = Number(linkAddresses(n).aIp.split('.')[2]);
    assert.ok(third !== 169 && third !== 170, `link ${n}`);
  }
  assert.throws(() => linkAddresses(100_000));
});

test('services: fixed addresses, names per region, prefix lists for gateway services only', () => {
  const services = regionServices('eu-west-1', '111122223333', ['sqs', 'bedrock-runtime']);
  const s3 = services.find((s) => s.service === 's3')!;
  assert.deepEqual(s3, { service: 's3', address: '198.51.100.17', prefix: '198.51.100.16/28', names: ['s3.eu-west-1.amazonaws.com', '*.s3.eu-west-1.amazonaws.com'] });
  assert.equal(services.find((s) => s.service === 'bedrock-runtime')?.address, '198.51.100.160');
  assert.deepEqual(serviceNames('ecr.dkr', 'us-east-1', '123456789012'), [
    'dkr.ecr.us-east-1.amazonaws.com',
    '*.dkr.ecr.us-east-1.amazonaws.com',
    '123456789012.dkr.ecr.us-east-1.amazonaws.com',
  ]);
  assert.deepEqual(prefixListCidrs('com.amazonaws.eu-west-1.dynamodb', services), ['198.51.100.32/28']);
  assert.equal(prefixListCidrs('com.amazonaws.eu-west-1.logs', services), undefined);
  assert.equal(prefixListCidrs('pl-63a5400a', services), undefined);
  assert.equal(serviceAt('198.51.100.20', services)?.service, 's3');
  assert.equal(serviceAt('203.0.113.10', services), undefined);
});

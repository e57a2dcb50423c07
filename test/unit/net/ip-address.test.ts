import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cidrFamily, ipFamily } from '../../../src/net/ip-address.js';

test('IPv4 and IPv6 literals are recognised, everything else is not', () => {
  assert.equal(ipFamily('10.0.1.23'), 4);
  assert.equal(ipFamily('255.255.255.255'), 4);
  assert.equal(ipFamily('fd00::1'), 6);
  assert.equal(ipFamily('::'), 6);
  assert.equal(ipFamily('2001:db8:0:0:0:0:0:1'), 6);
  assert.equal(ipFamily('::ffff:10.0.0.1'), 6);
  for (const bad of ['256.0.0.1', '10.0.1', '010.0.0.1', 'fd00:::1', '1:2:3:4:5:6:7:8:9', 'host', '', '10.0.0.1/24', '1::2::3']) {
    assert.equal(ipFamily(bad), undefined, bad);
  }
});

test('CIDRs need an in-range prefix', () => {
  assert.equal(cidrFamily('10.0.0.0/16'), 4);
  assert.equal(cidrFamily('0.0.0.0/0'), 4);
  assert.equal(cidrFamily('fd00::/64'), 6);
  assert.equal(cidrFamily('10.0.0.0/33'), undefined);
  assert.equal(cidrFamily('fd00::/129'), undefined);
  assert.equal(cidrFamily('10.0.0.0'), undefined);
  assert.equal(cidrFamily('10.0.0.0/x'), undefined);
});

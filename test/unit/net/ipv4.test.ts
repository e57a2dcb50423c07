import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cidrContains, cidrOverlaps, formatCidr, formatIpv4, parseCidr, parseIpv4 } from '../../../src/net/ipv4.js';

describe('ipv4', () => {
  it('parses and formats addresses', () => {
    assert.equal(parseIpv4('10.0.1.23'), 10 * 2 ** 24 + 1 * 256 + 23);
    assert.equal(formatIpv4(parseIpv4('255.255.255.255') ?? 0), '255.255.255.255');
    assert.equal(parseIpv4('10.0.1'), undefined);
    assert.equal(parseIpv4('10.0.1.256'), undefined);
    assert.equal(parseIpv4('10.0.01.1'), undefined);
  });

  it('parses CIDRs, strictly rejecting host bits', () => {
    assert.deepEqual(parseCidr('10.0.0.0/16'), { base: parseIpv4('10.0.0.0'), prefix: 16 });
    assert.equal(formatCidr(parseCidr('10.0.1.7/24') ?? { base: 0, prefix: 0 }), '10.0.1.0/24');
    assert.equal(parseCidr('10.0.1.7/24', true), undefined);
    assert.equal(parseCidr('10.0.0.0/33'), undefined);
    assert.equal(parseCidr('10.0.0.0'), undefined);
  });

  it('answers containment and overlap', () => {
    const vpc = parseCidr('10.0.0.0/16')!;
    assert.equal(cidrContains(vpc, parseCidr('10.0.16.0/20')!), true);
    assert.equal(cidrContains(vpc, parseCidr('10.1.0.0/24')!), false);
    assert.equal(cidrContains(parseCidr('10.0.0.0/24')!, vpc), false);
    assert.equal(cidrOverlaps(parseCidr('10.0.0.0/23')!, parseCidr('10.0.1.0/24')!), true);
    assert.equal(cidrOverlaps(parseCidr('10.0.0.0/24')!, parseCidr('10.0.1.0/24')!), false);
  });
});

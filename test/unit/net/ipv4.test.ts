import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blockContains, blockHas, blockOverlaps, formatCidr, formatIpv4, parseCidr, parseIpv4 } from '../../../src/net/ipv4.js';

const block = (text: string) => {
  const parsed = parseCidr(text);
  assert.ok(parsed, text);
  return parsed;
};

describe('ipv4', () => {
  it('parses and formats addresses', () => {
    assert.equal(parseIpv4('10.0.1.23'), 10 * 2 ** 24 + 1 * 256 + 23);
    assert.equal(formatIpv4(parseIpv4('255.255.255.255') ?? 0), '255.255.255.255');
    assert.equal(parseIpv4('10.0.1'), undefined);
    assert.equal(parseIpv4('10.0.1.256'), undefined);
    assert.equal(parseIpv4('10.0.01.1'), undefined);
  });

  it('parses CIDRs, rejecting host bits unless lenient', () => {
    assert.deepEqual(parseCidr('10.0.0.0/16'), { base: parseIpv4('10.0.0.0'), prefixLength: 16, size: 65536 });
    assert.equal(parseCidr('10.0.1.7/24'), undefined);
    assert.equal(formatCidr(parseCidr('10.0.1.7/24', true) ?? block('0.0.0.0/0')), '10.0.1.0/24');
    assert.equal(parseCidr('10.0.0.0/33'), undefined);
    assert.equal(parseCidr('10.0.0.0'), undefined);
    assert.equal(parseCidr('10.0.0.0/16/2'), undefined);
  });

  it('answers containment and overlap', () => {
    const vpc = block('10.0.0.0/16');
    assert.equal(blockContains(vpc, block('10.0.16.0/20')), true);
    assert.equal(blockContains(vpc, block('10.1.0.0/24')), false);
    assert.equal(blockContains(block('10.0.0.0/24'), vpc), false);
    assert.equal(blockOverlaps(block('10.0.0.0/23'), block('10.0.1.0/24')), true);
    assert.equal(blockOverlaps(block('10.0.0.0/24'), block('10.0.1.0/24')), false);
    assert.equal(blockHas(vpc, parseIpv4('10.0.255.255') ?? 0), true);
    assert.equal(blockHas(vpc, parseIpv4('10.1.0.0') ?? 0), false);
  });
});

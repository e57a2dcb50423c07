import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatIpv4, parseCidr, parseIpv4 } from '../../../src/net/ipv4.js';
import { SubnetAddressPool, usableAddressCount } from '../../../src/plan/subnet-address-pool.js';

const pool = (cidr: string) => new SubnetAddressPool(parseCidr(cidr)!);

describe('subnet address pool (AWS reserves the first four and the last address)', () => {
  it('a /24 has 251 usable addresses and a /20 has 4091', () => {
    assert.equal(usableAddressCount(24), 251);
    assert.equal(usableAddressCount(20), 4091);
    assert.equal(usableAddressCount(28), 11);
    assert.equal(usableAddressCount(16), 65531);
    assert.equal(pool('10.0.0.0/24').usable, 251);
    assert.equal(pool('10.0.16.0/20').usable, 4091);
  });

  it('lists network, router, DNS, future-use and broadcast as reserved', () => {
    const p = pool('10.0.1.0/24');
    assert.deepEqual(p.reservedAddresses().map(formatIpv4), ['10.0.1.0', '10.0.1.1', '10.0.1.2', '10.0.1.3', '10.0.1.255']);
  });

  it('allocates in ascending order from base + 4 and stops at the last usable address', () => {
    const p = pool('10.0.0.0/28');
    const got: string[] = [];
    for (let a = p.next(); a !== undefined; a = p.next()) got.push(formatIpv4(a));
    assert.equal(got.length, 11);
    assert.equal(got[0], '10.0.0.4');
    assert.equal(got[10], '10.0.0.14');
    assert.equal(p.free, 0);
    assert.equal(p.next(), undefined);
  });

  it('all 4091 addresses of a /20 are distinct, ascending and none reserved', () => {
    const p = pool('10.0.16.0/20');
    const got: number[] = [];
    for (let a = p.next(); a !== undefined; a = p.next()) got.push(a);
    assert.equal(got.length, 4091);
    assert.equal(new Set(got).size, 4091);
    assert.ok(got.every((a, i) => i === 0 || a > got[i - 1]!));
    assert.ok(got.every((a) => !p.isReserved(a)));
  });

  it('honours fixed addresses and skips them afterwards', () => {
    const p = pool('10.0.0.0/24');
    assert.equal(p.claim(parseIpv4('10.0.0.5')!), undefined);
    assert.equal(formatIpv4(p.next()!), '10.0.0.4');
    assert.equal(formatIpv4(p.next()!), '10.0.0.6');
    assert.equal(p.used, 3);
  });

  it('refuses reserved, outside and duplicate fixed addresses', () => {
    const p = pool('10.0.0.0/24');
    assert.equal(p.claim(parseIpv4('10.0.0.2')!), 'reserved');
    assert.equal(p.claim(parseIpv4('10.0.0.255')!), 'reserved');
    assert.equal(p.claim(parseIpv4('10.0.1.10')!), 'outside-subnet');
    assert.equal(p.claim(parseIpv4('10.0.0.10')!), undefined);
    assert.equal(p.claim(parseIpv4('10.0.0.10')!), 'taken');
  });

  it('rejects CIDRs with host bits and malformed text', () => {
    assert.equal(parseCidr('10.0.0.5/24'), undefined);
    assert.equal(parseCidr('10.0.0.0/33'), undefined);
    assert.equal(parseCidr('10.0.0/24'), undefined);
    assert.equal(parseIpv4('10.0.0.256'), undefined);
    assert.deepEqual(parseCidr('172.31.0.0/16'), { base: parseIpv4('172.31.0.0'), prefixLength: 16, size: 65536 });
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HostPortBook, type PortNeeds } from '../../../src/plan/host-ports.js';
import { DEFAULT_RESERVED_TCP_PORTS, parsePortRange } from '../../../src/plan/port-range.js';

const dynamic = (n: number, protocol: 'tcp' | 'udp' = 'tcp'): PortNeeds => ({ static: [], dynamic: Array.from({ length: n }, () => ({ protocol, count: 1 })), staticPortCount: 0 });
const fixed = (port: number, count = 1): PortNeeds => ({ static: [{ protocol: 'tcp', port, count }], dynamic: [], staticPortCount: count });

describe('host port book', () => {
  it('hands out distinct dynamic ports in the range, scanning on from the last one', () => {
    const book = new HostPortBook([32768, 60999], DEFAULT_RESERVED_TCP_PORTS, []);
    const got = [...book.take(dynamic(3))!, ...book.take(dynamic(2))!];
    assert.deepEqual(got, [32768, 32769, 32770, 32771, 32772]);
  });

  it('skips reserved and statically used ports inside the dynamic range', () => {
    const book = new HostPortBook([51677, 51681], DEFAULT_RESERVED_TCP_PORTS, []);
    book.take(fixed(51680));
    assert.deepEqual(book.take(dynamic(2)), [51677, 51681]);
    assert.equal(book.fits(dynamic(1)), false);
    assert.match(book.whyNot(dynamic(1)), /dynamic host port range 51677-51681 has no room/);
  });

  it('wraps to the start of the range', () => {
    const book = new HostPortBook([100, 103], [], []);
    book.take(dynamic(3));
    book.take(fixed(100));
    assert.deepEqual(book.take(dynamic(1)), [103]);
    assert.equal(book.fits(dynamic(1)), false);
  });

  it('counts TCP and UDP separately', () => {
    const book = new HostPortBook([100, 100], [], []);
    assert.deepEqual(book.take(dynamic(1, 'tcp')), [100]);
    assert.equal(book.fits(dynamic(1, 'udp')), true);
    assert.equal(book.fits(dynamic(1, 'tcp')), false);
  });

  it('refuses a static port in use and says which', () => {
    const book = new HostPortBook([32768, 60999], DEFAULT_RESERVED_TCP_PORTS, []);
    assert.equal(book.fits(fixed(80)), true);
    book.take(fixed(80));
    assert.equal(book.fits(fixed(80)), false);
    assert.match(book.whyNot(fixed(80)), /host port 80\/tcp already in use/);
    assert.equal(book.fits(fixed(22)), false);
  });

  it('enforces the limit of 100 reserved ports, the 5 defaults included', () => {
    const book = new HostPortBook([32768, 60999], DEFAULT_RESERVED_TCP_PORTS, []);
    assert.equal(book.reservedPorts, 5);
    assert.equal(book.fits(fixed(1000, 95)), true);
    assert.equal(book.fits(fixed(1000, 96)), false);
    assert.match(book.whyNot(fixed(1000, 96)), /101 reserved host ports, over the limit of 100/);
  });

  it('finds contiguous runs for container port ranges', () => {
    const book = new HostPortBook([200, 209], [], []);
    book.take(fixed(203));
    const range: PortNeeds = { static: [], dynamic: [{ protocol: 'tcp', count: 4 }], staticPortCount: 0 };
    assert.equal(book.fits(range), true);
    assert.deepEqual(book.take(range), [204]);
    assert.equal(book.fits({ static: [], dynamic: [{ protocol: 'tcp', count: 3 }], staticPortCount: 0 }), true);
    assert.equal(book.fits({ static: [], dynamic: [{ protocol: 'tcp', count: 4 }], staticPortCount: 0 }), false);
  });

  it('parses ECS_DYNAMIC_HOST_PORT_RANGE like the agent and rejects bad ranges', () => {
    assert.deepEqual(parsePortRange('100-200'), [100, 200]);
    assert.deepEqual(parsePortRange([49153, 65535]), [49153, 65535]);
    assert.equal(parsePortRange('200-100'), undefined);
    assert.equal(parsePortRange('0-100'), undefined);
    assert.equal(parsePortRange('100-70000'), undefined);
    assert.equal(parsePortRange('abc'), undefined);
  });
});

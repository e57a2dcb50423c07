import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { routerPortMac } from '../../../src/fabric/router-port-mac.js';

test('the router port keeps the ENI MAC tail and flips the router bit of the first octet', () => {
  assert.equal(routerPortMac('02:1a:2b:3c:4d:5e'), '06:1a:2b:3c:4d:5e');
  assert.equal(routerPortMac('02:1A:2B:3C:4D:5E'), '06:1a:2b:3c:4d:5e', 'lower case, as the kernel prints it');
  assert.equal(routerPortMac('06:00:00:00:00:01'), '02:00:00:00:00:01');
  // A globally administered or multicast input still yields a locally administered unicast MAC.
  assert.equal(routerPortMac('00:11:22:33:44:55'), '06:11:22:33:44:55');
  assert.equal(routerPortMac('01:00:5e:00:00:01'), '06:00:5e:00:00:01');
});

test('a malformed MAC is a plan bug and throws', () => {
  assert.throws(() => routerPortMac('02:00:00:00:00'), /is not a MAC address/);
  assert.throws(() => routerPortMac('02:00:00:00:00:zz'), /is not a MAC address/);
});

const planMac = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 5, maxLength: 5 }).map((tail) => ['02', ...tail.map((o) => o.toString(16).padStart(2, '0'))].join(':'));

test("property: for the plan's 02:… MACs, the router MAC is unicast, locally administered, differs from the ENI MAC and is one-to-one", () => {
  fc.assert(
    fc.property(planMac, planMac, (a, b) => {
      const ra = routerPortMac(a);
      const first = parseInt(ra.slice(0, 2), 16);
      assert.equal(first & 1, 0, 'unicast');
      assert.equal(first & 2, 2, 'locally administered');
      assert.notEqual(ra, a);
      assert.equal(ra === routerPortMac(b), a === b);
    }),
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interfaceName } from '../../../src/dataplane/names.js';
import { splitSysctls, sysctlArgv } from '../../../src/dataplane/sysctls.js';

test('namespace-wide sysctls come before interfaces exist; interface ones after, with kernel names', () => {
  const split = splitSysctls({
    'net.ipv4.ip_forward': 1,
    'net.ipv4.conf.all.rp_filter': 0,
    'net.ipv4.conf.default.rp_filter': 0,
    'net.ipv4.conf.lo.rp_filter': 0,
    'net.ipv4.ip_local_port_range': '32768 60999',
    'net.ipv4.conf.eni-0a1b2c3d4e5f67890.rp_filter': 2,
    'net.ipv6.conf.eth0.disable_ipv6': 1,
  });
  assert.deepEqual(
    split.namespaceWide.map((s) => `${s.kernelKey}=${s.value}`),
    ['net.ipv4.conf.all.rp_filter=0', 'net.ipv4.conf.default.rp_filter=0', 'net.ipv4.conf.lo.rp_filter=0', 'net.ipv4.ip_forward=1', 'net.ipv4.ip_local_port_range=32768 60999'],
  );
  assert.deepEqual(
    split.perInterface.map((s) => [s.interface, s.kernelKey]),
    [
      ['eni-0a1b2c3d4e5f67890', `net.ipv4.conf.${interfaceName('eni-0a1b2c3d4e5f67890')}.rp_filter`],
      ['eth0', 'net.ipv6.conf.eth0.disable_ipv6'],
    ],
  );
  assert.deepEqual(sysctlArgv(split.perInterface.slice(1)), ['sysctl', '-q', '-w', 'net.ipv6.conf.eth0.disable_ipv6=1']);
});

test('keys outside net.* and values that would break the command line are refused', () => {
  assert.throws(() => splitSysctls({ 'kernel.pid_max': 1 }), /not a net\.\* key/);
  assert.throws(() => splitSysctls({ 'net.ipv4.ip_forward': '1\nkernel.x=1' }), /unusable value/);
  assert.throws(() => splitSysctls({ 'net.core.somaxconn': '' }), /unusable value/);
});

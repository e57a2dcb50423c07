import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LabSpec } from '../../../src/dataplane/lab-spec.js';
import { interfaceName } from '../../../src/dataplane/names.js';
import { renderNamespaceConfig, renderNamespaceCreation, renderNamespaceDeletion, renderVethCreation, routeLine, ruleLine } from '../../../src/dataplane/render-ip.js';

const spec: LabSpec = {
  lab: 'demo',
  namespaces: [{ name: 'router', loopbackAddresses: ['169.254.169.253/32'] }, { name: 'inst' }],
  veths: [
    {
      a: { namespace: 'inst', name: 'eth0', mac: '02:00:0A:00:01:0A', mtu: 9001, addresses: ['10.0.1.10/24', 'fd00:1::a/64'] },
      b: { namespace: 'router', name: 'eni-0a1b2c3d4e5f67890', addresses: ['10.0.1.1/24'], mtu: 9001 },
    },
    { a: { namespace: 'inst', name: 'veth-c1' }, b: { namespace: 'router', name: 'spare', up: false } },
  ],
  bridges: [{ namespace: 'inst', name: 'docker0', ports: ['veth-c1'], addresses: ['172.17.0.1/16'] }],
  routes: [
    { namespace: 'inst', destination: 'default', via: '10.0.1.1' },
    { namespace: 'router', table: 101, destination: '0.0.0.0/0', type: 'blackhole' },
  ],
  rules: [{ namespace: 'router', priority: 100, iif: 'eni-0a1b2c3d4e5f67890', table: 101 }],
  neighbors: [
    { namespace: 'router', interface: 'eni-0a1b2c3d4e5f67890', address: '10.0.1.10', mac: '02:00:0A:00:01:0A' },
    { namespace: 'inst', interface: 'eth0', address: '10.0.1.1', mac: '06:00:0a:00:01:0a' },
    { namespace: 'inst', interface: 'eth0', address: 'fd00:1::1', mac: '06:00:0a:00:01:0a' },
  ],
};
const eni = interfaceName('eni-0a1b2c3d4e5f67890');

test('all namespaces in one batch', () => {
  assert.equal(renderNamespaceCreation(spec), 'netns add ecsnet-demo.router\nnetns add ecsnet-demo.inst\n');
  assert.equal(renderNamespaceDeletion(['ecsnet-demo.router']), 'netns del ecsnet-demo.router\n');
});

test('every veth pair in one batch, both ends created inside their namespaces', () => {
  assert.equal(
    renderVethCreation(spec),
    `link add name eth0 netns ecsnet-demo.inst address 02:00:0a:00:01:0a mtu 9001 type veth peer name ${eni} netns ecsnet-demo.router mtu 9001\n` +
      'link add name veth-c1 netns ecsnet-demo.inst type veth peer name spare netns ecsnet-demo.router\n',
  );
});

test('per-namespace batch: lo, bridges, marks and membership, addresses, links up, permanent neighbours, routes, rules, in that order', () => {
  assert.equal(
    renderNamespaceConfig(spec, 'inst'),
    [
      'link set dev lo alias ecsnet:demo: up',
      'link add name docker0 type bridge',
      'link set dev docker0 alias ecsnet:demo:docker0',
      'link set dev eth0 alias ecsnet:demo:eth0',
      'link set dev veth-c1 alias ecsnet:demo:veth-c1 master docker0',
      'address add 172.17.0.1/16 dev docker0',
      'address add 10.0.1.10/24 dev eth0',
      'address add fd00:1::a/64 dev eth0 nodad',
      'link set dev docker0 up',
      'link set dev eth0 up',
      'link set dev veth-c1 up',
      'neigh replace 10.0.1.1 lladdr 06:00:0a:00:01:0a dev eth0 nud permanent',
      'neigh replace fd00:1::1 lladdr 06:00:0a:00:01:0a dev eth0 nud permanent',
      'route add default via 10.0.1.1',
      '',
    ].join('\n'),
  );
  assert.equal(
    renderNamespaceConfig(spec, 'router'),
    [
      'link set dev lo alias ecsnet:demo: up',
      `link set dev ${eni} alias ecsnet:demo:eni-0a1b2c3d4e5f67890`,
      'link set dev spare alias ecsnet:demo:spare',
      'address add 169.254.169.253/32 dev lo',
      `address add 10.0.1.1/24 dev ${eni}`,
      `link set dev ${eni} up`,
      `neigh replace 10.0.1.10 lladdr 02:00:0a:00:01:0a dev ${eni} nud permanent`,
      'route add blackhole 0.0.0.0/0 table 101',
      `rule add priority 100 iif ${eni} table 101`,
      '',
    ].join('\n'),
  );
});

test('route and rule lines cover every option', () => {
  assert.equal(
    routeLine({ namespace: 'x', destination: '10.0.0.0/8', via: '10.0.1.1', dev: 'eth0', src: '10.0.1.10', metric: 5, table: 7, onlink: true }),
    'route add 10.0.0.0/8 via 10.0.1.1 dev eth0 src 10.0.1.10 metric 5 table 7 onlink',
  );
  assert.equal(routeLine({ namespace: 'x', destination: 'default', via: 'fd00::1' }), 'route add ::/0 via fd00::1');
  assert.equal(routeLine({ namespace: 'x', destination: '10.0.0.5/32', type: 'local', dev: 'lo' }), 'route add local 10.0.0.5/32 dev lo');
  assert.equal(
    ruleLine({ namespace: 'x', priority: 10, from: '10.0.0.0/16', to: '10.1.0.0/16', oif: 'eth1', fwmark: 0x10, fwmask: 0xf0, table: 'main' }),
    'rule add priority 10 from 10.0.0.0/16 to 10.1.0.0/16 oif eth1 fwmark 0x10/0xf0 table main',
  );
  assert.equal(ruleLine({ namespace: 'x', priority: 11, iif: 'eth0', table: 9, family: 6 }), 'rule add priority 11 from ::/0 iif eth0 table 9');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EcsnetError } from '../../../src/diagnostics.js';
import type { LabSpec } from '../../../src/dataplane/lab-spec.js';
import { assertValidLabSpec, validateLabSpec } from '../../../src/dataplane/validate-spec.js';

function routerLab(): LabSpec {
  return {
    lab: 'demo',
    namespaces: [{ name: 'router', sysctls: { 'net.ipv4.ip_forward': 1, 'net.ipv4.conf.r-a.rp_filter': 0 } }, { name: 'a' }, { name: 'b' }],
    veths: [
      { a: { namespace: 'a', name: 'eth0', addresses: ['10.0.1.10/24'] }, b: { namespace: 'router', name: 'r-a', addresses: ['10.0.1.1/24'] } },
      { a: { namespace: 'b', name: 'eth0', addresses: ['10.0.2.10/24'] }, b: { namespace: 'router', name: 'r-b', addresses: ['10.0.2.1/24'] } },
    ],
    routes: [
      { namespace: 'a', destination: 'default', via: '10.0.1.1' },
      { namespace: 'router', table: 101, destination: '10.0.2.0/24', dev: 'r-b' },
      { namespace: 'router', table: 101, destination: '192.0.2.0/24', type: 'blackhole' },
    ],
    rules: [{ namespace: 'router', priority: 100, iif: 'r-a', table: 101 }],
    neighbors: [
      { namespace: 'router', interface: 'r-a', address: '10.0.1.10', mac: '02:00:0a:00:01:0a' },
      { namespace: 'a', interface: 'eth0', address: '10.0.1.1', mac: '06:00:0a:00:01:0a' },
    ],
    nftables: [
      {
        namespace: 'router',
        tables: [
          { family: 'inet', name: 'sg', sets: [], maps: [], counters: [], chains: [{ name: 'sg_forward', base: { type: 'filter', hook: 'forward', priority: 0 }, rules: [] }] },
        ],
      },
    ],
    processes: [{ namespace: 'b', role: 'echo', argv: ['socat', 'TCP-LISTEN:7', 'EXEC:cat'] }],
  };
}

const paths = (spec: LabSpec): string[] => validateLabSpec(spec).map((d) => d.path ?? '');

test('a consistent spec has no problems', () => {
  assert.deepEqual(validateLabSpec(routerLab()), []);
});

test('every problem is reported at once, each with the path of its field', () => {
  const spec = routerLab();
  spec.lab = 'Demo';
  spec.veths![0]!.a.addresses = ['10.0.1.10'];
  spec.veths![1]!.b.mac = '01:00:5e:00:00:01';
  spec.veths![1]!.b.mtu = 20;
  spec.routes!.push({ namespace: 'router', destination: '10.9.0.0/16', dev: 'nope' });
  spec.rules!.push({ namespace: 'router', priority: 32766, table: 'main' });
  const problems = validateLabSpec(spec);
  assert.deepEqual(
    problems.map((p) => p.path),
    ['lab', 'veths[0].a.addresses[0]', 'veths[1].b.mac', 'veths[1].b.mtu', 'routes[3].dev', 'rules[1].priority'],
  );
  assert.ok(problems.every((p) => p.severity === 'error' && p.code === 'lab-spec-invalid'));
  assert.match(problems[1]!.hint ?? '', /10\.0\.1\.23\/24/);
});

test('references to undeclared namespaces and interfaces are caught', () => {
  const spec = routerLab();
  spec.veths!.push({ a: { namespace: 'ghost', name: 'x' }, b: { namespace: 'router', name: 'r-x' } });
  spec.rules!.push({ namespace: 'router', priority: 200, iif: 'r-z', table: 5 });
  spec.processes!.push({ namespace: 'ghost', role: 'x', argv: ['true'] });
  spec.nftables!.push({ namespace: 'ghost', tables: [{ family: 'ip', name: 't', sets: [], maps: [], counters: [], chains: [] }] });
  assert.deepEqual(paths(spec), ['veths[2].a.namespace', 'rules[1].iif', 'nftables[1].namespace', 'processes[1].namespace']);
});

test('duplicate interfaces, and long names that hash to the same kernel name, are rejected', () => {
  const spec = routerLab();
  spec.veths!.push({ a: { namespace: 'a', name: 'eth0' }, b: { namespace: 'router', name: 'r-dup' } });
  assert.deepEqual(paths(spec), ['veths[2].a.name']);
});

test('route shapes: unicast needs a next hop or device, blackhole takes none, families agree', () => {
  const spec = routerLab();
  spec.routes = [
    { namespace: 'a', destination: '10.1.0.0/16' },
    { namespace: 'a', destination: '10.2.0.0/16', type: 'blackhole', via: '10.0.1.1' },
    { namespace: 'a', destination: 'fd00::/64', via: '10.0.1.1' },
    { namespace: 'a', destination: '10.3.0.0/33', dev: 'eth0' },
    { namespace: 'a', destination: '10.4.0.0/16', dev: 'eth0', table: 254 },
  ];
  assert.deepEqual(paths(spec), ['routes[0]', 'routes[1]', 'routes[2].via', 'routes[3].destination', 'routes[4].table']);
});

test('the same route twice would fail in the kernel with "File exists" and is caught here', () => {
  const spec = routerLab();
  spec.routes!.push({ namespace: 'router', table: 101, destination: '10.0.2.0/24', via: '10.0.2.10' });
  const problems = validateLabSpec(spec);
  assert.equal(problems.length, 1);
  assert.match(problems[0]!.hint ?? '', /File exists/);
});

test('bridge ports must be veth ends of the bridge namespace and belong to one bridge only', () => {
  const spec = routerLab();
  spec.bridges = [
    { namespace: 'router', name: 'br0', ports: ['r-a', 'eth0'] },
    { namespace: 'router', name: 'br1', ports: ['r-a'] },
  ];
  // r-a is now a port of br0, so the neighbour on it belongs on the bridge.
  assert.deepEqual(paths(spec), ['bridges[0].ports[1]', 'bridges[1].ports[0]', 'neighbors[0].interface']);
});

test('only net.* sysctls are accepted, and interface sysctls must name an interface of the namespace', () => {
  const spec = routerLab();
  spec.namespaces[1]!.sysctls = { 'kernel.pid_max': 5 };
  spec.namespaces[2]!.sysctls = { 'net.ipv4.conf.nope.rp_filter': 0 };
  const problems = validateLabSpec(spec);
  assert.deepEqual(
    problems.map((p) => p.path),
    ['namespaces[1].sysctls', 'namespaces[2].sysctls["net.ipv4.conf.nope.rp_filter"]'],
  );
  assert.match(problems[0]!.message, /would change the host/);
});

test('neighbours: a declared namespace, an interface that can hold them, an address without prefix, a unicast MAC, once each', () => {
  const spec = routerLab();
  spec.bridges = [{ namespace: 'router', name: 'br0', ports: ['r-b'] }];
  spec.neighbors!.push(
    { namespace: 'ghost', interface: 'eth0', address: '10.0.1.1', mac: '02:00:00:00:00:01' },
    { namespace: 'router', interface: 'nope', address: '10.0.2.10', mac: '02:00:00:00:00:02' },
    { namespace: 'router', interface: 'lo', address: '10.0.2.11', mac: '02:00:00:00:00:03' },
    { namespace: 'router', interface: 'r-b', address: '10.0.2.12', mac: '02:00:00:00:00:04' },
    { namespace: 'router', interface: 'br0', address: '10.0.2.13/32', mac: '02:00:00:00:00:05' },
    { namespace: 'router', interface: 'br0', address: 'ten', mac: '02:00:00:00:00:06' },
    { namespace: 'router', interface: 'br0', address: 'fd00::5', mac: '01:00:5e:00:00:01' },
    { namespace: 'router', interface: 'br0', address: 'fd00::6', mac: '00:00:00:00:00:00' },
    { namespace: 'router', interface: 'br0', address: 'fd00::7', mac: '02:00:00:00:07' },
    { namespace: 'router', interface: 'r-a', address: '10.0.1.10', mac: '02:00:0a:00:01:0b' },
  );
  const problems = validateLabSpec(spec);
  assert.deepEqual(
    problems.map((p) => p.path),
    [
      'neighbors[2].namespace',
      'neighbors[3].interface',
      'neighbors[4].interface',
      'neighbors[5].interface',
      'neighbors[6].address',
      'neighbors[7].address',
      'neighbors[8].mac',
      'neighbors[9].mac',
      'neighbors[10].mac',
      'neighbors[11].address',
    ],
  );
  assert.match(problems[2]!.message, /loopback interface has no neighbours/);
  assert.match(problems[3]!.message, /port of bridge "br0"/);
  assert.equal(problems[4]!.hint, 'write the address without a prefix length');
  assert.equal(problems[5]!.hint, undefined);
  assert.match(problems[8]!.message, /"02:00:00:00:07" is not a unicast MAC address/);
  assert.match(problems[9]!.hint ?? '', /later entry would silently replace/);
});

test('nftables entries need a table and valid names and references; process markers cannot be overridden', () => {
  const spec = routerLab();
  spec.nftables = [{ namespace: 'router', tables: [] }];
  spec.processes![0]!.env = { ECSNET_LAB: 'other' };
  assert.deepEqual(paths(spec), ['nftables[0].tables', 'processes[0].env.ECSNET_LAB']);
  spec.processes![0]!.env = {};
  spec.nftables = [
    {
      namespace: 'router',
      tables: [
        {
          family: 'inet',
          name: 'sg',
          sets: [
            { name: 'bad\nname', type: ['ipv4_addr'], elements: [] },
            { name: 'peers', type: ['ipv4_addr'], elements: [{ key: ['10.0.0.0/8'] }] },
          ],
          maps: [],
          counters: [],
          chains: [
            {
              name: 'c',
              rules: [{ exprs: [{ lookup: ['ip saddr'], set: 'ghost' }, { verdict: { kind: 'accept' } }] }, { exprs: [{ verdict: { kind: 'jump', chain: 'nowhere' } }] }],
            },
          ],
        },
      ],
    },
  ];
  assert.deepEqual(paths(spec), [
    'nftables[0].tables[0].sets[0].name',
    'nftables[0].tables[0].sets[1].elements[0]',
    'nftables[0].tables[0].chains[0].rules[0]',
    'nftables[0].tables[0].chains[0].rules[1]',
  ]);
});

test('assertValidLabSpec throws an EcsnetError listing each problem on its own line', () => {
  const spec = routerLab();
  spec.namespaces.push({ name: 'a' });
  assert.throws(
    () => assertValidLabSpec(spec),
    (err: unknown) => err instanceof EcsnetError && /namespaces\[3\]\.name: namespace "a" is declared twice/.test(err.message) && err.diagnostics.length === 1,
  );
});

test('trusted objects skip their value checks but not the checks of their place in the whole', () => {
  const veth = { a: { namespace: 'a', name: 'eth0', mac: 'zz:zz', addresses: ['10.0.0.1/24'] }, b: { namespace: 'b', name: 'eth0' } };
  const route = { namespace: 'a', destination: 'default', dev: 'eth9' };
  const spec = { lab: 't', namespaces: [{ name: 'a' }, { name: 'b' }], veths: [veth], routes: [route] };
  const paths = (trusted: object[]) => validateLabSpec(spec, { trusted: new Set(trusted) }).map((p) => p.path);
  assert.deepEqual(paths([]), ['veths[0].a.mac', 'routes[0].dev']);
  assert.deepEqual(paths([veth, route]), ['routes[0].dev'], 'a trusted route still needs its interface');
});

/**
 * The fabric compiler on the fixture templates, without a kernel: golden-ish assertions on the
 * lab spec (namespaces, ENI veths, policy routing, nftables sets and maps, daemons) and the
 * manifest. The spec must also pass the dataplane's own validation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { importRequest, runImport } from '../../../src/cli/import-options.js';
import { validateLabSpec } from '../../../src/dataplane/validate-spec.js';
import { interfaceName } from '../../../src/dataplane/names.js';
import type { LabSpec } from '../../../src/dataplane/lab-spec.js';
import { compileFabric, compileLab } from '../../../src/fabric/compile-lab.js';
import type { FabricManifest } from '../../../src/fabric/manifest.js';
import { routerPortMac } from '../../../src/fabric/router-port-mac.js';
import { planDeployment } from '../../../src/plan/index.js';
import { renderTable } from '../../../src/dataplane/nft/render.js';

/** The nftables tables of a namespace, as nft text. */
function rulesetOf(spec: LabSpec, namespace: string): string {
  return spec
    .nftables!.find((n) => n.namespace === namespace)!
    .tables.map(renderTable)
    .join('');
}

const RUNTIME = { node: '/usr/bin/node', daemonDir: '/opt/ecsnet/daemons' };

function compile(name: string, lab = 'unit') {
  const file = fileURLToPath(new URL(`../../../../test/fixtures/vpc/${name}`, import.meta.url));
  const imported = runImport(importRequest({}, [file]), false);
  return compileFabric(imported.model, planDeployment(imported.model, {}), { lab, runtime: RUNTIME, relaySocket: '/run/ecsnet/unit/relay.sock' });
}

test('public-private: namespaces, ENI cables, addresses and MACs from the plan', () => {
  const { spec, manifest } = compile('public-private.yml');
  assert.deepEqual(validateLabSpec(spec), []);
  assert.deepEqual(
    spec.namespaces.map((n) => n.name),
    [
      'internet',
      'aws',
      'i.public-private.PrivateClient',
      'i.public-private.PrivateOther',
      'i.public-private.PublicClient',
      'i.public-private.PublicNoIp',
      'i.public-private.WebServer',
      'nat.public-private.NatGateway',
      'vpc.public-private.Vpc',
    ],
  );
  const web = manifest.endpoints.find((e) => e.id === 'public-private.WebServer')!;
  assert.equal(web.privateIp, '10.0.1.10');
  assert.match(web.publicIp ?? '', /^198\.19\./);
  assert.equal(web.privateDnsName, 'ip-10-0-1-10.ec2.internal');
  assert.deepEqual(web.aliases.slice(0, 2), ['public-private.WebServer', 'WebServer']);
  const cable = spec.veths!.find((v) => v.b.name === web.eniId)!;
  assert.deepEqual(cable.a, { namespace: 'i.public-private.WebServer', name: 'eth0', mac: cable.a.mac, addresses: ['10.0.1.10/24'] });
  assert.match(cable.a.mac!, /^02:/);
  assert.deepEqual(cable.b, { namespace: 'vpc.public-private.Vpc', name: web.eniId, mac: routerPortMac(cable.a.mac!), addresses: ['10.0.1.1/32'] });
  assert.match(cable.b.mac!, /^06:/);
  assert.equal(cable.b.mac!.slice(2), cable.a.mac!.slice(2), 'the router port shares the tail of the ENI it faces');
  assert.ok(spec.routes!.some((r) => r.namespace === 'i.public-private.WebServer' && r.destination === 'default' && r.via === '10.0.1.1'));
  const router = spec.namespaces.find((n) => n.name === 'vpc.public-private.Vpc')!;
  assert.deepEqual(router.loopbackAddresses, ['10.0.0.2/32', '169.254.169.253/32']);
  assert.equal(router.sysctls?.['net.ipv4.ip_forward'], 1);
  assert.equal(router.sysctls?.[`net.ipv4.neigh.${web.eniId}.proxy_delay`], 0);
  // The same inputs give the same spec, byte for byte.
  assert.equal(JSON.stringify(compile('public-private.yml').spec), JSON.stringify(spec));
});

/**
 * Checks that every wired ENI has exactly one permanent neighbour on each side of its cable,
 * with the other end's MAC, and that the spec holds no other neighbours.
 */
function assertNeighbourPerEniOnEachSide(spec: LabSpec, manifest: FabricManifest): void {
  const neighbours = spec.neighbors ?? [];
  assert.equal(neighbours.length, 2 * manifest.endpoints.length, 'two neighbours per ENI and no others');
  for (const endpoint of manifest.endpoints) {
    const vpc = manifest.vpcs.find((v) => v.id === endpoint.vpcId)!;
    const cable = spec.veths!.find((v) => v.b.namespace === vpc.namespace && v.b.name === endpoint.routerInterface)!;
    const gateway = cable.b.addresses![0]!.replace(/\/32$/, '');
    const routerSide = neighbours.filter((n) => n.namespace === vpc.namespace && n.interface === endpoint.routerInterface);
    assert.deepEqual(
      routerSide,
      [{ namespace: vpc.namespace, interface: endpoint.routerInterface, address: endpoint.privateIp, mac: cable.a.mac }],
      `router side of ${endpoint.id}`,
    );
    const ownerSide = neighbours.filter((n) => n.namespace === endpoint.namespace && n.interface === cable.a.name);
    assert.deepEqual(ownerSide, [{ namespace: endpoint.namespace, interface: cable.a.name, address: gateway, mac: cable.b.mac }], `owner side of ${endpoint.id}`);
    assert.equal(cable.b.mac, routerPortMac(cable.a.mac!));
  }
  const routerMacs = spec.veths!.filter((v) => manifest.vpcs.some((vpc) => vpc.namespace === v.b.namespace) && v.b.mac !== undefined).map((v) => v.b.mac);
  assert.equal(new Set(routerMacs).size, routerMacs.length, 'router port MACs are unique');
}

test('public-private: a permanent neighbour per ENI on each side of its cable', () => {
  const { spec, manifest } = compile('public-private.yml');
  assertNeighbourPerEniOnEachSide(spec, manifest);
  const web = manifest.endpoints.find((e) => e.id === 'public-private.WebServer')!;
  const cable = spec.veths!.find((v) => v.b.name === web.eniId)!;
  assert.deepEqual(
    spec.neighbors!.filter((n) => n.interface === web.eniId || n.namespace === web.namespace),
    [
      { namespace: 'vpc.public-private.Vpc', interface: web.eniId, address: '10.0.1.10', mac: cable.a.mac },
      { namespace: 'i.public-private.WebServer', interface: 'eth0', address: '10.0.1.1', mac: cable.b.mac },
    ],
  );
  // Proxy ARP stays on for what the plan does not cover (an ENI asking for a peer of its subnet).
  const router = spec.namespaces.find((n) => n.name === 'vpc.public-private.Vpc')!;
  assert.equal(router.sysctls?.['net.ipv4.conf.default.proxy_arp'], 1);
});

test('public-private: route tables as fwmark-selected kernel tables, local delivery ahead of them', () => {
  const { spec, manifest } = compile('public-private.yml');
  const vpc = manifest.vpcs[0]!;
  const ns = vpc.namespace;
  const privateTable = vpc.routeTables.find((t) => t.routeTableId === 'public-private.PrivateRouteTable')!;
  const publicTable = vpc.routeTables.find((t) => t.routeTableId === 'public-private.PublicRouteTable')!;
  const nat = manifest.endpoints.find((e) => e.kind === 'nat-gateway')!;
  const routes = (table: number) =>
    spec
      .routes!.filter((r) => r.namespace === ns && r.table === table)
      .map((r) => `${r.type ?? 'unicast'} ${r.destination}${r.via ? ` via ${r.via}` : ''}${r.dev ? ` dev ${r.dev}` : ''}`);
  assert.deepEqual(routes(privateTable.table), [`unicast default via ${nat.privateIp} dev ${nat.eniId}`, 'blackhole 198.51.100.128/25']);
  assert.deepEqual(routes(publicTable.table), [`unicast default via ${vpc.uplink.internetIp} dev uplink`]);
  const main = vpc.routeTables.find((t) => t.routeTableId.endsWith('#main-route-table'))!;
  assert.deepEqual(routes(main.table), ['unreachable default']);
  assert.deepEqual(routes(100).slice(-1), ['blackhole 10.0.0.0/16']);
  assert.equal(routes(100).length, 6 + 1, 'a /32 per ENI (5 instances, 1 NAT gateway) and the VPC blackhole');
  const rules = spec.rules!.filter((r) => r.namespace === ns).map((r) => `${r.priority} ${r.to ?? ''}${r.fwmark ?? ''} ${r.table}`);
  assert.deepEqual(rules, ['500 10.0.0.0/16 100', '999 101 101', '1000 1000 1000', '1001 1001 1001', '1002 1002 1002']);
  assert.equal(privateTable.routes.find((r) => r.logicalId === 'StaleRoute')?.action, 'blackhole');
  // The route-table mark of each ENI's ingress interface.
  const ruleset = rulesetOf(spec, ns);
  const client = manifest.endpoints.find((e) => e.id === 'public-private.PrivateClient')!;
  assert.ok(ruleset.includes(`"${interfaceName(client.eniId)}" : ${privateTable.table}`));
});

test('public-private: the internet gateway maps public and private addresses both ways', () => {
  const { spec, manifest } = compile('public-private.yml');
  const ruleset = rulesetOf(spec, manifest.vpcs[0]!.namespace);
  const withIp = manifest.endpoints.filter((e) => e.publicIp !== undefined);
  assert.deepEqual(withIp.map((e) => e.id).sort(), ['public-private.NatGateway', 'public-private.PublicClient', 'public-private.WebServer']);
  for (const e of withIp) {
    assert.ok(ruleset.includes(`${e.privateIp} : ${e.publicIp}`), `snat ${e.id}`);
    assert.ok(ruleset.includes(`${e.publicIp} : ${e.privateIp}`), `dnat ${e.id}`);
    assert.ok(spec.routes!.some((r) => r.namespace === 'internet' && r.destination === `${e.publicIp}/32` && r.src === '203.0.113.10'));
  }
  assert.match(ruleset, /oifname "uplink" ip saddr != @igw_public_sources counter name "igw_no_public_ip" drop/);
  // The NAT gateway translates to its own private address, ports 1024-65535.
  const nat = manifest.endpoints.find((e) => e.kind === 'nat-gateway')!;
  const natRules = rulesetOf(spec, nat.namespace);
  assert.match(natRules, new RegExp(`snat ip to ${nat.privateIp.replace(/\./g, '\\.')}:1024-65535`));
});

test('daemons: the resolver per VPC, the internet host, public DNS, AWS endpoints and the relay forwarder', () => {
  const { spec, manifest } = compile('public-private.yml');
  const procs = spec.processes!.map((p) => `${p.namespace} ${p.role} ${p.argv[1]}`);
  assert.deepEqual(procs, [
    `${manifest.vpcs[0]!.namespace} vpc-dns /opt/ecsnet/daemons/dns-server.js`,
    'internet internet-host /opt/ecsnet/daemons/internet-host.js',
    'internet public-dns /opt/ecsnet/daemons/dns-server.js',
    'aws aws-endpoints /opt/ecsnet/daemons/aws-endpoints.js',
    'internet relay-forwarder /opt/ecsnet/daemons/relay-forwarder.js',
  ]);
  const resolver = JSON.parse(spec.processes![0]!.configFile!.content) as { listen: { address: string }[]; upstream: { address: string } };
  assert.deepEqual(
    resolver.listen.map((l) => l.address),
    ['10.0.0.2', '169.254.169.253'],
  );
  assert.equal(resolver.upstream.address, '203.0.113.53');
  // The web server opens tcp/80 to the world: that is the one relay target.
  assert.deepEqual(
    manifest.relays.map((r) => `${r.address}:${r.port}`),
    [`${manifest.endpoints.find((e) => e.id === 'public-private.WebServer')!.publicIp}:80`],
  );
});

test('endpoints: gateway endpoint link and prefix route, interface endpoint private links, replies by connmark', () => {
  const { spec, manifest } = compile('endpoints.yml');
  assert.deepEqual(validateLabSpec(spec), []);
  const vpc = manifest.vpcs[0]!;
  const isolated = vpc.routeTables.find((t) => t.routeTableId === 'endpoints.IsolatedRouteTable')!;
  const s3 = isolated.routes.find((r) => r.target === 'vpc-endpoint')!;
  assert.equal(s3.destination, '198.51.100.16/28');
  assert.ok(spec.routes!.some((r) => r.namespace === vpc.namespace && r.table === isolated.table && r.destination === '198.51.100.16/28' && r.dev === 'gwe'));
  assert.ok(spec.routes!.some((r) => r.namespace === vpc.namespace && r.table === isolated.table && r.destination === 'default' && r.type === 'unreachable'));
  const ecr = manifest.endpoints.find((e) => e.id === 'endpoints.EcrApiEndpoint')!;
  assert.equal(ecr.namespace, 'vpce.endpoints.EcrApiEndpoint.IsolatedSubnet');
  assert.match(rulesetOf(spec, ecr.namespace), new RegExp(`ip daddr ${ecr.privateIp.replace(/\./g, '\\.')} dnat ip to 198\\.51\\.100\\.101`));
  const aws = rulesetOf(spec, 'aws');
  assert.match(aws, /"pl0" : 2000,\n\s+"pl1" : 2001,\n\s+"gwe0" : 2002/);
  assert.match(aws, /ct mark != 0 meta mark set ct mark/);
  assert.deepEqual(
    spec.rules!.filter((r) => r.namespace === 'aws').map((r) => r.fwmark),
    [2000, 2001, 2002],
  );
  // Private DNS of the interface endpoints is part of the resolver's data.
  const resolverConfig = JSON.parse(spec.processes!.find((p) => p.role === 'vpc-dns')!.configFile!.content) as {
    zone: { records: { name: string; value: string }[]; authoritative: string[] };
  };
  assert.ok(resolverConfig.zone.records.some((r) => r.name === 'api.ecr.us-east-1.amazonaws.com' && r.value === ecr.privateIp));
  assert.ok(resolverConfig.zone.authoritative.includes('corp.internal'));
});

test('the example: one permanent neighbour per wired ENI on each side, no ARP needed across any cable', () => {
  const imported = runImport(importRequest({}, []), false);
  const { spec, manifest } = compileFabric(imported.model, planDeployment(imported.model, {}), { lab: 'example', runtime: RUNTIME });
  assert.deepEqual(validateLabSpec(spec), []);
  assert.equal(manifest.endpoints.length, 10, 'the example wires 10 ENIs (instances, NAT gateways, interface endpoints)');
  assertNeighbourPerEniOnEachSide(spec, manifest);
  assert.deepEqual(new Set(manifest.endpoints.map((e) => e.kind)), new Set(['instance', 'nat-gateway', 'vpc-endpoint']));
});

test('the example: every VPC ENI kind the fabric wires, and notes for the rest', () => {
  const imported = runImport(importRequest({}, []), false);
  const spec = compileLab(imported.model, planDeployment(imported.model, {}), { lab: 'example', runtime: RUNTIME });
  assert.deepEqual(validateLabSpec(spec), []);
  assert.equal(spec.namespaces.filter((n) => n.name.startsWith('vpce.')).length, 6);
  assert.equal(spec.namespaces.filter((n) => n.name.startsWith('nat.')).length, 2);
  assert.equal(spec.namespaces.filter((n) => n.name.startsWith('vpc.')).length, 1);
  assert.ok(!spec.processes!.some((p) => p.role === 'relay-forwarder'), 'no relay forwarder without a socket');
});

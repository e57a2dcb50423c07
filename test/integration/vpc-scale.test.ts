/**
 * A VPC router with more ENIs than the host's neighbour table admits. The table's limits
 * (net.ipv4.neigh.default.gc_thresh1/2/3, 1024 entries at most by default) are global to the
 * host and do not exist inside a namespace, so a router that learned its ENIs by ARP would hit
 * "neighbour table overflow" past about a thousand of them and lose packets. The fabric
 * installs a permanent neighbour per ENI on both ends of its cable instead; this test brings
 * up 1,120 instances in one /21 (a real template through import, plan and compile), reaches
 * every one of them from the router with real ICMP, reads the neighbour tables back, and
 * checks that teardown leaves the host as it was. It changes no host sysctl.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyLab } from '../../src/dataplane/apply-lab.js';
import { SpawnCommandRunner } from '../../src/dataplane/command-runner.js';
import { destroyLab } from '../../src/dataplane/destroy-lab.js';
import { interfaceName, namespaceName } from '../../src/dataplane/names.js';
import { compileFabric } from '../../src/fabric/compile-lab.js';
import { planDeployment } from '../../src/plan/index.js';
import { importText } from '../helpers/import-text.js';
import { hostSnapshot, kernelTest, pidsMarkedFor, uniqueLab } from './dataplane-support.js';
import { DAEMON_DIR } from './vpc-support.js';

/** Comfortably above the host's default gc_thresh3 (1024), and still inside one /21 (2043 usable addresses). */
const INSTANCES = 1120;

/** One VPC, one /21 subnet and an Auto Scaling group of `count` instances whose group admits ICMP from the VPC. */
function fleetTemplate(count: number): string {
  return `AWSTemplateFormatVersion: '2010-09-09'
Description: ecsnet scale test, ${count} instances behind one VPC router
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: { CidrBlock: 10.0.0.0/16 }
  Subnet:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.8.0/21, AvailabilityZone: !Select [0, !GetAZs ''] }
  FleetSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: the fleet admits ICMP from the VPC
      VpcId: !Ref Vpc
      SecurityGroupIngress: [{ IpProtocol: icmp, FromPort: -1, ToPort: -1, CidrIp: 10.0.0.0/16 }]
  FleetLaunchTemplate:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData: { ImageId: ami-12345678, InstanceType: t3.micro, SecurityGroupIds: [!Ref FleetSecurityGroup] }
  Fleet:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      VPCZoneIdentifier: [!Ref Subnet]
      LaunchTemplate: { LaunchTemplateId: !Ref FleetLaunchTemplate, Version: !GetAtt FleetLaunchTemplate.LatestVersionNumber }
      MinSize: '${count}'
      MaxSize: '${count}'
      DesiredCapacity: '${count}'
`;
}

/** `ip -o neigh` lines as address → `dev lladdr state`. */
function neighbourTable(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^(\S+) dev (\S+) lladdr (\S+)(?: router)? (\S+)$/.exec(line.trim());
    if (m) out.set(m[1] as string, `${m[2]} ${m[3]} ${m[4]}`);
    else if (line.trim() !== '') out.set(line.trim().split(' ')[0] as string, line.trim());
  }
  return out;
}

test(`a VPC router with ${INSTANCES} ENIs reaches every one of them, each a permanent neighbour on both sides`, { ...kernelTest, timeout: 180_000 }, async () => {
  const lab = uniqueLab('vsc');
  const imported = importText({ 'scale.yml': fleetTemplate(INSTANCES) });
  assert.deepEqual(
    imported.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
  const { spec, manifest } = compileFabric(imported.model, planDeployment(imported.model, {}), { lab, runtime: { node: process.execPath, daemonDir: DAEMON_DIR } });
  const vpc = manifest.vpcs[0]!;
  const enis = manifest.endpoints.filter((e) => e.vpcId === vpc.id);
  assert.equal(enis.length, INSTANCES);
  assert.ok(enis.length > 1100, 'more ENIs than the host-wide gc_thresh3 of 1024');
  const cableOf = new Map(spec.veths!.filter((v) => v.b.namespace === vpc.namespace).map((v) => [v.b.name, v]));

  const before = hostSnapshot();
  try {
    const started = performance.now();
    const handle = await applyLab(spec);
    const upMs = performance.now() - started;
    assert.ok(upMs < 60_000, `bring-up took ${upMs.toFixed(0)} ms`);

    // Router side: exactly one permanent entry per ENI, on the ENI's port, with the ENI's MAC.
    const permanent = neighbourTable((await handle.exec(vpc.namespace, ['ip', '-o', 'neigh', 'show', 'nud', 'permanent'], { check: true })).stdout);
    assert.equal(permanent.size, INSTANCES);
    for (const eni of enis) {
      const cable = cableOf.get(eni.routerInterface)!;
      assert.equal(permanent.get(eni.privateIp), `${interfaceName(eni.routerInterface)} ${cable.a.mac} PERMANENT`, `router entry of ${eni.id}`);
    }

    // Every ENI answers the router: one ICMP echo each, 64 at a time; the addresses that did not answer are printed.
    const sweepStart = performance.now();
    const sweep = await handle.exec(vpc.namespace, ['sh', '-c', "xargs -P 64 -I@ sh -c 'ping -c1 -W2 -n -q @ >/dev/null 2>&1 || echo @'"], {
      stdin: `${enis.map((e) => e.privateIp).join('\n')}\n`,
      check: true,
      timeoutMs: 120_000,
    });
    const sweepMs = performance.now() - sweepStart;
    assert.deepEqual(sweep.stdout.split('\n').filter(Boolean), [], 'ENIs the router could not reach');

    // Nothing was learned by ARP for the ENIs: no dynamic, incomplete or failed entry in the VPC range.
    const all = neighbourTable((await handle.exec(vpc.namespace, ['ip', '-o', 'neigh', 'show'], { check: true })).stdout);
    const learned = [...all].filter(([address, entry]) => address.startsWith('10.0.') && !entry.endsWith('PERMANENT'));
    assert.deepEqual(learned, []);

    // Workload side: every instance holds its gateway as a permanent neighbour with its router port's MAC.
    const listing = await new SpawnCommandRunner().run(
      ['sh', '-c', 'for ns in "$@"; do echo "netns $ns"; ip -n "$ns" -o neigh show nud permanent; done', 'sh', ...enis.map((e) => namespaceName(lab, e.namespace))],
      { timeoutMs: 120_000 },
    );
    const permanentOf = new Map<string, string[]>();
    let current: string[] = [];
    for (const line of listing.stdout.split('\n')) {
      if (line.startsWith('netns ')) permanentOf.set(line.slice(6), (current = []));
      else if (line.trim() !== '') current.push(line.trim());
    }
    for (const eni of enis) {
      const cable = cableOf.get(eni.routerInterface)!;
      assert.deepEqual(permanentOf.get(namespaceName(lab, eni.namespace)), [`10.0.8.1 dev eth0 lladdr ${cable.b.mac} PERMANENT`], `gateway entry of ${eni.id}`);
    }

    // Across the router too: the first instance reaches the last (security group admits ICMP from the VPC).
    const across = await handle.exec(enis[0]!.namespace, ['ping', '-c1', '-W2', '-n', '-q', enis[enis.length - 1]!.privateIp]);
    assert.equal(across.exitCode, 0, across.stdout + across.stderr);

    console.log(`vpc-scale: ${INSTANCES} ENIs, bring-up ${upMs.toFixed(0)} ms, router sweep ${sweepMs.toFixed(0)} ms`);
  } finally {
    await destroyLab(lab);
  }
  assert.deepEqual(hostSnapshot(), before);
  assert.deepEqual(await pidsMarkedFor(lab), []);
});

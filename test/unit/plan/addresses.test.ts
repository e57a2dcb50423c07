import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planDeployment } from '../../../src/plan/index.js';
import { ModelBuilder } from './fixtures.js';

describe('addresses of the whole deployment', () => {
  function infra() {
    const b = new ModelBuilder();
    const vpc = b.vpc('Vpc', '10.0.0.0/16', ['100.64.0.0/16']);
    const publicA = b.subnet('PublicA', vpc, '10.0.0.0/24', 'us-east-1a', { public: true, mapPublicIpOnLaunch: true });
    const publicB = b.subnet('PublicB', vpc, '10.0.1.0/24', 'us-east-1b', { public: true, mapPublicIpOnLaunch: true });
    const pods = b.subnet('Pods', vpc, '100.64.0.0/20', 'us-east-1a');
    return { b, vpc, publicA, publicB, pods };
  }

  it('honours fixed private IPs first, then allocates ascending', () => {
    const { b, publicA } = infra();
    b.natGateway('Nat', publicA, { privateIp: '10.0.0.4', publicIp: '203.0.113.7' });
    b.instance('Bastion', { subnet: publicA, instanceType: 't3.large', privateIp: '10.0.0.10' });
    b.instance('Other', { subnet: publicA, instanceType: 't3.large' });
    b.loadBalancer('Nlb', 'network', [], { mappings: [{ subnetId: publicA, privateIp: '10.0.0.5' }] });
    b.loadBalancer('Alb', 'application', [publicA]);
    const plan = planDeployment(b.build());
    const ip = (owner: string) => plan.enis.find((e) => e.ownerId === owner)!.privateIp;
    assert.equal(ip('Test.Nat'), '10.0.0.4');
    assert.equal(ip('Test.Nlb'), '10.0.0.5');
    assert.equal(plan.instances.find((i) => i.source.logicalId === 'Bastion')!.privateIp, '10.0.0.10');
    assert.equal(ip('Test.Alb'), '10.0.0.6', 'after the fixed ones, the lowest free address');
    assert.equal(plan.instances.find((i) => i.source.logicalId === 'Other')!.privateIp, '10.0.0.7');
    assert.ok(plan.enis.filter((e) => e.fixedIp).every((e) => ['10.0.0.4', '10.0.0.5', '10.0.0.10'].includes(e.privateIp)));
    const nat = plan.enis.find((e) => e.kind === 'nat-gateway')!;
    assert.deepEqual([nat.publicIp, nat.publicIpSource, nat.securityGroupIds], ['203.0.113.7', 'elastic-ip', []]);
    assert.equal(nat.gatewayIp, '10.0.0.1');
    assert.equal(nat.prefixLength, 24);
  });

  it('reports a fixed IP that AWS would refuse and uses a free one', () => {
    const { b, publicA } = infra();
    b.instance('Bad', { subnet: publicA, instanceType: 't3.large', privateIp: '10.0.0.2' });
    const plan = planDeployment(b.build());
    assert.equal(plan.instances[0]!.privateIp, '10.0.0.4');
    const note = plan.notes.find((n) => n.code === 'plan-fixed-ip')!;
    assert.equal(note.severity, 'error');
    assert.equal(note.logicalId, 'Bad');
    assert.match(note.message, /reserves/);
  });

  it('counts one ENI per subnet for load balancers, interface endpoints and VPC links', () => {
    const { b, vpc, publicA, publicB, pods } = infra();
    b.loadBalancer('Alb', 'application', [publicA, publicB]);
    b.interfaceEndpoint('EcrApi', vpc, 'ecr.api', [pods, publicB]);
    b.vpcLink('Link', [pods]);
    const plan = planDeployment(b.build());
    const byKind = (kind: string) =>
      plan.enis
        .filter((e) => e.kind === kind)
        .map((e) => e.subnetId)
        .sort();
    assert.deepEqual(byKind('load-balancer'), ['Test.PublicA', 'Test.PublicB']);
    assert.deepEqual(byKind('vpc-endpoint'), ['Test.Pods', 'Test.PublicB']);
    assert.deepEqual(byKind('vpc-link'), ['Test.Pods']);
    const podsPlan = plan.subnets.find((s) => s.id === 'Test.Pods')!;
    assert.deepEqual(podsPlan.usedBy, { 'vpc-endpoint': 1, 'vpc-link': 1 });
    assert.deepEqual([podsPlan.size, podsPlan.usable, podsPlan.used, podsPlan.free], [4096, 4091, 2, 4089]);
    const alb = plan.enis.filter((e) => e.kind === 'load-balancer');
    assert.ok(alb.every((e) => e.publicIp?.startsWith('198.19.') && e.securityGroupIds[0] === 'Test.Vpc#default-sg'));
  });

  it('plans subnets that sit in a secondary VPC CIDR, and refuses one outside every VPC CIDR', () => {
    const { b, vpc, pods } = infra();
    const stray = b.subnet('Stray', vpc, '192.168.0.0/24', 'us-east-1a');
    const td = b.taskDefinition('Td', { networkMode: 'awsvpc', cpu: 256, memory: 512, containers: [{}], fargate: true });
    b.service('Svc', { taskDefinition: td, desired: 2, launchType: 'FARGATE', subnets: [pods, stray] });
    const plan = planDeployment(b.build());
    const tasks = plan.tasks.filter((t) => t.serviceLogicalId === 'Svc');
    assert.deepEqual(
      tasks.map((t) => t.privateIp),
      ['100.64.0.4', '100.64.0.5'],
      'both in the subnet that can hold addresses',
    );
    assert.ok(plan.notes.some((n) => n.code === 'plan-subnet-outside-vpc' && n.logicalId === 'Stray'));
    assert.equal(plan.subnets.find((s) => s.id === 'Test.Stray')!.usable, 0);
    assert.deepEqual(plan.services[0]!.reasons, []);
  });

  it('gives public IPs to instances in MapPublicIpOnLaunch subnets and to those that ask', () => {
    const { b, publicA, pods } = infra();
    b.instance('Public', { subnet: publicA, instanceType: 't3.large' });
    b.instance('Private', { subnet: pods, instanceType: 't3.large' });
    b.instance('Asked', { subnet: pods, instanceType: 't3.large', associatePublicIp: true });
    const plan = planDeployment(b.build());
    const publicIp = (logicalId: string) => plan.instances.find((i) => i.source.logicalId === logicalId)!.publicIp;
    assert.match(publicIp('Public')!, /^198\.19\./);
    assert.equal(publicIp('Private'), undefined);
    assert.match(publicIp('Asked')!, /^198\.19\./);
  });

  it('reports ALB subnets left with fewer than 8 free addresses', () => {
    const b = new ModelBuilder();
    const vpc = b.vpc('Vpc', '10.0.0.0/16');
    const a = b.subnet('A', vpc, '10.0.0.0/28', 'us-east-1a');
    const c = b.subnet('C', vpc, '10.0.0.16/28', 'us-east-1b');
    b.loadBalancer('Alb', 'application', [a, c]);
    for (let i = 0; i < 4; i++) b.instance(`I${i}`, { subnet: a, instanceType: 't3.large' });
    const plan = planDeployment(b.build());
    const subnetA = plan.subnets.find((s) => s.id === 'Test.A')!;
    assert.deepEqual(subnetA.albScaling, { loadBalancerIds: ['Test.Alb'], freeNeeded: 8, ok: false });
    assert.equal(subnetA.free, 6);
    assert.equal(plan.subnets.find((s) => s.id === 'Test.C')!.albScaling!.ok, true);
    const notes = plan.notes.filter((n) => n.code === 'plan-alb-scaling-headroom');
    assert.equal(notes.length, 1);
    assert.match(notes[0]!.message, /Test\.A .* 6 free addresses/);
  });

  it('reports instances that cannot launch in a full subnet', () => {
    const b = new ModelBuilder();
    const vpc = b.vpc('Vpc', '10.0.0.0/16');
    const a = b.subnet('A', vpc, '10.0.0.0/28', 'us-east-1a');
    const cluster = b.cluster('Cluster');
    b.autoScalingGroup('Asg', { subnets: [a], capacity: 12, instanceType: 'm5.large', cluster });
    const plan = planDeployment(b.build());
    assert.equal(plan.instances.length, 11);
    assert.equal(plan.notes.filter((n) => n.code === 'plan-instance-not-launched').length, 1);
  });

  it('gives every ENI a distinct eni- id and MAC', () => {
    const { b, publicA, publicB } = infra();
    const cluster = b.cluster('Cluster');
    b.autoScalingGroup('Asg', { subnets: [publicA, publicB], capacity: 20, instanceType: 'c5.large', cluster });
    const plan = planDeployment(b.build(), { trunking: true });
    assert.equal(plan.enis.length, 40);
    assert.equal(new Set(plan.enis.map((e) => e.id)).size, 40);
    assert.equal(new Set(plan.enis.map((e) => e.mac)).size, 40);
    assert.ok(plan.enis.every((e) => /^eni-[0-9a-f]{17}$/.test(e.id) && /^02(:[0-9a-f]{2}){5}$/.test(e.mac)));
    assert.ok(plan.instances.every((i) => /^i-[0-9a-f]{17}$/.test(i.id)));
  });
});

/**
 * One address authority (issue 7): every address a template can observe — GetAtt PrivateIp,
 * PrivateDnsName, PublicIp, PublicDnsName of instances, PrimaryPrivateIpAddress and
 * SecondaryPrivateIpAddresses of network interfaces, Elastic IPs and what they are associated
 * with, NAT gateway addresses, load balancer DNS names — is the one the plan allocates and the
 * compiled lab gives that ENI, whether it is observed as an output, an export another stack
 * imports, or a Route 53 record the lab's DNS serves.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { LabSpec } from '../../../src/dataplane/lab-spec.js';
import { compileFabric } from '../../../src/fabric/compile-lab.js';
import { DnsZone, type DnsZoneData } from '../../../src/fabric/dns-zone.js';
import type { FabricEndpoint, FabricManifest } from '../../../src/fabric/manifest.js';
import { renderLab } from '../../../src/fabric/render-lab.js';
import type { ImportResult } from '../../../src/pipeline/import-deployment.js';
import { settleAddresses } from '../../../src/pipeline/settle-addresses.js';
import { planDeployment } from '../../../src/plan/plan-deployment.js';
import type { Plan } from '../../../src/plan/types.js';
import { resolveDeployment } from '../../../src/template/resolve.js';
import { parseTemplate } from '../../../src/template/parse.js';
import { isPlaceholder } from '../../../src/template/placeholder.js';
import { findingsWithCode, importText } from '../../helpers/import-text.js';
import { runCli } from '../../helpers/run-cli.js';

/** A VPC with a public subnet (internet gateway), a private subnet and a private hosted zone. */
const NETWORK = `
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  Igw: {Type: AWS::EC2::InternetGateway}
  Attach: {Type: AWS::EC2::VPCGatewayAttachment, Properties: {VpcId: !Ref Vpc, InternetGatewayId: !Ref Igw}}
  PublicRt: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !Ref Vpc}}
  DefaultRoute: {Type: AWS::EC2::Route, DependsOn: Attach, Properties: {RouteTableId: !Ref PublicRt, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw}}
  Subnet: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: us-east-1a}}
  SubnetRt: {Type: AWS::EC2::SubnetRouteTableAssociation, Properties: {SubnetId: !Ref Subnet, RouteTableId: !Ref PublicRt}}
  Private: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.2.0/24, AvailabilityZone: us-east-1b}}
  Sg: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: hosts, VpcId: !Ref Vpc}}
  Zone: {Type: AWS::Route53::HostedZone, Properties: {Name: corp.internal, VPCs: [{VPCId: !Ref Vpc, VPCRegion: !Ref 'AWS::Region'}]}}
`;

const template = (resources: string, outputs = '') => `Resources:${NETWORK}${resources}${outputs ? `Outputs:\n${outputs}` : ''}`;

interface Lab {
  imported: ImportResult;
  plan: Plan;
  spec: LabSpec;
  endpoints: FabricEndpoint[];
  manifest: FabricManifest;
  outputs: Record<string, unknown>;
}

function lab(files: Record<string, string>, stack = 'net'): Lab {
  const imported = importText(files);
  const plan = planDeployment(imported.model, {});
  const { spec, manifest } = compileFabric(imported.model, plan, { lab: 'ad-unit', runtime: { node: 'node', daemonDir: '/d' } });
  const outputs = imported.deployment.stacks.find((s) => s.name === stack)?.outputs ?? {};
  return { imported, plan, spec, endpoints: manifest.endpoints, manifest, outputs };
}

function endpoint(l: Lab, id: string): FabricEndpoint {
  const found = l.endpoints.find((e) => e.id === id);
  assert.ok(found, `the lab wires ${id}`);
  return found;
}

/** The zone data of one of the lab's DNS servers (the VPC resolver or the internet's public DNS). */
function zone(l: Lab, role: 'vpc-dns' | 'public-dns'): DnsZone {
  const process = (l.spec.processes ?? []).find((p) => p.role === role);
  assert.ok(process, `the lab runs ${role}`);
  assert.ok(process.configFile, `${role} gets its configuration in a file`);
  return new DnsZone((JSON.parse(process.configFile.content) as { zone: DnsZoneData }).zone);
}

/** What that DNS server answers for an A query (the records of the answer, CNAMEs first). */
function answer(l: Lab, role: 'vpc-dns' | 'public-dns', name: string): string[] {
  const reply = zone(l, role).answer(name, 'A');
  return reply.kind === 'answer' ? reply.records.map((r) => r.value) : [];
}

function noErrors(l: Lab): void {
  assert.deepEqual(
    l.imported.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
}

describe('address attributes come from the plan', () => {
  it("GetAtt Instance.PrivateIp in a Route 53 record is the address the lab gives the instance and its DNS answers (the issue's case)", () => {
    const l = lab({
      'net.yml': template(
        `
  Web: {Type: AWS::EC2::Instance, Properties: {ImageId: ami-1, InstanceType: t3.micro, SubnetId: !Ref Subnet}}
  WebRecord: {Type: AWS::Route53::RecordSet, Properties: {HostedZoneId: !Ref Zone, Name: web.corp.internal, Type: A, TTL: '60', ResourceRecords: [!GetAtt Web.PrivateIp]}}
`,
        `  WebIp: {Value: !GetAtt Web.PrivateIp}
  WebDns: {Value: !GetAtt Web.PrivateDnsName}
`,
      ),
    });
    noErrors(l);
    const web = endpoint(l, 'net.Web');
    const planned = l.plan.instances.find((i) => i.source.id === 'net.Web');
    assert.equal(planned?.privateIp, web.privateIp);
    assert.equal(l.outputs.WebIp, web.privateIp);
    assert.deepEqual(l.imported.model.recordSets.find((r) => r.logicalId === 'WebRecord')?.values, [web.privateIp]);
    assert.deepEqual(answer(l, 'vpc-dns', 'web.corp.internal'), [web.privateIp]);
    assert.equal(l.outputs.WebDns, web.privateDnsName);
    assert.deepEqual(answer(l, 'vpc-dns', web.privateDnsName), [web.privateIp]);
  });

  it("an exported PrivateIp imported by another stack's record set is the lab's address", () => {
    const l = lab(
      {
        'net.yml': template(
          `
  Web: {Type: AWS::EC2::Instance, Properties: {ImageId: ami-1, InstanceType: t3.micro, SubnetId: !Ref Private}}
`,
          `  WebIp: {Value: !GetAtt Web.PrivateIp, Export: {Name: web-ip}}
  ZoneId: {Value: !Ref Zone, Export: {Name: zone-id}}
`,
        ),
        'dns.yml': `Resources:
  Record: {Type: AWS::Route53::RecordSet, Properties: {HostedZoneId: !ImportValue zone-id, Name: app.corp.internal, Type: A, TTL: '60', ResourceRecords: [!ImportValue web-ip]}}
Outputs:
  Seen: {Value: !ImportValue web-ip}
`,
      },
      'dns',
    );
    noErrors(l);
    const web = endpoint(l, 'net.Web');
    assert.equal(l.outputs.Seen, web.privateIp);
    assert.deepEqual(answer(l, 'vpc-dns', 'app.corp.internal'), [web.privateIp]);
  });

  it("an instance in a nested stack: its PrivateIp, read by the parent through the child's output, is the lab's address", () => {
    const l = lab({
      'net.yml': template(`
  Child: {Type: AWS::CloudFormation::Stack, Properties: {TemplateURL: child.yml, Parameters: {SubnetId: !Ref Private}}}
  Record: {Type: AWS::Route53::RecordSet, Properties: {HostedZoneId: !Ref Zone, Name: box.corp.internal, Type: A, TTL: '60', ResourceRecords: [!GetAtt Child.Outputs.Ip]}}
`),
      'child.yml': `Parameters:
  SubnetId: {Type: String}
Resources:
  Box: {Type: AWS::EC2::Instance, Properties: {ImageId: ami-1, InstanceType: t3.micro, SubnetId: !Ref SubnetId}}
Outputs:
  Ip: {Value: !GetAtt Box.PrivateIp}
`,
    });
    noErrors(l);
    assert.deepEqual(answer(l, 'vpc-dns', 'box.corp.internal'), [endpoint(l, 'net-Child.Box').privateIp]);
  });

  it("GetAtt PublicIp and PublicDnsName are the instance's public address in the lab, which the public DNS answers", () => {
    const l = lab({
      'net.yml': template(
        `
  Bastion:
    Type: AWS::EC2::Instance
    Properties: {ImageId: ami-1, InstanceType: t3.micro, NetworkInterfaces: [{DeviceIndex: '0', SubnetId: !Ref Subnet, AssociatePublicIpAddress: true, GroupSet: [!Ref Sg]}]}
`,
        `  Ip: {Value: !GetAtt Bastion.PublicIp}
  Name: {Value: !GetAtt Bastion.PublicDnsName}
`,
      ),
    });
    noErrors(l);
    const bastion = endpoint(l, 'net.Bastion');
    assert.ok(bastion.publicIp);
    assert.equal(l.outputs.Ip, bastion.publicIp);
    assert.equal(l.plan.instances.find((i) => i.source.id === 'net.Bastion')?.publicIp, bastion.publicIp);
    assert.deepEqual(answer(l, 'public-dns', String(l.outputs.Name)), [bastion.publicIp]);
  });

  it('Elastic IPs: Ref, PublicIp and the instance, NAT gateway and association they are linked to agree with the lab', () => {
    const l = lab({
      'net.yml': template(
        `
  App: {Type: AWS::EC2::Instance, Properties: {ImageId: ami-1, InstanceType: t3.micro, SubnetId: !Ref Subnet}}
  AppEip: {Type: AWS::EC2::EIP, Properties: {Domain: vpc}}
  AppEipAssociation: {Type: AWS::EC2::EIPAssociation, Properties: {AllocationId: !GetAtt AppEip.AllocationId, InstanceId: !Ref App}}
  Other: {Type: AWS::EC2::Instance, Properties: {ImageId: ami-1, InstanceType: t3.micro, SubnetId: !Ref Subnet}}
  OtherEip: {Type: AWS::EC2::EIP, Properties: {Domain: vpc, InstanceId: !Ref Other}}
  NatEip: {Type: AWS::EC2::EIP, Properties: {Domain: vpc}}
  Nat: {Type: AWS::EC2::NatGateway, Properties: {AllocationId: !GetAtt NatEip.AllocationId, SubnetId: !Ref Subnet}}
`,
        `  AppEip: {Value: !Ref AppEip}
  AppPublicIp: {Value: !GetAtt App.PublicIp}
  OtherEip: {Value: !GetAtt OtherEip.PublicIp}
  OtherPublicIp: {Value: !GetAtt Other.PublicIp}
  NatEip: {Value: !Ref NatEip}
`,
      ),
    });
    noErrors(l);
    assert.equal(l.outputs.AppPublicIp, l.outputs.AppEip);
    assert.equal(endpoint(l, 'net.App').publicIp, l.outputs.AppEip);
    assert.equal(l.outputs.OtherPublicIp, l.outputs.OtherEip);
    assert.equal(endpoint(l, 'net.Other').publicIp, l.outputs.OtherEip);
    assert.equal(endpoint(l, 'net.Nat').publicIp, l.outputs.NatEip);
    // Each address is handed out once: the plan's auto-assigned pool never gives out an Elastic IP.
    const publicIps = l.plan.enis.map((e) => e.publicIp).filter((ip) => ip !== undefined);
    assert.equal(new Set(publicIps).size, publicIps.length);
  });

  it("an Elastic IP in a load balancer's subnet mapping is that node's public address in the plan; a NAT gateway's fixed address is the lab's", () => {
    const l = lab({
      'net.yml': template(
        `
  NlbEip: {Type: AWS::EC2::EIP, Properties: {Domain: vpc}}
  Nlb: {Type: AWS::ElasticLoadBalancingV2::LoadBalancer, Properties: {Type: network, SubnetMappings: [{SubnetId: !Ref Subnet, AllocationId: !GetAtt NlbEip.AllocationId}]}}
  NatEip: {Type: AWS::EC2::EIP, Properties: {Domain: vpc}}
  Nat: {Type: AWS::EC2::NatGateway, Properties: {AllocationId: !GetAtt NatEip.AllocationId, SubnetId: !Ref Subnet, PrivateIpAddress: 10.0.1.200}}
`,
        `  NlbIp: {Value: !Ref NlbEip}
`,
      ),
    });
    assert.deepEqual(
      l.imported.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    const node = l.plan.enis.find((e) => e.kind === 'load-balancer' && e.ownerId === 'net.Nlb');
    assert.equal(node?.publicIp, l.outputs.NlbIp);
    assert.equal(node?.publicIpSource, 'elastic-ip');
    assert.equal(endpoint(l, 'net.Nat').privateIp, '10.0.1.200');
  });

  it("a network interface that is an instance's primary ENI: PrimaryPrivateIpAddress and SecondaryPrivateIpAddresses are on the lab's interface", () => {
    const l = lab({
      'net.yml': template(
        `
  Eni: {Type: AWS::EC2::NetworkInterface, Properties: {SubnetId: !Ref Subnet, SecondaryPrivateIpAddressCount: 2, GroupSet: [!Ref Sg]}}
  Host: {Type: AWS::EC2::Instance, Properties: {ImageId: ami-1, InstanceType: t3.micro, NetworkInterfaces: [{DeviceIndex: '0', NetworkInterfaceId: !Ref Eni}]}}
  HostEip: {Type: AWS::EC2::EIP, Properties: {Domain: vpc}}
  HostEipAssociation: {Type: AWS::EC2::EIPAssociation, Properties: {AllocationId: !GetAtt HostEip.AllocationId, NetworkInterfaceId: !Ref Eni}}
  Alias: {Type: AWS::Route53::RecordSet, Properties: {HostedZoneId: !Ref Zone, Name: alias.corp.internal, Type: A, TTL: '60', ResourceRecords: [!Select [1, !GetAtt Eni.SecondaryPrivateIpAddresses]]}}
`,
        `  Primary: {Value: !GetAtt Eni.PrimaryPrivateIpAddress}
  Secondary: {Value: !Join [',', !GetAtt Eni.SecondaryPrivateIpAddresses]}
  HostIp: {Value: !GetAtt Host.PrivateIp}
  HostPublicIp: {Value: !GetAtt Host.PublicIp}
  HostEip: {Value: !Ref HostEip}
`,
      ),
    });
    noErrors(l);
    const host = endpoint(l, 'net.Host');
    assert.equal(l.outputs.Primary, host.privateIp);
    assert.equal(l.outputs.HostIp, host.privateIp);
    assert.equal(l.outputs.HostPublicIp, l.outputs.HostEip);
    assert.equal(host.publicIp, l.outputs.HostEip);
    assert.equal(host.secondaryPrivateIps?.length, 2);
    assert.equal(l.outputs.Secondary, host.secondaryPrivateIps?.join(','));
    assert.deepEqual(answer(l, 'vpc-dns', 'alias.corp.internal'), [host.secondaryPrivateIps?.[1]]);
    const cable = l.spec.veths?.find((v) => v.a.namespace === host.namespace);
    assert.deepEqual(
      cable?.a.addresses,
      [host.privateIp, ...(host.secondaryPrivateIps ?? [])].map((ip) => `${ip}/${host.prefixLength}`),
    );
    assert.equal(host.securityGroupIds.includes('net.Sg'), true);
    // `status` prints the lab's manifest: the same addresses, on the host's row.
    const row = renderLab(l.manifest, [])
      .split('\n')
      .find((line) => line.trim().startsWith('instance  net.Host'));
    assert.ok(row?.split(/\s+/).includes(`${l.outputs.Primary},${l.outputs.Secondary}`), row);
  });

  it('a network interface no instance uses gets its addresses from the plan, its fixed ones honoured', () => {
    const l = lab({
      'net.yml': template(
        `
  Spare:
    Type: AWS::EC2::NetworkInterface
    Properties:
      SubnetId: !Ref Private
      PrivateIpAddresses: [{PrivateIpAddress: 10.0.2.20, Primary: true}, {PrivateIpAddress: 10.0.2.21, Primary: false}]
  Counted: {Type: AWS::EC2::NetworkInterface, Properties: {SubnetId: !Ref Private, SecondaryPrivateIpAddressCount: 1}}
  SpareEip: {Type: AWS::EC2::EIP, Properties: {Domain: vpc}}
  SpareEipAssociation: {Type: AWS::EC2::EIPAssociation, Properties: {AllocationId: !GetAtt SpareEip.AllocationId, NetworkInterfaceId: !Ref Spare}}
`,
        `  SpareEip: {Value: !Ref SpareEip}
  SparePrimary: {Value: !GetAtt Spare.PrimaryPrivateIpAddress}
  SpareSecondary: {Value: !Select [0, !GetAtt Spare.SecondaryPrivateIpAddresses]}
  Counted: {Value: !Join [',', [!GetAtt Counted.PrimaryPrivateIpAddress, !Select [0, !GetAtt Counted.SecondaryPrivateIpAddresses]]]}
`,
      ),
    });
    noErrors(l);
    const spare = l.plan.enis.find((e) => e.networkInterfaceId === 'net.Spare');
    const counted = l.plan.enis.find((e) => e.networkInterfaceId === 'net.Counted');
    assert.equal(spare?.privateIp, '10.0.2.20');
    assert.deepEqual(spare?.secondaryPrivateIps, ['10.0.2.21']);
    assert.equal(spare?.publicIp, l.outputs.SpareEip);
    assert.equal(l.outputs.SparePrimary, spare?.privateIp);
    assert.equal(l.outputs.SpareSecondary, spare?.secondaryPrivateIps?.[0]);
    assert.equal(l.outputs.Counted, `${counted?.privateIp},${counted?.secondaryPrivateIps?.[0]}`);
    assert.equal(new Set([spare?.privateIp, ...(spare?.secondaryPrivateIps ?? []), counted?.privateIp, ...(counted?.secondaryPrivateIps ?? [])]).size, 4);
  });

  it('an explicit PrivateIpAddress wins, and no other ENI gets it', () => {
    const l = lab({
      'net.yml': template(
        `
  Auto: {Type: AWS::EC2::Instance, Properties: {ImageId: ami-1, InstanceType: t3.micro, SubnetId: !Ref Subnet}}
  Fixed: {Type: AWS::EC2::Instance, Properties: {ImageId: ami-1, InstanceType: t3.micro, SubnetId: !Ref Subnet, PrivateIpAddress: 10.0.1.4}}
`,
        `  Auto: {Value: !GetAtt Auto.PrivateIp}
  Fixed: {Value: !GetAtt Fixed.PrivateIp}
`,
      ),
    });
    noErrors(l);
    assert.equal(l.outputs.Fixed, '10.0.1.4');
    assert.equal(endpoint(l, 'net.Fixed').privateIp, '10.0.1.4');
    assert.equal(l.outputs.Auto, endpoint(l, 'net.Auto').privateIp);
    assert.notEqual(l.outputs.Auto, '10.0.1.4');
  });

  it("load balancer DNSName is the name the model and the lab's DNS (an alias record) use", () => {
    const l = lab({
      'net.yml': template(
        `
  Subnet2: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.3.0/24, AvailabilityZone: us-east-1b}}
  Subnet2Rt: {Type: AWS::EC2::SubnetRouteTableAssociation, Properties: {SubnetId: !Ref Subnet2, RouteTableId: !Ref PublicRt}}
  Alb: {Type: AWS::ElasticLoadBalancingV2::LoadBalancer, Properties: {Subnets: [!Ref Subnet, !Ref Subnet2], SecurityGroups: [!Ref Sg]}}
  Www: {Type: AWS::Route53::RecordSet, Properties: {HostedZoneId: !Ref Zone, Name: www.corp.internal, Type: A, AliasTarget: {DNSName: !GetAtt Alb.DNSName, HostedZoneId: !GetAtt Alb.CanonicalHostedZoneID}}}
`,
        `  Url: {Value: !GetAtt Alb.DNSName}
`,
      ),
    });
    noErrors(l);
    const alb = l.imported.model.loadBalancers.find((b) => b.logicalId === 'Alb');
    assert.equal(l.outputs.Url, alb?.dnsName);
    assert.deepEqual(answer(l, 'vpc-dns', 'www.corp.internal'), [l.outputs.Url]);
  });

  it('a PublicIp the plan does not give (a private instance) is a warning, not an invented address', () => {
    const l = lab({
      'net.yml': template(
        `
  Inside: {Type: AWS::EC2::Instance, Properties: {ImageId: ami-1, InstanceType: t3.micro, SubnetId: !Ref Private}}
`,
        `  Ip: {Value: !GetAtt Inside.PublicIp}
`,
      ),
    });
    const found = findingsWithCode(l.imported, 'address-not-planned');
    assert.equal(found.length, 1);
    assert.equal(found[0]?.logicalId, 'Ip');
    assert.equal(isPlaceholder(l.outputs.Ip as string), true);
    assert.equal(endpoint(l, 'net.Inside').publicIp, undefined);
  });
});

describe('settling addresses', () => {
  const files = (withReads: boolean) => ({
    'net.yml': template(
      `
  A: {Type: AWS::EC2::Instance, Properties: {ImageId: ami-1, InstanceType: t3.micro, SubnetId: !Ref Subnet}}
  B: {Type: AWS::EC2::Instance, Properties: {ImageId: ami-1, InstanceType: t3.micro, SubnetId: !Ref Subnet, PrivateIpAddress: 10.0.1.5}}
  C: {Type: AWS::EC2::Instance, Properties: {ImageId: ami-1, InstanceType: t3.micro, SubnetId: !Ref Subnet, NetworkInterfaces: [{DeviceIndex: '0', SubnetId: !Ref Subnet, AssociatePublicIpAddress: true}]}}
`,
      withReads ? '  A: {Value: !GetAtt A.PrivateIp}\n  C: {Value: !GetAtt C.PublicDnsName}\n' : '',
    ),
  });

  const settle = (withReads: boolean) => {
    const text = files(withReads)['net.yml'];
    const source = parseTemplate(text, '/t/net.yml');
    return settleAddresses((addresses) =>
      resolveDeployment(
        [{ name: 'net', template: source }],
        { region: 'us-east-1', accountId: '123456789012', parameters: {}, templateMap: {}, ...(addresses ? { addresses } : {}) },
        () => undefined,
      ),
    );
  };

  it('resolves once when no template reads an address, twice when one does', () => {
    assert.equal(settle(false).resolutions, 1);
    const settled = settle(true);
    assert.equal(settled.resolutions, 2);
    assert.deepEqual(
      settled.resolved.observedAddresses.map((o) => `${o.resourceId}.${o.attribute}`),
      ['net.A.PrivateIp', 'net.C.PublicIp'],
    );
    assert.deepEqual(settled.diagnostics, []);
  });

  it('reading addresses does not move anything in the plan', () => {
    const without = planDeployment(settle(false).built.model);
    const withReads = planDeployment(settle(true).built.model);
    assert.deepEqual(withReads.enis, without.enis);
  });

  it('a standalone container instance keeps its address when trunking is switched on (the import plans without what-ifs)', () => {
    const userData = "!Base64 'echo ECS_CLUSTER=main >> /etc/ecs/ecs.config'";
    const l = lab({
      'net.yml': template(
        `
  Cluster: {Type: AWS::ECS::Cluster, Properties: {ClusterName: main}}
  One: {Type: AWS::EC2::Instance, Properties: {ImageId: ami-1, InstanceType: m5.large, SubnetId: !Ref Subnet, UserData: ${userData}}}
  Two: {Type: AWS::EC2::Instance, Properties: {ImageId: ami-1, InstanceType: m5.large, SubnetId: !Ref Subnet, UserData: ${userData}}}
`,
        '  Two: {Value: !GetAtt Two.PrivateIp}\n',
      ),
    });
    const trunked = planDeployment(l.imported.model, { trunking: true });
    assert.ok(
      trunked.instances.every((i) => i.trunkEniId !== undefined),
      'both instances are trunked',
    );
    assert.equal(trunked.instances.find((i) => i.source.id === 'net.Two')?.privateIp, l.outputs.Two);
  });

  it("an address fixed from another resource's GetAtt PrivateIp keeps moving the plan: the import says so", () => {
    const l = lab({
      'net.yml': template(`
  A: {Type: AWS::EC2::Instance, Properties: {ImageId: ami-1, InstanceType: t3.micro, SubnetId: !Ref Subnet}}
  B: {Type: AWS::EC2::Instance, Properties: {ImageId: ami-1, InstanceType: t3.micro, SubnetId: !Ref Subnet, PrivateIpAddress: !GetAtt A.PrivateIp}}
`),
    });
    const unsettled = findingsWithCode(l.imported, 'address-plan-unsettled');
    assert.equal(unsettled.length, 1);
    assert.equal(unsettled[0]?.logicalId, 'A');
    assert.match(unsettled[0]?.message ?? '', /net\.A\.PrivateIp/);
  });

  it('without the plan the template layer invents no address: a placeholder, and the read is reported', () => {
    const source = parseTemplate(files(true)['net.yml'], '/t/net.yml');
    const resolved = resolveDeployment([{ name: 'net', template: source }], { region: 'us-east-1', accountId: '123456789012', parameters: {}, templateMap: {} }, () => undefined);
    assert.equal(isPlaceholder(resolved.deployment.stacks[0]?.outputs.A), true);
    assert.equal(resolved.observedAddresses.length, 2);
    assert.deepEqual(
      resolved.diagnostics.filter((d) => d.code === 'address-not-planned'),
      [],
    );
  });
});

describe('CLI output agrees with the templates', () => {
  it('`plan` lists the instance at the address its record set names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecsnet-ad-'));
    try {
      const file = join(dir, 'net.yml');
      const text = template(
        `
  Web: {Type: AWS::EC2::Instance, Properties: {ImageId: ami-1, InstanceType: t3.micro, SubnetId: !Ref Subnet}}
`,
        '  WebIp: {Value: !GetAtt Web.PrivateIp}\n',
      );
      writeFileSync(file, text);
      const imported = importText({ 'net.yml': text });
      const ip = String(imported.deployment.stacks[0]?.outputs.WebIp);
      const result = await runCli(['plan', `net=${file}`]);
      assert.equal(result.code, 0, result.err);
      const row = result.out.split('\n').find((line) => line.startsWith('net.Web '));
      assert.ok(row?.split(/\s+/).includes(ip), `${row} lists ${ip}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

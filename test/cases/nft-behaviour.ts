/**
 * One table of firewall behaviour cases, shared by the fake (test/unit/dataplane/nft/behaviour.test.ts)
 * and the real kernel (test/integration/nft-behaviour.test.ts): a small VPC router compiled by
 * the real compilers (security groups with CIDR and group peers and a self-reference, a NACL
 * with an ordered deny and no ephemeral UDP egress, the internet gateway's 1:1 NAT and its
 * no-public-IP drop), and flows through it with the verdict and the drop counter expected.
 * The same expectations must hold in both runs; nothing here knows which one is asking.
 */
import type { NetworkAcl, NetworkAclEntry, SecurityGroup, SecurityGroupRule, Subnet } from '../../src/model/types.js';
import type { EniPlan } from '../../src/plan/types.js';
import type { FabricEni } from '../../src/fabric/fabric-eni.js';
import type { CounterMeaning } from '../../src/fabric/manifest.js';
import type { NftTable } from '../../src/dataplane/nft/types.js';
import { compileNetworkAcls, networkAclCounterName } from '../../src/fabric/network-acls.js';
import { compileSecurityGroups, securityGroupChainName } from '../../src/fabric/security-groups.js';
import { ROUTER_COUNTERS, routerTable } from '../../src/fabric/router-table.js';

const source = { file: 'cases.yml', line: 1, column: 1 };

/** An ENI of the case router: its own /24 (router port at .1), its groups, maybe a public IP. */
export interface CaseEni {
  name: string;
  ip: string;
  /** Router side address, the ENI's gateway. */
  gateway: string;
  subnetId: string;
  groups: string[];
  publicIp?: string;
  /** Ports its echo server listens on (so a drop is the firewall's, not a refusal). */
  listen: { tcp: number[]; udp: number[] };
}

/** One flow: a first packet from `from` to `to` and, when it gets there, its reply. */
export interface BehaviourCase {
  name: string;
  /** An ENI name or `internet` (the test host). */
  from: string;
  to: string;
  proto: 'tcp' | 'udp';
  port: number;
  /** `reached`: the packet and its reply got through; `timed-out`: one of them was dropped. */
  expect: 'reached' | 'timed-out';
  /** The drop counter that must grow (and be the only one), when dropped. */
  counter?: string;
}

/** The internet side of the router. */
export const CASE_INTERNET = { host: '203.0.113.10', uplink: 'uplink', routerIp: '100.64.0.1', internetIp: '100.64.0.2', listen: { tcp: [80], udp: [] as number[] } };

const all: SecurityGroupRule = { protocol: 'all', fromPort: -1, toPort: -1, peer: { kind: 'cidr', cidr: '0.0.0.0/0' } };
const tcp = (from: number, to: number, peer: SecurityGroupRule['peer']): SecurityGroupRule => ({ protocol: 'tcp', fromPort: from, toPort: to, peer });

function group(id: string, ingress: SecurityGroupRule[]): SecurityGroup {
  return {
    id,
    stack: 'C',
    logicalId: id.slice(2),
    physicalId: `sg-${id.slice(2).toLowerCase()}`,
    source,
    vpcId: 'C.Vpc',
    groupName: id,
    description: '',
    ingress,
    egress: [all],
    isDefault: false,
  };
}

function acl(id: string, entries: NetworkAclEntry[]): NetworkAcl {
  return { id, stack: 'C', logicalId: id.slice(2), physicalId: `acl-${id.slice(2).toLowerCase()}`, source, vpcId: 'C.Vpc', isDefault: false, entries };
}

/** The security groups: a web tier open on 80 and to the app tier on 8080, an app tier that admits itself on 9000, an open group for the guarded subnet. */
export const CASE_GROUPS: SecurityGroup[] = [
  group('C.Web', [tcp(80, 80, { kind: 'cidr', cidr: '0.0.0.0/0' }), tcp(8080, 8080, { kind: 'security-group', groupId: 'C.App' })]),
  group('C.App', [tcp(9000, 9000, { kind: 'security-group', groupId: 'C.App' })]),
  group('C.Open', [tcp(8080, 8081, { kind: 'cidr', cidr: '10.0.0.0/16' }), { protocol: 'udp', fromPort: 5353, toPort: 5353, peer: { kind: 'cidr', cidr: '10.0.0.0/16' } }]),
];

/** NACLs: one open, one guarding a subnet (ordered deny of 8081, replies allowed only for TCP). */
export const CASE_ACLS: NetworkAcl[] = [
  acl('C.OpenAcl', [
    { ruleNumber: 100, egress: false, action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' },
    { ruleNumber: 100, egress: true, action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' },
  ]),
  acl('C.GuardAcl', [
    { ruleNumber: 90, egress: false, action: 'deny', protocol: 'tcp', cidr: '0.0.0.0/0', fromPort: 8081, toPort: 8081 },
    { ruleNumber: 100, egress: false, action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' },
    { ruleNumber: 100, egress: true, action: 'allow', protocol: 'tcp', cidr: '0.0.0.0/0', fromPort: 1024, toPort: 65535 },
  ]),
];

const subnet = (id: string, cidr: string, networkAclId: string): Subnet => ({ id, cidr, networkAclId }) as Subnet;

export const CASE_SUBNETS: Subnet[] = [
  subnet('C.Public', '10.0.1.0/24', 'C.OpenAcl'),
  subnet('C.Private', '10.0.2.0/24', 'C.OpenAcl'),
  subnet('C.Guarded', '10.0.3.0/24', 'C.GuardAcl'),
  subnet('C.Other', '10.0.4.0/24', 'C.OpenAcl'),
];

export const CASE_ENIS: CaseEni[] = [
  { name: 'web', ip: '10.0.1.10', gateway: '10.0.1.1', subnetId: 'C.Public', groups: ['C.Web'], publicIp: '198.18.0.10', listen: { tcp: [80, 81, 8080], udp: [] } },
  { name: 'app', ip: '10.0.2.10', gateway: '10.0.2.1', subnetId: 'C.Private', groups: ['C.App'], listen: { tcp: [9000], udp: [] } },
  { name: 'app2', ip: '10.0.4.10', gateway: '10.0.4.1', subnetId: 'C.Other', groups: ['C.App'], listen: { tcp: [9000], udp: [] } },
  { name: 'guarded', ip: '10.0.3.10', gateway: '10.0.3.1', subnetId: 'C.Guarded', groups: ['C.Open'], listen: { tcp: [8080, 8081], udp: [5353] } },
];

/** The router interface of a case ENI (its kernel name too: short and safe). */
export const routerPort = (eni: CaseEni): string => `r-${eni.name}`;

function fabricEni(e: CaseEni): FabricEni {
  const plan = {
    id: `eni-${e.name}`,
    mac: '02:00:00:00:00:01',
    kind: 'instance',
    ownerId: e.name,
    subnetId: e.subnetId,
    vpcId: 'C.Vpc',
    az: 'us-east-1a',
    privateIp: e.ip,
    prefixLength: 24,
    gatewayIp: e.gateway,
    fixedIp: false,
    securityGroupIds: e.groups,
    description: '',
    ...(e.publicIp ? { publicIp: e.publicIp } : {}),
  } as EniPlan;
  return { eni: plan, kind: 'instance', ownerId: e.name, aliases: [], namespace: `e-${e.name}`, ownerInterface: 'eth0', routerInterface: routerPort(e) };
}

/** The router's table as the real compilers make it, and what its counters mean. */
export function caseRouter(): { table: NftTable; counters: Record<string, CounterMeaning> } {
  const enis = CASE_ENIS.map(fabricEni);
  const nacl = compileNetworkAcls({ subnets: CASE_SUBNETS, acls: new Map(CASE_ACLS.map((a) => [a.id, a])), enis });
  const securityGroups = compileSecurityGroups({ enis, members: enis, groups: new Map(CASE_GROUPS.map((g) => [g.id, g])), prefixList: () => undefined });
  const table = routerTable({
    markOfInterface: new Map(),
    uplinkInterface: CASE_INTERNET.uplink,
    publicIps: CASE_ENIS.filter((e) => e.publicIp).map((e) => ({ privateIp: e.ip, publicIp: e.publicIp as string })),
    resolverAddresses: [],
    nacl,
    securityGroups,
  });
  return { table, counters: { ...ROUTER_COUNTERS, ...nacl.counters, ...securityGroups.counters } };
}

const sgDrop = (groups: string[], direction: 'in' | 'out'): string => `${securityGroupChainName(groups, direction)}_drop`;

/** The flows and what must happen to them. */
export const BEHAVIOUR_CASES: BehaviourCase[] = [
  { name: 'IGW 1:1 NAT: the internet reaches a public IP, the CIDR peer 0.0.0.0/0 admits tcp/80', from: 'internet', to: 'web', proto: 'tcp', port: 80, expect: 'reached' },
  { name: 'a CIDR rule admits only its port', from: 'internet', to: 'web', proto: 'tcp', port: 81, expect: 'timed-out', counter: sgDrop(['C.Web'], 'in') },
  {
    name: 'a group peer admits its members; the reply passes statefully although the client group admits nothing on 8080',
    from: 'app',
    to: 'web',
    proto: 'tcp',
    port: 8080,
    expect: 'reached',
  },
  { name: 'a group peer admits no one else', from: 'guarded', to: 'web', proto: 'tcp', port: 8080, expect: 'timed-out', counter: sgDrop(['C.Web'], 'in') },
  { name: 'a self-referencing group admits its other members', from: 'app', to: 'app2', proto: 'tcp', port: 9000, expect: 'reached' },
  { name: 'a self-referencing group admits no non-member', from: 'web', to: 'app2', proto: 'tcp', port: 9000, expect: 'timed-out', counter: sgDrop(['C.App'], 'in') },
  {
    name: 'NACL: the lower-numbered deny wins over the allow-all',
    from: 'app',
    to: 'guarded',
    proto: 'tcp',
    port: 8081,
    expect: 'timed-out',
    counter: networkAclCounterName('C.GuardAcl', 'in', 90),
  },
  { name: 'NACL: the allow-all admits what no deny names', from: 'app', to: 'guarded', proto: 'tcp', port: 8080, expect: 'reached' },
  {
    name: 'NACL is stateless: the UDP reply has no egress rule and meets the final deny',
    from: 'app',
    to: 'guarded',
    proto: 'udp',
    port: 5353,
    expect: 'timed-out',
    counter: networkAclCounterName('C.GuardAcl', 'out', 'star'),
  },
  { name: 'no public IP, no internet: the internet gateway drops it', from: 'app', to: 'internet', proto: 'tcp', port: 80, expect: 'timed-out', counter: 'igw_no_public_ip' },
  { name: 'a public IP reaches the internet (source translated to it)', from: 'web', to: 'internet', proto: 'tcp', port: 80, expect: 'reached' },
];

/** The ENI of a case endpoint, or undefined for `internet`. */
export function caseEni(name: string): CaseEni | undefined {
  if (name === 'internet') return undefined;
  const eni = CASE_ENIS.find((e) => e.name === name);
  if (!eni) throw new Error(`no case ENI ${name}`);
  return eni;
}

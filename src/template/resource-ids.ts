/**
 * The physical id (what `Ref` returns) and the attributes (what `Fn::GetAtt` returns) of each
 * resource type, as data: one entry per type. Values have AWS's shapes (vpc-0…, arn:aws:…,
 * `<name>-<digits>.<region>.elb.amazonaws.com`) and derive from a hash of (stack, logical id), so
 * they are identical on every run. Private and auto-assigned public addresses are not picked
 * here: they are the plan's (ADDRESS_ATTRIBUTES, through an oracle), so what a template observes
 * is what the lab uses; Elastic IPs are, because an EIP's address is its physical id. Types not
 * listed get a CloudFormation-style generated name
 * and placeholder attributes: resolution never fails on a GetAtt; whether the attribute exists
 * for the type is checked by the spec layer.
 */
import { availabilityZoneId, availabilityZones } from './availability-zones.js';
import { DECIMAL, deterministicUuid, digitsFrom, hexDigits, LOWER_ALNUM, pickIndex, UPPER_ALNUM } from './hash.js';
import { formatIpv6 } from '../net/ip-address.js';
import { isPlaceholder, placeholder } from './placeholder.js';
import type { CfnValue, ResolvedResource } from './types.js';

type CfnMap = { [key: string]: CfnValue };

/** What a rule may read about the resource it names. */
export interface IdContext {
  readonly stack: string;
  readonly logicalId: string;
  readonly type: string;
  readonly region: string;
  readonly accountId: string;
  readonly partition: string;
  readonly urlSuffix: string;
  /** Resolved properties (empty while the resource is still being resolved, in a reference cycle). */
  readonly properties: CfnMap;
  /** This resource's public address from the lab's pool (198.18.0.0/15), allocated on first use. */
  publicIp(): string;
  /**
   * The plan's value of address attribute `attribute` of this resource (and a note that the
   * template observed it); undefined while no plan is known or when the plan gives none.
   */
  plannedAddress(attribute: string): CfnValue | undefined;
  /** The resolved resource of the deployment whose physical id is `id`, if any. */
  lookup(id: string): ResolvedResource | undefined;
  /** The resolved resources of this stack that have type `type` (resolving them if needed). */
  resourcesOfType(type: string): ResolvedResource[];
}

/** Naming and attributes of one resource type. */
export interface ResourceIdRule {
  ref(c: IdContext): string;
  attributes?(c: IdContext, ref: string): Record<string, CfnValue>;
  /** Attributes that read other resources; computed when first read, or when the stack is complete. */
  lazy?: Record<string, (c: IdContext, ref: string) => CfnValue>;
  /** Attributes computed only if a template reads them (they allocate public addresses). */
  onDemand?: Record<string, (c: IdContext, ref: string) => CfnValue>;
}

/** `length` hex digits unique to the resource and `purpose`. */
function hex(c: IdContext, purpose: string, length: number): string {
  return hexDigits(`${c.stack}/${c.logicalId}:${purpose}`, length);
}

/** An EC2-style id: prefix + 17 hex digits starting with 0 (vpc-0a1b…). */
function ec2Id(c: IdContext, prefix: string, purpose = 'id'): string {
  return `${prefix}-0${hex(c, purpose, 16)}`;
}

function isTrue(value: CfnValue | undefined): boolean {
  return value === true || value === 'true';
}

function text(value: CfnValue | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * A name the way CloudFormation generates one when the template gives none:
 * `<stack>-<LogicalId>-<12 uppercase alphanumerics>`, shortened to fit `maxLength`.
 */
export function generatedName(c: Pick<IdContext, 'stack' | 'logicalId'>, maxLength: number, options: { lowercase?: boolean; part?: number } = {}): string {
  const suffix = digitsFrom(`${c.stack}/${c.logicalId}:name`, 12, UPPER_ALNUM);
  let stack = c.stack.replace(/[^A-Za-z0-9-]/g, '-');
  let logical = c.logicalId;
  if (options.part) {
    stack = stack.slice(0, options.part);
    logical = logical.slice(0, options.part);
  }
  const budget = Math.max(2, maxLength - suffix.length - 2);
  while (stack.length + logical.length > budget) {
    if (stack.length >= logical.length) stack = stack.slice(0, -1);
    else logical = logical.slice(0, -1);
  }
  const name = `${stack}-${logical}-${suffix}`.replace(/-+/g, '-');
  return options.lowercase ? name.toLowerCase() : name;
}

function nameOr(c: IdContext, property: string, maxLength: number, options?: { lowercase?: boolean; part?: number }): string {
  return text(c.properties[property]) ?? generatedName(c, maxLength, options);
}

function arn(c: IdContext, service: string, resource: string, region = c.region, account = c.accountId): string {
  return `arn:${c.partition}:${service}:${region}:${account}:${resource}`;
}

/** The /56 Amazon assigns to a VPC that asks for one, derived from the VPC id (2600:1f18::/32 is an Amazon range). */
export function amazonIpv6Block(vpcId: string): string {
  const h = hexDigits(`ipv6:${vpcId}`, 6);
  const value = (0x26001f18n << 96n) | (BigInt(`0x${h}`) << 72n);
  return `${formatIpv6(value)}/56`;
}

function privateDnsName(c: IdContext, ip: string): string {
  const domain = c.region === 'us-east-1' ? 'ec2.internal' : `${c.region}.compute.internal`;
  return `ip-${ip.replace(/\./g, '-')}.${domain}`;
}

/** Route 53 zone ids of load balancers per region (Application/Classic, Network), from AWS's endpoint tables. */
const ELB_ZONES: Readonly<Record<string, { alb: string; nlb?: string }>> = {
  'us-east-1': { alb: 'Z35SXDOTRQ7X7K', nlb: 'Z26RNL4JYFTOTI' },
  'us-east-2': { alb: 'Z3AADJGX6KTTL2', nlb: 'ZLMOA37VPKANP' },
  'us-west-1': { alb: 'Z368ELLRRE2KJ0', nlb: 'Z24FKFUX50B4VW' },
  'us-west-2': { alb: 'Z1H1FL5HABSF5', nlb: 'Z18D5FSROUN65G' },
  'eu-west-1': { alb: 'Z32O12XQLNTSW2', nlb: 'Z2IFOLAFXWLO4F' },
  'eu-west-2': { alb: 'ZHURV8PSTC4K8' },
  'eu-central-1': { alb: 'Z215JYRZR1TBD5', nlb: 'Z3F0SRJ5LGBH90' },
  'ap-southeast-1': { alb: 'Z1LMS91P8CMLE5' },
  'ap-southeast-2': { alb: 'Z1GM3OXH4ZPM65', nlb: 'ZCT6FZBF4DROD' },
  'ap-northeast-1': { alb: 'Z14GRHDCWA56QT', nlb: 'Z31USIVHYNEOWT' },
  'ap-south-1': { alb: 'ZP97RAFLXTNZK' },
  'ca-central-1': { alb: 'ZQSVJUPU6J1EY' },
};

function elbZone(region: string, network: boolean): string {
  const known = ELB_ZONES[region];
  const id = network ? known?.nlb : known?.alb;
  return id ?? `Z${digitsFrom(`elb-zone:${region}:${network}`, 13, UPPER_ALNUM)}`;
}

function hostedZoneId(c: IdContext, purpose: string): string {
  return `Z0${digitsFrom(`${c.stack}/${c.logicalId}:${purpose}`, 19, UPPER_ALNUM)}`;
}

/** The load balancer a listener or rule ARN belongs to (`…:listener/app/n/h/l` → `…:loadbalancer/app/n/h`). */
function loadBalancerArnOf(listenerOrRuleArn: string): string | undefined {
  const match = /^(arn:[^:]+:elasticloadbalancing:[^:]+:[^:]+:)listener(?:-rule)?\/((?:app|net|gwy)\/[^/]+\/[^/]+)\//.exec(listenerOrRuleArn);
  return match ? `${match[1]}loadbalancer/${match[2]}` : undefined;
}

function loadBalancerRule(): ResourceIdRule {
  const describe = (c: IdContext) => {
    const type = text(c.properties.Type) ?? 'application';
    const kind = type === 'network' ? 'net' : type === 'gateway' ? 'gwy' : 'app';
    const name = nameOr(c, 'Name', 32, { part: 5 });
    return { type, kind, name, id16: hex(c, 'lb', 16) };
  };
  return {
    ref: (c) => {
      const d = describe(c);
      return arn(c, 'elasticloadbalancing', `loadbalancer/${d.kind}/${d.name}/${d.id16}`);
    },
    attributes: (c, ref) => {
      const d = describe(c);
      const internal = text(c.properties.Scheme) === 'internal';
      const dnsName =
        d.kind === 'app'
          ? `${internal ? 'internal-' : ''}${d.name}-${digitsFrom(`${c.stack}/${c.logicalId}:dns`, 10, DECIMAL).replace(/^0/, '1')}.${c.region}.elb.${c.urlSuffix}`
          : `${d.name}-${d.id16}.elb.${c.region}.${c.urlSuffix}`;
      let securityGroups: CfnValue = Array.isArray(c.properties.SecurityGroups) ? c.properties.SecurityGroups : [];
      if (d.kind === 'app' && !Array.isArray(c.properties.SecurityGroups)) {
        // An ALB created without security groups gets its VPC's default group.
        const subnets = Array.isArray(c.properties.Subnets)
          ? c.properties.Subnets
          : Array.isArray(c.properties.SubnetMappings)
            ? c.properties.SubnetMappings.map((m) => (typeof m === 'object' && m !== null && !Array.isArray(m) ? (m.SubnetId ?? null) : null))
            : [];
        const vpcId = text(c.lookup(text(subnets[0] ?? null) ?? '')?.properties.VpcId);
        const defaultGroup = vpcId ? text(c.lookup(vpcId)?.attributes.DefaultSecurityGroup) : undefined;
        securityGroups = defaultGroup ? [defaultGroup] : [];
      }
      return {
        LoadBalancerArn: ref,
        LoadBalancerName: d.name,
        LoadBalancerFullName: `${d.kind}/${d.name}/${d.id16}`,
        DNSName: dnsName,
        CanonicalHostedZoneID: elbZone(c.region, d.kind !== 'app'),
        SecurityGroups: securityGroups,
      };
    },
  };
}

function targetGroupRule(): ResourceIdRule {
  const name = (c: IdContext) => nameOr(c, 'Name', 32, { part: 5 });
  return {
    ref: (c) => arn(c, 'elasticloadbalancing', `targetgroup/${name(c)}/${hex(c, 'tg', 16)}`),
    attributes: (c, ref) => ({ TargetGroupArn: ref, TargetGroupName: name(c), TargetGroupFullName: `targetgroup/${name(c)}/${hex(c, 'tg', 16)}` }),
    lazy: {
      // The load balancers whose listeners or rules forward to this group.
      LoadBalancerArns: (c, ref) => {
        const out = new Set<string>();
        const forwardsHere = (r: ResolvedResource) => JSON.stringify(r.properties.DefaultActions ?? r.properties.Actions ?? null).includes(JSON.stringify(ref));
        for (const listener of c.resourcesOfType('AWS::ElasticLoadBalancingV2::Listener')) {
          const lb = text(listener.properties.LoadBalancerArn);
          if (lb && forwardsHere(listener)) out.add(lb);
        }
        for (const rule of c.resourcesOfType('AWS::ElasticLoadBalancingV2::ListenerRule')) {
          const lb = loadBalancerArnOf(text(rule.properties.ListenerArn) ?? '');
          if (lb && forwardsHere(rule)) out.add(lb);
        }
        return [...out];
      },
    },
  };
}

/** An App Mesh resource: Ref is its ARN under the mesh; GetAtt gives names, owners and a Uid. */
function meshChild(kind: string, nameProperty: string, parent?: { kind: string; property: string }): ResourceIdRule {
  const names = (c: IdContext) => {
    const mesh = text(c.properties.MeshName) ?? placeholder('MeshName');
    const name = nameOr(c, nameProperty, 255);
    const parentPart = parent ? `${parent.kind}/${text(c.properties[parent.property]) ?? placeholder(parent.property)}/` : '';
    return { mesh, name, path: `mesh/${mesh}/${parentPart}${kind}/${name}` };
  };
  return {
    ref: (c) => arn(c, 'appmesh', names(c).path),
    attributes: (c, ref) => {
      const n = names(c);
      const owner = text(c.properties.MeshOwner) ?? c.accountId;
      const out: Record<string, CfnValue> = {
        Arn: ref,
        Uid: deterministicUuid(`${c.stack}/${c.logicalId}:uid`),
        Id: ref,
        MeshName: n.mesh,
        MeshOwner: owner,
        ResourceOwner: owner,
        [nameProperty]: n.name,
      };
      if (parent) out[parent.property] = text(c.properties[parent.property]) ?? placeholder(parent.property);
      return out;
    },
  };
}

function serviceDiscoveryNamespace(dns: boolean): ResourceIdRule {
  const id = (c: IdContext) => `ns-${digitsFrom(`${c.stack}/${c.logicalId}:ns`, 16, LOWER_ALNUM)}`;
  return {
    ref: id,
    attributes: (c, ref) => ({
      Id: ref,
      Arn: arn(c, 'servicediscovery', `namespace/${ref}`),
      ...(dns ? { HostedZoneId: hostedZoneId(c, 'namespace-zone') } : {}),
    }),
  };
}

/** Rule for types whose Ref is a name given by `property`, or generated; GetAtt Arn from `arnOf`. */
function named(property: string, maxLength: number, arnOf?: (c: IdContext, name: string) => string, options?: { lowercase?: boolean }): ResourceIdRule {
  return {
    ref: (c) => nameOr(c, property, maxLength, options),
    ...(arnOf ? { attributes: (c: IdContext, ref: string) => ({ Arn: arnOf(c, ref) }) } : {}),
  };
}

/** Rule for types whose Ref is an EC2-style id; `attribute` names GetAtt attributes that return the same id. */
function ec2(prefix: string, ...sameAsRef: string[]): ResourceIdRule {
  return {
    ref: (c) => ec2Id(c, prefix),
    ...(sameAsRef.length > 0 ? { attributes: (_c: IdContext, ref: string) => Object.fromEntries(sameAsRef.map((a) => [a, ref])) } : {}),
  };
}

/**
 * Address attributes: their values are the plan's (src/plan allocates every address), read
 * through `IdContext.plannedAddress`; the ones a template fixes (PrivateIpAddress) are the
 * template's own, which the plan honours. Computed only when a template reads them, so the
 * import knows which addresses it must ask the plan for.
 */
export const ADDRESS_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  'AWS::EC2::Instance': ['PrivateIp', 'PrivateDnsName', 'PublicIp', 'PublicDnsName'],
  'AWS::EC2::NetworkInterface': ['PrimaryPrivateIpAddress', 'SecondaryPrivateIpAddresses'],
};

/** True when `attribute` of `type` is an address the plan decides. */
export function isAddressAttribute(type: string, attribute: string): boolean {
  return ADDRESS_ATTRIBUTES[type]?.includes(attribute) ?? false;
}

/** The plan's address as text, or a placeholder naming the attribute. */
function plannedText(c: IdContext, attribute: string): string {
  return text(c.plannedAddress(attribute) ?? undefined) ?? placeholder(`${c.logicalId}.${attribute}`);
}

function instancePrivateIp(c: IdContext): string {
  return text(c.properties.PrivateIpAddress) ?? plannedText(c, 'PrivateIp');
}

function publicDnsName(c: IdContext, ip: string): string {
  const dashed = ip.replace(/\./g, '-');
  return c.region === 'us-east-1' ? `ec2-${dashed}.compute-1.amazonaws.com` : `ec2-${dashed}.${c.region}.compute.amazonaws.com`;
}

/** An EC2 instance: its addresses are the plan's (or its own PrivateIpAddress), read on demand. */
function instanceRule(): ResourceIdRule {
  return {
    ref: (c) => ec2Id(c, 'i'),
    attributes: (c, ref) => {
      const subnetId = text(c.properties.SubnetId);
      const subnet = subnetId ? c.lookup(subnetId) : undefined;
      return {
        InstanceId: ref,
        AvailabilityZone: text(c.properties.AvailabilityZone) ?? text(subnet?.attributes.AvailabilityZone) ?? `${c.region}a`,
        VpcId: subnet?.properties.VpcId ?? placeholder(`${c.logicalId}.VpcId`),
      };
    },
    onDemand: {
      PrivateIp: (c) => instancePrivateIp(c),
      PrivateDnsName: (c) => {
        const ip = instancePrivateIp(c);
        return isPlaceholder(ip) ? placeholder(`${c.logicalId}.PrivateDnsName`) : privateDnsName(c, ip);
      },
      PublicIp: (c) => plannedText(c, 'PublicIp'),
      PublicDnsName: (c) => {
        const ip = plannedText(c, 'PublicIp');
        return isPlaceholder(ip) ? placeholder(`${c.logicalId}.PublicDnsName`) : publicDnsName(c, ip);
      },
    },
  };
}

/** The primary address a network interface fixes in PrivateIpAddresses (the entry with Primary true). */
function fixedPrimaryAddress(c: IdContext): string | undefined {
  const list = Array.isArray(c.properties.PrivateIpAddresses) ? c.properties.PrivateIpAddresses : [];
  for (const entry of list) {
    if (typeof entry === 'object' && entry !== null && !Array.isArray(entry) && isTrue(entry.Primary)) return text(entry.PrivateIpAddress);
  }
  return undefined;
}

/** The secondary addresses a network interface fixes (PrivateIpAddresses entries with Primary false). */
function fixedSecondaryAddresses(c: IdContext): string[] {
  const list = Array.isArray(c.properties.PrivateIpAddresses) ? c.properties.PrivateIpAddresses : [];
  const out: string[] = [];
  for (const entry of list) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry) || isTrue(entry.Primary)) continue;
    const ip = text(entry.PrivateIpAddress);
    if (ip) out.push(ip);
  }
  return out;
}

function networkInterfaceRule(): ResourceIdRule {
  return {
    ref: (c) => ec2Id(c, 'eni'),
    attributes: (c, ref) => {
      const subnetId = text(c.properties.SubnetId);
      const subnet = subnetId ? c.lookup(subnetId) : undefined;
      return {
        Id: ref,
        VpcId: subnet?.properties.VpcId ?? placeholder(`${c.logicalId}.VpcId`),
      };
    },
    onDemand: {
      PrimaryPrivateIpAddress: (c) => text(c.properties.PrivateIpAddress) ?? fixedPrimaryAddress(c) ?? plannedText(c, 'PrimaryPrivateIpAddress'),
      SecondaryPrivateIpAddresses: (c) => {
        const planned = c.plannedAddress('SecondaryPrivateIpAddresses');
        if (Array.isArray(planned)) return planned;
        const fixed = fixedSecondaryAddresses(c);
        const count = Number(text(c.properties.SecondaryPrivateIpAddressCount) ?? 0);
        return fixed.length > 0 || !(count > 0) ? fixed : [placeholder(`${c.logicalId}.SecondaryPrivateIpAddresses`)];
      },
    },
  };
}

/** One entry per resource type. */
export const RESOURCE_ID_RULES: Readonly<Record<string, ResourceIdRule>> = {
  // --- EC2 networking
  'AWS::EC2::VPC': {
    ref: (c) => ec2Id(c, 'vpc'),
    attributes: (c, ref) => ({
      VpcId: ref,
      CidrBlock: text(c.properties.CidrBlock) ?? placeholder(`${c.logicalId}.CidrBlock (IPAM)`),
      CidrBlockAssociations: [`vpc-cidr-assoc-0${hex(c, 'cidr-assoc', 16)}`],
      DefaultNetworkAcl: ec2Id(c, 'acl', 'default-acl'),
      DefaultSecurityGroup: ec2Id(c, 'sg', 'default-sg'),
    }),
    lazy: {
      // IPv6 blocks come from AWS::EC2::VPCCidrBlock resources attached to this VPC.
      Ipv6CidrBlocks: (c, ref) =>
        c
          .resourcesOfType('AWS::EC2::VPCCidrBlock')
          .filter((r) => r.properties.VpcId === ref)
          .map((r) => (isTrue(r.properties.AmazonProvidedIpv6CidrBlock) ? amazonIpv6Block(ref) : (text(r.properties.Ipv6CidrBlock) ?? '')))
          .filter((block) => block !== ''),
    },
  },
  'AWS::EC2::VPCCidrBlock': ec2('vpc-cidr-assoc', 'Id'),
  'AWS::EC2::Subnet': {
    ref: (c) => ec2Id(c, 'subnet'),
    attributes: (c, ref) => {
      const zones = availabilityZones(c.region);
      const zone = text(c.properties.AvailabilityZone) ?? zones[pickIndex(`${c.stack}/${c.logicalId}:az`, zones.length)] ?? `${c.region}a`;
      const ipv6 = text(c.properties.Ipv6CidrBlock);
      return {
        SubnetId: ref,
        VpcId: c.properties.VpcId ?? placeholder(`${c.logicalId}.VpcId`),
        CidrBlock: c.properties.CidrBlock ?? '',
        AvailabilityZone: zone,
        AvailabilityZoneId: text(c.properties.AvailabilityZoneId) ?? availabilityZoneId(zone),
        NetworkAclAssociationId: `aclassoc-0${hex(c, 'acl-assoc', 16)}`,
        Ipv6CidrBlocks: ipv6 ? [ipv6] : [],
        OutpostArn: text(c.properties.OutpostArn) ?? '',
      };
    },
  },
  'AWS::EC2::SecurityGroup': {
    ref: (c) => ec2Id(c, 'sg'),
    attributes: (c, ref) => ({ GroupId: ref, Id: ref, VpcId: c.properties.VpcId ?? `vpc-0${hexDigits(`default-vpc:${c.accountId}:${c.region}`, 16)}` }),
  },
  'AWS::EC2::SecurityGroupIngress': ec2('sgr', 'Id'),
  'AWS::EC2::SecurityGroupEgress': ec2('sgr', 'Id'),
  'AWS::EC2::InternetGateway': ec2('igw', 'InternetGatewayId'),
  'AWS::EC2::EgressOnlyInternetGateway': ec2('eigw', 'Id'),
  'AWS::EC2::EIP': {
    ref: (c) => c.publicIp(),
    attributes: (c, ref) => ({ PublicIp: ref, AllocationId: ec2Id(c, 'eipalloc') }),
  },
  'AWS::EC2::EIPAssociation': ec2('eipassoc', 'Id'),
  'AWS::EC2::NatGateway': {
    ref: (c) => ec2Id(c, 'nat'),
    attributes: (c, ref) => ({ NatGatewayId: ref, EniId: ec2Id(c, 'eni', 'eni') }),
  },
  'AWS::EC2::RouteTable': ec2('rtb', 'RouteTableId'),
  'AWS::EC2::Route': { ref: (c) => `r-${ec2Id(c, 'rtb', 'route').slice(4)}_${text(c.properties.DestinationCidrBlock) ?? text(c.properties.DestinationIpv6CidrBlock) ?? 'route'}` },
  'AWS::EC2::SubnetRouteTableAssociation': ec2('rtbassoc', 'Id'),
  'AWS::EC2::GatewayRouteTableAssociation': ec2('rtbassoc', 'AssociationId'),
  'AWS::EC2::VPCGatewayAttachment': { ref: (c) => `${text(c.properties.InternetGatewayId) ?? text(c.properties.VpnGatewayId) ?? 'gw'}|${text(c.properties.VpcId) ?? 'vpc'}` },
  'AWS::EC2::NetworkAcl': ec2('acl', 'Id'),
  'AWS::EC2::NetworkAclEntry': ec2('aclentry', 'Id'),
  'AWS::EC2::SubnetNetworkAclAssociation': ec2('aclassoc', 'AssociationId'),
  'AWS::EC2::VPCEndpoint': {
    ref: (c) => ec2Id(c, 'vpce'),
    attributes: (c, ref) => {
      const type = text(c.properties.VpcEndpointType) ?? 'Gateway';
      const service = (text(c.properties.ServiceName) ?? '').replace(new RegExp(`^com\\.amazonaws\\.${c.region.replace(/-/g, '\\-')}\\.`), '');
      const subnets = Array.isArray(c.properties.SubnetIds) ? c.properties.SubnetIds : [];
      const iface = type === 'Interface';
      return {
        Id: ref,
        CreationTimestamp: '2024-01-01T00:00:00.000Z',
        DnsEntries: iface
          ? [`${hostedZoneId(c, 'vpce-zone')}:${ref}-${digitsFrom(`${c.stack}/${c.logicalId}:dns`, 8, LOWER_ALNUM)}.${service}.${c.region}.vpce.${c.urlSuffix}`]
          : [],
        NetworkInterfaceIds: iface ? subnets.map((_, i) => ec2Id(c, 'eni', `eni-${i}`)) : [],
      };
    },
  },
  'AWS::EC2::VPCPeeringConnection': ec2('pcx', 'Id'),
  'AWS::EC2::TransitGateway': ec2('tgw', 'Id'),
  'AWS::EC2::TransitGatewayAttachment': ec2('tgw-attach', 'Id'),
  'AWS::EC2::TransitGatewayVpcAttachment': ec2('tgw-attach', 'Id'),
  'AWS::EC2::TransitGatewayPeeringAttachment': ec2('tgw-attach', 'TransitGatewayAttachmentId'),
  'AWS::EC2::TransitGatewayRouteTable': ec2('tgw-rtb', 'TransitGatewayRouteTableId'),
  'AWS::EC2::Instance': instanceRule(),
  'AWS::EC2::NetworkInterface': networkInterfaceRule(),
  'AWS::EC2::LaunchTemplate': {
    ref: (c) => ec2Id(c, 'lt'),
    attributes: (_c, ref) => ({ LaunchTemplateId: ref, LatestVersionNumber: '1', DefaultVersionNumber: '1' }),
  },
  'AWS::EC2::FlowLog': ec2('fl', 'Id'),
  'AWS::EC2::DHCPOptions': ec2('dopt', 'DhcpOptionsId'),
  'AWS::EC2::PrefixList': {
    ref: (c) => ec2Id(c, 'pl'),
    attributes: (c, ref) => ({ PrefixListId: ref, Arn: arn(c, 'ec2', `prefix-list/${ref}`), Version: 1 }),
  },
  'AWS::EC2::VPNGateway': ec2('vgw', 'VPNGatewayId'),
  'AWS::EC2::CustomerGateway': ec2('cgw', 'CustomerGatewayId'),
  'AWS::EC2::VPNConnection': ec2('vpn', 'VpnConnectionId'),

  // --- Load balancing
  'AWS::ElasticLoadBalancingV2::LoadBalancer': loadBalancerRule(),
  'AWS::ElasticLoadBalancingV2::TargetGroup': targetGroupRule(),
  'AWS::ElasticLoadBalancingV2::Listener': {
    ref: (c) => {
      const lb = /^(arn:[^:]+:elasticloadbalancing:[^:]+:[^:]+:)loadbalancer\/(.+)$/.exec(text(c.properties.LoadBalancerArn) ?? '');
      return lb
        ? `${lb[1]}listener/${lb[2]}/${hex(c, 'listener', 16)}`
        : arn(c, 'elasticloadbalancing', `listener/app/${placeholder('LoadBalancerArn')}/${hex(c, 'listener', 16)}`);
    },
    attributes: (_c, ref) => ({ ListenerArn: ref }),
  },
  'AWS::ElasticLoadBalancingV2::ListenerRule': {
    ref: (c) => {
      const listener = /^(arn:[^:]+:elasticloadbalancing:[^:]+:[^:]+:)listener\/(.+)$/.exec(text(c.properties.ListenerArn) ?? '');
      return listener
        ? `${listener[1]}listener-rule/${listener[2]}/${hex(c, 'rule', 16)}`
        : arn(c, 'elasticloadbalancing', `listener-rule/app/${placeholder('ListenerArn')}/${hex(c, 'rule', 16)}`);
    },
    attributes: (_c, ref) => ({ RuleArn: ref, IsDefault: false }),
  },
  'AWS::ElasticLoadBalancing::LoadBalancer': {
    ref: (c) => nameOr(c, 'LoadBalancerName', 32, { part: 5 }),
    attributes: (c, ref) => {
      const internal = text(c.properties.Scheme) === 'internal';
      const dns = `${internal ? 'internal-' : ''}${ref}-${digitsFrom(`${c.stack}/${c.logicalId}:dns`, 10, DECIMAL).replace(/^0/, '1')}.${c.region}.elb.${c.urlSuffix}`;
      return {
        DNSName: dns,
        CanonicalHostedZoneName: dns,
        CanonicalHostedZoneNameID: elbZone(c.region, false),
        'SourceSecurityGroup.GroupName': 'default_elb_' + hex(c, 'elb-sg', 8),
        'SourceSecurityGroup.OwnerAlias': 'amazon-elb',
      };
    },
  },

  // --- ECS
  'AWS::ECS::Cluster': named('ClusterName', 255, (c, name) => arn(c, 'ecs', `cluster/${name}`)),
  'AWS::ECS::Service': {
    ref: (c) => {
      const clusterValue = text(c.properties.Cluster) ?? 'default';
      const cluster = /:cluster\/(.+)$/.exec(clusterValue)?.[1] ?? clusterValue;
      return arn(c, 'ecs', `service/${cluster}/${nameOr(c, 'ServiceName', 255)}`);
    },
    attributes: (c, ref) => ({ ServiceArn: ref, Name: nameOr(c, 'ServiceName', 255) }),
  },
  'AWS::ECS::TaskDefinition': {
    ref: (c) => arn(c, 'ecs', `task-definition/${nameOr(c, 'Family', 255)}:1`),
    attributes: (_c, ref) => ({ TaskDefinitionArn: ref }),
  },
  'AWS::ECS::CapacityProvider': named('Name', 255),
  'AWS::ECS::TaskSet': { ref: (c) => `ecs-svc/${digitsFrom(`${c.stack}/${c.logicalId}:ts`, 19, DECIMAL)}`, attributes: (_c, ref) => ({ Id: ref }) },

  // --- Service discovery, DNS
  'AWS::ServiceDiscovery::PrivateDnsNamespace': serviceDiscoveryNamespace(true),
  'AWS::ServiceDiscovery::PublicDnsNamespace': serviceDiscoveryNamespace(true),
  'AWS::ServiceDiscovery::HttpNamespace': serviceDiscoveryNamespace(false),
  'AWS::ServiceDiscovery::Service': {
    ref: (c) => `srv-${digitsFrom(`${c.stack}/${c.logicalId}:srv`, 16, LOWER_ALNUM)}`,
    attributes: (c, ref) => ({ Id: ref, Arn: arn(c, 'servicediscovery', `service/${ref}`), Name: text(c.properties.Name) ?? generatedName(c, 127) }),
  },
  'AWS::ServiceDiscovery::Instance': { ref: (c) => text(c.properties.InstanceId) ?? generatedName(c, 64) },
  'AWS::Route53::HostedZone': {
    ref: (c) => hostedZoneId(c, 'zone'),
    attributes: (c, ref) => {
      const isPrivate = Array.isArray(c.properties.VPCs) && c.properties.VPCs.length > 0;
      const n = (purpose: string, max: number) => Number(digitsFrom(`${c.stack}/${c.logicalId}:${purpose}`, 4, DECIMAL)) % max;
      const servers = isPrivate
        ? []
        : [
            `ns-${n('ns1', 512)}.awsdns-${n('d1', 64)}.com`,
            `ns-${512 + n('ns2', 512)}.awsdns-${n('d2', 64)}.net`,
            `ns-${1024 + n('ns3', 512)}.awsdns-${n('d3', 64)}.org`,
            `ns-${1536 + n('ns4', 512)}.awsdns-${n('d4', 64)}.co.uk`,
          ];
      return { Id: ref, NameServers: servers };
    },
  },
  'AWS::Route53::RecordSet': { ref: (c) => text(c.properties.Name) ?? generatedName(c, 255) },

  // --- IAM, logs
  'AWS::IAM::Role': {
    ref: (c) => nameOr(c, 'RoleName', 64),
    attributes: (c, ref) => ({
      Arn: arn(c, 'iam', `role${text(c.properties.Path) ?? '/'}${ref}`, ''),
      RoleId: `AROA${digitsFrom(`${c.stack}/${c.logicalId}:roleid`, 17, UPPER_ALNUM)}`,
    }),
  },
  'AWS::IAM::InstanceProfile': {
    ref: (c) => nameOr(c, 'InstanceProfileName', 128),
    attributes: (c, ref) => ({ Arn: arn(c, 'iam', `instance-profile${text(c.properties.Path) ?? '/'}${ref}`, '') }),
  },
  'AWS::IAM::ManagedPolicy': {
    ref: (c) => arn(c, 'iam', `policy${text(c.properties.Path) ?? '/'}${nameOr(c, 'ManagedPolicyName', 128)}`, ''),
    attributes: (_c, ref) => ({ PolicyArn: ref }),
  },
  'AWS::IAM::Policy': { ref: (c) => generatedName(c, 128), attributes: (_c, ref) => ({ Id: ref }) },
  'AWS::IAM::User': named('UserName', 64, (c, name) => arn(c, 'iam', `user${text(c.properties.Path) ?? '/'}${name}`, '')),
  'AWS::Logs::LogGroup': named('LogGroupName', 512, (c, name) => arn(c, 'logs', `log-group:${name}:*`)),

  // --- App Mesh
  'AWS::AppMesh::Mesh': {
    ref: (c) => arn(c, 'appmesh', `mesh/${nameOr(c, 'MeshName', 255)}`),
    attributes: (c, ref) => ({
      Arn: ref,
      Id: ref,
      Uid: deterministicUuid(`${c.stack}/${c.logicalId}:uid`),
      MeshName: nameOr(c, 'MeshName', 255),
      MeshOwner: c.accountId,
      ResourceOwner: c.accountId,
    }),
  },
  'AWS::AppMesh::VirtualNode': meshChild('virtualNode', 'VirtualNodeName'),
  'AWS::AppMesh::VirtualService': meshChild('virtualService', 'VirtualServiceName'),
  'AWS::AppMesh::VirtualRouter': meshChild('virtualRouter', 'VirtualRouterName'),
  'AWS::AppMesh::Route': meshChild('route', 'RouteName', { kind: 'virtualRouter', property: 'VirtualRouterName' }),
  'AWS::AppMesh::VirtualGateway': meshChild('virtualGateway', 'VirtualGatewayName'),
  'AWS::AppMesh::GatewayRoute': meshChild('gatewayRoute', 'GatewayRouteName', { kind: 'virtualGateway', property: 'VirtualGatewayName' }),

  // --- API Gateway (HTTP APIs)
  'AWS::ApiGatewayV2::Api': {
    ref: (c) => digitsFrom(`${c.stack}/${c.logicalId}:api`, 10, LOWER_ALNUM),
    attributes: (c, ref) => {
      const scheme = text(c.properties.ProtocolType) === 'WEBSOCKET' ? 'wss' : 'https';
      return { ApiId: ref, ApiEndpoint: `${scheme}://${ref}.execute-api.${c.region}.${c.urlSuffix}`, ExecuteApiArn: arn(c, 'execute-api', ref) };
    },
  },
  'AWS::ApiGatewayV2::VpcLink': { ref: (c) => digitsFrom(`${c.stack}/${c.logicalId}:vpclink`, 6, LOWER_ALNUM), attributes: (_c, ref) => ({ VpcLinkId: ref }) },
  'AWS::ApiGatewayV2::Integration': { ref: (c) => digitsFrom(`${c.stack}/${c.logicalId}:integration`, 7, LOWER_ALNUM), attributes: (_c, ref) => ({ IntegrationId: ref }) },
  'AWS::ApiGatewayV2::Route': { ref: (c) => digitsFrom(`${c.stack}/${c.logicalId}:route`, 7, LOWER_ALNUM), attributes: (_c, ref) => ({ RouteId: ref }) },
  'AWS::ApiGatewayV2::Stage': { ref: (c) => text(c.properties.StageName) ?? '$default' },
  'AWS::ApiGatewayV2::Deployment': { ref: (c) => digitsFrom(`${c.stack}/${c.logicalId}:deployment`, 6, LOWER_ALNUM), attributes: (_c, ref) => ({ DeploymentId: ref }) },

  // --- Compute around ECS
  'AWS::AutoScaling::AutoScalingGroup': named('AutoScalingGroupName', 255),
  'AWS::AutoScaling::LaunchConfiguration': named('LaunchConfigurationName', 255),
  'AWS::AutoScaling::LifecycleHook': named('LifecycleHookName', 255),
  'AWS::Lambda::Function': named('FunctionName', 64, (c, name) => arn(c, 'lambda', `function:${name}`)),
  'AWS::SNS::Topic': {
    ref: (c) => arn(c, 'sns', nameOr(c, 'TopicName', 256)),
    attributes: (c, ref) => ({ TopicArn: ref, TopicName: nameOr(c, 'TopicName', 256) }),
  },
  'AWS::SQS::Queue': {
    ref: (c) => `https://sqs.${c.region}.${c.urlSuffix}/${c.accountId}/${nameOr(c, 'QueueName', 80)}`,
    attributes: (c, ref) => ({ QueueUrl: ref, QueueName: nameOr(c, 'QueueName', 80), Arn: arn(c, 'sqs', nameOr(c, 'QueueName', 80)) }),
  },
  'AWS::S3::Bucket': {
    ref: (c) => nameOr(c, 'BucketName', 63, { lowercase: true }),
    attributes: (c, ref) => ({
      Arn: `arn:${c.partition}:s3:::${ref}`,
      DomainName: `${ref}.s3.${c.urlSuffix}`,
      RegionalDomainName: `${ref}.s3.${c.region}.${c.urlSuffix}`,
      DualStackDomainName: `${ref}.s3.dualstack.${c.region}.${c.urlSuffix}`,
      WebsiteURL: `http://${ref}.s3-website-${c.region}.${c.urlSuffix}`,
    }),
  },
  'AWS::SSM::Parameter': {
    ref: (c) => nameOr(c, 'Name', 1011),
    attributes: (c) => ({ Type: c.properties.Type ?? 'String', Value: c.properties.Value ?? '' }),
  },
  'AWS::ECR::Repository': {
    ref: (c) => nameOr(c, 'RepositoryName', 256, { lowercase: true }),
    attributes: (c, ref) => ({ Arn: arn(c, 'ecr', `repository/${ref}`), RepositoryUri: `${c.accountId}.dkr.ecr.${c.region}.${c.urlSuffix}/${ref}` }),
  },
  'AWS::CloudWatch::Alarm': named('AlarmName', 255, (c, name) => arn(c, 'cloudwatch', `alarm:${name}`)),
  'AWS::ApplicationAutoScaling::ScalingPolicy': {
    ref: (c) => arn(c, 'autoscaling', `scalingPolicy:${deterministicUuid(`${c.stack}/${c.logicalId}:policy`)}:resource/${nameOr(c, 'PolicyName', 256)}`),
    attributes: (_c, ref) => ({ Arn: ref }),
  },
  'AWS::SecretsManager::Secret': {
    ref: (c) => arn(c, 'secretsmanager', `secret:${nameOr(c, 'Name', 512)}-${digitsFrom(`${c.stack}/${c.logicalId}:secret`, 6, LOWER_ALNUM)}`),
    attributes: (_c, ref) => ({ Id: ref }),
  },
  'AWS::KMS::Key': {
    ref: (c) => deterministicUuid(`${c.stack}/${c.logicalId}:key`),
    attributes: (c, ref) => ({ KeyId: ref, Arn: arn(c, 'kms', `key/${ref}`) }),
  },
};

/** Rule for a type not in the table: generated name; Arn-like attributes as ARNs, others as tokens. */
export const GENERIC_RULE: ResourceIdRule = {
  ref: (c) => generatedName(c, 255),
};

/** A deterministic value for attribute `attribute` of a type with no rule for it. */
export function genericAttribute(c: IdContext, ref: string, attribute: string): CfnValue {
  if (/Arn$/i.test(attribute) || attribute === 'Arn') {
    const service = (/^[A-Za-z0-9]+::([A-Za-z0-9]+)::/.exec(c.type)?.[1] ?? 'unknown').toLowerCase();
    const kind = (/::([A-Za-z0-9]+)$/.exec(c.type)?.[1] ?? 'resource').toLowerCase();
    return arn(c, service, `${kind}/${ref}`);
  }
  if (/Name$/.test(attribute)) return ref;
  return `${attribute.replace(/[^A-Za-z0-9]/g, '').toLowerCase()}-${hex(c, `attr:${attribute}`, 12)}`;
}

/**
 * Names: Cloud Map namespaces and services (what ECS registers tasks into) and Route 53
 * hosted zones and record sets (private zones answer inside their VPCs).
 */
import type { BuildContext } from './context.js';
import { follow, identity } from './context.js';
import type { DiscoveryService, DnsNamespace } from './types.js';
import { list, num, obj, str, strList } from './values.js';

const NAMESPACE_KINDS: [string, DnsNamespace['kind']][] = [
  ['AWS::ServiceDiscovery::PrivateDnsNamespace', 'private-dns'],
  ['AWS::ServiceDiscovery::PublicDnsNamespace', 'public-dns'],
  ['AWS::ServiceDiscovery::HttpNamespace', 'http'],
];

/** Builds Cloud Map namespaces and services, and Route 53 zones and records. */
export function buildDiscovery(ctx: BuildContext): void {
  for (const [type, kind] of NAMESPACE_KINDS) {
    for (const r of ctx.registry.ofType(type)) {
      const vpc = r.properties.Vpc !== undefined ? follow(ctx, r, r.properties.Vpc, ['Vpc'], 'AWS::EC2::VPC') : {};
      const vpcId = vpc.id ?? vpc.raw;
      ctx.model.dnsNamespaces.push({ ...identity(r), kind, name: str(r.properties.Name) ?? '', ...(vpcId ? { vpcId } : {}) });
    }
  }
  for (const r of ctx.registry.ofType('AWS::ServiceDiscovery::Service')) {
    const dnsConfig = obj(r.properties.DnsConfig);
    const namespaceValue = r.properties.NamespaceId ?? dnsConfig?.NamespaceId;
    const namespace = namespaceValue !== undefined ? follow(ctx, r, namespaceValue, ['NamespaceId'], ...NAMESPACE_KINDS.map(([t]) => t)) : {};
    const records = list(dnsConfig?.DnsRecords)
      .map(obj)
      .filter((d): d is NonNullable<typeof d> => !!d)
      .map((d) => ({
        type: (str(d.Type) ?? 'A') as DiscoveryService['dnsRecords'][number]['type'],
        ttl: num(d.TTL) ?? 60,
      }));
    ctx.model.discoveryServices.push({
      ...identity(r),
      name: str(r.properties.Name) ?? r.logicalId,
      ...(namespace.id ? { namespaceId: namespace.id } : namespace.raw ? { namespaceRaw: namespace.raw } : {}),
      dnsRecords: records,
      routingPolicy: str(dnsConfig?.RoutingPolicy) === 'WEIGHTED' ? 'WEIGHTED' : 'MULTIVALUE',
      customHealthCheck: r.properties.HealthCheckCustomConfig !== undefined,
    });
  }
  for (const r of ctx.registry.ofType('AWS::Route53::HostedZone')) {
    const vpcs = list(r.properties.VPCs)
      .map(obj)
      .map((v) => ctx.registry.idOf(v?.VPCId, 'AWS::EC2::VPC') ?? str(v?.VPCId) ?? '');
    ctx.model.hostedZones.push({ ...identity(r), name: trimDot(str(r.properties.Name) ?? ''), vpcIds: vpcs, private: vpcs.length > 0 });
  }
  for (const r of ctx.registry.ofType('AWS::Route53::RecordSet')) {
    const zoneId = ctx.registry.idOf(r.properties.HostedZoneId, 'AWS::Route53::HostedZone');
    const zoneName = str(r.properties.HostedZoneName);
    const alias = obj(r.properties.AliasTarget);
    const ttl = num(r.properties.TTL);
    ctx.model.recordSets.push({
      ...identity(r),
      ...(zoneId ? { hostedZoneId: zoneId } : {}),
      ...(zoneName ? { hostedZoneName: trimDot(zoneName) } : {}),
      name: trimDot(str(r.properties.Name) ?? ''),
      type: str(r.properties.Type) ?? 'A',
      ...(ttl !== undefined ? { ttl } : {}),
      values: strList(r.properties.ResourceRecords),
      ...(alias ? { aliasTarget: { dnsName: trimDot(str(alias.DNSName) ?? ''), hostedZoneId: str(alias.HostedZoneId) ?? '' } } : {}),
    });
  }
}

/** Route 53 names may end with a dot; the model keeps them without it. */
function trimDot(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

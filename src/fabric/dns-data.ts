/**
 * What each DNS server of the lab knows, built from the model. The VPC resolver (reference
 * §4.2) answers the private DNS names of the VPC's addresses, the Route 53 private hosted
 * zones associated with the VPC, and — for interface endpoints with private DNS — the
 * service's regional names with the endpoint's ENI addresses (reference §4.7); everything else
 * goes to the internet's DNS, which knows the region's public AWS names, the EC2 public DNS
 * names of the lab's public addresses, example.com and the model's public hosted zones. Pure.
 *
 * @module
 */
import type { HostedZone, NetworkModel, RecordSet, Vpc } from '../model/types.js';
import { INTERNET_TEST_HOST } from './address-plan.js';
import type { AwsService } from './aws-services.js';
import { canonicalName, privateDnsSuffix, publicDnsSuffix, type DnsRecord, type DnsRecordType, type DnsZoneData } from './dns-zone.js';
import type { FabricEni } from './fabric-eni.js';

/** TTL of the lab's own records (AWS's regional names use 60 s as well). */
const TTL = 60;
const RECORD_TYPES = new Set<DnsRecordType>(['A', 'AAAA', 'CNAME', 'TXT', 'SRV', 'MX', 'PTR']);
/** The range public addresses of the lab come from (Elastic IPs and auto-assigned). */
const PUBLIC_RANGE = '198.18.0.0/15';

/** The VPC resolver's data for one VPC. */
export function vpcResolverZone(model: NetworkModel, vpc: Vpc, enis: readonly FabricEni[], services: readonly AwsService[]): DnsZoneData {
  const records: DnsRecord[] = [];
  const authoritative: string[] = [];
  for (const zone of model.hostedZones.filter((z) => z.private && z.vpcIds.includes(vpc.id))) {
    authoritative.push(canonicalName(zone.name));
    records.push(...zoneRecords(model, zone));
  }
  for (const endpoint of model.vpcEndpoints.filter((e) => e.vpcId === vpc.id && e.endpointType === 'Interface' && e.privateDnsEnabled)) {
    const service = services.find((s) => s.service === endpoint.service);
    if (!service) continue;
    const addresses = enis
      .filter((e) => e.kind === 'vpc-endpoint' && e.ownerId === endpoint.id)
      .map((e) => e.eni.privateIp)
      .sort();
    for (const name of service.names) {
      if (!name.startsWith('*.')) authoritative.push(canonicalName(name));
      for (const address of addresses) records.push({ name, type: 'A', ttl: TTL, value: address });
    }
  }
  return {
    records,
    authoritative: [...new Set(authoritative)],
    synthesized: [{ label: 'ip', suffix: privateDnsSuffix(model.region), cidrs: [vpc.cidr, ...vpc.secondaryCidrs], ttl: TTL }],
    dynamicZones: [],
  };
}

/** The internet's public DNS data. */
export function publicDnsZone(model: NetworkModel, services: readonly AwsService[]): DnsZoneData {
  const records: DnsRecord[] = [
    { name: 'example.com', type: 'A', ttl: TTL, value: INTERNET_TEST_HOST },
    { name: '*.example.com', type: 'A', ttl: TTL, value: INTERNET_TEST_HOST },
  ];
  for (const service of services) for (const name of service.names) records.push({ name, type: 'A', ttl: TTL, value: service.address });
  const authoritative = ['amazonaws.com', 'example.com'];
  for (const zone of model.hostedZones.filter((z) => !z.private)) {
    authoritative.push(canonicalName(zone.name));
    records.push(...zoneRecords(model, zone));
  }
  return {
    records,
    authoritative: [...new Set(authoritative)],
    synthesized: [{ label: 'ec2', suffix: publicDnsSuffix(model.region), cidrs: [PUBLIC_RANGE], ttl: TTL }],
  };
}

/** Records of one hosted zone; alias records become CNAMEs to their target (resolved by whoever can). */
function zoneRecords(model: NetworkModel, zone: HostedZone): DnsRecord[] {
  const apex = canonicalName(zone.name);
  const belongs = (r: RecordSet): boolean => r.hostedZoneId === zone.id || (r.hostedZoneName !== undefined && canonicalName(r.hostedZoneName) === apex);
  const out: DnsRecord[] = [];
  for (const r of model.recordSets.filter(belongs)) {
    const type = r.type.toUpperCase() as DnsRecordType;
    if (r.aliasTarget) {
      out.push({ name: r.name, type: 'CNAME', ttl: r.ttl ?? TTL, value: r.aliasTarget.dnsName });
      continue;
    }
    if (!RECORD_TYPES.has(type)) continue;
    for (const value of r.values) out.push({ name: r.name, type, ttl: r.ttl ?? 300, value: type === 'TXT' ? value.replace(/^"|"$/g, '') : value });
  }
  return out;
}

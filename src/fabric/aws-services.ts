/**
 * The region's AWS services as the lab emulates them: which DNS names each answers on, at which
 * lab address, and, for the two services with gateway endpoints, the prefix that stands for
 * their managed prefix list. The endpoint host answers every service on one namespace, so
 * "can this task reach ECR" becomes a real connection with a real answer.
 *
 * Names follow AWS's regional endpoints (https://docs.aws.amazon.com/general/latest/gr/rande.html):
 * `api.ecr.<region>.amazonaws.com`, `<account>.dkr.ecr.<region>.amazonaws.com`,
 * `s3.<region>.amazonaws.com` and its virtual-hosted buckets, `<service>.<region>.amazonaws.com`
 * for the rest. Pure.
 *
 * @module
 */
import { formatIpv4, parseCidr, parseIpv4 } from '../net/ipv4.js';

/** One emulated service of the region. */
export interface AwsService {
  /** Short service, as in `com.amazonaws.<region>.<service>` (`s3`, `ecr.dkr`). */
  service: string;
  /** Address of its endpoint host in the lab. */
  address: string;
  /** Lab prefix standing for its AWS-managed prefix list (gateway endpoint services only). */
  prefix?: string;
  /** DNS names (some with a leading `*.` wildcard) that resolve to it publicly and, with private DNS, to its interface endpoint. */
  names: string[];
}

/** Services with a fixed lab address, in address order; gateway services first. */
const FIXED: ReadonlyArray<{ service: string; offset: number; prefix?: number }> = [
  { service: 's3', offset: 17, prefix: 16 },
  { service: 'dynamodb', offset: 33, prefix: 32 },
  { service: 'ecr.api', offset: 101 },
  { service: 'ecr.dkr', offset: 102 },
  { service: 'ecs', offset: 103 },
  { service: 'logs', offset: 104 },
  { service: 'ecs-agent', offset: 105 },
  { service: 'ecs-telemetry', offset: 106 },
  { service: 'sts', offset: 107 },
  { service: 'secretsmanager', offset: 108 },
  { service: 'ssm', offset: 109 },
  { service: 'ssmmessages', offset: 110 },
  { service: 'ec2messages', offset: 111 },
  { service: 'kms', offset: 112 },
  { service: 'monitoring', offset: 113 },
  { service: 'sqs', offset: 114 },
  { service: 'sns', offset: 115 },
  { service: 'xray', offset: 116 },
  { service: 'elasticloadbalancing', offset: 117 },
  { service: 'execute-api', offset: 118 },
  { service: 'servicediscovery', offset: 119 },
  { service: 'appmesh-envoy-management', offset: 120 },
];

/** First address handed to services outside the fixed list (sorted by name). */
const DYNAMIC_FIRST = 160;
const DYNAMIC_LAST = 250;
const RANGE_BASE = parseIpv4('198.51.100.0') as number;

/** Public DNS names of a service in a region. */
export function serviceNames(service: string, region: string, accountId: string): string[] {
  const suffix = `${region}.amazonaws.com`;
  switch (service) {
    case 's3':
      return [`s3.${suffix}`, `*.s3.${suffix}`, ...(region === 'us-east-1' ? ['s3.amazonaws.com', '*.s3.amazonaws.com'] : [])];
    case 'ecr.api':
      return [`api.ecr.${suffix}`];
    case 'ecr.dkr':
      return [`dkr.ecr.${suffix}`, `*.dkr.ecr.${suffix}`, `${accountId}.dkr.ecr.${suffix}`];
    default:
      return [`${service}.${suffix}`];
  }
}

/**
 * The region's services: the fixed list plus any other service the model's endpoints name,
 * each with its lab address. Services beyond the dynamic range's 90 addresses are left out.
 */
export function regionServices(region: string, accountId: string, extraServices: readonly string[] = []): AwsService[] {
  const out: AwsService[] = FIXED.map((f) => ({
    service: f.service,
    address: formatIpv4(RANGE_BASE + f.offset),
    ...(f.prefix !== undefined ? { prefix: `${formatIpv4(RANGE_BASE + f.prefix)}/28` } : {}),
    names: serviceNames(f.service, region, accountId),
  }));
  const known = new Set(out.map((s) => s.service));
  const extra = [...new Set(extraServices)].filter((s) => !known.has(s) && /^[a-z0-9][a-z0-9.-]*$/.test(s)).sort();
  extra.slice(0, DYNAMIC_LAST - DYNAMIC_FIRST + 1).forEach((service, i) => {
    out.push({ service, address: formatIpv4(RANGE_BASE + DYNAMIC_FIRST + i), names: serviceNames(service, region, accountId) });
  });
  return out;
}

/**
 * The CIDRs a prefix-list id stands for in the lab: the service's lab prefix for AWS-managed
 * lists named `com.amazonaws.<region>.<service>` (what gateway-endpoint routes carry) or
 * recognisably S3/DynamoDB; undefined for any other list (customer-managed lists are not
 * emulated).
 */
export function prefixListCidrs(prefixListId: string, services: readonly AwsService[]): string[] | undefined {
  const m = /^com\.amazonaws\.[a-z0-9-]+\.(.+)$/.exec(prefixListId);
  const service = m ? m[1] : undefined;
  const found = services.find((s) => s.prefix !== undefined && s.service === service);
  return found?.prefix !== undefined ? [found.prefix] : undefined;
}

/** The service whose lab address or prefix holds `address`, if any. */
export function serviceAt(address: string, services: readonly AwsService[]): AwsService | undefined {
  const value = parseIpv4(address);
  if (value === undefined) return undefined;
  return services.find((s) => {
    if (s.address === address) return true;
    const block = s.prefix !== undefined ? parseCidr(s.prefix) : undefined;
    return block !== undefined && value >= block.base && value < block.base + 16;
  });
}

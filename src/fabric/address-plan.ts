/**
 * The lab's fixed addresses outside the VPCs: the internet's test hosts, the region's public
 * service endpoints and the point-to-point links between the lab's namespaces. They come from
 * ranges no VPC and no real destination uses, so nothing in a template can collide with them:
 *
 * - 203.0.113.0/24 (TEST-NET-3, RFC 5737): the internet. `.10` is the test host (HTTP, TCP and
 *   UDP echo), `.53` the public DNS, `.100` "a user on the internet" (the source of relayed
 *   connections from the host).
 * - 198.51.100.0/24 (TEST-NET-2): the region's AWS service endpoints. Services that have
 *   gateway endpoints (S3, DynamoDB) get a /28 each, which is their lab prefix list; the
 *   others get one address.
 * - 169.254.0.0/16 (link-local, never routed by AWS): /30 links between namespaces, skipping
 *   169.254.169.0/24 and 169.254.170.0/24 where the VPC resolver and the ECS task metadata
 *   endpoint live.
 *
 * Public addresses of ENIs come from the template layer (Elastic IPs, 198.18.0.0/15) and the
 * planner (auto-assigned, 198.19.0.0/16). Pure.
 *
 * @module
 */
import { formatIpv4, parseIpv4 } from '../net/ipv4.js';

/** The internet test host: HTTP on 80, TCP and UDP echo on 7. */
export const INTERNET_TEST_HOST = '203.0.113.10';
/** The internet's public DNS server (authoritative for the region's AWS names and example.com). */
export const PUBLIC_DNS = '203.0.113.53';
/** The source address of connections relayed from the host's 127.0.0.1 ports. */
export const INTERNET_USER = '203.0.113.100';
/** The range of the region's AWS service endpoints. */
export const AWS_SERVICE_RANGE = '198.51.100.0/24';
/** The Amazon-provided DNS address every VPC answers on, besides its base + 2. */
export const LINK_LOCAL_RESOLVER = '169.254.169.253';

/** The TCP port of the test host's HTTP server, and of the echo servers. */
export const TEST_HOST_PORTS = { http: 80, echo: 7 } as const;

/** Both ends of a point-to-point link. */
export interface LinkAddresses {
  /** The `.1` end, with its /30. */
  a: string;
  /** The `.2` end, with its /30. */
  b: string;
  aIp: string;
  bIp: string;
}

const LINK_BASE = parseIpv4('169.254.1.0') as number;
const SKIP_FROM = parseIpv4('169.254.169.0') as number;
const SKIP_TO = parseIpv4('169.254.170.255') as number;
const LINK_LAST = parseIpv4('169.254.254.255') as number;

/**
 * The /30 of the `n`-th link (0-based). Deterministic, so the same lab always has the same
 * link addresses and tests can name them.
 *
 * @throws Error past the ~16,000 links the range holds.
 */
export function linkAddresses(n: number): LinkAddresses {
  let base = LINK_BASE + 4 * n;
  if (base >= SKIP_FROM) base += SKIP_TO - SKIP_FROM + 1;
  if (base + 3 > LINK_LAST) throw new Error(`link ${n} is past the lab's link-local range`);
  const aIp = formatIpv4(base + 1);
  const bIp = formatIpv4(base + 2);
  return { a: `${aIp}/30`, b: `${bIp}/30`, aIp, bIp };
}

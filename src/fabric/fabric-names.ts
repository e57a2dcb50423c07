/**
 * Logical names of the fabric's namespaces and interfaces. They read like the template
 * (`vpc.network.Vpc`, `nat.network.NatGatewayOne`, `i.app.ContainerInstances-0`) so `ip netns`
 * says what each namespace stands for; names too long for the lab spec are cut and suffixed
 * with a hash so they stay unique. Pure.
 *
 * @module
 */
import { shortHash } from '../dataplane/names.js';

/** The lab spec allows 64 characters of `[A-Za-z0-9_.-]` for a logical name. */
const MAX_LOGICAL = 64;

/** `kind.id` made safe for a logical namespace name. */
export function logicalName(kind: string, id: string): string {
  const cleaned = `${kind}.${id}`.replace(/[^A-Za-z0-9_.-]/g, '-');
  if (cleaned.length <= MAX_LOGICAL) return cleaned;
  return `${cleaned.slice(0, MAX_LOGICAL - 8)}-${shortHash(cleaned)}`;
}

/** Namespace of a VPC's implicit router. */
export const routerNamespace = (vpcId: string): string => logicalName('vpc', vpcId);
/** Namespace of a NAT gateway. */
export const natNamespace = (natId: string): string => logicalName('nat', natId);
/** Namespace of one ENI of an interface endpoint (one per subnet). */
export const endpointNamespace = (endpointId: string, subnetId: string): string => logicalName('vpce', `${endpointId}.${subnetId.slice(subnetId.indexOf('.') + 1)}`);
/** Namespace of an EC2 instance, from its plan name (`app.Asg#0` → `i.app.Asg-0`). */
export const instanceNamespace = (planName: string): string => logicalName('i', planName);

/** The internet namespace. */
export const INTERNET_NAMESPACE = 'internet';
/** The namespace of the region's AWS service endpoints. */
export const AWS_NAMESPACE = 'aws';

/** Interface names of the fabric, in the namespaces that own them. */
export const IFACE = {
  /** An ENI inside its owner's namespace (device index 0). */
  eni: 'eth0',
  /** The VPC router's link to the internet (the internet gateway side). */
  uplink: 'uplink',
  /** The VPC router's link to the AWS service namespace for gateway endpoints. */
  gatewayEndpoint: 'gwe',
  /** An interface endpoint's PrivateLink into the AWS service namespace. */
  privateLink: 'link',
  /** The internet's link to the AWS service namespace, and back. */
  internetToAws: 'aws',
  awsToInternet: 'internet',
} as const;

/** The internet-side name of VPC number `i`'s uplink. */
export const internetSideOfUplink = (i: number): string => `vpc${i}`;
/** The AWS-side name of VPC number `i`'s gateway-endpoint link. */
export const awsSideOfGatewayEndpoint = (i: number): string => `gwe${i}`;
/** The AWS-side name of private link number `i`. */
export const awsSideOfPrivateLink = (i: number): string => `pl${i}`;

/**
 * Attributes of custom resources whose meaning is clear from their name. A custom resource's
 * attributes are whatever its Lambda returns, unknown until it runs; most are opaque and get a
 * stand-in string. Availability Zone selectors are the exception worth knowing: templates
 * (PRX's shared VPC) ask a custom resource for the zones that suit them and `Fn::Select` from
 * the list, so an opaque string would leave every subnet without a zone. Locally every zone of
 * the region suits, so such an attribute is the region's zone list, as `Fn::GetAZs` gives it.
 * Likewise an attribute named `…ListenerArn` (copilot's environment controller returns the
 * environment's listeners to the service stack) is shaped as a load balancer listener ARN, so a
 * listener rule attached to it gets a well-formed ARN of its own, and one named `Priority…`
 * (copilot's rule-priority function picks a free listener-rule priority) is a stand-in priority
 * from 1 to 50000 derived from the resource, distinct per rule in practice. Copilot's environment
 * controller (a custom resource with an `EnvStack` property) returns the outputs of that
 * environment stack: when the environment is given too, its attribute X is the environment's
 * export `<EnvStack>-X` ({@link forwardedExport}). Pure.
 *
 * @module
 */
import { availabilityZones } from './availability-zones.js';
import { hexDigits } from './hash.js';
import { partitionOf } from './pseudo-parameters.js';
import type { CfnValue } from './types.js';

/** Where the custom resource is: ARNs it hands out carry the stack's region and account. */
export interface CustomResourcePlace {
  region: string;
  accountId: string;
  stack: string;
  logicalId: string;
}

/** A zone list attribute: `ZoneNames`, `AvailabilityZones`, `Zones`, `AvailabilityZoneNames`. */
const ZONE_LIST = /^(AvailabilityZone(s|Names)|Zone(s|Names))$/;

/** The value of `attribute` of a custom resource of `type`, when its name says what it is; undefined otherwise. */
export function customResourceAttribute(type: string, attribute: string, place: CustomResourcePlace): CfnValue | undefined {
  if (!type.startsWith('Custom::') && type !== 'AWS::CloudFormation::CustomResource') return undefined;
  if (ZONE_LIST.test(attribute)) return availabilityZones(place.region);
  if (/ListenerArn$/.test(attribute)) {
    const seed = `${place.stack}/${place.logicalId}/${attribute}`;
    const balancer =
      attribute
        .replace(/ListenerArn$/, '')
        .replace(/(HTTPS?|TLS|TCP)$/, '')
        .toLowerCase() || 'custom';
    return `arn:${partitionOf(place.region)}:elasticloadbalancing:${place.region}:${place.accountId}:listener/app/${balancer}/${hexDigits(`${seed}/lb`, 16)}/${hexDigits(seed, 16)}`;
  }
  if (/^Priority\d*$/.test(attribute)) return 1 + (parseInt(hexDigits(`${place.stack}/${place.logicalId}/${attribute}`, 8), 16) % 50000);
  return undefined;
}

/** The export a custom resource forwards as `attribute`: copilot's environment controller returns `<EnvStack>-<attribute>`. */
export function forwardedExport(type: string, properties: { [key: string]: CfnValue }, attribute: string): string | undefined {
  if (!type.startsWith('Custom::')) return undefined;
  const envStack = properties['EnvStack'];
  return typeof envStack === 'string' && envStack !== '' ? `${envStack}-${attribute}` : undefined;
}

/**
 * The plan as the template layer's address oracle: what `Fn::GetAtt X.PrivateIp` (and the other
 * address attributes of src/template/resource-ids.ts ADDRESS_ATTRIBUTES) returns is read from
 * the plan, so a Route 53 record, an output or an export built from it names the address the
 * lab gives that ENI. The plan stays the only allocator; this module only looks answers up.
 * Pure.
 */
import type { EniPlan, Plan } from '../plan/types.js';
import type { AddressOracle, CfnValue } from '../template/types.js';

/** Answers address attributes from `plan`; undefined for what the plan does not give. */
export function plannedAddresses(plan: Plan): AddressOracle {
  const instances = new Map(plan.instances.filter((i) => i.source.kind === 'instance').map((i) => [i.source.id, i]));
  const interfaces = new Map<string, EniPlan>();
  for (const eni of plan.enis) if (eni.networkInterfaceId !== undefined) interfaces.set(eni.networkInterfaceId, eni);
  return (resourceId: string, attribute: string): CfnValue | undefined => {
    const instance = instances.get(resourceId);
    if (instance) {
      if (attribute === 'PrivateIp') return instance.privateIp;
      if (attribute === 'PublicIp') return instance.publicIp;
      return undefined;
    }
    const eni = interfaces.get(resourceId);
    if (eni) {
      if (attribute === 'PrimaryPrivateIpAddress') return eni.privateIp;
      if (attribute === 'SecondaryPrivateIpAddresses') return [...(eni.secondaryPrivateIps ?? [])];
    }
    return undefined;
  };
}

/** The observable address state of a plan (each ENI's addresses), to tell whether two plans place everything identically. */
export function addressFingerprint(plan: Plan): string {
  return plan.enis.map((e) => `${e.id}=${e.privateIp}${e.secondaryPrivateIps?.length ? `+${e.secondaryPrivateIps.join('+')}` : ''}/${e.publicIp ?? ''}`).join(',');
}

/**
 * An ENI as the fabric wires it: the plan's ENI plus where it lives (its owner's namespace)
 * and what it is called on the VPC router. Every compiler stage works on this one shape, so a
 * new kind of owner (an awsvpc task, a load balancer node in later issues) only has to produce
 * FabricEnis to get routing, security groups, NACLs, DNS names and probing for free.
 *
 * @module
 */
import type { EniPlan } from '../plan/types.js';
import type { FabricEndpointKind } from './manifest.js';

/** One ENI to wire into its VPC router. */
export interface FabricEni {
  eni: EniPlan;
  kind: FabricEndpointKind;
  /** Model id or plan name of the owner, as the manifest lists it. */
  ownerId: string;
  /** Extra names the owner answers to on the command line. */
  aliases: string[];
  /** Logical namespace of the owner. */
  namespace: string;
  /** Interface name inside the owner's namespace. */
  ownerInterface: string;
  /** Logical interface name on the VPC router (the ENI id). */
  routerInterface: string;
}

/** Every private address of an ENI: the primary, then its secondary addresses (all reach the same owner, under the same security groups). */
export function privateAddresses(eni: EniPlan): string[] {
  return [eni.privateIp, ...(eni.secondaryPrivateIps ?? [])];
}

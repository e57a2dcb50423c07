/**
 * The template's own ENIs (AWS::EC2::NetworkInterface): one an instance names as device 0 is
 * that instance's primary ENI (created with it, src/plan/container-instances.ts); the others
 * are created after the infrastructure ENIs. Their fixed addresses (PrivateIpAddress,
 * PrivateIpAddresses) are claimed before anything is allocated, as AWS honours them; the
 * secondary addresses they ask for by count come right after their primary address.
 */
import type { NetworkModel, NetworkInterface } from '../model/types.js';
import { isEni, secondaryKey, type AddressBook } from './address-book.js';
import { sortById } from './compare.js';
import type { PlanNotes } from './notes.js';

/** Key of the ENI of an unattached network interface. */
export const networkInterfaceKey = (id: string) => `eni:${id}`;

/** Claims the fixed secondary addresses of `ni` for the ENI created under `key`. */
export function claimSecondaryAddresses(book: AddressBook, key: string, ni: NetworkInterface): void {
  ni.secondaryPrivateIps.forEach((ip, i) => book.claimFixed(secondaryKey(key, i), ni.subnetId, ip, ni, `Properties.PrivateIpAddresses[${i}]`));
}

/** Claims the fixed addresses of network interfaces that are no instance's primary ENI. */
export function claimNetworkInterfaceAddresses(model: NetworkModel, book: AddressBook): void {
  for (const ni of sortById(model.networkInterfaces)) {
    if (ni.instanceId !== undefined) continue;
    const key = networkInterfaceKey(ni.id);
    if (ni.privateIp) book.claimFixed(key, ni.subnetId, ni.privateIp, ni, 'Properties.PrivateIpAddress');
    claimSecondaryAddresses(book, key, ni);
  }
}

/** Creates the ENIs of network interfaces that are no instance's primary ENI. */
export function createNetworkInterfaces(model: NetworkModel, book: AddressBook, notes: PlanNotes): void {
  for (const ni of sortById(model.networkInterfaces)) {
    if (ni.instanceId !== undefined) continue;
    const eip = model.elasticIps.find((e) => e.networkInterfaceId === ni.id);
    const result = book.createEni({
      ...(eip ? { publicIp: { source: 'elastic-ip' as const, ip: eip.publicIp } } : {}),
      key: networkInterfaceKey(ni.id),
      kind: 'network-interface',
      ownerId: ni.id,
      subnetId: ni.subnetId,
      securityGroupIds: ni.securityGroupIds,
      defaultSecurityGroup: true,
      description: `Network interface ${ni.logicalId}`,
      secondaryCount: ni.secondaryCount,
      networkInterfaceId: ni.id,
    });
    if (isEni(result)) continue;
    if (result.problem === 'unknown-subnet')
      notes.add('warning', 'plan-unknown-subnet', ni, `${ni.id} names subnet ${ni.subnetId}, which is not in the deployment; it is not planned`);
    else
      notes.add(
        'error',
        'plan-no-free-ip',
        ni,
        `no free IP in subnet ${ni.subnetId} (${result.slot.subnet.cidr}) for network interface ${ni.id}`,
        'use a larger subnet or fewer ENIs in it',
      );
  }
}

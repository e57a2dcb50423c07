/**
 * The MAC of the VPC router's end of an ENI's cable. It is fixed, not left to the kernel's
 * random choice, so the compiler can hand every workload a permanent neighbour entry for its
 * gateway (base + 1 → this MAC) before anything runs: no ARP round trip, and no entry that
 * counts toward the host-wide neighbour-table limits when a router serves a thousand ENIs.
 * Pure.
 *
 * @module
 */

/** Bit of the first octet that tells a router port from the ENI it faces. */
const ROUTER_BIT = 0x04;
/** Locally administered (IEEE "U/L" bit): never clashes with a vendor's address. */
const LOCAL_BIT = 0x02;
/** Group (multicast) bit: must stay clear for a unicast address. */
const GROUP_BIT = 0x01;

/**
 * The router port's MAC for the ENI whose MAC is `eniMac`: the same five low octets, the first
 * octet with {@link ROUTER_BIT} flipped, kept locally administered and unicast (the plan's
 * `02:…` becomes `06:…`). Deriving it from the ENI's MAC instead of hashing the ENI id makes
 * it unique among the router's ports whenever the plan's ENI MACs are unique (the plan
 * guarantees that), different from the ENI's own MAC, and readable: the pair shows in
 * `ip neigh` as two addresses with the same tail.
 *
 * @example routerPortMac('02:1a:2b:3c:4d:5e') === '06:1a:2b:3c:4d:5e'
 * @throws Error when `eniMac` is not six colon-separated hex octets (a plan bug).
 */
export function routerPortMac(eniMac: string): string {
  const octets = eniMac.toLowerCase().split(':');
  if (octets.length !== 6 || !octets.every((o) => /^[0-9a-f]{2}$/.test(o))) throw new Error(`"${eniMac}" is not a MAC address`);
  const first = ((parseInt(octets[0] as string, 16) ^ ROUTER_BIT) | LOCAL_BIT) & ~GROUP_BIT;
  return [first.toString(16).padStart(2, '0'), ...octets.slice(1)].join(':');
}

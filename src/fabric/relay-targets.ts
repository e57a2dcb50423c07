/**
 * Which public `address:port` pairs of the lab a user on the host can reach through a relay:
 * the TCP ports that an ENI's security groups open to the internet (to a CIDR holding the
 * lab's internet user) on an ENI with a public IP. Wide ranges are left out (a relay per port
 * of 1024–65535 helps nobody); later issues add load balancer listeners. Pure.
 *
 * @module
 */
import type { SecurityGroup } from '../model/types.js';
import { blockHas, parseCidr, parseIpv4 } from '../net/ipv4.js';
import { INTERNET_USER } from './address-plan.js';
import type { FabricEni } from './fabric-eni.js';
import type { RelayTarget } from './manifest.js';

/**
 * Sysctls of the namespace the relay forwarder dials from. It binds every connection to the
 * internet user's address before connecting, and a bound port stays taken for as long as a
 * connection of it sits in TIME_WAIT (60 s, and the forwarder closes first whenever the user
 * does): the default 28,232 ephemeral ports then cap a relay at ~470 connections/s for good
 * and make every bind scan a fuller range (what held relays to ~130 connections/s under
 * sustained load). A short TIME_WAIT table (the kernel closes connections beyond it at once,
 * which on a lab's loopback-fast links loses nothing) and the whole unprivileged port range
 * keep binds cheap. Both are per-namespace: the host's TCP is untouched.
 */
export const RELAY_SOURCE_SYSCTLS: Readonly<Record<string, string | number>> = {
  'net.ipv4.tcp_max_tw_buckets': 1024,
  'net.ipv4.ip_local_port_range': '10000 65000',
};

/** Ranges wider than this many ports are not relayed. */
const MAX_PORTS_PER_RULE = 16;

/** Relay targets, sorted by address then port. */
export function relayTargets(enis: readonly FabricEni[], groups: ReadonlyMap<string, SecurityGroup>): RelayTarget[] {
  const user = parseIpv4(INTERNET_USER) as number;
  const out = new Map<string, RelayTarget>();
  for (const fe of enis) {
    const publicIp = fe.eni.publicIp;
    if (publicIp === undefined || fe.eni.securityGroupIds.length === 0) continue;
    for (const groupId of fe.eni.securityGroupIds) {
      for (const rule of groups.get(groupId)?.ingress ?? []) {
        if (rule.protocol !== 'tcp' || rule.peer.kind !== 'cidr' || rule.fromPort < 0) continue;
        const block = parseCidr(rule.peer.cidr, true);
        if (!block || !blockHas(block, user)) continue;
        const to = rule.toPort < 0 ? rule.fromPort : rule.toPort;
        if (to - rule.fromPort + 1 > MAX_PORTS_PER_RULE) continue;
        for (let port = rule.fromPort; port <= to; port++) {
          out.set(`${publicIp}:${port}`, { address: publicIp, port, description: `${fe.ownerId} (${fe.eni.id}) tcp/${port}` });
        }
      }
    }
  }
  return [...out.values()].sort((a, b) => (parseIpv4(a.address) as number) - (parseIpv4(b.address) as number) || a.port - b.port);
}

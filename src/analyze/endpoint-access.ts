/**
 * Whether an ENI can open HTTPS to an interface endpoint: the endpoint's security groups must
 * admit TCP 443 from it (by a CIDR holding its subnet, or by one of its groups), and its own
 * groups must let 443 out towards the endpoint's subnets. An endpoint that exists but refuses
 * the task is as good as none for pulling images. Groups the deployment does not define are
 * given the benefit of the doubt. Pure.
 */
import type { NetworkModel, SecurityGroup, SecurityGroupRule, Subnet, VpcEndpoint } from '../model/types.js';
import { blockContains, blockOverlaps, parseCidr } from '../net/ipv4.js';

/** The ENI that opens the connection. */
export interface Client {
  subnet: Subnet;
  securityGroupIds: readonly string[];
}

const HTTPS = 443;

function coversHttps(rule: SecurityGroupRule): boolean {
  if (rule.protocol === 'all') return true;
  return rule.protocol === 'tcp' && (rule.fromPort === -1 || (rule.fromPort <= HTTPS && rule.toPort >= HTTPS));
}

function groupsOf(model: NetworkModel, ids: readonly string[], vpcId: string): (SecurityGroup | undefined)[] {
  const effective = ids.length > 0 ? ids : [model.vpcs.find((v) => v.id === vpcId)?.defaultSecurityGroupId ?? ''];
  return effective.map((id) => model.securityGroups.find((g) => g.id === id));
}

/** Why `client` cannot reach `endpoint` on 443, or undefined when it can. */
export function httpsBlocked(model: NetworkModel, endpoint: VpcEndpoint, client: Client): string | undefined {
  if (endpoint.endpointType !== 'Interface') return undefined;
  const clientBlock = parseCidr(client.subnet.cidr);
  const endpointGroups = groupsOf(model, endpoint.securityGroupIds, endpoint.vpcId);
  const admitted = endpointGroups.some(
    (group) =>
      !group ||
      group.ingress.some(
        (rule) =>
          coversHttps(rule) &&
          ((rule.peer.kind === 'cidr' && clientBlock !== undefined && isBlockIn(rule.peer.cidr, (outer) => blockContains(outer, clientBlock))) ||
            (rule.peer.kind === 'security-group' && client.securityGroupIds.includes(rule.peer.groupId))),
      ),
  );
  if (!admitted) {
    const names = endpointGroups.map((g) => g?.logicalId).join(', ');
    return `its security group ${names} does not admit TCP 443 from subnet ${client.subnet.logicalId} (${client.subnet.cidr}) or the client's security groups`;
  }
  const endpointSubnets = model.vpcs
    .flatMap((v) => v.subnets)
    .filter((s) => endpoint.subnetIds.includes(s.id))
    .map((s) => parseCidr(s.cidr))
    .filter((b) => b !== undefined);
  const clientGroups = groupsOf(model, client.securityGroupIds, client.subnet.vpcId);
  const leaves = clientGroups.some(
    (group) =>
      !group ||
      group.egress.some(
        (rule) =>
          coversHttps(rule) &&
          ((rule.peer.kind === 'cidr' &&
            (endpointSubnets.length === 0 || endpointSubnets.some((b) => isBlockIn(rule.peer.kind === 'cidr' ? rule.peer.cidr : '', (outer) => blockOverlaps(outer, b))))) ||
            (rule.peer.kind === 'security-group' && endpoint.securityGroupIds.includes(rule.peer.groupId))),
      ),
  );
  if (!leaves) return `the client's security groups ${clientGroups.map((g) => g?.logicalId).join(', ')} do not let TCP 443 out to it`;
  return undefined;
}

function isBlockIn(cidr: string, test: (block: NonNullable<ReturnType<typeof parseCidr>>) => boolean): boolean {
  const block = parseCidr(cidr, true);
  return block !== undefined && test(block);
}

/**
 * Security groups and network ACLs. AWS's implicit rules are made explicit here (a new group's
 * allow-all egress, the final NACL deny is left implicit by design) so the data plane compiles
 * exactly what the model says and the checks can reason about it.
 */
import type { CfnValue, ResolvedResource } from '../template/types.js';
import type { BuildContext } from './context.js';
import { follow, identity, report } from './context.js';
import { vpcOf } from './build-vpc.js';
import type { NetworkAclEntry, RulePeer, SecurityGroup, SecurityGroupRule } from './types.js';
import { bool, list, num, obj, str } from './values.js';

const SG = 'AWS::EC2::SecurityGroup';
const ALLOW_ALL_EGRESS: SecurityGroupRule = { protocol: 'all', fromPort: -1, toPort: -1, peer: { kind: 'cidr', cidr: '0.0.0.0/0' } };

/** Builds security groups (inline and standalone rules) and network ACLs with their entries. */
export function buildSecurity(ctx: BuildContext): void {
  for (const r of ctx.registry.ofType(SG)) {
    const vpc = vpcOf(ctx, r, r.properties.VpcId);
    const group: SecurityGroup = {
      ...identity(r),
      vpcId: vpc?.id ?? str(r.properties.VpcId) ?? '',
      groupName: str(r.properties.GroupName) ?? r.physicalId,
      description: str(r.properties.GroupDescription) ?? '',
      ingress: [],
      egress: [],
      isDefault: false,
    };
    list(r.properties.SecurityGroupIngress).forEach((rule, i) => addRule(ctx, r, group.ingress, rule, 'ingress', ['SecurityGroupIngress', i]));
    list(r.properties.SecurityGroupEgress).forEach((rule, i) => addRule(ctx, r, group.egress, rule, 'egress', ['SecurityGroupEgress', i]));
    // AWS adds allow-all egress to a new group unless the template lists its own egress rules.
    if (r.properties.SecurityGroupEgress === undefined) group.egress.push({ ...ALLOW_ALL_EGRESS });
    ctx.model.securityGroups.push(group);
  }
  for (const [type, direction] of [
    ['AWS::EC2::SecurityGroupIngress', 'ingress'],
    ['AWS::EC2::SecurityGroupEgress', 'egress'],
  ] as const) {
    for (const r of ctx.registry.ofType(type)) {
      const groupValue = r.properties.GroupId ?? r.properties.GroupName;
      const { id } = follow(ctx, r, groupValue, [r.properties.GroupId !== undefined ? 'GroupId' : 'GroupName'], SG);
      const group = ctx.model.securityGroups.find((g) => g.id === id || (g.isDefault && g.physicalId === groupValue));
      if (!group) continue;
      addRule(ctx, r, direction === 'ingress' ? group.ingress : group.egress, r.properties, direction, [], r.logicalId);
    }
  }
  buildNetworkAcls(ctx);
}

function addRule(
  ctx: BuildContext,
  r: ResolvedResource,
  into: SecurityGroupRule[],
  value: CfnValue,
  direction: 'ingress' | 'egress',
  path: (string | number)[],
  logicalId?: string,
): void {
  const rule = obj(value);
  if (!rule) return;
  const protocol = normalizeProtocol(str(rule.IpProtocol) ?? '-1');
  const anyPort = protocol === 'all' || (protocol !== 'tcp' && protocol !== 'udp' && protocol !== 'icmp' && protocol !== 'icmpv6');
  const fromPort = anyPort ? -1 : (num(rule.FromPort) ?? -1);
  const toPort = anyPort ? -1 : (num(rule.ToPort) ?? fromPort);
  const peer = rulePeer(ctx, r, rule, direction, path);
  if (!peer) {
    report(
      ctx,
      r,
      {
        severity: 'error',
        code: 'security-group-rule-without-peer',
        message: `the ${direction} rule names no ${direction === 'ingress' ? 'source' : 'destination'}`,
        hint: direction === 'ingress' ? 'set CidrIp, SourceSecurityGroupId or SourcePrefixListId' : 'set CidrIp, DestinationSecurityGroupId or DestinationPrefixListId',
      },
      path,
    );
    return;
  }
  const location = path.length > 0 ? ctx.deployment.stacks.find((s) => s.name === r.stack)?.template.locate([...r.templatePath, 'Properties', ...path]) : r.location;
  const description = str(rule.Description);
  into.push({
    protocol,
    fromPort,
    toPort,
    peer,
    ...(description ? { description } : {}),
    ...(logicalId ? { logicalId } : {}),
    ...(location ? { source: location } : {}),
  });
}

function rulePeer(ctx: BuildContext, r: ResolvedResource, rule: Record<string, CfnValue>, direction: string, path: (string | number)[]): RulePeer | undefined {
  const cidr = str(rule.CidrIp) ?? str(rule.CidrIpv6);
  if (cidr) return { kind: 'cidr', cidr };
  const groupKey = direction === 'ingress' ? (rule.SourceSecurityGroupId !== undefined ? 'SourceSecurityGroupId' : 'SourceSecurityGroupName') : 'DestinationSecurityGroupId';
  const group = rule[groupKey];
  if (group !== undefined) {
    const found = follow(ctx, r, group, [...path, groupKey], SG);
    if (found.id) return { kind: 'security-group', groupId: found.id };
    const defaultGroup = ctx.model.securityGroups.find((g) => g.isDefault && g.physicalId === group);
    return { kind: 'security-group', groupId: defaultGroup?.id ?? found.raw ?? '' };
  }
  const prefixList = str(rule.SourcePrefixListId) ?? str(rule.DestinationPrefixListId);
  if (prefixList) return { kind: 'prefix-list', prefixListId: prefixList };
  return undefined;
}

/** `-1` and `all` mean every protocol; numbers 6/17/1/58 are tcp/udp/icmp/icmpv6, as AWS treats them. */
export function normalizeProtocol(value: string): string {
  const lower = value.toLowerCase();
  const byNumber: Record<string, string> = { '-1': 'all', all: 'all', '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };
  return byNumber[lower] ?? lower;
}

function buildNetworkAcls(ctx: BuildContext): void {
  for (const r of ctx.registry.ofType('AWS::EC2::NetworkAcl')) {
    const vpc = vpcOf(ctx, r, r.properties.VpcId);
    if (vpc) ctx.model.networkAcls.push({ ...identity(r), vpcId: vpc.id, entries: [], isDefault: false });
  }
  for (const r of ctx.registry.ofType('AWS::EC2::NetworkAclEntry')) {
    const { id } = follow(ctx, r, r.properties.NetworkAclId, ['NetworkAclId'], 'AWS::EC2::NetworkAcl');
    const acl = ctx.model.networkAcls.find((a) => a.id === id);
    if (!acl) continue;
    const p = r.properties;
    const protocol = normalizeProtocol(str(p.Protocol) ?? '-1');
    const range = obj(p.PortRange);
    const fromPort = num(range?.From);
    const toPort = num(range?.To);
    const entry: NetworkAclEntry = {
      ruleNumber: num(p.RuleNumber) ?? 0,
      egress: bool(p.Egress) ?? false,
      action: (str(p.RuleAction) ?? 'deny').toLowerCase() === 'allow' ? 'allow' : 'deny',
      protocol,
      cidr: str(p.CidrBlock) ?? str(p.Ipv6CidrBlock) ?? '0.0.0.0/0',
      ...(fromPort !== undefined ? { fromPort } : {}),
      ...(toPort !== undefined ? { toPort } : {}),
      logicalId: r.logicalId,
      source: r.location,
    };
    acl.entries.push(entry);
  }
  for (const acl of ctx.model.networkAcls) acl.entries.sort((a, b) => Number(a.egress) - Number(b.egress) || a.ruleNumber - b.ruleNumber);
}

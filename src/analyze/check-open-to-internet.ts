/**
 * `open-to-internet`: a security group that admits 0.0.0.0/0 or ::/0 and is attached to a
 * task ENI or an instance. On a load balancer that is how listeners work; on a workload it
 * bypasses the load balancer, and for remote administration (22, 3389) and databases it is
 * the classic breach. The exception is a target of a network load balancer without security
 * groups: it passes the clients' addresses through, so its targets must admit the internet on
 * the ports it forwards (and only those are exempt). Pure.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { SecurityGroup, SecurityGroupRule } from '../model/types.js';
import type { Findings } from '../validate/finding.js';
import type { AnalyzeInput } from './analyze-input.js';

/** Ports whose exposure is an error: SSH, RDP, MySQL, PostgreSQL, SQL Server, Redis, MongoDB. */
export const SENSITIVE_PORTS: Readonly<Record<number, string>> = {
  22: 'SSH',
  3389: 'RDP',
  3306: 'MySQL',
  5432: 'PostgreSQL',
  1433: 'SQL Server',
  6379: 'Redis',
  27017: 'MongoDB',
};

const ANYWHERE = new Set(['0.0.0.0/0', '::/0']);

/** Per service, the container ports it registers with a network load balancer that has no security groups. */
function passThroughPorts(input: AnalyzeInput): Map<string, Set<number>> {
  const { model } = input;
  const nlbGroups = new Set<string>();
  for (const lb of model.loadBalancers) {
    if (lb.kind !== 'network' || lb.securityGroupIds.length > 0) continue;
    const listeners = model.listeners.filter((l) => l.loadBalancerId === lb.id);
    const ids = new Set(listeners.map((l) => l.id));
    const actions = [...listeners.flatMap((l) => l.defaultActions), ...model.listenerRules.filter((r) => r.listenerId && ids.has(r.listenerId)).flatMap((r) => r.actions)];
    for (const a of actions) for (const t of a.targetGroups) if (t.targetGroupId) nlbGroups.add(t.targetGroupId);
  }
  const ports = new Map<string, Set<number>>();
  for (const s of model.services) {
    const forwarded = s.loadBalancers.filter((a) => a.targetGroupId && nlbGroups.has(a.targetGroupId)).map((a) => a.containerPort);
    if (forwarded.length > 0) ports.set(s.id, new Set(forwarded));
  }
  return ports;
}

/** Whether every port of `rule` is one an NLB of every user of the group forwards. */
function expectedBehindNlb(rule: SecurityGroupRule, users: readonly string[], ports: Map<string, Set<number>>): boolean {
  if (rule.protocol !== 'tcp' && rule.protocol !== 'udp') return false;
  if (rule.fromPort < 0 || rule.toPort - rule.fromPort > 1000) return false;
  return users.every((user) => {
    const forwarded = ports.get(user);
    if (!forwarded) return false;
    for (let p = rule.fromPort; p <= rule.toPort; p++) if (!forwarded.has(p)) return false;
    return true;
  });
}

/** Model ids of security groups on task ENIs and instances, with who uses each. */
function workloadGroups(input: AnalyzeInput): Map<string, { id: string; name: string }[]> {
  const users = new Map<string, { id: string; name: string }[]>();
  const add = (ids: readonly string[], id: string, name: string) => {
    for (const group of ids) users.set(group, [...(users.get(group) ?? []), { id, name }]);
  };
  for (const s of input.model.services) if (s.awsvpc) add(s.awsvpc.securityGroupIds, s.id, `service ${s.logicalId}`);
  for (const i of input.model.instances) add(i.securityGroupIds, i.id, `instance ${i.logicalId}`);
  for (const g of input.model.autoScalingGroups) add(g.securityGroupIds, g.id, `container instances ${g.logicalId}`);
  return users;
}

function portsText(rule: SecurityGroupRule): string {
  if (rule.protocol === 'all' || rule.fromPort === -1) return `all ${rule.protocol === 'all' ? 'traffic' : rule.protocol}`;
  return `${rule.protocol} ${rule.fromPort === rule.toPort ? rule.fromPort : `${rule.fromPort}-${rule.toPort}`}`;
}

/** The sensitive ports a rule opens; they are all TCP, so ICMP and UDP rules open none. */
function sensitiveIn(rule: SecurityGroupRule): string[] {
  if (rule.protocol !== 'all' && rule.protocol !== 'tcp') return [];
  const anyPort = rule.protocol === 'all' || rule.fromPort === -1;
  return Object.entries(SENSITIVE_PORTS)
    .filter(([port]) => anyPort || (Number(port) >= rule.fromPort && Number(port) <= rule.toPort))
    .map(([port, name]) => `${port} (${name})`);
}

/** Adds one finding per open ingress rule of a workload's group. */
export function checkOpenToInternet(input: AnalyzeInput, findings: Findings): void {
  const users = workloadGroups(input);
  const passThrough = passThroughPorts(input);
  for (const group of input.model.securityGroups) {
    const who = users.get(group.id);
    if (!who) continue;
    let inline = 0;
    for (const rule of group.ingress) {
      const index = rule.logicalId ? undefined : inline++;
      if (rule.peer.kind !== 'cidr' || !ANYWHERE.has(rule.peer.cidr)) continue;
      const sensitive = sensitiveIn(rule);
      if (
        sensitive.length === 0 &&
        expectedBehindNlb(
          rule,
          who.map((u) => u.id),
          passThrough,
        )
      )
        continue;
      const finding: Pick<Diagnostic, 'severity' | 'code' | 'message' | 'hint'> = {
        severity: sensitive.length > 0 ? 'error' : 'warning',
        code: 'open-to-internet',
        message:
          `security group ${group.logicalId} admits ${portsText(rule)} from ${rule.peer.cidr} and is attached to ${who.map((u) => u.name).join(', ')}` +
          (sensitive.length > 0 ? `: ${sensitive.join(', ')} open to the whole internet` : ''),
        hint: "admit only the load balancer's security group (SourceSecurityGroupId) or a known CIDR; for administration use SSM Session Manager or ECS Exec instead of open ports",
      };
      addAt(findings, group, rule, index, finding);
    }
  }
}

/** Inline rules are located at their entry; standalone ones (AWS::EC2::SecurityGroupIngress) at their own resource. */
function addAt(
  findings: Findings,
  group: SecurityGroup,
  rule: SecurityGroupRule,
  index: number | undefined,
  finding: Pick<Diagnostic, 'severity' | 'code' | 'message' | 'hint'>,
): void {
  if (index !== undefined) {
    findings.add(group, finding, ['SecurityGroupIngress', index]);
    return;
  }
  findings.add({ stack: group.stack, logicalId: rule.logicalId!, source: rule.source ?? group.source }, finding);
}

/**
 * Elastic Load Balancing: ALBs, NLBs, Gateway LBs and classic ELBs, their listeners, listener
 * rules and target groups, with ELB's defaults (internet-facing, application, the health-check
 * settings of reference/lb-dns-semantics.md §1.8 and the NLB table, 300 s deregistration delay).
 */
import type { CfnValue, ResolvedResource } from '../template/types.js';
import type { BuildContext } from './context.js';
import { follow, identity } from './context.js';
import { subnetIds } from './build-vpc.js';
import type { HealthCheck, ListenerAction, ListenerRuleCondition, LoadBalancer, TargetGroup } from './types.js';
import { bool, list, nameValuePairs, num, obj, str, strList } from './values.js';

const TG = 'AWS::ElasticLoadBalancingV2::TargetGroup';
const LB = 'AWS::ElasticLoadBalancingV2::LoadBalancer';

/** Builds load balancers, target groups, listeners and rules. */
export function buildLoadBalancing(ctx: BuildContext): void {
  for (const r of ctx.registry.ofType(LB)) ctx.model.loadBalancers.push(buildLoadBalancer(ctx, r));
  for (const r of ctx.registry.ofType('AWS::ElasticLoadBalancing::LoadBalancer')) ctx.model.loadBalancers.push(buildClassic(ctx, r));
  for (const r of ctx.registry.ofType(TG)) ctx.model.targetGroups.push(buildTargetGroup(ctx, r));
  for (const r of ctx.registry.ofType('AWS::ElasticLoadBalancingV2::Listener')) {
    const lb = follow(ctx, r, r.properties.LoadBalancerArn, ['LoadBalancerArn'], LB);
    const kind = ctx.model.loadBalancers.find((l) => l.id === lb.id)?.kind;
    ctx.model.listeners.push({
      ...identity(r),
      ...(lb.id ? { loadBalancerId: lb.id } : lb.raw ? { loadBalancerRaw: lb.raw } : {}),
      port: num(r.properties.Port) ?? 0,
      protocol: str(r.properties.Protocol) ?? (kind === 'network' ? 'TCP' : 'HTTP'),
      defaultActions: actions(ctx, r, r.properties.DefaultActions, 'DefaultActions'),
    });
  }
  for (const r of ctx.registry.ofType('AWS::ElasticLoadBalancingV2::ListenerRule')) {
    const listener = follow(ctx, r, r.properties.ListenerArn, ['ListenerArn'], 'AWS::ElasticLoadBalancingV2::Listener');
    ctx.model.listenerRules.push({
      ...identity(r),
      ...(listener.id ? { listenerId: listener.id } : listener.raw ? { listenerRaw: listener.raw } : {}),
      priority: num(r.properties.Priority) ?? 0,
      conditions: list(r.properties.Conditions)
        .map(obj)
        .filter((c): c is NonNullable<typeof c> => !!c)
        .map(condition),
      actions: actions(ctx, r, r.properties.Actions, 'Actions'),
    });
  }
}

function buildLoadBalancer(ctx: BuildContext, r: ResolvedResource): LoadBalancer {
  const p = r.properties;
  const type = str(p.Type);
  const kind: LoadBalancer['kind'] = type === 'network' || type === 'gateway' ? type : 'application';
  const mappings = list(p.SubnetMappings)
    .map(obj)
    .filter((m): m is NonNullable<typeof m> => !!m)
    .map((m, i) => {
      const subnet = follow(ctx, r, m.SubnetId, ['SubnetMappings', i, 'SubnetId'], 'AWS::EC2::Subnet');
      const allocationId = str(m.AllocationId);
      const privateIp = str(m.PrivateIPv4Address);
      return { subnetId: subnet.id ?? subnet.raw ?? '', ...(allocationId ? { allocationId } : {}), ...(privateIp ? { privateIp } : {}) };
    });
  const subnets = subnetIds(ctx, r, p.Subnets, ['Subnets']).ids;
  return {
    ...identity(r),
    name: str(p.Name) ?? str(r.attributes.LoadBalancerName) ?? r.logicalId,
    kind,
    scheme: str(p.Scheme) === 'internal' ? 'internal' : 'internet-facing',
    subnetIds: subnets.length > 0 ? subnets : mappings.map((m) => m.subnetId),
    subnetMappings: mappings,
    securityGroupIds: strList(p.SecurityGroups).map((g) => ctx.registry.idOf(g, 'AWS::EC2::SecurityGroup') ?? g),
    dnsName: str(r.attributes.DNSName) ?? '',
    ipAddressType: str(p.IpAddressType) === 'dualstack' ? 'dualstack' : 'ipv4',
  };
}

function buildClassic(ctx: BuildContext, r: ResolvedResource): LoadBalancer {
  const p = r.properties;
  return {
    ...identity(r),
    name: str(p.LoadBalancerName) ?? r.physicalId,
    kind: 'classic',
    scheme: str(p.Scheme) === 'internal' ? 'internal' : 'internet-facing',
    subnetIds: subnetIds(ctx, r, p.Subnets, ['Subnets']).ids,
    subnetMappings: [],
    securityGroupIds: strList(p.SecurityGroups).map((g) => ctx.registry.idOf(g, 'AWS::EC2::SecurityGroup') ?? g),
    dnsName: str(r.attributes.DNSName) ?? '',
    ipAddressType: 'ipv4',
    classicListeners: list(p.Listeners)
      .map(obj)
      .filter((l): l is NonNullable<typeof l> => !!l)
      .map((l) => ({
        loadBalancerPort: num(l.LoadBalancerPort) ?? 0,
        instancePort: num(l.InstancePort) ?? 0,
        protocol: str(l.Protocol) ?? 'HTTP',
      })),
  };
}

/** Health-check defaults differ between ALB (HTTP) and NLB (TCP/UDP) target groups. */
function healthCheck(p: Record<string, CfnValue>, protocol: string | undefined): HealthCheck {
  const l4 = protocol === 'TCP' || protocol === 'UDP' || protocol === 'TCP_UDP' || protocol === 'TLS';
  const hcProtocol = str(p.HealthCheckProtocol) ?? (l4 ? 'TCP' : protocol === 'HTTPS' ? 'HTTPS' : 'HTTP');
  const httpCheck = hcProtocol === 'HTTP' || hcProtocol === 'HTTPS';
  const path = str(p.HealthCheckPath) ?? (httpCheck ? '/' : undefined);
  const matcher = str(obj(p.Matcher)?.HttpCode) ?? (httpCheck ? (l4 ? '200-399' : '200') : undefined);
  return {
    protocol: hcProtocol,
    port: str(p.HealthCheckPort) ?? 'traffic-port',
    ...(path ? { path } : {}),
    intervalSeconds: num(p.HealthCheckIntervalSeconds) ?? 30,
    timeoutSeconds: num(p.HealthCheckTimeoutSeconds) ?? (l4 ? (hcProtocol === 'HTTP' ? 6 : 10) : 5),
    healthyThreshold: num(p.HealthyThresholdCount) ?? 5,
    unhealthyThreshold: num(p.UnhealthyThresholdCount) ?? 2,
    ...(matcher ? { matcher } : {}),
    enabled: bool(p.HealthCheckEnabled) ?? true,
  };
}

function buildTargetGroup(ctx: BuildContext, r: ResolvedResource): TargetGroup {
  const p = r.properties;
  const protocol = str(p.Protocol);
  const port = num(p.Port);
  const vpc = p.VpcId !== undefined ? follow(ctx, r, p.VpcId, ['VpcId'], 'AWS::EC2::VPC') : {};
  const type = str(p.TargetType);
  const attributes = nameValuePairs(p.TargetGroupAttributes, 'Key');
  return {
    ...identity(r),
    name: str(p.Name) ?? str(r.attributes.TargetGroupName) ?? r.logicalId,
    ...((vpc.id ?? vpc.raw) ? { vpcId: vpc.id ?? vpc.raw } : {}),
    ...(protocol ? { protocol } : {}),
    ...(port !== undefined ? { port } : {}),
    targetType: type === 'ip' || type === 'lambda' || type === 'alb' ? type : 'instance',
    healthCheck: healthCheck(p, protocol),
    deregistrationDelaySeconds: num(attributes['deregistration_delay.timeout_seconds']) ?? 300,
    targets: list(p.Targets)
      .map(obj)
      .filter((t): t is NonNullable<typeof t> => !!t)
      .map((t) => {
        const targetPort = num(t.Port);
        return { id: str(t.Id) ?? '', ...(targetPort !== undefined ? { port: targetPort } : {}) };
      }),
  };
}

function actions(ctx: BuildContext, r: ResolvedResource, value: CfnValue | undefined, property: string): ListenerAction[] {
  return list(value)
    .map(obj)
    .filter((a): a is NonNullable<typeof a> => !!a)
    .map((a, i) => {
      const type = (str(a.Type) ?? 'forward') as ListenerAction['type'];
      const forward = obj(a.ForwardConfig);
      const groups =
        a.TargetGroupArn !== undefined
          ? [{ arn: a.TargetGroupArn, weight: 1, path: [property, i, 'TargetGroupArn'] }]
          : list(forward?.TargetGroups)
              .map(obj)
              .map((g, j) => ({ arn: g?.TargetGroupArn, weight: num(g?.Weight) ?? 1, path: [property, i, 'ForwardConfig', 'TargetGroups', j, 'TargetGroupArn'] }));
      const order = num(a.Order);
      const redirect = obj(a.RedirectConfig);
      const fixed = obj(a.FixedResponseConfig);
      return {
        type,
        ...(order !== undefined ? { order } : {}),
        targetGroups: groups.map((g) => {
          const found = follow(ctx, r, g.arn, g.path, TG);
          return { ...(found.id ? { targetGroupId: found.id } : found.raw ? { targetGroupRaw: found.raw } : {}), weight: g.weight };
        }),
        ...(redirect ? { redirect: Object.fromEntries(Object.entries(redirect).map(([k, v]) => [k, str(v) ?? ''])) } : {}),
        ...(fixed
          ? (() => {
              const contentType = str(fixed.ContentType);
              const messageBody = str(fixed.MessageBody);
              return { fixedResponse: { statusCode: str(fixed.StatusCode) ?? '200', ...(contentType ? { contentType } : {}), ...(messageBody ? { messageBody } : {}) } };
            })()
          : {}),
      };
    });
}

function condition(c: Record<string, CfnValue>): ListenerRuleCondition {
  const field = (str(c.Field) ?? 'path-pattern') as ListenerRuleCondition['field'];
  const configKey: Record<string, string> = {
    'path-pattern': 'PathPatternConfig',
    'host-header': 'HostHeaderConfig',
    'http-header': 'HttpHeaderConfig',
    'http-request-method': 'HttpRequestMethodConfig',
    'query-string': 'QueryStringConfig',
    'source-ip': 'SourceIpConfig',
  };
  const config = obj(c[configKey[field] ?? '']);
  let values = strList(c.Values);
  if (config) {
    if (field === 'query-string') {
      values = list(config.Values)
        .map(obj)
        .map((kv) => `${str(kv?.Key) ?? ''}=${str(kv?.Value) ?? ''}`);
    } else values = strList(config.Values);
  }
  const headerName = str(config?.HttpHeaderName);
  return { field, values, ...(headerName ? { headerName } : {}) };
}

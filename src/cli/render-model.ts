/**
 * The readable view of a model that `ecsnet show` prints: VPC → Availability Zone → subnets
 * (public or private from their routes) → what lives there, then each service with its launch
 * type, network mode, desired count, ports, load balancer and discovery wiring. Pure.
 */
import type { NetworkModel, Route, Service, Subnet, Vpc } from '../model/types.js';

/** Short name of a model id for display: `Stack.Logical` → `Logical` when unambiguous. */
function shortNamer(model: NetworkModel): (id: string | undefined) => string {
  const multipleStacks = model.stacks.length > 1;
  return (id) => {
    if (!id) return '?';
    const [stack, ...rest] = id.split('.');
    const logical = rest.join('.').replace(/#.*$/, '');
    return multipleStacks ? `${stack}.${logical}` : logical || id;
  };
}

function describeRoute(route: Route, name: (id: string | undefined) => string): string {
  const to = route.destination ?? route.prefixListId?.replace(/^com\.amazonaws\.[a-z0-9-]+\./, 'pl:') ?? '?';
  const t = route.target;
  const via =
    t.kind === 'local'
      ? 'local'
      : t.kind === 'blackhole'
        ? 'blackhole'
        : t.kind === 'unknown' || t.kind === 'network-interface'
          ? `${t.raw || '?'} (not in the stacks)`
          : `${t.kind} ${name(t.id)}`;
  return `${to} → ${via}`;
}

/** Renders the model as an indented tree plus a services table. */
export function renderModel(model: NetworkModel): string {
  const name = shortNamer(model);
  const lines: string[] = [];
  lines.push(`Stacks: ${model.stacks.map((s) => `${s.name}${s.parent ? ` (nested in ${s.parent})` : ''} ← ${s.file}`).join(', ') || 'none'}`);
  lines.push(`Region ${model.region}, account ${model.accountId}`);
  for (const vpc of model.vpcs) lines.push('', ...renderVpc(model, vpc, name));
  if (model.vpcs.length === 0) lines.push('', 'No VPC in these stacks (services refer to subnets given as parameters).');
  const services = model.services;
  if (services.length > 0) {
    lines.push('', 'Services');
    for (const s of services) lines.push(...renderService(model, s, name).map((l) => `  ${l}`));
  }
  const apis = model.httpApis;
  for (const api of apis) {
    lines.push('', `HTTP API ${name(api.id)} ${api.endpoint}`);
    for (const route of model.httpApiRoutes.filter((r) => r.apiId === api.id)) {
      const integration = model.httpApiIntegrations.find((i) => i.id === route.integrationId);
      const target = integration
        ? `${integration.integrationType} ${integration.targetId ? name(integration.targetId) : (integration.integrationUri ?? '')}${integration.vpcLinkId ? ` via VPC link ${name(integration.vpcLinkId)}` : ''}`
        : 'no integration';
      lines.push(`  ${route.routeKey} → ${target}`);
    }
  }
  const meshes = model.mesh.filter((m) => m.kind === 'Mesh');
  if (model.mesh.length > 0) {
    lines.push(
      '',
      `App Mesh: ${meshes.map((m) => m.name).join(', ') || model.mesh[0]?.meshName}: ` +
        ['VirtualNode', 'VirtualService', 'VirtualRouter', 'Route', 'VirtualGateway', 'GatewayRoute']
          .map((k) => [k, model.mesh.filter((m) => m.kind === k).length] as const)
          .filter(([, n]) => n > 0)
          .map(([k, n]) => `${n} ${k}`)
          .join(', '),
    );
  }
  if (model.taskDefinitions.some((t) => !model.services.some((s) => s.taskDefinitionId === t.id))) {
    lines.push('', 'Task definitions without a service');
    for (const t of model.taskDefinitions.filter((t) => !model.services.some((s) => s.taskDefinitionId === t.id))) {
      lines.push(
        `  ${t.family} (${name(t.id)}): ${t.networkMode}, ${t.requiresCompatibilities.join('/') || 'EC2'}, ${t.containers.map((c) => `${c.name}[${ports(c.portMappings)}]`).join(' ')}`,
      );
    }
  }
  if (model.ignored.length > 0) {
    const byReason = (reason: string) => model.ignored.filter((i) => i.reason === reason);
    const notNetworking = byReason('not-networking');
    if (notNetworking.length > 0) lines.push('', `Not networking (read, not emulated): ${notNetworking.map((i) => `${name(i.id)} ${i.type}`).join(', ')}`);
    const notEmulated = byReason('not-emulated');
    if (notEmulated.length > 0) lines.push(`Networking not emulated yet: ${notEmulated.map((i) => `${name(i.id)} ${i.type}`).join(', ')}`);
    const unknown = byReason('unknown-type');
    if (unknown.length > 0) lines.push(`Unknown types: ${unknown.map((i) => `${name(i.id)} ${i.type}`).join(', ')}`);
  }
  return lines.join('\n');
}

function renderVpc(model: NetworkModel, vpc: Vpc, name: (id: string | undefined) => string): string[] {
  const lines = [
    `VPC ${name(vpc.id)} ${vpc.physicalId} ${[vpc.cidr, ...vpc.secondaryCidrs].join(' + ')}` +
      ` (DNS support ${vpc.enableDnsSupport ? 'on' : 'off'}, hostnames ${vpc.enableDnsHostnames ? 'on' : 'off'}` +
      `${vpc.internetGatewayId ? `, internet gateway ${name(vpc.internetGatewayId)}` : ', no internet gateway'})`,
  ];
  const azs = [...new Set(vpc.subnets.map((s) => s.az))].sort();
  azs.forEach((az, i) => {
    const lastAz = i === azs.length - 1 && !hasVpcWide(model, vpc);
    lines.push(`${lastAz ? '└─' : '├─'} ${az}`);
    const subnets = vpc.subnets.filter((s) => s.az === az);
    subnets.forEach((subnet, j) => {
      const prefix = `${lastAz ? '   ' : '│  '}${j === subnets.length - 1 ? '└─' : '├─'} `;
      const childPrefix = `${lastAz ? '   ' : '│  '}${j === subnets.length - 1 ? '   ' : '│  '}   `;
      lines.push(prefix + describeSubnet(model, subnet, name));
      for (const item of subnetContents(model, subnet, name)) lines.push(childPrefix + item);
    });
  });
  const endpoints = model.vpcEndpoints.filter((e) => e.vpcId === vpc.id && e.endpointType === 'Gateway');
  const groups = model.securityGroups.filter((g) => g.vpcId === vpc.id && !g.isDefault);
  if (hasVpcWide(model, vpc)) {
    lines.push('└─ VPC-wide');
    for (const e of endpoints) lines.push(`   ├─ gateway endpoint ${e.service} (${name(e.id)}) in route tables ${e.routeTableIds.map(name).join(', ')}`);
    for (const g of groups) {
      const rules = g.ingress.map(
        (r) =>
          `${r.protocol}${r.fromPort >= 0 ? `:${r.fromPort === r.toPort ? r.fromPort : `${r.fromPort}-${r.toPort}`}` : ''} from ${r.peer.kind === 'cidr' ? r.peer.cidr : r.peer.kind === 'security-group' ? name(r.peer.groupId) : r.peer.prefixListId}`,
      );
      lines.push(`   ├─ security group ${name(g.id)}: ${rules.length > 0 ? `in ${rules.join('; ')}` : 'no inbound'}`);
    }
    for (const f of model.flowLogs.filter((f) => f.resourceId === vpc.id))
      lines.push(`   ├─ flow log ${name(f.id)} ${f.trafficType} every ${f.maxAggregationInterval}s to ${f.destinationType}`);
    const last = lines.length - 1;
    lines[last] = (lines[last] ?? '').replace('   ├─', '   └─');
  }
  return lines;
}

function hasVpcWide(model: NetworkModel, vpc: Vpc): boolean {
  return (
    model.vpcEndpoints.some((e) => e.vpcId === vpc.id && e.endpointType === 'Gateway') ||
    model.securityGroups.some((g) => g.vpcId === vpc.id && !g.isDefault) ||
    model.flowLogs.some((f) => f.resourceId === vpc.id)
  );
}

function describeSubnet(model: NetworkModel, subnet: Subnet, name: (id: string | undefined) => string): string {
  const table = model.routeTables.find((t) => t.id === subnet.routeTableId);
  const routes = (table?.routes ?? []).filter((r) => r.target.kind !== 'local').map((r) => describeRoute(r, name));
  const kind = subnet.public ? 'public ' : 'private';
  return (
    `${kind} ${name(subnet.id)} ${subnet.cidr}${subnet.mapPublicIpOnLaunch ? ' (public IPs on launch)' : ''}` + ` routes: ${routes.length > 0 ? routes.join(', ') : 'local only'}`
  );
}

function subnetContents(model: NetworkModel, subnet: Subnet, name: (id: string | undefined) => string): string[] {
  const out: string[] = [];
  for (const nat of model.natGateways.filter((n) => n.subnetId === subnet.id))
    out.push(`NAT gateway ${name(nat.id)}${nat.publicIp ? ` (EIP ${nat.publicIp})` : ` (${nat.connectivity})`}`);
  for (const lb of model.loadBalancers.filter((l) => l.subnetIds.includes(subnet.id))) out.push(`${lbKind(lb.kind)} ${name(lb.id)} node (${lb.scheme})`);
  for (const e of model.vpcEndpoints.filter((e) => e.subnetIds.includes(subnet.id))) out.push(`interface endpoint ${e.service}${e.privateDnsEnabled ? ' (private DNS)' : ''}`);
  for (const i of model.instances.filter((i) => i.subnetId === subnet.id)) {
    const eip = model.elasticIps.find((e) => e.instanceId === i.id);
    const publicIp = eip ? ` with Elastic IP ${eip.publicIp}` : (i.associatePublicIp ?? subnet.mapPublicIpOnLaunch) ? ' with public IP' : '';
    out.push(`instance ${name(i.id)} ${i.instanceType}${publicIp}`);
  }
  for (const n of model.networkInterfaces.filter((n) => n.subnetId === subnet.id)) {
    const secondaries = n.secondaryCount > 0 ? ` with ${n.secondaryCount} secondary address${n.secondaryCount > 1 ? 'es' : ''}` : '';
    out.push(`network interface ${name(n.id)}${secondaries}${n.instanceId ? ` (primary ENI of ${name(n.instanceId)})` : ' (not attached)'}`);
  }
  for (const g of model.autoScalingGroups.filter((g) => g.subnetIds.includes(subnet.id)))
    out.push(
      `container instances ${name(g.id)} ${g.instanceType} (desired ${g.desiredCapacity} across ${g.subnetIds.length} subnets${g.clusterId ? `, cluster ${name(g.clusterId)}` : ''})`,
    );
  for (const launchType of ['FARGATE', 'EC2', 'EXTERNAL'] as const) {
    const services = model.services.filter((s) => s.launchType === launchType && s.awsvpc?.subnetIds.includes(subnet.id));
    if (services.length > 0) out.push(`awsvpc tasks (${launchType}) of ${services.map((s) => displayName(s, name)).join(', ')}`);
  }
  for (const l of model.vpcLinks.filter((l) => l.subnetIds.includes(subnet.id))) out.push(`VPC link ${name(l.id)}`);
  return out;
}

/** A service's own name when the template gave one; CloudFormation's generated names (`stack-Id-ABC123…`) read worse than the logical id. */
function displayName(s: Service, name: (id: string | undefined) => string): string {
  return /-[A-Z0-9]{12,13}$/.test(s.name) ? name(s.id) : s.name;
}

function lbKind(kind: string): string {
  return kind === 'application' ? 'ALB' : kind === 'network' ? 'NLB' : kind === 'gateway' ? 'GWLB' : 'classic ELB';
}

function ports(mappings: { containerPort: number; hostPort: number; protocol: string }[]): string {
  return mappings.map((m) => `${m.containerPort}/${m.protocol}${m.hostPort === 0 ? '→dynamic' : m.hostPort !== m.containerPort ? `→${m.hostPort}` : ''}`).join(',');
}

function renderService(model: NetworkModel, s: Service, name: (id: string | undefined) => string): string[] {
  const task = model.taskDefinitions.find((t) => t.id === s.taskDefinitionId);
  const count = s.schedulingStrategy === 'DAEMON' ? 'one per instance' : `desired ${s.desiredCount}`;
  const head =
    `${s.name} (${name(s.id)}): ${s.launchType} ${s.networkMode}, ${count}` + `${s.clusterId ? `, cluster ${name(s.clusterId)}` : s.clusterRaw ? `, cluster ${s.clusterRaw}` : ''}`;
  const lines = [head];
  if (task) lines.push(`  task ${task.family}: ${task.containers.map((c) => `${c.name}[${ports(c.portMappings)}]`).join(' ')}`);
  else if (s.taskDefinitionRaw) lines.push(`  task ${s.taskDefinitionRaw} (not in the stacks)`);
  if (s.awsvpc) {
    const subnets = [...s.awsvpc.subnetIds.map(name), ...s.awsvpc.subnetRaw];
    lines.push(
      `  awsvpc: subnets ${subnets.join(', ') || 'none'}; security groups ${s.awsvpc.securityGroupIds.map(name).join(', ') || 'none'}; public IP ${s.awsvpc.assignPublicIp ? 'yes' : 'no'}`,
    );
  }
  for (const lb of s.loadBalancers) {
    const group = model.targetGroups.find((g) => g.id === lb.targetGroupId);
    const entries = group ? entryPoints(model, group.id, name) : [];
    lines.push(
      `  load balancer: ${lb.containerName}:${lb.containerPort} in ${group ? `${name(group.id)} (${group.targetType}, ${group.protocol ?? ''} ${group.port ?? ''})` : (lb.targetGroupRaw ?? lb.loadBalancerName ?? '?')}` +
        `${entries.length > 0 ? ` ← ${entries.join('; ')}` : ''}`,
    );
  }
  for (const reg of s.serviceRegistries) {
    const ds = model.discoveryServices.find((d) => d.id === reg.discoveryServiceId);
    const ns = model.dnsNamespaces.find((n) => n.id === ds?.namespaceId);
    lines.push(
      `  discovery: ${ds ? `${ds.name}.${ns?.name ?? '?'} (${ds.dnsRecords.map((r) => `${r.type} TTL ${r.ttl}`).join(', ') || 'API only'})` : (reg.discoveryServiceRaw ?? '?')}`,
    );
  }
  if (s.serviceConnect?.enabled) lines.push(`  service connect: ${s.serviceConnect.services.map((x) => x.discoveryName ?? x.portName).join(', ') || 'client only'}`);
  return lines;
}

/** How traffic reaches a target group: `ALB PublicLoadBalancer:80 /api/user/*`. */
function entryPoints(model: NetworkModel, groupId: string, name: (id: string | undefined) => string): string[] {
  const out: string[] = [];
  const forwards = (actions: { targetGroups: { targetGroupId?: string }[] }[]) => actions.some((a) => a.targetGroups.some((g) => g.targetGroupId === groupId));
  for (const listener of model.listeners) {
    const lb = model.loadBalancers.find((l) => l.id === listener.loadBalancerId);
    const at = `${lb ? `${lbKind(lb.kind)} ${name(lb.id)}` : '?'}:${listener.port}/${listener.protocol}`;
    if (forwards(listener.defaultActions)) out.push(`${at} default`);
    for (const rule of model.listenerRules.filter((r) => r.listenerId === listener.id && forwards(r.actions))) {
      out.push(`${at} ${rule.conditions.map((c) => `${c.field === 'path-pattern' ? '' : `${c.field} `}${c.values.join('|')}`).join(' & ')} (priority ${rule.priority})`);
    }
  }
  return out;
}

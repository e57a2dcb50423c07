/**
 * `single-az` and `nat-gateway-single-az`: what one Availability Zone outage takes down. A
 * service whose subnets (or placed tasks) sit in one AZ, a load balancer whose targets all do,
 * and private subnets whose internet goes through a NAT gateway in another AZ (they lose it
 * with that AZ, and pay cross-AZ data on the way). Pure.
 */
import type { LoadBalancer, NetworkModel, RouteTable } from '../model/types.js';
import type { Findings } from '../validate/finding.js';
import type { AnalyzeInput } from './analyze-input.js';
import { subnetsById } from './egress.js';

/** Adds the findings for services, load balancers and NAT routes. */
export function checkAvailabilityZones(input: AnalyzeInput, findings: Findings): void {
  services(input, findings);
  loadBalancers(input, findings);
  natRoutes(input.model, findings);
}

function services(input: AnalyzeInput, findings: Findings): void {
  const subnets = subnetsById(input.model);
  for (const service of input.model.services) {
    if (service.desiredCount < 1 || service.schedulingStrategy === 'DAEMON') continue;
    if (service.awsvpc) {
      const zones = new Set(service.awsvpc.subnetIds.map((id) => subnets.get(id)?.az).filter((z) => z !== undefined));
      if (zones.size !== 1) continue;
      findings.add(
        service,
        {
          severity: 'warning',
          code: 'single-az',
          message: `service ${service.logicalId} runs only in ${[...zones][0]}: every subnet of its awsvpcConfiguration is in that Availability Zone, so one AZ outage stops it`,
          hint: 'list subnets in at least two Availability Zones; ECS spreads tasks across them',
        },
        ['NetworkConfiguration', 'AwsvpcConfiguration', 'Subnets'],
      );
      continue;
    }
    const tasks = input.plan.tasks.filter((t) => t.serviceId === service.id);
    const zones = new Set(tasks.map((t) => t.az));
    if (tasks.length < 2 || zones.size !== 1) continue;
    findings.add(service, {
      severity: 'warning',
      code: 'single-az',
      message: `service ${service.logicalId} places all ${tasks.length} tasks in ${[...zones][0]}, because its cluster's container instances are there: one AZ outage stops it`,
      hint: "spread the container instances' Auto Scaling group over subnets in at least two Availability Zones",
    });
  }
}

/** Target groups a load balancer forwards to, through listener default actions and rules. */
function targetGroupsOf(model: NetworkModel, lb: LoadBalancer): Set<string> {
  const listeners = model.listeners.filter((l) => l.loadBalancerId === lb.id);
  const ids = new Set(listeners.map((l) => l.id));
  const actions = [...listeners.flatMap((l) => l.defaultActions), ...model.listenerRules.filter((r) => r.listenerId && ids.has(r.listenerId)).flatMap((r) => r.actions)];
  return new Set(actions.flatMap((a) => a.targetGroups.map((t) => t.targetGroupId)).filter((t) => t !== undefined));
}

function loadBalancers(input: AnalyzeInput, findings: Findings): void {
  const { model, plan } = input;
  for (const lb of model.loadBalancers) {
    if (lb.kind !== 'application' && lb.kind !== 'network') continue;
    const groups = targetGroupsOf(model, lb);
    const services = model.services.filter((s) => s.loadBalancers.some((a) => a.targetGroupId && groups.has(a.targetGroupId))).map((s) => s.id);
    const tasks = plan.tasks.filter((t) => services.includes(t.serviceId));
    const zones = new Set(tasks.map((t) => t.az));
    if (tasks.length < 2 || zones.size !== 1) continue;
    findings.add(lb, {
      severity: 'warning',
      code: 'single-az',
      message: `load balancer ${lb.logicalId} has all ${tasks.length} of its targets in ${[...zones][0]}: its nodes in other Availability Zones forward across zones, and one AZ outage leaves it with no healthy target`,
      hint: 'spread the target services over subnets in at least two Availability Zones',
    });
  }
}

function natRoutes(model: NetworkModel, findings: Findings): void {
  const subnets = subnetsById(model);
  for (const table of model.routeTables) {
    const route = table.routes.find((r) => r.destination === '0.0.0.0/0' && r.target.kind === 'nat-gateway');
    if (!route || route.target.kind !== 'nat-gateway') continue;
    const natId = route.target.id;
    const nat = model.natGateways.find((n) => n.id === natId);
    const natZone = nat ? subnets.get(nat.subnetId)?.az : undefined;
    if (!nat || !natZone) continue;
    const away = [...subnets.values()].filter((s) => s.routeTableId === table.id && s.az !== natZone);
    if (away.length === 0) continue;
    const zones = [...new Set(away.map((s) => s.az))].sort();
    findings.add(routeOwner(table, route), {
      severity: 'warning',
      code: 'nat-gateway-single-az',
      message: `route table ${table.logicalId} sends subnets ${away.map((s) => `${s.logicalId} (${s.az})`).join(', ')} to NAT gateway ${nat.logicalId} in ${natZone}: when ${natZone} fails, ${zones.join(', ')} lose${zones.length === 1 ? 's' : ''} the internet too, and the traffic pays cross-AZ data charges`,
      hint: `add a NAT gateway in ${zones.join(', ')} and a route table per AZ whose 0.0.0.0/0 goes to the NAT gateway of the same AZ`,
    });
  }
}

/** The AWS::EC2::Route resource when the route is one, else its route table. */
function routeOwner(table: RouteTable, route: RouteTable['routes'][number]) {
  return route.logicalId ? { stack: table.stack, logicalId: route.logicalId, source: route.source ?? table.source } : table;
}

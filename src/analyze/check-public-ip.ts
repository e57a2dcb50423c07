/**
 * `public-ip-in-private-route`: a Fargate task's AssignPublicIp that does not match its
 * subnets. A public address only works behind an internet gateway route (the gateway's 1:1
 * NAT, reference/ecs-internals.md §4.4); behind a NAT gateway or no default route it is
 * wasted (a warning). Without one, a task in a public subnet has no internet at all: it cannot
 * pull from a public registry or reach any AWS API that lacks an endpoint (an error). Pure.
 */
import type { Findings } from '../validate/finding.js';
import type { AnalyzeInput } from './analyze-input.js';
import { defaultRouteKind, routeTableOf, subnetsById } from './egress.js';

const ASSIGN_PUBLIC_IP = ['NetworkConfiguration', 'AwsvpcConfiguration', 'AssignPublicIp'];

/** Adds the findings of every Fargate service. */
export function checkPublicIp(input: AnalyzeInput, findings: Findings): void {
  const { model } = input;
  const subnets = subnetsById(model);
  for (const service of model.services) {
    if (service.launchType !== 'FARGATE' || !service.awsvpc) continue;
    const assigned = service.awsvpc.assignPublicIp;
    const mismatched = service.awsvpc.subnetIds
      .map((id) => subnets.get(id))
      .filter((s) => s !== undefined)
      .filter((s) => (defaultRouteKind(model, s) === 'internet-gateway') !== assigned);
    if (mismatched.length === 0) continue;
    const names = mismatched
      .map((s) => `${s.logicalId} (${routeTableOf(model, s)?.logicalId ?? 'its route table'}: 0.0.0.0/0 → ${defaultRouteKind(model, s).replace('none', 'nothing')})`)
      .join(', ');
    if (assigned) {
      findings.add(
        service,
        {
          severity: 'warning',
          code: 'public-ip-in-private-route',
          message: `service ${service.logicalId} assigns public IPs, but subnets ${names} do not route to an internet gateway, so the addresses are never used`,
          hint: 'set AssignPublicIp: DISABLED for private subnets, or place the tasks in public subnets if they must be reachable directly',
        },
        ASSIGN_PUBLIC_IP,
      );
    } else {
      findings.add(
        service,
        {
          severity: 'error',
          code: 'public-ip-in-private-route',
          message: `service ${service.logicalId} runs in public subnets ${names} without a public IP and without a NAT route: its tasks have no internet at all (no image pull from a public registry, no AWS API without an endpoint)`,
          hint: 'set AssignPublicIp: ENABLED, or move the tasks to private subnets whose 0.0.0.0/0 goes to a NAT gateway',
        },
        ASSIGN_PUBLIC_IP,
      );
    }
  }
}

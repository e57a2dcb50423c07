/**
 * `subnet-exhaustion` and `alb-subnet-headroom`: subnets that are nearly full, or that a
 * service fills before it has doubled (a deployment at 200% maximum percent, or a scale-out,
 * needs that room), and subnets of an Application Load Balancer without the 8 free addresses
 * AWS asks for so its nodes can scale. Read from the plan's address accounting. Pure.
 */
import type { Subnet } from '../model/types.js';
import type { SubnetPlan } from '../plan/types.js';
import type { Findings } from '../validate/finding.js';
import type { AnalyzeInput } from './analyze-input.js';
import { subnetsById } from './egress.js';

/** Below this share of usable addresses free, a subnet is reported as nearly full. */
export const LOW_FREE_SHARE = 0.1;
/** A consumer that fills the subnet before this multiple of its current count is reported. */
export const GROWTH_FACTOR = 2;

/** Adds the findings of every planned subnet. */
export function checkSubnetCapacity(input: AnalyzeInput, findings: Findings): void {
  const subnets = subnetsById(input.model);
  for (const plan of input.plan.subnets) {
    const subnet = subnets.get(plan.id);
    if (!subnet) continue;
    exhaustion(findings, subnet, plan);
    albHeadroom(input, findings, subnet, plan);
  }
}

function exhaustion(findings: Findings, subnet: Subnet, plan: SubnetPlan): void {
  if (plan.usable <= 0) return;
  const soon = plan.runsOutAt.filter((r) => r.current > 0 && r.at < GROWTH_FACTOR * r.current);
  const low = plan.free < LOW_FREE_SHARE * plan.usable;
  if (!low && soon.length === 0) return;
  const who = soon.map(
    (r) => `${r.logicalId} ${r.full ? `is already full at ${r.current}` : `runs out at ${r.at} ${r.kind === 'service' ? 'tasks' : 'instances'} (now ${r.current})`}`,
  );
  const parts = [
    ...(low ? [`only ${plan.free} of ${plan.usable} usable addresses are free (${Math.round((100 * plan.free) / plan.usable)}%)`] : []),
    ...(who.length > 0 ? [`${who.join('; ')}, before doubling (a deployment at 200% maximum percent or a scale-out needs that room)`] : []),
  ];
  findings.add(
    subnet,
    {
      severity: 'warning',
      code: 'subnet-exhaustion',
      message: `subnet ${subnet.logicalId} (${plan.cidr}, ${plan.az}): ${parts.join('; ')}`,
      hint: 'use a larger CIDR block (a /20 holds 4,091 tasks), spread the service over more subnets, or add a secondary VPC CIDR with new subnets',
    },
    ['CidrBlock'],
  );
}

function albHeadroom(input: AnalyzeInput, findings: Findings, subnet: Subnet, plan: SubnetPlan): void {
  if (!plan.albScaling || plan.albScaling.ok) return;
  const names = plan.albScaling.loadBalancerIds.map((id) => input.model.loadBalancers.find((l) => l.id === id)?.logicalId ?? id);
  findings.add(
    subnet,
    {
      severity: 'warning',
      code: 'alb-subnet-headroom',
      message: `subnet ${subnet.logicalId} (${plan.cidr}) of load balancer ${names.join(', ')} keeps ${plan.free} free addresses; AWS asks for at least ${plan.albScaling.freeNeeded} so the load balancer can add nodes when it scales`,
      hint: `give the load balancer its own subnets of at least /27, or move tasks out of ${subnet.logicalId}`,
    },
    ['CidrBlock'],
  );
}

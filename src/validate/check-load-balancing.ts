/**
 * Load balancer checks that ELB makes: one listener per port on a load balancer, unique rule
 * priorities on a listener, an ALB spanning at least two Availability Zones, protocols of the
 * listener and target group that fit the load balancer's kind.
 */
import type { NetworkModel } from '../model/types.js';
import type { Findings } from './finding.js';

const L7 = new Set(['HTTP', 'HTTPS']);

/** Reports listener, rule and subnet problems ELB would reject. */
export function checkLoadBalancing(model: NetworkModel, findings: Findings): void {
  const subnets = new Map(model.vpcs.flatMap((v) => v.subnets).map((s) => [s.id, s]));
  for (const lb of model.loadBalancers) {
    const azs = new Set(lb.subnetIds.map((id) => subnets.get(id)?.az).filter(Boolean));
    const known = lb.subnetIds.every((id) => subnets.has(id));
    if (lb.kind === 'application' && known && lb.subnetIds.length > 0 && azs.size < 2) {
      findings.add(
        lb,
        {
          severity: 'error',
          code: 'alb-needs-two-azs',
          message: 'an Application Load Balancer needs subnets in at least two Availability Zones',
          hint: 'list one subnet in each of two or more AZs under Subnets',
        },
        ['Subnets'],
      );
    }
    const listeners = model.listeners.filter((l) => l.loadBalancerId === lb.id);
    const seen = new Map<number, string>();
    for (const listener of listeners) {
      const previous = seen.get(listener.port);
      if (previous) {
        findings.add(
          listener,
          {
            severity: 'error',
            code: 'duplicate-listener-port',
            message: `load balancer ${lb.logicalId} already has listener ${previous} on port ${listener.port}`,
            hint: 'use another Port, or merge the two listeners into one with listener rules',
          },
          ['Port'],
        );
      } else seen.set(listener.port, listener.logicalId);
      const l7 = L7.has(listener.protocol);
      if ((lb.kind === 'application' && !l7) || (lb.kind === 'network' && l7)) {
        findings.add(
          listener,
          {
            severity: 'error',
            code: 'listener-protocol-mismatch',
            message: `a ${lb.kind} load balancer cannot have a ${listener.protocol} listener`,
            hint: lb.kind === 'application' ? 'use HTTP or HTTPS' : 'use TCP, UDP, TCP_UDP or TLS',
          },
          ['Protocol'],
        );
      }
    }
  }
  const byListener = new Map<string, Map<number, string>>();
  for (const rule of model.listenerRules) {
    if (!rule.listenerId) continue;
    const priorities = byListener.get(rule.listenerId) ?? new Map<number, string>();
    byListener.set(rule.listenerId, priorities);
    const previous = priorities.get(rule.priority);
    if (previous) {
      findings.add(
        rule,
        {
          severity: 'error',
          code: 'duplicate-rule-priority',
          message: `listener rule ${previous} already has priority ${rule.priority} on the same listener`,
          hint: 'give every rule of a listener its own Priority (1-50000)',
        },
        ['Priority'],
      );
    } else priorities.set(rule.priority, rule.logicalId);
  }
}

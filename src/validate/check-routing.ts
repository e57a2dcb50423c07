/**
 * Route checks: every route must point at a target that exists in the deployment and lives in
 * (or is attached to) the route table's VPC, the way AWS refuses a route to a missing gateway.
 */
import type { NetworkModel } from '../model/types.js';
import type { Findings } from './finding.js';

/** Reports routes to targets that do not exist or belong to another VPC. */
export function checkRouting(model: NetworkModel, findings: Findings): void {
  for (const table of model.routeTables) {
    for (const route of table.routes) {
      if (!route.logicalId || !route.source || route.prefixListId) continue;
      const at = { stack: table.stack, logicalId: route.logicalId, source: route.source };
      const target = route.target;
      if (target.kind === 'unknown') {
        findings.add(at, {
          severity: 'error',
          code: 'route-target-missing',
          message: target.raw ? `the route's target ${target.raw} is not a gateway, NAT gateway or endpoint of the stacks given` : 'the route has no target',
          hint: 'set GatewayId, NatGatewayId, TransitGatewayId, VpcPeeringConnectionId or another target to a resource of the deployment',
        });
        continue;
      }
      if (target.kind === 'internet-gateway') {
        const igw = model.internetGateways.find((g) => g.id === target.id);
        if (igw && igw.vpcId !== table.vpcId) {
          findings.add(
            at,
            {
              severity: 'error',
              code: 'route-target-not-attached',
              message: `internet gateway ${igw.logicalId} is not attached to the route table's VPC`,
              hint: 'attach it with AWS::EC2::VPCGatewayAttachment (and DependsOn that attachment)',
            },
            ['GatewayId'],
          );
        }
      }
      if (target.kind === 'nat-gateway') {
        const nat = model.natGateways.find((n) => n.id === target.id);
        const subnet = model.vpcs.flatMap((v) => v.subnets).find((s) => s.id === nat?.subnetId);
        if (nat && subnet && subnet.vpcId !== table.vpcId) {
          findings.add(
            at,
            {
              severity: 'error',
              code: 'route-target-not-attached',
              message: `NAT gateway ${nat.logicalId} is in another VPC`,
              hint: 'route to a NAT gateway in a subnet of this VPC',
            },
            ['NatGatewayId'],
          );
        }
      }
    }
  }
}

/**
 * Finds the model object a resolved reference points at. After resolution a reference is just
 * a physical id or an ARN (from Ref, GetAtt or an ImportValue of another stack), so the
 * builder indexes every resource by the values that identify it and looks them up by type.
 */
import type { CfnValue, Deployment, ResolvedResource } from '../template/types.js';

/** GetAtt attributes that identify the resource itself (not another resource it points at). */
const IDENTITY_ATTRIBUTES = new Set([
  'Arn',
  'Id',
  'GroupId',
  'AllocationId',
  'TargetGroupArn',
  'LoadBalancerArn',
  'ListenerArn',
  'RuleArn',
  'ServiceArn',
  'TaskDefinitionArn',
  'VpcLinkId',
  'ApiId',
  'NatGatewayId',
  'SubnetId',
  'VpcId',
  'LaunchTemplateId',
  'InternetGatewayId',
  'RouteTableId',
  'NetworkAclId',
  'TransitGatewayId',
  'ClusterArn',
  'Name',
  'HostedZoneId',
  'IntegrationId',
  'RouteId',
  'PublicIp',
  'InstanceId',
]);

/** Model id of a resource: `Stack.LogicalId`. */
export function modelId(resource: Pick<ResolvedResource, 'stack' | 'logicalId'>): string {
  return `${resource.stack}.${resource.logicalId}`;
}

/** Lookup from identifying values to resources, across all stacks of a deployment. */
export class ResourceRegistry {
  private readonly byValue = new Map<string, ResolvedResource[]>();
  private readonly byType = new Map<string, ResolvedResource[]>();
  readonly all: ResolvedResource[] = [];

  constructor(deployment: Deployment) {
    for (const stack of deployment.stacks) {
      for (const resource of Object.values(stack.resources)) {
        this.all.push(resource);
        const sameType = this.byType.get(resource.type);
        if (sameType) sameType.push(resource);
        else this.byType.set(resource.type, [resource]);
        this.add(resource.physicalId, resource);
        for (const [name, value] of Object.entries(resource.attributes)) {
          // A subnet's VpcId attribute names its VPC, not itself: only a VPC's own VpcId identifies it.
          if (name === 'VpcId' && resource.type !== 'AWS::EC2::VPC') continue;
          if (name === 'SubnetId' && resource.type !== 'AWS::EC2::Subnet') continue;
          if (name === 'Name' && !resource.type.startsWith('AWS::ServiceDiscovery::')) continue;
          if (IDENTITY_ATTRIBUTES.has(name) && typeof value === 'string') this.add(value, resource);
        }
      }
    }
  }

  private add(value: string, resource: ResolvedResource): void {
    const found = this.byValue.get(value);
    if (!found) this.byValue.set(value, [resource]);
    else if (!found.includes(resource)) found.push(resource);
  }

  /** The resource of one of `types` that `value` identifies, if any. */
  find(value: CfnValue | undefined, ...types: string[]): ResolvedResource | undefined {
    if (typeof value !== 'string') return undefined;
    const found = this.byValue.get(value);
    return found?.find((r) => types.length === 0 || types.includes(r.type));
  }

  /** Model id of the resource `value` identifies, if it is of one of `types`. */
  idOf(value: CfnValue | undefined, ...types: string[]): string | undefined {
    const resource = this.find(value, ...types);
    return resource ? modelId(resource) : undefined;
  }

  /** Resources of a type, in deployment order. */
  ofType(type: string): readonly ResolvedResource[] {
    return this.byType.get(type) ?? [];
  }
}

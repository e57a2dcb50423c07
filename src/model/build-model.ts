/**
 * Entry of the model layer: turns a resolved deployment into the NetworkModel. The order of
 * the builders follows the references between kinds (VPCs before subnets before instances and
 * services), so each builder can look up what it points at in the model filled so far.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { Deployment } from '../template/types.js';
import { buildCompute } from './build-compute.js';
import { buildConnectivity } from './build-connectivity.js';
import { buildDiscovery } from './build-discovery.js';
import { buildEcs } from './build-ecs.js';
import { buildEdge } from './build-edge.js';
import { buildLoadBalancing } from './build-elb.js';
import { buildSecurity } from './build-security.js';
import { buildVpcFabric } from './build-vpc.js';
import type { BuildContext } from './context.js';
import { modelId, ResourceRegistry } from './registry.js';
import type { IgnoredResource, NetworkModel } from './types.js';

/** Resource types the builders read; everything else is listed in `ignored`. */
export const MODELLED_TYPES = new Set([
  'AWS::EC2::VPC',
  'AWS::EC2::VPCCidrBlock',
  'AWS::EC2::Subnet',
  'AWS::EC2::RouteTable',
  'AWS::EC2::Route',
  'AWS::EC2::SubnetRouteTableAssociation',
  'AWS::EC2::InternetGateway',
  'AWS::EC2::VPCGatewayAttachment',
  'AWS::EC2::EgressOnlyInternetGateway',
  'AWS::EC2::NatGateway',
  'AWS::EC2::EIP',
  'AWS::EC2::EIPAssociation',
  'AWS::EC2::SecurityGroup',
  'AWS::EC2::SecurityGroupIngress',
  'AWS::EC2::SecurityGroupEgress',
  'AWS::EC2::NetworkAcl',
  'AWS::EC2::NetworkAclEntry',
  'AWS::EC2::SubnetNetworkAclAssociation',
  'AWS::EC2::VPCEndpoint',
  'AWS::EC2::VPCPeeringConnection',
  'AWS::EC2::TransitGateway',
  'AWS::EC2::TransitGatewayAttachment',
  'AWS::EC2::TransitGatewayVpcAttachment',
  'AWS::EC2::TransitGatewayRouteTable',
  'AWS::EC2::TransitGatewayRoute',
  'AWS::EC2::TransitGatewayRouteTableAssociation',
  'AWS::EC2::TransitGatewayRouteTablePropagation',
  'AWS::EC2::FlowLog',
  'AWS::EC2::Instance',
  'AWS::EC2::NetworkInterface',
  'AWS::EC2::LaunchTemplate',
  'AWS::AutoScaling::LaunchConfiguration',
  'AWS::AutoScaling::AutoScalingGroup',
  'AWS::ECS::Cluster',
  'AWS::ECS::CapacityProvider',
  'AWS::ECS::ClusterCapacityProviderAssociations',
  'AWS::ECS::TaskDefinition',
  'AWS::ECS::Service',
  'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::ElasticLoadBalancingV2::Listener',
  'AWS::ElasticLoadBalancingV2::ListenerRule',
  'AWS::ElasticLoadBalancingV2::TargetGroup',
  'AWS::ElasticLoadBalancing::LoadBalancer',
  'AWS::ServiceDiscovery::PrivateDnsNamespace',
  'AWS::ServiceDiscovery::PublicDnsNamespace',
  'AWS::ServiceDiscovery::HttpNamespace',
  'AWS::ServiceDiscovery::Service',
  'AWS::Route53::HostedZone',
  'AWS::Route53::RecordSet',
  'AWS::AppMesh::Mesh',
  'AWS::AppMesh::VirtualNode',
  'AWS::AppMesh::VirtualService',
  'AWS::AppMesh::VirtualRouter',
  'AWS::AppMesh::Route',
  'AWS::AppMesh::VirtualGateway',
  'AWS::AppMesh::GatewayRoute',
  'AWS::ApiGatewayV2::Api',
  'AWS::ApiGatewayV2::Route',
  'AWS::ApiGatewayV2::Integration',
  'AWS::ApiGatewayV2::Stage',
  'AWS::ApiGatewayV2::VpcLink',
]);

/** Nested-stack resources are structure, not resources to list. */
const STRUCTURAL_TYPES = new Set(['AWS::CloudFormation::Stack', 'AWS::Serverless::Application']);

/** Services whose resources matter to the network, so an unmodelled one of them is `not-emulated`. */
const NETWORK_SERVICES =
  /^AWS::(EC2|ElasticLoadBalancing|ElasticLoadBalancingV2|ServiceDiscovery|Route53|Route53Resolver|AppMesh|ApiGatewayV2|ECS|NetworkFirewall|GlobalAccelerator)::/;

/** An empty model for a region and account; exported so tests and tools can build models by hand. */
export function emptyModel(region = 'us-east-1', accountId = '123456789012'): NetworkModel {
  return {
    region,
    accountId,
    stacks: [],
    vpcs: [],
    routeTables: [],
    internetGateways: [],
    egressOnlyInternetGateways: [],
    elasticIps: [],
    natGateways: [],
    securityGroups: [],
    networkAcls: [],
    vpcEndpoints: [],
    vpcPeerings: [],
    transitGateways: [],
    transitGatewayAttachments: [],
    transitGatewayRouteTables: [],
    flowLogs: [],
    instances: [],
    networkInterfaces: [],
    autoScalingGroups: [],
    clusters: [],
    capacityProviders: [],
    taskDefinitions: [],
    services: [],
    targetGroups: [],
    loadBalancers: [],
    listeners: [],
    listenerRules: [],
    dnsNamespaces: [],
    discoveryServices: [],
    hostedZones: [],
    recordSets: [],
    mesh: [],
    httpApis: [],
    httpApiRoutes: [],
    httpApiIntegrations: [],
    httpApiStages: [],
    vpcLinks: [],
    ignored: [],
  };
}

/** Builds the network model of a resolved deployment. Pure: same deployment, same model. */
export function buildModel(deployment: Deployment): { model: NetworkModel; diagnostics: Diagnostic[] } {
  const model = emptyModel(deployment.region, deployment.accountId);
  model.stacks = deployment.stacks.map((s) => ({ name: s.name, file: s.template.file, ...(s.parent ? { parent: s.parent } : {}) }));
  const ctx: BuildContext = { deployment, registry: new ResourceRegistry(deployment), model, diagnostics: [] };
  buildVpcFabric(ctx);
  buildSecurity(ctx);
  buildConnectivity(ctx);
  buildCompute(ctx);
  buildEcs(ctx);
  buildLoadBalancing(ctx);
  buildDiscovery(ctx);
  buildEdge(ctx);
  for (const r of ctx.registry.all) {
    if (MODELLED_TYPES.has(r.type) || STRUCTURAL_TYPES.has(r.type)) continue;
    const reason: IgnoredResource['reason'] = NETWORK_SERVICES.test(r.type)
      ? 'not-emulated'
      : /^(AWS|Custom|Alexa)::/.test(r.type) || r.type === 'AWS::CloudFormation::CustomResource'
        ? 'not-networking'
        : 'unknown-type';
    model.ignored.push({ id: modelId(r), stack: r.stack, logicalId: r.logicalId, type: r.type, reason });
  }
  return { model, diagnostics: ctx.diagnostics };
}

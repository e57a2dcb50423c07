/**
 * The service mesh (App Mesh resources, kept close to their spec for the mesh layer) and
 * API Gateway HTTP APIs with their routes, integrations, stages and VPC links.
 */
import type { BuildContext } from './context.js';
import { follow, identity } from './context.js';
import { subnetIds } from './build-vpc.js';
import type { HttpApiIntegration, MeshResource } from './types.js';
import { bool, str, strList } from './values.js';

const MESH_KINDS: MeshResource['kind'][] = ['Mesh', 'VirtualNode', 'VirtualService', 'VirtualRouter', 'Route', 'VirtualGateway', 'GatewayRoute'];
const API = 'AWS::ApiGatewayV2::Api';

/** Builds App Mesh resources and API Gateway v2 HTTP APIs. */
export function buildEdge(ctx: BuildContext): void {
  for (const kind of MESH_KINDS) {
    for (const r of ctx.registry.ofType(`AWS::AppMesh::${kind}`)) {
      const p = r.properties;
      const nameKey = kind === 'Mesh' ? 'MeshName' : `${kind}Name`;
      const parentName = str(p.VirtualRouterName) ?? str(p.VirtualGatewayName);
      ctx.model.mesh.push({
        ...identity(r),
        kind,
        meshName: str(p.MeshName) ?? '',
        name: str(p[nameKey]) ?? r.logicalId,
        ...((kind === 'Route' || kind === 'GatewayRoute') && parentName ? { parentName } : {}),
        spec: p.Spec ?? {},
      });
    }
  }
  for (const r of ctx.registry.ofType(API)) {
    ctx.model.httpApis.push({
      ...identity(r),
      name: str(r.properties.Name) ?? r.logicalId,
      protocolType: str(r.properties.ProtocolType) === 'WEBSOCKET' ? 'WEBSOCKET' : 'HTTP',
      endpoint: str(r.attributes.ApiEndpoint) ?? '',
    });
  }
  for (const r of ctx.registry.ofType('AWS::ApiGatewayV2::VpcLink')) {
    ctx.model.vpcLinks.push({
      ...identity(r),
      name: str(r.properties.Name) ?? r.logicalId,
      subnetIds: subnetIds(ctx, r, r.properties.SubnetIds, ['SubnetIds']).ids,
      securityGroupIds: strList(r.properties.SecurityGroupIds).map((g) => ctx.registry.idOf(g, 'AWS::EC2::SecurityGroup') ?? g),
    });
  }
  for (const r of ctx.registry.ofType('AWS::ApiGatewayV2::Integration')) {
    const p = r.properties;
    const api = follow(ctx, r, p.ApiId, ['ApiId'], API).id;
    const uri = str(p.IntegrationUri);
    const target = ctx.registry.find(uri, 'AWS::ElasticLoadBalancingV2::Listener', 'AWS::ServiceDiscovery::Service', 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    const vpcLink = ctx.registry.idOf(p.ConnectionId, 'AWS::ApiGatewayV2::VpcLink');
    const method = str(p.IntegrationMethod);
    const integration: HttpApiIntegration = {
      ...identity(r),
      ...(api ? { apiId: api } : {}),
      integrationType: str(p.IntegrationType) ?? 'HTTP_PROXY',
      ...(uri ? { integrationUri: uri } : {}),
      ...(target ? { targetId: `${target.stack}.${target.logicalId}` } : {}),
      connectionType: str(p.ConnectionType) === 'VPC_LINK' ? 'VPC_LINK' : 'INTERNET',
      ...(vpcLink ? { vpcLinkId: vpcLink } : {}),
      ...(method ? { integrationMethod: method } : {}),
    };
    ctx.model.httpApiIntegrations.push(integration);
  }
  for (const r of ctx.registry.ofType('AWS::ApiGatewayV2::Route')) {
    const api = follow(ctx, r, r.properties.ApiId, ['ApiId'], API).id;
    const target = str(r.properties.Target) ?? '';
    const integrationPhysical = target.startsWith('integrations/') ? target.slice('integrations/'.length) : undefined;
    const integration = integrationPhysical ? ctx.registry.idOf(integrationPhysical, 'AWS::ApiGatewayV2::Integration') : undefined;
    ctx.model.httpApiRoutes.push({
      ...identity(r),
      ...(api ? { apiId: api } : {}),
      routeKey: str(r.properties.RouteKey) ?? '$default',
      ...(integration ? { integrationId: integration } : {}),
    });
  }
  for (const r of ctx.registry.ofType('AWS::ApiGatewayV2::Stage')) {
    const api = follow(ctx, r, r.properties.ApiId, ['ApiId'], API).id;
    ctx.model.httpApiStages.push({
      ...identity(r),
      ...(api ? { apiId: api } : {}),
      stageName: str(r.properties.StageName) ?? '$default',
      autoDeploy: bool(r.properties.AutoDeploy) ?? false,
    });
  }
}

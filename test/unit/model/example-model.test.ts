import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { exampleFiles } from '../../../src/cli/import-options.js';
import { stackNameFromPath } from '../../../src/cli/stack-args.js';
import { importDeployment } from '../../../src/pipeline/import-deployment.js';

const result = importDeployment(
  {
    stacks: exampleFiles().map((path) => ({ name: stackNameFromPath(path), path })),
    parameters: {},
    templateMap: {},
    region: 'us-east-1',
    accountId: '123456789012',
  },
  { readFile: (p) => readFileSync(p, 'utf8') },
);
const { model } = result;
const byLogical = <T extends { logicalId: string }>(list: T[], id: string): T => {
  const found = list.find((x) => x.logicalId === id);
  assert.ok(found, `${id} not in model`);
  return found;
};

describe('model of the built-in example', () => {
  it('has no error finding', () => {
    assert.deepEqual(
      result.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
  });

  it('has one VPC with its implicit main route table, default group and default NACL', () => {
    assert.equal(model.vpcs.length, 1);
    const vpc = model.vpcs[0]!;
    assert.equal(vpc.cidr, '10.0.0.0/16');
    assert.equal(vpc.enableDnsHostnames, true);
    assert.equal(vpc.internetGatewayId, 'network.InternetGateway');
    const main = model.routeTables.find((t) => t.id === vpc.mainRouteTableId);
    assert.deepEqual(main?.routes, [{ destination: '10.0.0.0/16', target: { kind: 'local' } }]);
    const defaultGroup = model.securityGroups.find((g) => g.id === vpc.defaultSecurityGroupId);
    assert.deepEqual(defaultGroup?.ingress[0]?.peer, { kind: 'security-group', groupId: vpc.defaultSecurityGroupId });
    assert.equal(model.networkAcls.find((a) => a.id === vpc.defaultNetworkAclId)?.entries.length, 2);
  });

  it('routes private subnets through their own NAT gateway and the S3 gateway endpoint', () => {
    const table = byLogical(model.routeTables, 'PrivateRouteTableTwo');
    assert.deepEqual(
      table.routes.map((r) => [r.destination ?? r.prefixListId, r.target.kind, 'id' in r.target ? r.target.id : undefined]),
      [
        ['10.0.0.0/16', 'local', undefined],
        ['0.0.0.0/0', 'nat-gateway', 'network.NatGatewayTwo'],
        ['com.amazonaws.us-east-1.s3', 'vpc-endpoint', 'network.S3GatewayEndpoint'],
      ],
    );
    const nat = byLogical(model.natGateways, 'NatGatewayTwo');
    assert.equal(nat.subnetId, 'network.PublicSubnetTwo');
    assert.equal(nat.eipId, 'network.NatGatewayTwoEip');
    assert.match(nat.publicIp ?? '', /^198\.18\.\d+\.\d+$/);
  });

  it('reads security-group rules with group references across stacks', () => {
    const serviceB = byLogical(model.securityGroups, 'ServiceBSecurityGroup');
    assert.equal(serviceB.vpcId, 'network.Vpc');
    assert.deepEqual(
      serviceB.ingress.map((r) => [r.protocol, r.fromPort, r.toPort, r.peer]),
      [['tcp', 8080, 8080, { kind: 'security-group', groupId: 'app.ServiceASecurityGroup' }]],
    );
    assert.deepEqual(serviceB.egress, [{ protocol: 'all', fromPort: -1, toPort: -1, peer: { kind: 'cidr', cidr: '0.0.0.0/0' } }]);
    const instances = byLogical(model.securityGroups, 'ContainerInstanceSecurityGroup');
    assert.deepEqual(instances.ingress[1]?.peer, { kind: 'cidr', cidr: '10.0.0.0/16' });
  });

  it("finds the container instances' cluster in their launch template user data", () => {
    const asg = byLogical(model.autoScalingGroups, 'ContainerInstances');
    assert.equal(asg.clusterId, 'app.Cluster');
    assert.equal(asg.instanceType, 'c5.large');
    assert.equal(asg.desiredCapacity, 2);
    assert.deepEqual(asg.subnetIds, ['network.PrivateSubnetOne', 'network.PrivateSubnetTwo']);
    assert.deepEqual(asg.securityGroupIds, ['app.ContainerInstanceSecurityGroup']);
  });

  it('wires services to target groups, listeners and discovery', () => {
    const user = byLogical(model.services, 'UserService');
    assert.equal(user.awsvpc?.assignPublicIp, false);
    assert.deepEqual(user.loadBalancers, [{ targetGroupId: 'app.UserTargetGroup', containerName: 'user', containerPort: 8080 }]);
    const rule = byLogical(model.listenerRules, 'UserRule');
    assert.equal(rule.listenerId, 'app.PublicListener');
    assert.deepEqual(rule.conditions, [{ field: 'path-pattern', values: ['/api/user/*'] }]);
    const serviceA = byLogical(model.services, 'ServiceA');
    assert.equal(serviceA.serviceRegistries[0]?.discoveryServiceId, 'app.ServiceADiscovery');
    assert.equal(byLogical(model.discoveryServices, 'ServiceADiscovery').namespaceId, 'app.Namespace');
    const catalog = byLogical(model.services, 'CatalogService');
    assert.deepEqual(byLogical(model.taskDefinitions, 'CatalogTaskDefinition').containers[0]?.portMappings, [{ containerPort: 80, hostPort: 0, protocol: 'tcp' }]);
    assert.equal(catalog.networkMode, 'bridge');
    const exporter = byLogical(model.services, 'NodeExporterService');
    assert.equal(exporter.schedulingStrategy, 'DAEMON');
    assert.equal(byLogical(model.targetGroups, 'GameUdpTargetGroup').healthCheck.protocol, 'TCP');
    assert.equal(byLogical(model.targetGroups, 'UserTargetGroup').healthCheck.path, '/health');
    assert.equal(byLogical(model.targetGroups, 'CatalogTargetGroup').deregistrationDelaySeconds, 30);
  });

  it('links the HTTP API route to its Cloud Map integration through the VPC link', () => {
    const route = byLogical(model.httpApiRoutes, 'ReportsRoute');
    assert.equal(route.integrationId, 'app.ReportsIntegration');
    const integration = byLogical(model.httpApiIntegrations, 'ReportsIntegration');
    assert.equal(integration.targetId, 'app.ReportsDiscovery');
    assert.equal(integration.vpcLinkId, 'app.ApiVpcLink');
  });

  it('lists what it does not emulate', () => {
    assert.deepEqual(
      model.ignored.map((i) => [i.logicalId, i.reason]),
      [['LogGroup', 'not-networking']],
    );
  });
});

/**
 * A large, realistic template for the import benchmark: one VPC with many subnets, security
 * groups that reference each other, and Fargate services with task definitions, target groups
 * and listener rules — the kinds of resources that dominate real ECS stacks.
 */

/** YAML text of a template with about `resources` resources, all valid. */
export function generateTemplate(resources: number): string {
  const lines: string[] = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Parameters:',
    '  VpcCidr: { Type: String, Default: 10.0.0.0/16 }',
    'Resources:',
    '  Vpc:',
    '    Type: AWS::EC2::VPC',
    '    Properties: { CidrBlock: !Ref VpcCidr, EnableDnsSupport: true, EnableDnsHostnames: true }',
    '  Cluster:',
    '    Type: AWS::ECS::Cluster',
    '  Alb:',
    '    Type: AWS::ElasticLoadBalancingV2::LoadBalancer',
    '    Properties: { Subnets: [!Ref Subnet0, !Ref Subnet1] }',
    '  Listener:',
    '    Type: AWS::ElasticLoadBalancingV2::Listener',
    '    Properties:',
    '      LoadBalancerArn: !Ref Alb',
    '      Port: 80',
    '      Protocol: HTTP',
    '      DefaultActions: [{ Type: fixed-response, FixedResponseConfig: { StatusCode: "404" } }]',
  ];
  const subnets = 64;
  for (let i = 0; i < subnets; i++) {
    lines.push(
      `  Subnet${i}:`,
      '    Type: AWS::EC2::Subnet',
      '    Properties:',
      '      VpcId: !Ref Vpc',
      `      AvailabilityZone: !Select [${i % 3}, !GetAZs ""]`,
      `      CidrBlock: !Select [${i}, !Cidr [!GetAtt Vpc.CidrBlock, ${subnets}, 10]]`,
    );
  }
  // Each service: security group, ingress rule, task definition, target group, rule, service = 6 resources.
  const services = Math.max(1, Math.floor((resources - 4 - subnets) / 6));
  for (let i = 0; i < services; i++) {
    const upstream = i === 0 ? 'Alb' : `Sg${i - 1}`;
    lines.push(
      `  Sg${i}:`,
      '    Type: AWS::EC2::SecurityGroup',
      `    Properties: { GroupDescription: service ${i}, VpcId: !Ref Vpc }`,
      `  Sg${i}Ingress:`,
      '    Type: AWS::EC2::SecurityGroupIngress',
      '    Properties:',
      `      GroupId: !GetAtt Sg${i}.GroupId`,
      '      IpProtocol: tcp',
      '      FromPort: 8080',
      '      ToPort: 8080',
      i === 0 ? '      CidrIp: 0.0.0.0/0' : `      SourceSecurityGroupId: !Ref ${upstream}`,
      `  Task${i}:`,
      '    Type: AWS::ECS::TaskDefinition',
      '    Properties:',
      `      Family: !Sub "\${AWS::StackName}-svc${i}"`,
      '      NetworkMode: awsvpc',
      '      RequiresCompatibilities: [FARGATE]',
      '      Cpu: "256"',
      '      Memory: "512"',
      `      ContainerDefinitions: [{ Name: app, Image: app:${i}, PortMappings: [{ ContainerPort: 8080 }], Environment: [{ Name: INDEX, Value: "${i}" }] }]`,
      `  Tg${i}:`,
      '    Type: AWS::ElasticLoadBalancingV2::TargetGroup',
      '    Properties: { VpcId: !Ref Vpc, TargetType: ip, Protocol: HTTP, Port: 8080, HealthCheckPath: /health }',
      `  Rule${i}:`,
      '    Type: AWS::ElasticLoadBalancingV2::ListenerRule',
      '    Properties:',
      '      ListenerArn: !Ref Listener',
      `      Priority: ${i + 1}`,
      `      Conditions: [{ Field: path-pattern, PathPatternConfig: { Values: ["/svc${i}/*"] } }]`,
      `      Actions: [{ Type: forward, TargetGroupArn: !Ref Tg${i} }]`,
      `  Service${i}:`,
      '    Type: AWS::ECS::Service',
      `    DependsOn: Rule${i}`,
      '    Properties:',
      '      Cluster: !Ref Cluster',
      '      LaunchType: FARGATE',
      `      DesiredCount: ${1 + (i % 3)}`,
      `      TaskDefinition: !Ref Task${i}`,
      `      NetworkConfiguration: { AwsvpcConfiguration: { Subnets: [!Ref Subnet${i % subnets}, !Ref Subnet${(i + 1) % subnets}], SecurityGroups: [!Ref Sg${i}] } }`,
      `      LoadBalancers: [{ ContainerName: app, ContainerPort: 8080, TargetGroupArn: !Ref Tg${i} }]`,
    );
  }
  return `${lines.join('\n')}\n`;
}

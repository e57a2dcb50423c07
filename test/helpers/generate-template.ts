/**
 * A large, realistic template for the import benchmark and the linear-time test: groups of
 * ten resources (subnet from Fn::Cidr, route table, route, association, security group with an
 * ingress rule referencing the previous group, log group, awsvpc task definition, service
 * whose desired count depends on a condition, a conditional EIP) in one VPC. At most 256
 * groups, one /24 subnet each.
 */
/** YAML of a template with `groups` groups of 10 resources each, plus a VPC and its attached internet gateway. */
export function generatedTemplate(groups: number): string {
  const lines = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Parameters:',
    '  Env: {Type: String, Default: bench, AllowedValues: [bench, prod]}',
    'Conditions:',
    '  IsProd: !Equals [!Ref Env, prod]',
    'Resources:',
    '  Vpc:',
    '    Type: AWS::EC2::VPC',
    '    Properties: {CidrBlock: 10.0.0.0/16}',
    '  Igw: {Type: AWS::EC2::InternetGateway}',
    '  Attach: {Type: AWS::EC2::VPCGatewayAttachment, Properties: {VpcId: !Ref Vpc, InternetGatewayId: !Ref Igw}}',
  ];
  for (let g = 0; g < groups; g++) {
    lines.push(
      `  Subnet${g}:`,
      '    Type: AWS::EC2::Subnet',
      '    Properties:',
      '      VpcId: !Ref Vpc',
      `      CidrBlock: !Select [${g % 256}, !Cidr [!GetAtt Vpc.CidrBlock, 256, 8]]`,
      `      AvailabilityZone: !Select [${g % 3}, !GetAZs ""]`,
      `      Tags: [{Key: Name, Value: !Sub "\${AWS::StackName}-subnet-${g}"}]`,
      `  Table${g}:`,
      '    Type: AWS::EC2::RouteTable',
      '    Properties: {VpcId: !Ref Vpc}',
      `  Route${g}:`,
      '    Type: AWS::EC2::Route',
      `    Properties: {RouteTableId: !Ref Table${g}, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw}`,
      `  Association${g}:`,
      '    Type: AWS::EC2::SubnetRouteTableAssociation',
      `    Properties: {SubnetId: !Ref Subnet${g}, RouteTableId: !Ref Table${g}}`,
      `  Group${g}:`,
      '    Type: AWS::EC2::SecurityGroup',
      `    Properties: {GroupDescription: !Sub "group ${g} of \${AWS::StackName}", VpcId: !GetAtt Subnet${g}.VpcId}`,
      `  Ingress${g}:`,
      '    Type: AWS::EC2::SecurityGroupIngress',
      `    Properties: {GroupId: !Ref Group${g}, SourceSecurityGroupId: !Ref Group${g === 0 ? 0 : g - 1}, IpProtocol: tcp, FromPort: ${1000 + g}, ToPort: ${1000 + g}}`,
      `  Logs${g}: {Type: AWS::Logs::LogGroup, Properties: {RetentionInDays: 7}}`,
      `  Task${g}:`,
      '    Type: AWS::ECS::TaskDefinition',
      '    Properties:',
      `      Family: task-${g}`,
      '      NetworkMode: awsvpc',
      `      ContainerDefinitions: [{Name: app, Image: nginx, PortMappings: [{ContainerPort: ${1000 + g}}], LogConfiguration: {LogDriver: awslogs, Options: {awslogs-group: !Ref Logs${g}, awslogs-region: !Ref AWS::Region}}}]`,
      `  Service${g}:`,
      '    Type: AWS::ECS::Service',
      '    Properties:',
      `      TaskDefinition: !Ref Task${g}`,
      '      DesiredCount: !If [IsProd, 3, 1]',
      `      NetworkConfiguration: {AwsvpcConfiguration: {Subnets: [!Ref Subnet${g}], SecurityGroups: [!GetAtt Group${g}.GroupId]}}`,
      `  Eip${g}: {Type: AWS::EC2::EIP, Condition: IsProd}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `no-route-to-image-registry` and `no-route-to-logs`: tasks that cannot pull their image or
 * ship their logs because the ENI that does it (the task's own on Fargate, the container
 * instance's on EC2, where the agent pulls) has neither the internet nor the VPC endpoints
 * that replace it. Pure.
 */
import type { NetworkModel, Service, Subnet, TaskDefinition } from '../model/types.js';
import type { Findings } from '../validate/finding.js';
import type { AnalyzeInput } from './analyze-input.js';
import { logDriversOf } from './analyze-input.js';
import { defaultRouteKind, endpointFor, reachesInternet, routeTableOf, subnetsById } from './egress.js';
import { httpsBlocked } from './endpoint-access.js';
import { ECR_PULL_ENDPOINTS, imageSource } from './image-registry.js';

/** One place a service's images are pulled from: a subnet, and whether the pulling ENI has a public address. */
interface Puller {
  subnet: Subnet;
  publicIp: boolean;
  securityGroupIds: readonly string[];
}

/** Fargate pulls through the task ENI; EC2 through the instances the plan put the tasks on. */
function pullersOf(input: AnalyzeInput, service: Service): Puller[] {
  const subnets = subnetsById(input.model);
  const found = new Map<string, Puller>();
  if (service.launchType === 'FARGATE') {
    for (const id of service.awsvpc?.subnetIds ?? []) {
      const subnet = subnets.get(id);
      if (subnet) found.set(id, { subnet, publicIp: service.awsvpc?.assignPublicIp ?? false, securityGroupIds: service.awsvpc?.securityGroupIds ?? [] });
    }
  } else {
    for (const task of input.plan.tasks.filter((t) => t.serviceId === service.id)) {
      const instance = input.plan.instances.find((i) => i.id === task.instanceId);
      const subnet = instance ? subnets.get(instance.subnetId) : undefined;
      if (instance && subnet)
        found.set(`${subnet.id}:${instance.publicIp !== undefined}:${instance.securityGroupIds.join(',')}`, {
          subnet,
          publicIp: instance.publicIp !== undefined,
          securityGroupIds: instance.securityGroupIds,
        });
    }
  }
  return [...found.values()];
}

/** Why those subnets have no internet, in words, one clause per route table. */
function noInternetBecause(model: NetworkModel, pullers: readonly Puller[]): string {
  const clauses = new Map<string, string[]>();
  for (const puller of pullers) {
    const table = routeTableOf(model, puller.subnet);
    const tableName = table ? `route table ${table.logicalId}` : 'their route table';
    const clause =
      defaultRouteKind(model, puller.subnet) === 'internet-gateway'
        ? `${tableName} routes 0.0.0.0/0 to an internet gateway but the ENI gets no public IP`
        : `${tableName} has no default route to a NAT gateway or internet gateway`;
    const subnets = clauses.get(clause) ?? [];
    if (!subnets.includes(puller.subnet.logicalId)) subnets.push(puller.subnet.logicalId);
    clauses.set(clause, subnets);
  }
  return [...clauses].map(([clause, subnets]) => (clauses.size > 1 ? `${subnets.join(', ')}: ${clause}` : clause)).join('; ');
}

const names = (pullers: readonly Puller[]): string => [...new Set(pullers.map((p) => p.subnet.logicalId))].join(', ');

/** Fargate without a public IP in a public subnet is reported once, by public-ip-in-private-route. */
function coveredElsewhere(model: NetworkModel, service: Service, puller: Puller): boolean {
  return service.launchType === 'FARGATE' && !puller.publicIp && defaultRouteKind(model, puller.subnet) === 'internet-gateway';
}

/** Adds the findings of every service. */
export function checkEgress(input: AnalyzeInput, findings: Findings): void {
  const { model } = input;
  for (const service of model.services) {
    const taskDefinition = model.taskDefinitions.find((t) => t.id === service.taskDefinitionId);
    if (!taskDefinition) continue;
    const stranded = pullersOf(input, service).filter((p) => !reachesInternet(model, p.subnet, p.publicIp) && !coveredElsewhere(model, service, p));
    if (stranded.length === 0) continue;
    checkImages(input, findings, service, taskDefinition, stranded);
    checkLogs(input, findings, service, taskDefinition, stranded);
  }
}

const subnetsPath = (service: Service): (string | number)[] => (service.launchType === 'FARGATE' ? ['NetworkConfiguration', 'AwsvpcConfiguration', 'Subnets'] : []);

function checkImages(input: AnalyzeInput, findings: Findings, service: Service, taskDefinition: TaskDefinition, pullers: readonly Puller[]): void {
  const { model } = input;
  const internetImages: string[] = [];
  const ecrImages: string[] = [];
  for (const container of taskDefinition.containers) {
    const source = imageSource(container.image);
    if (source.kind === 'private-ecr' && source.region === model.region) ecrImages.push(container.image);
    else internetImages.push(container.image);
  }
  const missing = ECR_PULL_ENDPOINTS.filter((s) => pullers.some((p) => !endpointFor(model, p.subnet, s)));
  const blocked = ECR_PULL_ENDPOINTS.filter((s) => !missing.includes(s)).flatMap((s) => {
    const reasons = [...new Set(pullers.map((p) => httpsBlocked(model, endpointFor(model, p.subnet, s)!, p)).filter((r) => r !== undefined))];
    return reasons.length > 0 ? [`the ${s} endpoint ${endpointFor(model, pullers[0]!.subnet, s)!.logicalId} is there but ${reasons.join('; ')}`] : [];
  });
  const problems: string[] = [];
  if (internetImages.length > 0)
    problems.push(`${internetImages.join(', ')} ${internetImages.length > 1 ? 'come' : 'comes'} from outside private ECR in ${model.region}, which VPC endpoints do not reach`);
  if (ecrImages.length > 0 && missing.length > 0) problems.push(`for ${ecrImages.join(', ')} the VPC lacks ${endpointsPhrase(missing)}`);
  if (ecrImages.length > 0 && blocked.length > 0) problems.push(`for ${ecrImages.join(', ')} ${blocked.join('; ')}`);
  if (problems.length === 0) return;
  const where =
    service.launchType === 'FARGATE'
      ? `its tasks in subnets ${names(pullers)} have no internet`
      : `its container instances (where the agent pulls) in subnets ${names(pullers)} have no internet`;
  findings.add(
    service,
    {
      severity: 'error',
      code: 'no-route-to-image-registry',
      message: `service ${service.logicalId} cannot pull its image: ${where} (${noInternetBecause(model, pullers)}); ${problems.join('; ')}`,
      hint:
        internetImages.length > 0
          ? `route 0.0.0.0/0 of ${names(pullers)} to a NAT gateway${service.launchType === 'FARGATE' ? ' (or use a public subnet with AssignPublicIp: ENABLED)' : ''}, or push the image to ECR in ${model.region}${missing.length > 0 ? ` and add ${endpointsPhrase(missing)}` : " (the VPC's ECR and S3 endpoints then serve it)"}`
          : missing.length > 0
            ? `add ${endpointsPhrase(missing)}, or route 0.0.0.0/0 of ${names(pullers)} to a NAT gateway`
            : "let the endpoints' security groups admit TCP 443 from the tasks' security group (SourceSecurityGroupId), and the tasks' groups send 443 to them",
    },
    subnetsPath(service),
  );
}

function checkLogs(input: AnalyzeInput, findings: Findings, service: Service, taskDefinition: TaskDefinition, pullers: readonly Puller[]): void {
  const without = pullers.filter((p) => {
    const endpoint = endpointFor(input.model, p.subnet, 'logs');
    return !endpoint || httpsBlocked(input.model, endpoint, p) !== undefined;
  });
  if (without.length === 0) return;
  for (const [name, { driver, index }] of logDriversOf(input.deployment, taskDefinition)) {
    if (driver !== 'awslogs') continue;
    findings.add(
      taskDefinition,
      {
        severity: 'warning',
        code: 'no-route-to-logs',
        message: `container ${name} logs with awslogs, but service ${service.logicalId} runs it in subnets ${names(without)} with no internet (${noInternetBecause(input.model, without)}) and no logs interface endpoint it can reach: its logs never reach CloudWatch`,
        hint: `add an interface endpoint for com.amazonaws.${input.model.region}.logs with PrivateDnsEnabled: true, or route 0.0.0.0/0 of ${names(without)} to a NAT gateway`,
      },
      ['ContainerDefinitions', index, 'LogConfiguration', 'LogDriver'],
    );
  }
}

/** `interface endpoints for ecr.api and ecr.dkr (private DNS on) and the S3 gateway endpoint`, for the services given. */
function endpointsPhrase(services: readonly string[]): string {
  const interfaces = services.filter((s) => s !== 's3');
  const parts = [
    ...(interfaces.length > 0 ? [`${interfaces.length > 1 ? 'interface endpoints' : 'an interface endpoint'} for ${interfaces.join(' and ')} (private DNS on)`] : []),
    ...(services.includes('s3') ? ['the S3 gateway endpoint on its route table'] : []),
  ];
  return parts.join(' and ');
}

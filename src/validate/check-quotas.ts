/**
 * ECS quotas a deployment runs into at create time, and fixed addresses that do not fit their
 * subnet. The quotas are the default, per-Region values of "Amazon ECS service quotas"
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html, also listed in
 * https://docs.aws.amazon.com/general/latest/gr/ecs-service.html): they are reported as errors
 * because CreateService, RegisterTaskDefinition and instance registration fail past them (where
 * an account can ask for more, the hint says so). They also guard the planner, which allocates
 * every task and instance one by one: a count in the millions would exhaust memory, so the CLI
 * does not plan a model with these findings (see plan-blockers.ts).
 *
 * @module
 */
import { blockHas, lastAddress, parseCidr, parseIpv4 } from '../net/ipv4.js';
import type { NetworkModel } from '../model/types.js';
import { isPlaceholder } from '../template/placeholder.js';
import type { Findings } from './finding.js';

/** "Tasks per service" (desired count): 5,000 by default, adjustable (Amazon ECS service quotas). */
export const MAX_TASKS_PER_SERVICE = 5000;
/** "Containers per task definition": 10, not adjustable (Amazon ECS service quotas). */
export const MAX_CONTAINERS_PER_TASK_DEFINITION = 10;
/**
 * "Container instances per cluster": 5,000, not adjustable (Amazon ECS service quotas; "the
 * maximum number of Amazon EC2 instances that you can register for each cluster is 5,000 … you
 * can create more clusters or request a service quota increase",
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/operating-at-scale-service-quotas.html).
 */
export const MAX_CONTAINER_INSTANCES_PER_CLUSTER = 5000;

/** Reports services, task definitions and clusters past ECS's quotas, and instance addresses outside their subnet. */
export function checkQuotas(model: NetworkModel, findings: Findings): void {
  for (const service of model.services) {
    if (service.desiredCount > MAX_TASKS_PER_SERVICE) {
      findings.add(
        service,
        {
          severity: 'error',
          code: 'quota-exceeded',
          message: `DesiredCount ${service.desiredCount} is above ECS's quota of ${MAX_TASKS_PER_SERVICE.toLocaleString('en-US')} tasks per service`,
          hint: `lower DesiredCount to ${MAX_TASKS_PER_SERVICE} or less, split the work over several services, or ask AWS for a higher "Tasks per service" quota`,
        },
        ['DesiredCount'],
      );
    }
  }
  for (const task of model.taskDefinitions) {
    if (task.containers.length > MAX_CONTAINERS_PER_TASK_DEFINITION) {
      findings.add(
        task,
        {
          severity: 'error',
          code: 'quota-exceeded',
          message: `the task definition has ${task.containers.length} containers; ECS allows at most ${MAX_CONTAINERS_PER_TASK_DEFINITION} per task definition`,
          hint: 'move some containers into another task definition and service',
        },
        ['ContainerDefinitions'],
      );
    }
  }
  for (const cluster of model.clusters) {
    const groups = model.autoScalingGroups.filter((g) => g.clusterId === cluster.id);
    const instances = model.instances.filter((i) => i.clusterId === cluster.id);
    const total = groups.reduce((sum, g) => sum + Math.max(g.desiredCapacity, 0), 0) + instances.length;
    if (total <= MAX_CONTAINER_INSTANCES_PER_CLUSTER) continue;
    const largest = [...groups].sort((a, b) => b.desiredCapacity - a.desiredCapacity)[0];
    const parts = [...groups.map((g) => `${g.logicalId} ${g.desiredCapacity}`), ...(instances.length > 0 ? [`${instances.length} EC2 instance(s)`] : [])].join(', ');
    const message = `cluster ${cluster.logicalId} would have ${total} container instances (${parts}); ECS allows ${MAX_CONTAINER_INSTANCES_PER_CLUSTER.toLocaleString('en-US')} per cluster`;
    const hint = 'lower DesiredCapacity, or spread the instances over several clusters (the quota is not adjustable)';
    if (largest) findings.add(largest, { severity: 'error', code: 'quota-exceeded', message, hint }, ['DesiredCapacity']);
    else findings.add(cluster, { severity: 'error', code: 'quota-exceeded', message, hint });
  }
  checkFixedAddresses(model, findings);
  checkNetworkAclRules(model, findings);
}

/**
 * "Rules per network ACL": 20 per direction and address family by default, adjustable to 40
 * ("Amazon VPC quotas", https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html);
 * EC2 refuses the 21st entry (NetworkAclEntryLimitExceeded).
 */
export const MAX_RULES_PER_NETWORK_ACL = 20;

function checkNetworkAclRules(model: NetworkModel, findings: Findings): void {
  for (const acl of model.networkAcls) {
    const groups = new Map<string, typeof acl.entries>();
    for (const entry of acl.entries) {
      const key = `${entry.egress ? 'outbound' : 'inbound'} ${entry.cidr.includes(':') ? 'IPv6' : 'IPv4'}`;
      groups.set(key, [...(groups.get(key) ?? []), entry]);
    }
    for (const [key, entries] of groups) {
      if (entries.length <= MAX_RULES_PER_NETWORK_ACL) continue;
      const extra = entries[MAX_RULES_PER_NETWORK_ACL];
      const at = extra?.logicalId && extra.source ? { stack: acl.stack, logicalId: extra.logicalId, source: extra.source } : acl;
      findings.add(at, {
        severity: 'error',
        code: 'vpc-quota-exceeded',
        message: `network ACL ${acl.logicalId} has ${entries.length} ${key} rules; the VPC quota "Rules per network ACL" allows ${MAX_RULES_PER_NETWORK_ACL} per direction and address family`,
        hint: 'merge entries (wider CIDRs or port ranges), or ask AWS for a higher quota (up to 40)',
      });
    }
  }
}

/** A fixed PrivateIpAddress must lie in its subnet and not be one of the five addresses AWS reserves. */
function checkFixedAddresses(model: NetworkModel, findings: Findings): void {
  const subnets = new Map(model.vpcs.flatMap((v) => v.subnets).map((s) => [s.id, s]));
  for (const instance of model.instances) {
    if (!instance.privateIp || isPlaceholder(instance.privateIp)) continue;
    const address = parseIpv4(instance.privateIp);
    const subnet = subnets.get(instance.subnetId);
    const block = subnet ? parseCidr(subnet.cidr) : undefined;
    if (address === undefined || !subnet || !block) continue; // a malformed address is reported by the value check
    const path = ['PrivateIpAddress'];
    if (!blockHas(block, address)) {
      findings.add(
        instance,
        {
          severity: 'error',
          code: 'private-ip-outside-subnet',
          message: `PrivateIpAddress ${instance.privateIp} is not in subnet ${subnet.logicalId} (${subnet.cidr}); EC2: "Address does not fall within the subnet's address range"`,
          hint: `pick an address inside ${subnet.cidr}, or launch the instance in the subnet that holds ${instance.privateIp}`,
        },
        path,
      );
    } else if (address - block.base < 4 || address === lastAddress(block)) {
      findings.add(
        instance,
        {
          severity: 'error',
          code: 'private-ip-reserved',
          message: `PrivateIpAddress ${instance.privateIp} is one of the five addresses AWS reserves in ${subnet.cidr} (network, router, DNS, future use, broadcast)`,
          hint: 'pick an address from the fifth address of the subnet to the second-to-last',
        },
        path,
      );
    }
  }
}

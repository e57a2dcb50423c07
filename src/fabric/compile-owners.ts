/**
 * The namespaces that own ENIs, beyond the cable the VPC compiler lays to each: an EC2
 * instance is a plain namespace; a NAT gateway forwards and translates every flow to its own
 * private address (ports 1024–65535, reference §4.5), which the internet gateway then maps to
 * its Elastic IP, and refuses connections from outside as AWS's does; an interface endpoint's
 * ENI hands everything it receives to the service's endpoint host over a private link into the
 * AWS namespace — no NAT gateway, no internet gateway on the way (reference §4.7).
 *
 * @module
 */
import { linkAddresses, AWS_SERVICE_RANGE } from './address-plan.js';
import type { AwsService } from './aws-services.js';
import type { AwsPrivateLink } from './compile-vpc.js';
import { AWS_NAMESPACE, awsSideOfPrivateLink, IFACE } from './fabric-names.js';
import type { FabricEni } from './fabric-eni.js';
import { interfaceName } from '../dataplane/names.js';
import { PRIORITY } from '../dataplane/nft/types.js';
import { BASE_SYSCTLS, FORWARDER_SYSCTLS, type SpecBuilder } from './spec-builder.js';
import type { NetworkModel } from '../model/types.js';

/** Inputs of {@link compileOwners}. */
export interface OwnerContext {
  model: NetworkModel;
  builder: SpecBuilder;
  services: readonly AwsService[];
  awsLinks: AwsPrivateLink[];
  notes: string[];
}

/** Adds the namespace (and its insides) of every ENI owner. */
export function compileOwners(ctx: OwnerContext, enis: readonly FabricEni[]): void {
  const { builder } = ctx;
  let privateLinks = 0;
  for (const fe of enis) {
    const dev = interfaceName(fe.ownerInterface);
    switch (fe.kind) {
      case 'instance':
        builder.namespaces.push({ name: fe.namespace, sysctls: { ...BASE_SYSCTLS } });
        break;
      case 'nat-gateway': {
        builder.namespaces.push({ name: fe.namespace, sysctls: { ...FORWARDER_SYSCTLS } });
        const ip = fe.eni.privateIp;
        builder.nftables.push({
          namespace: fe.namespace,
          tables: [
            {
              family: 'inet',
              name: 'ecsnet_nat',
              sets: [],
              maps: [],
              counters: [],
              chains: [
                {
                  // every forwarded flow leaves with the NAT gateway's private address; the internet gateway maps it to the EIP
                  name: 'postrouting',
                  base: { type: 'nat', hook: 'postrouting', priority: PRIORITY.srcnat, policy: 'accept' },
                  rules: [
                    {
                      exprs: [
                        { match: 'oifname', value: dev },
                        { match: 'ip saddr', op: '!=', value: ip },
                        { match: 'meta l4proto', value: { anyOf: [6, 17] } },
                        { nat: 'snat', to: { address: ip, ports: [1024, 65535] } },
                      ],
                    },
                    {
                      exprs: [
                        { match: 'oifname', value: dev },
                        { match: 'ip saddr', op: '!=', value: ip },
                        { nat: 'snat', to: { address: ip } },
                      ],
                    },
                  ],
                },
                {
                  // a NAT gateway takes no connection from outside
                  name: 'input',
                  base: { type: 'filter', hook: 'input', priority: PRIORITY.filter, policy: 'accept' },
                  rules: [
                    { exprs: [{ match: 'ct state', value: { anyOf: ['established', 'related'] } }, { verdict: { kind: 'accept' } }] },
                    { exprs: [{ match: 'iifname', value: dev }, { match: 'ct state', value: 'new' }, { verdict: { kind: 'drop' } }] },
                  ],
                },
              ],
            },
          ],
        });
        break;
      }
      case 'vpc-endpoint': {
        builder.namespaces.push({ name: fe.namespace, sysctls: { ...FORWARDER_SYSCTLS } });
        const endpoint = ctx.model.vpcEndpoints.find((e) => e.id === fe.ownerId);
        const service = ctx.services.find((s) => s.service === endpoint?.service);
        const link = linkAddresses(builder.nextLink());
        const awsInterface = awsSideOfPrivateLink(privateLinks++);
        builder.veths.push({
          a: { namespace: fe.namespace, name: IFACE.privateLink, addresses: [link.a] },
          b: { namespace: AWS_NAMESPACE, name: awsInterface, addresses: [link.b] },
        });
        builder.routes.push({ namespace: fe.namespace, destination: AWS_SERVICE_RANGE, via: link.bIp, dev: IFACE.privateLink });
        ctx.awsLinks.push({ awsInterface, peerIp: link.aIp, awsAddress: link.b });
        if (!service) {
          ctx.notes.push(`interface endpoint ${fe.ownerId}: service ${endpoint?.serviceName ?? '?'} has no endpoint host in the lab; its ENI answers nothing`);
          break;
        }
        builder.nftables.push({
          namespace: fe.namespace,
          tables: [
            {
              family: 'inet',
              name: 'ecsnet_vpce',
              sets: [],
              maps: [],
              counters: [],
              chains: [
                {
                  // PrivateLink: whatever reaches the ENI goes to the service's endpoint host, source kept
                  name: 'prerouting',
                  base: { type: 'nat', hook: 'prerouting', priority: PRIORITY.dstnat, policy: 'accept' },
                  rules: [
                    {
                      exprs: [
                        { match: 'iifname', value: dev },
                        { match: 'ip daddr', value: fe.eni.privateIp },
                        { nat: 'dnat', to: { address: service.address } },
                      ],
                      comment: `PrivateLink to ${service.service}`,
                    },
                  ],
                },
              ],
            },
          ],
        });
        break;
      }
    }
  }
}

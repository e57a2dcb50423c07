/**
 * Address checks AWS makes when it creates subnets: a subnet's CIDR must be a valid block
 * between /16 and /28 inside one of its VPC's CIDRs, and must not overlap a sibling subnet.
 */
import type { NetworkModel } from '../model/types.js';
import { isPlaceholder } from '../template/placeholder.js';
import { blockContains, blockOverlaps, formatCidr, parseCidr } from '../net/ipv4.js';
import type { Findings } from './finding.js';

/** Reports malformed, misplaced and overlapping subnet and VPC CIDRs. */
export function checkAddressing(model: NetworkModel, findings: Findings): void {
  for (const vpc of model.vpcs) {
    const vpcBlocks = [vpc.cidr, ...vpc.secondaryCidrs].map((c) => parseCidr(c, true)).filter((c) => c !== undefined);
    if (vpc.cidr && !isPlaceholder(vpc.cidr) && !parseCidr(vpc.cidr)) {
      findings.add(
        vpc,
        {
          severity: 'error',
          code: 'invalid-cidr',
          message: `"${vpc.cidr}" is not a valid IPv4 CIDR block`,
          hint: 'write it as a.b.c.d/n with no host bits set, between /16 and /28',
        },
        ['CidrBlock'],
      );
    } else if (vpc.cidr) {
      const block = parseCidr(vpc.cidr);
      if (block && (block.prefixLength < 16 || block.prefixLength > 28)) {
        findings.add(
          vpc,
          { severity: 'error', code: 'invalid-cidr', message: `a VPC CIDR must be between /16 and /28, not /${block.prefixLength}`, hint: 'choose a prefix length from 16 to 28' },
          ['CidrBlock'],
        );
      }
    }
    const checked: { cidr: ReturnType<typeof parseCidr>; logicalId: string }[] = [];
    for (const subnet of vpc.subnets) {
      // A value resolution could not compute was reported there; one finding per cause.
      if (isPlaceholder(subnet.cidr)) continue;
      if (subnet.cidr === '') {
        findings.add(subnet, {
          severity: 'error',
          code: 'subnet-without-cidr',
          message: 'the subnet has no IPv4 CidrBlock',
          hint: 'set CidrBlock to a block inside the VPC (IPv6-only subnets are not emulated)',
        });
        continue;
      }
      const block = parseCidr(subnet.cidr);
      if (!block) {
        findings.add(
          subnet,
          { severity: 'error', code: 'invalid-cidr', message: `"${subnet.cidr}" is not a valid IPv4 CIDR block`, hint: 'write it as a.b.c.d/n with no host bits set' },
          ['CidrBlock'],
        );
        continue;
      }
      if (block.prefixLength < 16 || block.prefixLength > 28) {
        findings.add(
          subnet,
          { severity: 'error', code: 'invalid-cidr', message: `a subnet must be between /16 and /28, not /${block.prefixLength}`, hint: 'choose a prefix length from 16 to 28' },
          ['CidrBlock'],
        );
      }
      if (vpcBlocks.length > 0 && !vpcBlocks.some((v) => blockContains(v, block))) {
        findings.add(
          subnet,
          {
            severity: 'error',
            code: 'subnet-outside-vpc',
            message: `subnet ${formatCidr(block)} is not inside VPC ${vpc.logicalId} (${[vpc.cidr, ...vpc.secondaryCidrs].join(', ')})`,
            hint: `pick a block inside ${vpc.cidr}, or add a secondary CIDR with AWS::EC2::VPCCidrBlock`,
          },
          ['CidrBlock'],
        );
      }
      const clash = checked.find((other) => other.cidr && blockOverlaps(other.cidr, block));
      if (clash) {
        findings.add(
          subnet,
          {
            severity: 'error',
            code: 'subnet-overlap',
            message: `subnet ${formatCidr(block)} overlaps subnet ${clash.logicalId} (${clash.cidr ? formatCidr(clash.cidr) : ''}) in the same VPC`,
            hint: 'give each subnet its own block, e.g. with !Select [i, !Cidr [VPC CIDR, count, bits]]',
          },
          ['CidrBlock'],
        );
      }
      checked.push({ cidr: block, logicalId: subnet.logicalId });
    }
  }
}

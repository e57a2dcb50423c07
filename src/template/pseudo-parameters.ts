/**
 * Pseudo parameters (AWS::Region, AWS::AccountId, ...). Values follow AWS's formats so that ARNs
 * and names built from them look like the ones a real deployment would produce.
 */
import { deterministicUuid } from './hash.js';
import type { CfnValue } from './types.js';

/** Names of the pseudo parameters, for "did you mean" hints. */
export const PSEUDO_PARAMETERS = [
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
] as const;

/** The partition of a region: aws-cn for China, aws-us-gov for GovCloud, else aws. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The domain suffix of endpoints in a region (amazonaws.com.cn in China). */
export function urlSuffixOf(region: string): string {
  return region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
}

/** The stack ARN CloudFormation would assign, with a UUID derived from the stack name. */
export function stackArn(region: string, accountId: string, stackName: string): string {
  return `arn:${partitionOf(region)}:cloudformation:${region}:${accountId}:stack/${stackName}/${deterministicUuid(`stack:${stackName}`)}`;
}

/** Value of a pseudo parameter other than AWS::NoValue, or undefined for an unknown name. */
export function pseudoParameterValue(name: string, region: string, accountId: string, stackName: string): CfnValue | undefined {
  switch (name) {
    case 'AWS::Region':
      return region;
    case 'AWS::AccountId':
      return accountId;
    case 'AWS::StackName':
      return stackName;
    case 'AWS::StackId':
      return stackArn(region, accountId, stackName);
    case 'AWS::Partition':
      return partitionOf(region);
    case 'AWS::URLSuffix':
      return urlSuffixOf(region);
    case 'AWS::NotificationARNs':
      return [];
    default:
      return undefined;
  }
}

/**
 * Sorts a resource type into how it can be checked: against the specification, as a custom
 * resource (open-ended properties behind a ServiceToken), as a type the specification cannot
 * describe faithfully (SAM, CDK metadata), or as unknown. Pure.
 */
import { resourceSpec, type ResourceSpec, type SpecIndex } from './spec-index.js';

/** How the checks treat a resource type. */
export type ResourceKind =
  { kind: 'specified'; spec: ResourceSpec } | { kind: 'custom'; spec: ResourceSpec | undefined } | { kind: 'unchecked'; reason: string } | { kind: 'unknown' };

/**
 * SAM resources that are checked against the specification. The others get properties from
 * the template's `Globals` section (a Function's Runtime, an Api's StageName), so checking them
 * as written would report required properties that are in fact there.
 */
const CHECKED_SAM_TYPES = new Set(['AWS::Serverless::Application']);

/** Classifies `type`; custom resources borrow AWS::CloudFormation::CustomResource's spec for ServiceToken. */
export function classifyResourceType(spec: SpecIndex, type: string): ResourceKind {
  if (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource') {
    return { kind: 'custom', spec: resourceSpec(spec, 'AWS::CloudFormation::CustomResource') };
  }
  if (type === 'AWS::CDK::Metadata') return { kind: 'unchecked', reason: 'CDK metadata, not deployed as a resource' };
  if (type.startsWith('AWS::Serverless::') && !CHECKED_SAM_TYPES.has(type)) {
    return { kind: 'unchecked', reason: 'SAM resource: the transform fills properties from Globals, so it is not checked as written' };
  }
  const found = resourceSpec(spec, type);
  return found ? { kind: 'specified', spec: found } : { kind: 'unknown' };
}

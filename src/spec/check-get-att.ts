/**
 * Checks every attribute read — `Fn::GetAtt` and `${Resource.Attribute}` inside `Fn::Sub` —
 * against the attributes the target's type has. A wrong attribute name (`VPC.CidrBlocks`) is
 * rejected by CloudFormation before anything deploys, but only one at a time; here all are
 * listed with the name that was probably meant. Nested-stack outputs (`Child.Outputs.X`) are
 * left to the resolver, which knows the child's outputs. Pure.
 */
import type { CfnPath, CfnValue } from '../template/types.js';
import { isPlainObject, report, type SpecCheckContext } from './check-context.js';
import { getAttTarget } from './intrinsic-shape.js';
import { classifyResourceType } from './resource-kind.js';
import { didYouMean } from '../util/suggest-name.js';

/** Types whose `Outputs.<Name>` attributes come from a child template. */
const NESTED_STACK_TYPES = new Set(['AWS::CloudFormation::Stack', 'AWS::Serverless::Application']);

/** Runs the attribute check over the whole template (Resources, Outputs, Conditions, ...). */
export function checkGetAtts(context: SpecCheckContext): void {
  visit(context, context.template.body, []);
}

function visit(context: SpecCheckContext, value: CfnValue, path: CfnPath): void {
  if (Array.isArray(value)) {
    value.forEach((element, index) => visit(context, element, [...path, index]));
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const childPath = [...path, key];
    if (key === 'Fn::GetAtt') {
      const target = getAttTarget(child);
      if (target) checkAttribute(context, target.logicalId, target.attribute, childPath);
    } else if (key === 'Fn::Sub') {
      for (const target of subReferences(child)) checkAttribute(context, target.logicalId, target.attribute, childPath);
    }
    visit(context, child, childPath);
  }
}

/** The `${Id.Attr}` references of a `Fn::Sub` argument, leaving out `${!Literal}` and names bound by its variable map. */
function subReferences(argument: CfnValue): { logicalId: string; attribute: string }[] {
  const [text, variables] = Array.isArray(argument) ? argument : [argument, undefined];
  if (typeof text !== 'string') return [];
  const bound = isPlainObject(variables) ? variables : {};
  const found: { logicalId: string; attribute: string }[] = [];
  for (const match of text.matchAll(/\$\{([^}!][^}]*)\}/g)) {
    const name = (match[1] as string).trim();
    const dot = name.indexOf('.');
    if (dot <= 0 || name in bound || name.startsWith('AWS::')) continue;
    found.push({ logicalId: name.slice(0, dot), attribute: name.slice(dot + 1) });
  }
  return found;
}

function checkAttribute(context: SpecCheckContext, logicalId: string, attribute: string, path: CfnPath): void {
  const type = context.resourceTypes.get(logicalId);
  if (type === undefined) return; // not a resource of this template: the resolver reports it
  if (NESTED_STACK_TYPES.has(type) && attribute.startsWith('Outputs.')) return;
  const kind = classifyResourceType(context.spec, type);
  if (kind.kind !== 'specified') return; // custom, SAM-generated or unknown: attributes cannot be known
  const attributes = Object.keys(kind.spec.attributes);
  if (attributes.includes(attribute)) return;
  report(context, {
    severity: 'error',
    code: 'unknown-attribute',
    path,
    message: `${type} ${logicalId} has no attribute ${attribute}`,
    hint: didYouMean(attribute, attributes) ?? listAttributes(type, logicalId, attributes),
  });
}

/** The attributes to offer when no name is close; nested ones (`A.B.C`) only when there is nothing else. */
function listAttributes(type: string, logicalId: string, attributes: string[]): string {
  if (attributes.length === 0) return `${type} has no attributes; use Ref ${logicalId}`;
  const topLevel = attributes.filter((name) => !name.includes('.'));
  const shown = (topLevel.length > 0 ? topLevel : attributes).sort();
  const listed = shown.length <= 12 ? shown.join(', ') : `${shown.slice(0, 12).join(', ')}, ...`;
  return `its attributes are ${listed}`;
}

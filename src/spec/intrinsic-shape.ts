/**
 * What an intrinsic function yields, as far as it is certain before resolution. The spec
 * checks look at the template as written, where many values are `Ref`/`Fn::*` nodes; their
 * values are unknown, but often their shape is not: `Fn::GetAZs` is always a list, `Fn::Join`
 * always a string, a `Ref` of a `List<...>` parameter a list. Giving a list where a string is
 * needed (or the reverse) is a classic deploy failure, so that much is checked. Pure.
 */
import type { CfnValue } from '../template/types.js';
import { isPlainObject, type SpecCheckContext } from './check-context.js';
import { resourceSpec } from './spec-index.js';

/** `string`/`integer`: a scalar; `list`: a list of scalars; `absent`: AWS::NoValue; `unknown`: cannot say before resolution. */
export type IntrinsicShape = 'string' | 'integer' | 'list' | 'absent' | 'unknown';

/** The function name when `value` is an intrinsic (`Ref` or `Fn::*`, a one-key object), else undefined. */
export function intrinsicName(value: CfnValue | undefined): string | undefined {
  if (!isPlainObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const key = keys[0] as string;
  return key === 'Ref' || key.startsWith('Fn::') ? key : undefined;
}

const STRING_FUNCTIONS = new Set(['Fn::Join', 'Fn::Sub', 'Fn::Base64', 'Fn::ToJsonString']);
const LIST_FUNCTIONS = new Set(['Fn::GetAZs', 'Fn::Split', 'Fn::Cidr']);

/** The shape of an intrinsic node (`name` is its function, `argument` the value under it). */
export function intrinsicShape(context: SpecCheckContext, name: string, argument: CfnValue): IntrinsicShape {
  if (STRING_FUNCTIONS.has(name)) return 'string';
  if (LIST_FUNCTIONS.has(name)) return 'list';
  if (name === 'Fn::Length') return 'integer';
  if (name === 'Ref') return typeof argument === 'string' ? refShape(context, argument) : 'unknown';
  if (name === 'Fn::GetAtt') return getAttShape(context, argument);
  return 'unknown'; // Fn::Select, Fn::FindInMap, Fn::ImportValue, Fn::If, Fn::Transform: depends on data
}

function refShape(context: SpecCheckContext, target: string): IntrinsicShape {
  if (target === 'AWS::NoValue') return 'absent';
  if (target === 'AWS::NotificationARNs') return 'list';
  if (target.startsWith('AWS::')) return 'string';
  const parameterType = context.parameterTypes.get(target);
  if (parameterType !== undefined) return isListParameterType(parameterType) ? 'list' : 'string';
  if (context.resourceTypes.has(target)) return 'string'; // Ref of a resource is its physical id
  return 'unknown'; // dangling: reported by the resolver
}

/**
 * CloudFormation parameter types whose `Ref` is a list: `List<...>`, `CommaDelimitedList`, and
 * the SSM parameter types that wrap them.
 */
export function isListParameterType(type: string): boolean {
  const inner = /^AWS::SSM::Parameter::Value<(.*)>$/.exec(type)?.[1] ?? type;
  return inner.startsWith('List<') || inner === 'CommaDelimitedList';
}

function getAttShape(context: SpecCheckContext, argument: CfnValue): IntrinsicShape {
  const target = getAttTarget(argument);
  if (!target) return 'unknown';
  const type = context.resourceTypes.get(target.logicalId);
  const spec = type === undefined ? undefined : resourceSpec(context.spec, type);
  const attribute = spec && Object.prototype.hasOwnProperty.call(spec.attributes, target.attribute) ? spec.attributes[target.attribute] : undefined;
  if (attribute === undefined) return 'unknown';
  if (typeof attribute === 'object' && 'list' in attribute) return 'list';
  if (attribute === 'string' || attribute === 'timestamp') return 'string';
  if (attribute === 'integer' || attribute === 'number') return 'integer';
  return 'unknown';
}

/** The logical id and attribute of a `Fn::GetAtt` argument: `[Id, Attr]` or the string `Id.Attr`; undefined when computed. */
export function getAttTarget(argument: CfnValue): { logicalId: string; attribute: string } | undefined {
  if (typeof argument === 'string') {
    const dot = argument.indexOf('.');
    return dot > 0 ? { logicalId: argument.slice(0, dot), attribute: argument.slice(dot + 1) } : undefined;
  }
  if (Array.isArray(argument) && argument.length === 2) {
    const [logicalId, attribute] = argument;
    if (typeof logicalId === 'string' && typeof attribute === 'string') return { logicalId, attribute };
  }
  return undefined;
}

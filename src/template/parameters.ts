/**
 * Template parameters: their types, how a given value becomes what `Ref` returns, and the
 * constraints CloudFormation checks before it creates anything (AllowedValues, AllowedPattern,
 * lengths and bounds).
 *
 * Ref of a Number parameter returns a number and of a list type an array, so later layers do not
 * have to re-split or re-parse; every scalar stays usable as text (CloudFormation coerces).
 * SSM parameter types cannot be read locally: the Default is an SSM parameter *name*, which
 * becomes a deterministic value of the right shape (ami-… for an image id); a `--param` override
 * is taken as the resolved value itself.
 */
import { compileLinearRegex } from '../util/linear-regex.js';
import { hexDigits } from './hash.js';
import { placeholder } from './placeholder.js';
import type { CfnValue } from './types.js';

type CfnMap = { [key: string]: CfnValue };

/** How a parameter type's value is shaped. */
export interface ParameterKind {
  list: boolean;
  number: boolean;
  /** Inner type of `AWS::SSM::Parameter::Value<...>`; undefined for other types. */
  ssmValueType?: string;
}

const AWS_SPECIFIC = /^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+(::[A-Za-z0-9]+)*$/;

/** The shape of `type`, or undefined when CloudFormation does not know the type. */
export function parameterKind(type: string): ParameterKind | undefined {
  if (type === 'String' || type === 'AWS::SSM::Parameter::Name') return { list: false, number: false };
  if (type === 'Number') return { list: false, number: true };
  if (type === 'CommaDelimitedList') return { list: true, number: false };
  if (type === 'List<Number>') return { list: true, number: true };
  const ssm = /^AWS::SSM::Parameter::Value<(.+)>$/.exec(type);
  if (ssm) {
    const inner = ssm[1] ?? 'String';
    const innerKind = parameterKind(inner);
    if (!innerKind) return undefined;
    return { ...innerKind, ssmValueType: inner };
  }
  const list = /^List<(.+)>$/.exec(type);
  if (list) return AWS_SPECIFIC.test(list[1] ?? '') ? { list: true, number: false } : undefined;
  return AWS_SPECIFIC.test(type) ? { list: false, number: false } : undefined;
}

/** Id prefixes of AWS-specific types, for values standing in for SSM parameters. */
const ID_PREFIXES: Readonly<Record<string, string>> = {
  'AWS::EC2::Image::Id': 'ami-',
  'AWS::EC2::Instance::Id': 'i-',
  'AWS::EC2::SecurityGroup::Id': 'sg-',
  'AWS::EC2::Subnet::Id': 'subnet-',
  'AWS::EC2::Volume::Id': 'vol-',
  'AWS::EC2::VPC::Id': 'vpc-',
};

/** A deterministic value for SSM parameter `name` of inner type `valueType`. */
export function ssmStandIn(valueType: string, name: string): { value: CfnValue; known: boolean } {
  const element = /^List<(.+)>$/.exec(valueType)?.[1] ?? valueType;
  const prefix = ID_PREFIXES[element];
  const single = prefix ? `${prefix}0${hexDigits(`ssm:${name}`, 16)}` : placeholder(`SSM parameter ${name}`);
  const list = element !== valueType || valueType === 'CommaDelimitedList';
  return { value: list ? [single] : single, known: prefix !== undefined };
}

/** Converts a given value (text from the command line, a template Default, or a parent stack's value) to what Ref returns. */
export function coerceParameterValue(kind: ParameterKind, raw: CfnValue): { value: CfnValue } | { error: string } {
  if (kind.list) {
    let items: CfnValue[];
    if (Array.isArray(raw)) items = raw;
    else if (typeof raw === 'string') items = raw.trim() === '' ? [] : raw.split(',').map((s) => s.trim());
    else if (typeof raw === 'number' || typeof raw === 'boolean') items = [String(raw)];
    else return { error: 'expected a comma-separated list' };
    const out: CfnValue[] = [];
    for (const item of items) {
      if (item !== null && typeof item === 'object') return { error: 'expected a list of plain values' };
      const text = String(item);
      if (kind.number) {
        if (!isNumeric(text)) return { error: `'${text}' is not a number` };
        out.push(Number(text));
      } else out.push(text);
    }
    return { value: out };
  }
  if (raw !== null && typeof raw === 'object') return { error: 'expected a single value, got a list or object (join lists with Fn::Join before passing them)' };
  const text = raw === null ? '' : String(raw);
  if (kind.number) {
    if (!isNumeric(text)) return { error: `'${text}' is not a number` };
    return { value: Number(text) };
  }
  return { value: text };
}

function isNumeric(text: string): boolean {
  return text.trim() !== '' && Number.isFinite(Number(text));
}

/** Checks a resolved value against the declaration's constraints; returns why it is refused, or undefined. */
export function checkParameterConstraints(declaration: CfnMap, kind: ParameterKind, value: CfnValue): string | undefined {
  const items = Array.isArray(value) ? value : [value];
  const allowed = declaration.AllowedValues;
  if (Array.isArray(allowed)) {
    const texts = allowed.map((a) => String(a));
    for (const item of items) {
      if (!texts.includes(String(item))) return `'${String(item)}' is not one of the AllowedValues [${texts.join(', ')}]`;
    }
  }
  const pattern = declaration.AllowedPattern;
  if (typeof pattern === 'string' && !kind.number) {
    // The pattern comes from the template: matched in linear time (`^(a+)+$` would backtrack for
    // minutes in JavaScript's engine). One that cannot be matched so is reported by uncheckablePattern.
    const regex = compileLinearRegex(pattern);
    for (const item of items) {
      if (regex.ok && !regex.fullMatch(String(item))) {
        const description = typeof declaration.ConstraintDescription === 'string' ? ` (${declaration.ConstraintDescription})` : '';
        return `'${String(item)}' does not match the AllowedPattern ${pattern}${description}`;
      }
    }
  }
  for (const item of items) {
    const text = String(item);
    const min = Number(declaration.MinLength);
    const max = Number(declaration.MaxLength);
    if (!kind.number && declaration.MinLength !== undefined && text.length < min) return `'${text}' is shorter than MinLength ${min}`;
    if (!kind.number && declaration.MaxLength !== undefined && text.length > max) return `'${text}' is longer than MaxLength ${max}`;
    if (kind.number) {
      const n = Number(text);
      if (declaration.MinValue !== undefined && n < Number(declaration.MinValue)) return `${n} is below MinValue ${String(declaration.MinValue)}`;
      if (declaration.MaxValue !== undefined && n > Number(declaration.MaxValue)) return `${n} is above MaxValue ${String(declaration.MaxValue)}`;
    }
  }
  return undefined;
}

/**
 * Why a declaration's AllowedPattern cannot be checked here (a lookaround or backreference has no
 * linear-time match, or the pattern does not compile), or undefined. Values are then not checked
 * against it, so the caller warns instead of staying silent.
 */
export function uncheckablePattern(declaration: CfnMap): string | undefined {
  const pattern = declaration.AllowedPattern;
  if (typeof pattern !== 'string') return undefined;
  const regex = compileLinearRegex(pattern);
  return regex.ok ? undefined : regex.reason;
}

/** A placeholder of the right shape for a parameter that has no value. */
export function missingParameterValue(kind: ParameterKind | undefined, name: string): CfnValue {
  const text = placeholder(`parameter ${name}`);
  return kind?.list ? [text] : text;
}

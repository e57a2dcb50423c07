/**
 * Whether a literal scalar is acceptable for a primitive property type, with CloudFormation's
 * own leniency: it converts scalars to strings, reads numeric strings as numbers ("80" is a
 * valid Integer) and the strings "true"/"false" as booleans. Being stricter than AWS would
 * reject templates that deploy. Pure.
 */
import type { CfnValue } from '../template/types.js';
import type { PrimitiveKind } from './spec-index.js';

const INTEGER = /^[-+]?\d+$/;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** True when CloudFormation accepts the scalar `value` where `kind` is expected. */
export function scalarFits(kind: PrimitiveKind, value: string | number | boolean): boolean {
  switch (kind) {
    case 'string':
    case 'json':
      return true;
    case 'timestamp':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' ? Number.isInteger(value) : typeof value === 'string' && INTEGER.test(value.trim());
    case 'number':
      return typeof value === 'number' || (typeof value === 'string' && NUMBER.test(value.trim()));
    case 'boolean':
      return typeof value === 'boolean' || (typeof value === 'string' && /^(true|false)$/i.test(value));
    case 'tag':
    case 'null':
      return false;
  }
}

/** Describes a literal for messages: `String "eighty"`, `Number 1.5`, `a list`, `an object`. */
export function describeValue(value: CfnValue): string {
  if (value === null) return 'no value (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `String ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`;
  if (typeof value === 'number') return `Number ${value}`;
  return `Boolean ${value}`;
}

/** What to write instead, per expected primitive. */
export function primitiveHint(kind: PrimitiveKind): string {
  switch (kind) {
    case 'integer':
      return 'write a whole number such as 80; a numeric string such as "80" also works';
    case 'number':
      return 'write a number such as 0.5';
    case 'boolean':
      return 'write true or false';
    case 'timestamp':
      return 'write an ISO 8601 date string such as "2024-01-31T00:00:00Z"';
    case 'tag':
      return 'write an object with Key and Value';
    default:
      return 'write a single value, not a list or an object';
  }
}

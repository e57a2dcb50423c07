/**
 * Reading resolved property values the way CloudFormation does: numbers may arrive as
 * strings (every Ref to a Number parameter does), booleans as "true"/"false", lists as a
 * comma-joined string from an ImportValue. The builder must accept all of those, so the
 * coercions live in one place instead of at every property.
 */
import { isPlaceholder } from '../template/placeholder.js';
import type { CfnValue } from '../template/types.js';

/** A property bag after resolution. */
export type Props = { [key: string]: CfnValue };

/** A plain object, or undefined for anything else (lists, scalars, absent). */
export function obj(value: CfnValue | undefined): Props | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}

/** Text of a scalar; undefined for absent values, lists and objects. */
export function str(value: CfnValue | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A number from a number or a numeric string (CloudFormation's Integer accepts both). */
export function num(value: CfnValue | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** A boolean from true/false or their text forms. */
export function bool(value: CfnValue | undefined): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return undefined;
}

/** A list of items; a single scalar counts as a one-item list, as an imported comma list would after Split. */
export function list(value: CfnValue | undefined): CfnValue[] {
  if (Array.isArray(value)) return value;
  if (value === undefined || value === null) return [];
  return [value];
}

/** A list of strings; comma-joined text (an exported list) is split, empty items dropped. */
export function strList(value: CfnValue | undefined): string[] {
  const out: string[] = [];
  for (const item of list(value)) {
    const text = str(item);
    if (text === undefined) continue;
    for (const part of text.split(',')) if (part.trim() !== '') out.push(part.trim());
  }
  return out;
}

/** Key/value pairs given as `[{Name, Value}]` or `[{Key, Value}]` (environment, tags, properties). */
export function nameValuePairs(value: CfnValue | undefined, keyName = 'Name'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list(value)) {
    const o = obj(item);
    const key = str(o?.[keyName]);
    if (o && key !== undefined) out[key] = str(o.Value) ?? '';
  }
  return out;
}

/** Decodes base64 text (user data) without Node's Buffer, so the model stays usable in a browser. */
export function decodeBase64(text: string): string | undefined {
  try {
    const binary = atob(text.replace(/\s+/g, ''));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder().decode(bytes);
  } catch {
    return undefined;
  }
}

/** Task-level cpu in CPU units, in either form ECS takes: `256`, `"0.25 vCPU"`, `"1 vcpu"` → 256, 256, 1024. */
export function taskCpuUnits(value: CfnValue | undefined): number | undefined {
  if (value === undefined || isPlaceholder(value) || typeof value === 'object') return undefined;
  const match = /^\s*(\d*\.?\d+)\s*(vcpu)?\s*$/i.exec(String(value));
  if (!match) return undefined;
  return match[2] ? Math.round(Number(match[1]) * 1024) : Number(match[1]);
}

/** Task-level memory in MiB, in either form ECS takes: `512`, `"1 GB"`, `"0.5gb"` → 512, 1024, 512. */
export function taskMemoryMiB(value: CfnValue | undefined): number | undefined {
  if (value === undefined || isPlaceholder(value) || typeof value === 'object') return undefined;
  const match = /^\s*(\d*\.?\d+)\s*(gb)?\s*$/i.exec(String(value));
  if (!match) return undefined;
  return match[2] ? Math.round(Number(match[1]) * 1024) : Number(match[1]);
}

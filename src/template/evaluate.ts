/**
 * Evaluation of intrinsic functions with CloudFormation's semantics. The walk is demand-driven:
 * `Fn::If` evaluates only the branch its condition picks (real templates put an ImportValue of a
 * stack that may not exist in the other branch), and references are resolved through a host that
 * memoizes parameters, conditions and resources, so each is computed once.
 *
 * User mistakes never throw: the host reports a finding at the node's path and the function
 * returns a placeholder, so every problem of a deployment is reported in one run.
 */
import type { Severity } from '../diagnostics.js';
import { availabilityZones } from './availability-zones.js';
import { base64Encode } from './base64.js';
import { evaluateCondition } from './conditions.js';
import { splitCidr } from './fn-cidr.js';
import { MAX_BUILT_VALUE_LENGTH } from './template-limits.js';
import { parseSubTemplate } from './fn-sub.js';
import { placeholder } from './placeholder.js';
import type { CfnValue } from './types.js';

/** What `Ref: AWS::NoValue` evaluates to: the enclosing key or list item disappears. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/** A value during evaluation, which may still be "no value". */
export type Evaluated = CfnValue | typeof NO_VALUE;

/** Where the walk is: who owns the node (for findings and dependency edges) and its template path. */
export interface EvalFrame {
  /** Logical id of the resource, output, parameter or condition being evaluated; findings name it. */
  readonly owner: string | undefined;
  /** Resource whose dependencies the references count toward (undefined outside Resources). */
  readonly dependent: string | undefined;
  /** Template path of the node under evaluation; extended and restored as the walk descends. */
  readonly path: (string | number)[];
}

/** What the evaluator needs from the stack being resolved. */
export interface IntrinsicHost {
  readonly region: string;
  /** Ref to a parameter, pseudo parameter or resource. */
  ref(name: string, frame: EvalFrame): Evaluated;
  /** Fn::GetAtt of a resource attribute (or `Outputs.X` of a nested stack). */
  getAtt(logicalId: string, attribute: string, frame: EvalFrame): CfnValue;
  /** The value of a named condition. */
  condition(name: string, frame: EvalFrame): boolean;
  /** Fn::FindInMap lookup; undefined when a key is missing (the host reports it). */
  findInMap(map: string, top: string, second: string, frame: EvalFrame, quiet: boolean): CfnValue | undefined;
  /** Fn::ImportValue of an export of another stack. */
  importValue(name: string, frame: EvalFrame): CfnValue;
  /** Records a finding at the frame's current path. */
  report(frame: EvalFrame, severity: Severity, code: string, message: string, hint?: string): void;
  /**
   * Accounts for `length` characters an intrinsic is about to build; false (the host reports why)
   * when that would pass the deployment's budget, so amplification by references stays bounded.
   */
  spendText(length: number, frame: EvalFrame, fn: string): boolean;
}

/** Whether `fn` may build a string of `length` characters: under the per-value bound and the host's budget. */
function mayBuild(host: IntrinsicHost, length: number, frame: EvalFrame, fn: string): boolean {
  if (length > MAX_BUILT_VALUE_LENGTH) {
    host.report(
      frame,
      'error',
      'value-too-large',
      `${fn} here builds a value of about ${length} bytes, over ${MAX_BUILT_VALUE_LENGTH} (no value of a template can be larger than CloudFormation's 1 MB template)`,
      'a reference repeated many times multiplies its value; build smaller values',
    );
    return false;
  }
  return host.spendText(length, frame, fn);
}

type CfnMap = { [key: string]: CfnValue };

/** True for a plain mapping (not a list, not a scalar). */
export function isMap(value: CfnValue | undefined): value is CfnMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The intrinsic function a node calls, when it is a single-key `Ref` / `Fn::*` mapping. */
export function intrinsicName(node: CfnValue): string | undefined {
  if (!isMap(node)) return undefined;
  let name: string | undefined;
  for (const key in node) {
    if (name !== undefined) return undefined;
    name = key;
  }
  return name !== undefined && (name === 'Ref' || name.startsWith('Fn::')) ? name : undefined;
}

/** Evaluates a template node: intrinsics are applied, `AWS::NoValue` keys and items are dropped. */
export function evaluate(host: IntrinsicHost, node: CfnValue, frame: EvalFrame): Evaluated {
  if (Array.isArray(node)) {
    const out: CfnValue[] = [];
    for (let i = 0; i < node.length; i++) {
      frame.path.push(i);
      const value = evaluate(host, node[i] ?? null, frame);
      frame.path.pop();
      if (value !== NO_VALUE) out.push(value);
    }
    return out;
  }
  if (!isMap(node)) return node;
  const fn = intrinsicName(node);
  if (fn !== undefined) {
    frame.path.push(fn);
    try {
      return callIntrinsic(host, fn, node[fn] ?? null, frame);
    } finally {
      frame.path.pop();
    }
  }
  const out: CfnMap = {};
  for (const key in node) {
    frame.path.push(key);
    const value = evaluate(host, node[key] ?? null, frame);
    frame.path.pop();
    if (value !== NO_VALUE) out[key] = value;
  }
  return out;
}

/** Evaluates a node at a child path (`frame.path` + `key`), so findings inside it point at it. */
export function evaluateAt(host: IntrinsicHost, node: CfnValue, key: string | number, frame: EvalFrame): Evaluated {
  frame.path.push(key);
  try {
    return evaluate(host, node, frame);
  } finally {
    frame.path.pop();
  }
}

function invalid(host: IntrinsicHost, frame: EvalFrame, fn: string, expected: string): string {
  host.report(frame, 'error', 'invalid-intrinsic', `${fn} expects ${expected}`, `see the ${fn} syntax in the CloudFormation template reference`);
  return placeholder(fn);
}

/** A scalar as text, the way CloudFormation joins and substitutes values. */
export function scalarText(value: Evaluated): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function callIntrinsic(host: IntrinsicHost, fn: string, arg: CfnValue, frame: EvalFrame): Evaluated {
  switch (fn) {
    case 'Ref':
      if (typeof arg !== 'string') return invalid(host, frame, 'Ref', 'the logical id of a parameter or resource, as a string');
      return host.ref(arg, frame);
    case 'Fn::GetAtt':
      return fnGetAtt(host, arg, frame);
    case 'Fn::Sub':
      return fnSub(host, arg, frame);
    case 'Fn::Join':
      return fnJoin(host, arg, frame);
    case 'Fn::Select':
      return fnSelect(host, arg, frame);
    case 'Fn::Split':
      return fnSplit(host, arg, frame);
    case 'Fn::If':
      return fnIf(host, arg, frame);
    case 'Fn::Equals':
    case 'Fn::Not':
    case 'Fn::And':
    case 'Fn::Or':
      return evaluateCondition(host, { [fn]: arg }, frame, true);
    case 'Fn::FindInMap':
      return fnFindInMap(host, arg, frame);
    case 'Fn::GetAZs':
      return fnGetAZs(host, arg, frame);
    case 'Fn::ImportValue': {
      const name = scalarText(evaluateAt(host, arg, 0, frame));
      if (name === undefined) return invalid(host, frame, 'Fn::ImportValue', 'the export name as a string');
      return host.importValue(name, frame);
    }
    case 'Fn::Base64': {
      const text = scalarText(evaluate(host, arg, frame));
      if (text === undefined) return invalid(host, frame, 'Fn::Base64', 'a string');
      if (!mayBuild(host, Math.ceil(text.length / 3) * 4, frame, 'Fn::Base64')) return placeholder('Fn::Base64');
      return base64Encode(text);
    }
    case 'Fn::Cidr':
      return fnCidr(host, arg, frame);
    case 'Fn::Length': {
      const list = evaluate(host, arg, frame);
      if (!Array.isArray(list)) return invalid(host, frame, 'Fn::Length', 'a list');
      return list.length;
    }
    case 'Fn::ToJsonString': {
      const value = evaluate(host, arg, frame);
      const json = JSON.stringify(value === NO_VALUE ? null : value);
      return mayBuild(host, json.length, frame, 'Fn::ToJsonString') ? json : placeholder('Fn::ToJsonString');
    }
    case 'Fn::Transform':
      host.report(
        frame,
        'warning',
        'unsupported-intrinsic',
        'Fn::Transform (macros) cannot run locally; its result is a placeholder',
        'expand the macro first, e.g. with the template that CloudFormation processed',
      );
      return placeholder('Fn::Transform');
    default:
      host.report(frame, 'error', 'unsupported-intrinsic', `${fn} is not a CloudFormation intrinsic function ecsnet knows`, 'check the spelling of the function name');
      return placeholder(fn);
  }
}

function fnGetAtt(host: IntrinsicHost, arg: CfnValue, frame: EvalFrame): CfnValue {
  let resource: string | undefined;
  let attribute: string | undefined;
  if (typeof arg === 'string') {
    const dot = arg.indexOf('.');
    if (dot > 0) {
      resource = arg.slice(0, dot);
      attribute = arg.slice(dot + 1);
    }
  } else if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string') {
    resource = arg[0];
    attribute = scalarText(evaluateAt(host, arg[1] ?? null, 1, frame));
  }
  if (!resource || !attribute) return invalid(host, frame, 'Fn::GetAtt', '[LogicalId, AttributeName] or "LogicalId.AttributeName"');
  return host.getAtt(resource, attribute, frame);
}

function fnSub(host: IntrinsicHost, arg: CfnValue, frame: EvalFrame): CfnValue {
  let template: CfnValue;
  const variables = new Map<string, Evaluated>();
  if (typeof arg === 'string') template = arg;
  else if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string' && isMap(arg[1] ?? null)) {
    template = arg[0];
    const map = arg[1] as CfnMap;
    frame.path.push(1);
    for (const name in map) variables.set(name, evaluateAt(host, map[name] ?? null, name, frame));
    frame.path.pop();
  } else return invalid(host, frame, 'Fn::Sub', 'a string, or [string, {Variable: value}]');
  let out = '';
  for (const part of parseSubTemplate(template)) {
    if ('text' in part) {
      out += part.text;
      continue;
    }
    let value: Evaluated;
    if (variables.has(part.ref)) value = variables.get(part.ref) ?? null;
    else {
      const dot = part.ref.indexOf('.');
      value = dot > 0 ? host.getAtt(part.ref.slice(0, dot), part.ref.slice(dot + 1), frame) : host.ref(part.ref, frame);
    }
    const text = scalarText(value);
    if (text !== undefined && out.length + text.length > MAX_BUILT_VALUE_LENGTH) {
      mayBuild(host, out.length + text.length, frame, 'Fn::Sub');
      return placeholder('Fn::Sub');
    }
    if (text !== undefined) out += text;
    else if (Array.isArray(value)) {
      host.report(
        frame,
        'error',
        'invalid-intrinsic',
        `Fn::Sub variable \${${part.ref}} is a list; Fn::Sub only substitutes strings`,
        `use Fn::Join [",", ...] to make it one string`,
      );
      out += value.map((v) => scalarText(v) ?? '').join(',');
    } else if (value !== NO_VALUE) {
      host.report(frame, 'error', 'invalid-intrinsic', `Fn::Sub variable \${${part.ref}} is not a string`);
      out += placeholder(part.ref);
    }
  }
  return mayBuild(host, out.length, frame, 'Fn::Sub') ? out : placeholder('Fn::Sub');
}

function fnJoin(host: IntrinsicHost, arg: CfnValue, frame: EvalFrame): CfnValue {
  if (!Array.isArray(arg) || arg.length !== 2) return invalid(host, frame, 'Fn::Join', '[delimiter, [values...]]');
  const delimiter = scalarText(evaluateAt(host, arg[0] ?? null, 0, frame));
  const list = evaluateAt(host, arg[1] ?? null, 1, frame);
  if (delimiter === undefined || !Array.isArray(list)) return invalid(host, frame, 'Fn::Join', '[delimiter, [values...]]');
  const texts: string[] = [];
  for (const item of list) {
    const text = scalarText(item);
    if (text === undefined) return invalid(host, frame, 'Fn::Join', 'a list of strings to join (found a nested list or object)');
    texts.push(text);
  }
  const length = texts.reduce((sum, t) => sum + t.length, 0) + delimiter.length * Math.max(0, texts.length - 1);
  return mayBuild(host, length, frame, 'Fn::Join') ? texts.join(delimiter) : placeholder('Fn::Join');
}

function fnSelect(host: IntrinsicHost, arg: CfnValue, frame: EvalFrame): Evaluated {
  if (!Array.isArray(arg) || arg.length !== 2) return invalid(host, frame, 'Fn::Select', '[index, [values...]]');
  const indexText = scalarText(evaluateAt(host, arg[0] ?? null, 0, frame));
  const list = evaluateAt(host, arg[1] ?? null, 1, frame);
  const index = indexText !== undefined && /^\d+$/.test(indexText.trim()) ? Number(indexText) : NaN;
  if (!Number.isInteger(index) || !Array.isArray(list)) return invalid(host, frame, 'Fn::Select', '[index, [values...]] with a non-negative integer index');
  if (index >= list.length) {
    host.report(frame, 'error', 'select-out-of-range', `Fn::Select index ${index} is out of range: the list has ${list.length} item(s)`, `use an index below ${list.length}`);
    return placeholder(`Fn::Select ${index}`);
  }
  return list[index] ?? null;
}

function fnSplit(host: IntrinsicHost, arg: CfnValue, frame: EvalFrame): CfnValue {
  if (!Array.isArray(arg) || arg.length !== 2) return invalid(host, frame, 'Fn::Split', '[delimiter, string]');
  const delimiter = scalarText(evaluateAt(host, arg[0] ?? null, 0, frame));
  const source = scalarText(evaluateAt(host, arg[1] ?? null, 1, frame));
  if (delimiter === undefined || delimiter === '' || source === undefined) return [invalid(host, frame, 'Fn::Split', '[delimiter, string] with a non-empty delimiter')];
  // A list costs its text and a little per element: a parameter split at thousands of sites must
  // not fill the heap. The text is charged first, so nothing is split once the budget is spent.
  if (!mayBuild(host, source.length, frame, 'Fn::Split')) return [placeholder('Fn::Split')];
  const parts = source.split(delimiter);
  return mayBuild(host, 16 * parts.length, frame, 'Fn::Split') ? parts : [placeholder('Fn::Split')];
}

function fnIf(host: IntrinsicHost, arg: CfnValue, frame: EvalFrame): Evaluated {
  if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string') return invalid(host, frame, 'Fn::If', '[ConditionName, valueIfTrue, valueIfFalse]');
  frame.path.push(0);
  const chosen = host.condition(arg[0], frame);
  frame.path.pop();
  const branch = chosen ? 1 : 2;
  return evaluateAt(host, arg[branch] ?? null, branch, frame);
}

function fnFindInMap(host: IntrinsicHost, arg: CfnValue, frame: EvalFrame): CfnValue {
  if (!Array.isArray(arg) || (arg.length !== 3 && arg.length !== 4))
    return invalid(host, frame, 'Fn::FindInMap', '[MapName, TopLevelKey, SecondLevelKey] (and optionally {DefaultValue: v})');
  const keys: string[] = [];
  for (let i = 0; i < 3; i++) {
    const key = scalarText(evaluateAt(host, arg[i] ?? null, i, frame));
    if (key === undefined) return invalid(host, frame, 'Fn::FindInMap', 'map and key names that are strings');
    keys.push(key);
  }
  const defaultNode = arg[3];
  const hasDefault = isMap(defaultNode ?? null) && 'DefaultValue' in (defaultNode as CfnMap);
  const found = host.findInMap(keys[0] ?? '', keys[1] ?? '', keys[2] ?? '', frame, hasDefault);
  if (found !== undefined) return found;
  if (hasDefault) {
    frame.path.push(3);
    const value = evaluateAt(host, (defaultNode as CfnMap).DefaultValue ?? null, 'DefaultValue', frame);
    frame.path.pop();
    return value === NO_VALUE ? null : value;
  }
  return placeholder(`Fn::FindInMap ${keys.join('.')}`);
}

function fnGetAZs(host: IntrinsicHost, arg: CfnValue, frame: EvalFrame): CfnValue {
  const region = scalarText(evaluate(host, arg, frame));
  if (region === undefined) return [invalid(host, frame, 'Fn::GetAZs', "a region name, or '' for the stack's region")];
  return availabilityZones(region === '' ? host.region : region);
}

function fnCidr(host: IntrinsicHost, arg: CfnValue, frame: EvalFrame): CfnValue {
  if (!Array.isArray(arg) || arg.length !== 3) return [invalid(host, frame, 'Fn::Cidr', '[ipBlock, count, cidrBits]')];
  const block = scalarText(evaluateAt(host, arg[0] ?? null, 0, frame));
  const count = Number(scalarText(evaluateAt(host, arg[1] ?? null, 1, frame)));
  const bits = Number(scalarText(evaluateAt(host, arg[2] ?? null, 2, frame)));
  if (block === undefined) return [invalid(host, frame, 'Fn::Cidr', '[ipBlock, count, cidrBits] with ipBlock a CIDR string')];
  const result = splitCidr(block, count, bits);
  if (!result.ok) {
    host.report(frame, 'error', 'invalid-cidr', `Fn::Cidr: ${result.reason}`, 'adjust ipBlock, count or cidrBits');
    return [placeholder('Fn::Cidr')];
  }
  return result.blocks;
}

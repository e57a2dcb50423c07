/**
 * Condition functions (Fn::Equals, Fn::Not, Fn::And, Fn::Or, Condition). They decide which
 * resources exist and which Fn::If branch is taken, so their comparisons follow CloudFormation:
 * every scalar compares as text (`true` equals "true", 2 equals "2").
 */
import type { Evaluated, EvalFrame, IntrinsicHost } from './evaluate.js';
import { evaluate, evaluateAt, isMap, NO_VALUE } from './evaluate.js';
import type { CfnValue } from './types.js';

/**
 * Evaluates a condition expression to a boolean. `nested` is true when called from inside
 * another function (then a bare `{Condition: Name}` is allowed as an operand).
 */
export function evaluateCondition(host: IntrinsicHost, node: CfnValue, frame: EvalFrame, nested = false): boolean {
  if (isMap(node)) {
    const keys = Object.keys(node);
    const fn = keys.length === 1 ? keys[0] : undefined;
    const arg = fn === undefined ? null : (node[fn] ?? null);
    if (fn === 'Condition') {
      if (typeof arg !== 'string') return bad(host, frame, 'Condition', 'a condition name');
      frame.path.push(fn);
      const value = host.condition(arg, frame);
      frame.path.pop();
      return value;
    }
    if (fn === 'Fn::Equals' || fn === 'Fn::Not' || fn === 'Fn::And' || fn === 'Fn::Or') {
      frame.path.push(fn);
      try {
        return conditionFunction(host, fn, arg, frame);
      } finally {
        frame.path.pop();
      }
    }
  }
  const value = evaluate(host, node, frame);
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  host.report(
    frame,
    'error',
    'invalid-condition',
    `a condition must be Fn::Equals, Fn::Not, Fn::And, Fn::Or or {Condition: Name}${nested ? '' : ' at the top'}`,
    'rewrite the condition with the condition functions',
  );
  return false;
}

function conditionFunction(host: IntrinsicHost, fn: string, arg: CfnValue, frame: EvalFrame): boolean {
  if (fn === 'Fn::Equals') {
    if (!Array.isArray(arg) || arg.length !== 2) return bad(host, frame, fn, '[value1, value2]');
    const left = evaluateAt(host, arg[0] ?? null, 0, frame);
    const right = evaluateAt(host, arg[1] ?? null, 1, frame);
    return comparable(left) === comparable(right);
  }
  if (fn === 'Fn::Not') {
    if (!Array.isArray(arg) || arg.length !== 1) return bad(host, frame, fn, '[condition]');
    return !nestedCondition(host, arg[0] ?? null, 0, frame);
  }
  if (!Array.isArray(arg) || arg.length < 2 || arg.length > 10) return bad(host, frame, fn, 'a list of 2 to 10 conditions');
  // Every operand is evaluated (no short-circuit), as CloudFormation validates them all.
  const values = arg.map((item, i) => nestedCondition(host, item, i, frame));
  return fn === 'Fn::And' ? values.every(Boolean) : values.some(Boolean);
}

function nestedCondition(host: IntrinsicHost, node: CfnValue, index: number, frame: EvalFrame): boolean {
  frame.path.push(index);
  try {
    return evaluateCondition(host, node, frame, true);
  } finally {
    frame.path.pop();
  }
}

/** Canonical text of a value for Fn::Equals: scalars as text, lists item by item. */
function comparable(value: Evaluated): string {
  if (value === NO_VALUE) return '\u0000novalue';
  const normalize = (v: CfnValue): CfnValue => (Array.isArray(v) ? v.map(normalize) : v === null || typeof v === 'object' ? v : String(v));
  return JSON.stringify(normalize(value));
}

function bad(host: IntrinsicHost, frame: EvalFrame, fn: string, expected: string): boolean {
  host.report(frame, 'error', 'invalid-condition', `${fn} expects ${expected}`, `see the ${fn} syntax in the CloudFormation template reference`);
  return false;
}

/**
 * memberOf placement constraints: the part of ECS's cluster query language that can be
 * answered from the template alone (built-in instance attributes and instance ids, the
 * operators ==, !=, in, not_in, =~, !~, exists, !exists, and/or/not with parentheses).
 * Anything else (custom attributes, task:group, agentVersion, …) depends on the running
 * cluster, so it is reported as unsupported and the caller ignores the constraint rather
 * than guessing.
 */
import { compileLinearRegex } from '../util/linear-regex.js';

/** ECS's limit on a cluster query expression's length (and a bound on the recursive parser below). */
const MAX_EXPRESSION_LENGTH = 2000;

/** A pattern of `=~` / `!~`, matched in linear time (it comes from the template). */
type Pattern = (value: string) => boolean;

/** Attribute values of one container instance, by subject (`attribute:ecs.instance-type`, `ec2InstanceId`). */
export type InstanceAttributes = ReadonlyMap<string, string>;

/** Subjects the planner knows for every instance; other attributes are unknown to it. */
export const KNOWN_SUBJECTS: readonly string[] = [
  'attribute:ecs.availability-zone',
  'attribute:ecs.instance-type',
  'attribute:ecs.os-type',
  'attribute:ecs.os-family',
  'attribute:ecs.cpu-architecture',
  'attribute:ecs.vpc-id',
  'attribute:ecs.subnet-id',
  'attribute:ecs.awsvpc-trunk-id',
  'ec2InstanceId',
];

/** A compiled expression, or why it cannot be evaluated before deployment. */
export type MemberOf = { test: (attributes: InstanceAttributes) => boolean } | { unsupported: string };

type Node = { kind: 'and' | 'or'; left: Node; right: Node } | { kind: 'not'; operand: Node } | { kind: 'compare'; subject: string; operator: Operator; values: string[] };

type Operator = '==' | '!=' | 'in' | '!in' | '=~' | '!~' | 'exists' | '!exists';

const OPERATOR_WORDS: Record<string, Operator> = {
  '==': '==',
  equals: '==',
  '!=': '!=',
  not_equals: '!=',
  in: 'in',
  '!in': '!in',
  not_in: '!in',
  '=~': '=~',
  matches: '=~',
  '!~': '!~',
  not_matches: '!~',
  exists: 'exists',
  '!exists': '!exists',
  not_exists: '!exists',
};

function tokenize(expression: string): string[] {
  const tokens: string[] = [];
  const pattern = /\s*(\(|\)|\[|\]|,|==|!=|=~|!~|&&|\|\||'[^']*'|"[^"]*"|[^\s()[\],]+)/y;
  let position = 0;
  for (;;) {
    pattern.lastIndex = position;
    const match = pattern.exec(expression);
    if (match === null) break;
    tokens.push(match[1]!);
    position = pattern.lastIndex;
  }
  if (expression.slice(position).trim() !== '') throw new Error(`cannot read "${expression.slice(position)}"`);
  return tokens;
}

function unquote(token: string): string {
  return /^(['"]).*\1$/.test(token) ? token.slice(1, -1) : token;
}

class Parser {
  private position = 0;
  constructor(private readonly tokens: string[]) {}

  private peek(): string | undefined {
    return this.tokens[this.position];
  }

  private take(): string {
    const token = this.tokens[this.position++];
    if (token === undefined) throw new Error('the expression ends too early');
    return token;
  }

  parse(): Node {
    const node = this.or();
    if (this.peek() !== undefined) throw new Error(`unexpected "${this.peek()}"`);
    return node;
  }

  private or(): Node {
    let node = this.and();
    while (this.peek() === 'or' || this.peek() === '||') {
      this.take();
      node = { kind: 'or', left: node, right: this.and() };
    }
    return node;
  }

  private and(): Node {
    let node = this.unary();
    while (this.peek() === 'and' || this.peek() === '&&') {
      this.take();
      node = { kind: 'and', left: node, right: this.unary() };
    }
    return node;
  }

  private unary(): Node {
    const token = this.peek();
    if (token === 'not' || token === '!') {
      this.take();
      return { kind: 'not', operand: this.unary() };
    }
    if (token === '(') {
      this.take();
      const node = this.or();
      if (this.take() !== ')') throw new Error('missing ")"');
      return node;
    }
    return this.comparison();
  }

  private comparison(): Node {
    const subject = this.take();
    const operator = OPERATOR_WORDS[this.take()];
    if (operator === undefined) throw new Error(`unknown operator after "${subject}"`);
    if (operator === 'exists' || operator === '!exists') return { kind: 'compare', subject, operator, values: [] };
    if (operator === 'in' || operator === '!in') {
      if (this.take() !== '[') throw new Error(`"${operator}" needs a [list]`);
      const values: string[] = [];
      while (this.peek() !== ']') {
        values.push(unquote(this.take()));
        if (this.peek() === ',') this.take();
      }
      this.take();
      return { kind: 'compare', subject, operator, values };
    }
    return { kind: 'compare', subject, operator, values: [unquote(this.take())] };
  }
}

function subjects(node: Node): string[] {
  if (node.kind === 'compare') return [node.subject];
  if (node.kind === 'not') return subjects(node.operand);
  return [...subjects(node.left), ...subjects(node.right)];
}

function evaluate(node: Node, attributes: InstanceAttributes, patterns: Map<string, Pattern>): boolean {
  switch (node.kind) {
    case 'and':
      return evaluate(node.left, attributes, patterns) && evaluate(node.right, attributes, patterns);
    case 'or':
      return evaluate(node.left, attributes, patterns) || evaluate(node.right, attributes, patterns);
    case 'not':
      return !evaluate(node.operand, attributes, patterns);
    case 'compare': {
      const value = attributes.get(node.subject);
      const first = node.values[0] ?? '';
      switch (node.operator) {
        case 'exists':
          return value !== undefined;
        case '!exists':
          return value === undefined;
        case '==':
          return value === first;
        case '!=':
          return value !== first;
        case 'in':
          return value !== undefined && node.values.includes(value);
        case '!in':
          return value === undefined || !node.values.includes(value);
        case '=~':
        case '!~': {
          const matched = value !== undefined && patterns.get(first)!(value);
          return node.operator === '=~' ? matched : !matched;
        }
      }
    }
  }
}

/**
 * Compiles every `=~` / `!~` pattern of the tree; returns why one cannot be checked (a
 * backreference or lookaround has no linear-time match), or undefined.
 */
function collectPatterns(node: Node, into: Map<string, Pattern>): string | undefined {
  if (node.kind === 'compare') {
    const source = node.values[0] ?? '';
    if ((node.operator === '=~' || node.operator === '!~') && !into.has(source)) {
      // ECS uses Java regular expressions matched against the whole value.
      const compiled = compileLinearRegex(source);
      if (!compiled.ok) return `ecsnet cannot check the pattern ${source}: ${compiled.reason}`;
      into.set(source, compiled.fullMatch);
    }
    return undefined;
  }
  if (node.kind === 'not') return collectPatterns(node.operand, into);
  return collectPatterns(node.left, into) ?? collectPatterns(node.right, into);
}

/** Compiles a memberOf expression once, to test many instances. */
export function compileMemberOf(expression: string): MemberOf {
  let tree: Node;
  const patterns = new Map<string, Pattern>();
  if (expression.length > MAX_EXPRESSION_LENGTH) return { unsupported: `the expression is longer than ECS's ${MAX_EXPRESSION_LENGTH} characters` };
  try {
    tree = new Parser(tokenize(expression)).parse();
  } catch (error) {
    return { unsupported: `cannot parse: ${(error as Error).message}` };
  }
  const uncheckable = collectPatterns(tree, patterns);
  if (uncheckable) return { unsupported: uncheckable };
  const unknown = subjects(tree).filter((s) => !KNOWN_SUBJECTS.includes(s));
  if (unknown.length > 0) {
    return { unsupported: `${[...new Set(unknown)].join(', ')} cannot be known before deployment` };
  }
  return { test: (attributes) => evaluate(tree, attributes, patterns) };
}

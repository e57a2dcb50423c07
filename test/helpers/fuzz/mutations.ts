/**
 * Mutations of real templates for the fuzzers: structural and value edits of the parsed tree
 * (drop, retype, rename a reference, a wrong-shaped intrinsic, copy or swap subtrees, hostile
 * values: ReDoS patterns, hostile nested-template paths, over-quota sections) and text edits of
 * the file (aliases and alias bombs, deep nesting, truncation, stray characters, line edits, a file
 * over 1 MB). Deterministic: a case is a pure function of its random source, so a failing case
 * is reproduced from its seed and index alone.
 */
import { stringify } from 'yaml';
import type { CfnValue } from '../../../src/template/types.js';

type CfnMap = { [key: string]: CfnValue };
type Path = (string | number)[];

/** A small seeded generator (mulberry32): the fuzzers need reproducible cases, not strong randomness. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * Math.max(1, n));
  }

  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)] as T;
  }
}

/** The random source of case `index` of a run with `seed`. */
export function caseRandom(seed: number, index: number): Random {
  return new Random((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
}

export const isMap = (v: CfnValue | undefined): v is CfnMap => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every path of a value tree, root excluded. */
export function paths(value: CfnValue, prefix: Path = [], out: Path[] = []): Path[] {
  const visit = (key: string | number, child: CfnValue) => {
    out.push([...prefix, key]);
    paths(child, [...prefix, key], out);
  };
  if (Array.isArray(value)) value.forEach((v, i) => visit(i, v));
  else if (isMap(value)) for (const [k, v] of Object.entries(value)) visit(k, v);
  return out;
}

/** Paths of strings that name another entity: Ref targets, GetAtt resources, DependsOn items, Condition names. */
export function referencePaths(value: CfnValue, prefix: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) value.forEach((v, i) => referencePaths(v, [...prefix, i], out));
  else if (isMap(value)) {
    for (const [k, v] of Object.entries(value)) {
      if ((k === 'Ref' || k === 'Condition') && typeof v === 'string') out.push([...prefix, k]);
      else if (k === 'Fn::GetAtt' && Array.isArray(v) && typeof v[0] === 'string') out.push([...prefix, k, 0]);
      else if (k === 'DependsOn' && typeof v === 'string') out.push([...prefix, k]);
      else if (k === 'DependsOn' && Array.isArray(v)) v.forEach((_, i) => out.push([...prefix, k, i]));
      referencePaths(v, [...prefix, k], out);
    }
  }
  return out;
}

/** Intrinsics of the wrong shape or naming nothing. */
export const WRONG_SHAPES: CfnValue[] = [
  { 'Fn::Join': 'not-a-list' },
  { 'Fn::Join': [',', 'not-a-list'] },
  { 'Fn::Select': [99, ['a']] },
  { 'Fn::Select': 'x' },
  { Ref: ['a', 'b'] },
  { Ref: 'NoSuchThing' },
  { 'Fn::GetAtt': 3 },
  { 'Fn::GetAtt': ['NoSuchResource', 'Arn'] },
  { 'Fn::If': ['OnlyOne'] },
  { 'Fn::If': ['NoSuchCondition', 'a', 'b'] },
  { 'Fn::Sub': [1, 2, 3] },
  { 'Fn::Sub': '${NoSuchVariable}' },
  { 'Fn::FindInMap': ['NoMap', 'a', 'b'] },
  { 'Fn::FindInMap': 1 },
  { 'Fn::Cidr': ['not-a-cidr', 'x', 'y'] },
  { 'Fn::Cidr': ['10.0.0.0/8', 100000000, 8] },
  { 'Fn::Cidr': ['10.0.0.0/16', 256, 0] },
  { 'Fn::Cidr': ['::/0', 256, 128] },
  { 'Fn::ImportValue': { nested: 'map' } },
  { 'Fn::ImportValue': 'nobody-exports-this' },
  { 'Fn::Split': [] },
  { 'Fn::Split': ['', 'abcdef'] },
  { 'Fn::GetAZs': ['list'] },
  { 'Fn::Base64': ['list'] },
  { 'Fn::Equals': ['one'] },
  { 'Fn::And': [] },
  { 'Fn::Length': 'text' },
  { 'Fn::ToJsonString': { a: [1, { b: null }] } },
  { 'Fn::NoSuchFunction': 1 },
  { Condition: 1 },
];

/** Values of another type, and hostile ones. */
export const RETYPED: CfnValue[] = [
  42,
  -1,
  0,
  Number.MAX_VALUE,
  -0,
  Number.MAX_SAFE_INTEGER + 2,
  65536,
  true,
  null,
  '',
  'text',
  [],
  {},
  ['a', 1],
  { Key: 'value' },
  '0.0.0.0/0',
  '10.0.0.0/33',
  '::/0',
  '999.1.1.1/8',
  'x'.repeat(100_000),
  '\u0000\uFEFF\uD800',
  '${AWS::NoSuch}',
  '../../../etc/passwd',
];

/** Template-supplied patterns that backtrack, or that RE2 refuses. */
export const HOSTILE_PATTERNS = ['^(a+)+$', '(a|aa)+$', '(.*a){20}', '(?=a)a', '(a)\\1', '(', '[', '\\', 'a{1000}{1000}', '\\p{Alpha}+'];

/** What a hostile nested stack names as its template. */
export const HOSTILE_TEMPLATE_URLS = [
  '/etc/passwd',
  '/etc/shadow',
  '../../../../../etc/passwd',
  'file:///etc/passwd',
  'file:///dev/zero',
  '/dev/zero',
  '/dev/stdin',
  '/dev/kmsg',
  '/proc/self/environ',
  '.',
  'https://s3.amazonaws.com/bucket/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
  's3://bucket/../../../etc/hostname',
  'https://bucket.s3.amazonaws.com/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
  '',
];

/** One tree edit. */
export type TreeMutation =
  | 'drop'
  | 'retype'
  | 'rename'
  | 'wrong-intrinsic'
  | 'copy-subtree'
  | 'swap-subtrees'
  | 'wrap-list'
  | 'hostile-pattern'
  | 'hostile-template-url'
  | 'many-resources'
  | 'long-logical-id'
  | 'self-reference';

/** One text edit. */
export type TextMutation =
  'alias' | 'alias-bomb' | 'deep-flow' | 'deep-block' | 'truncate' | 'stray-character' | 'delete-line' | 'duplicate-line' | 'swap-lines' | 'indent-line' | 'over-1mb';

export const TREE_MUTATIONS: readonly TreeMutation[] = [
  'drop',
  'retype',
  'rename',
  'wrong-intrinsic',
  'copy-subtree',
  'swap-subtrees',
  'wrap-list',
  'hostile-pattern',
  'hostile-template-url',
  'many-resources',
  'long-logical-id',
  'self-reference',
];
export const TEXT_MUTATIONS: readonly TextMutation[] = [
  'alias',
  'alias-bomb',
  'deep-flow',
  'deep-block',
  'truncate',
  'stray-character',
  'delete-line',
  'duplicate-line',
  'swap-lines',
  'indent-line',
  'over-1mb',
];

function getAt(root: CfnValue, path: Path): CfnValue | undefined {
  let node: CfnValue | undefined = root;
  for (const part of path) node = Array.isArray(node) ? node[part as number] : isMap(node) ? node[part as string] : undefined;
  return node;
}

/** Replaces (or with undefined, removes) the node at `path` of `root`, in place. */
export function setAt(root: CfnValue, path: Path, next: CfnValue | undefined): void {
  const parent = getAt(root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (last === undefined || parent === null || typeof parent !== 'object' || parent === undefined) return;
  if (Array.isArray(parent)) {
    if (next === undefined) parent.splice(last as number, 1);
    else parent[last as number] = next;
  } else if (next === undefined) delete parent[last as string];
  else parent[last as string] = next;
}

/** Applies one tree mutation to a copy of `body`; returns the copy and a short description. */
export function mutateTree(body: CfnMap, mutation: TreeMutation, random: Random): { body: CfnMap; note: string } {
  const copy = structuredClone(body);
  const all = paths(copy);
  const at = all.length > 0 ? random.pick(all) : undefined;
  const resources = isMap(copy.Resources) ? copy.Resources : undefined;
  const resourceIds = resources ? Object.keys(resources) : [];
  switch (mutation) {
    case 'drop':
      if (at) setAt(copy, at, undefined);
      return { body: copy, note: `drop ${at?.join('.')}` };
    case 'retype': {
      const value = random.pick(RETYPED);
      if (at) setAt(copy, at, value);
      return { body: copy, note: `retype ${at?.join('.')}` };
    }
    case 'rename': {
      const refs = referencePaths(copy);
      const ref = refs.length > 0 ? random.pick(refs) : undefined;
      const current = ref ? getAt(copy, ref) : undefined;
      if (ref && typeof current === 'string') setAt(copy, ref, `${current}${random.pick(['X', '2', '-typo', ''])}`);
      return { body: copy, note: `rename ${ref?.join('.')}` };
    }
    case 'wrong-intrinsic':
      if (at) setAt(copy, at, structuredClone(random.pick(WRONG_SHAPES)));
      return { body: copy, note: `intrinsic at ${at?.join('.')}` };
    case 'copy-subtree': {
      const from = all.length > 0 ? random.pick(all) : undefined;
      if (at && from) setAt(copy, at, structuredClone(getAt(copy, from) ?? null));
      return { body: copy, note: `copy ${from?.join('.')} to ${at?.join('.')}` };
    }
    case 'swap-subtrees': {
      const other = all.length > 0 ? random.pick(all) : undefined;
      if (at && other && !isPrefix(at, other) && !isPrefix(other, at)) {
        const a = structuredClone(getAt(copy, at) ?? null);
        const b = structuredClone(getAt(copy, other) ?? null);
        setAt(copy, at, b);
        setAt(copy, other, a);
      }
      return { body: copy, note: `swap ${at?.join('.')} and ${other?.join('.')}` };
    }
    case 'wrap-list':
      if (at) setAt(copy, at, [structuredClone(getAt(copy, at) ?? null)]);
      return { body: copy, note: `wrap ${at?.join('.')}` };
    case 'hostile-pattern': {
      const parameters = isMap(copy.Parameters) ? copy.Parameters : (copy.Parameters = {});
      const name = Object.keys(parameters).length > 0 && random.next() < 0.7 ? random.pick(Object.keys(parameters)) : 'FuzzParameter';
      const pattern = random.pick(HOSTILE_PATTERNS);
      parameters[name] = { Type: 'String', AllowedPattern: pattern, Default: `${'a'.repeat(20 + random.int(40))}!` };
      return { body: copy, note: `AllowedPattern ${pattern} on ${name}` };
    }
    case 'hostile-template-url': {
      const url = random.pick(HOSTILE_TEMPLATE_URLS);
      const type = random.pick(['AWS::CloudFormation::Stack', 'AWS::Serverless::Application']);
      const property = type === 'AWS::CloudFormation::Stack' ? 'TemplateURL' : 'Location';
      const nested = resourceIds.filter((id) => isMap(resources?.[id]) && String((resources?.[id] as CfnMap).Type).match(/Stack|Application/));
      const id = nested.length > 0 ? random.pick(nested) : 'FuzzNested';
      const target = resources ?? (copy.Resources = {});
      (target as CfnMap)[id] = { Type: type, Properties: { [property]: url } };
      return { body: copy, note: `${id} ${property}: ${url}` };
    }
    case 'many-resources': {
      const count = random.pick([50, 250, 499, 501, 600]);
      const target = (resources ?? (copy.Resources = {})) as CfnMap;
      const source = resourceIds.length > 0 ? target[random.pick(resourceIds)] : { Type: 'AWS::SNS::Topic' };
      for (let i = 0; i < count && Object.keys(target).length < count + 10; i++) target[`Fuzz${i}`] = structuredClone(source ?? null);
      return { body: copy, note: `${count} copies of a resource` };
    }
    case 'long-logical-id': {
      const target = (resources ?? (copy.Resources = {})) as CfnMap;
      const length = random.pick([255, 256, 5000]);
      target['L'.repeat(length)] = { Type: 'AWS::SNS::Topic' };
      return { body: copy, note: `logical id of ${length}` };
    }
    case 'self-reference': {
      const id = resourceIds.length > 0 ? random.pick(resourceIds) : undefined;
      const decl = id ? resources?.[id] : undefined;
      if (id && isMap(decl)) {
        if (random.next() < 0.5) decl.DependsOn = id;
        else decl.Properties = { ...(isMap(decl.Properties) ? decl.Properties : {}), FuzzSelf: { 'Fn::GetAtt': [id, 'Arn'] } };
      }
      return { body: copy, note: `self-reference of ${id}` };
    }
  }
}

function isPrefix(a: Path, b: Path): boolean {
  return a.length <= b.length && a.every((part, i) => part === b[i]);
}

/** The tree as file text again: YAML (through the yaml package) or JSON. */
export function serialize(body: CfnMap, random: Random): string {
  return random.next() < 0.7 ? stringify(body, { lineWidth: 0 }) : JSON.stringify(body, null, random.next() < 0.5 ? 2 : undefined);
}

/** Lines of `text` of the form `<indent>key: value` (a scalar value on the line) where a value can be replaced. */
function valueLines(lines: string[]): number[] {
  const out: number[] = [];
  lines.forEach((line, i) => {
    if (/^\s+[A-Za-z0-9_."-]+:\s+[^\s|>#&*!{[][^#]*$/.test(line)) out.push(i);
  });
  return out;
}

function replaceValue(line: string, value: string): string {
  return line.replace(/^(\s+[A-Za-z0-9_."-]+:\s+).*$/, `$1${value}`);
}

/** Applies one text mutation. */
export function mutateText(text: string, mutation: TextMutation, random: Random): { text: string; note: string } {
  const lines = text.split('\n');
  const candidates = valueLines(lines);
  const line = candidates.length > 0 ? random.pick(candidates) : random.int(lines.length);
  switch (mutation) {
    case 'alias': {
      const other = candidates.length > 1 ? random.pick(candidates) : line;
      const [first, second] = line <= other ? [line, other] : [other, line];
      lines[first] = lines[first]?.replace(/^(\s+[A-Za-z0-9_."-]+:\s+)/, '$1&fz ') ?? '';
      if (second !== first) lines[second] = replaceValue(lines[second] ?? '', random.next() < 0.8 ? '*fz' : '*nosuchanchor');
      return { text: lines.join('\n'), note: `alias lines ${first + 1}, ${second + 1}` };
    }
    case 'alias-bomb': {
      const levels = random.pick([3, 5, 9, 12]);
      const parts = ['b0: &b0 [x, x, x, x, x, x, x, x, x]'];
      for (let i = 1; i < levels; i++) parts.push(`b${i}: &b${i} [${Array.from({ length: 9 }, () => `*b${i - 1}`).join(', ')}]`);
      lines[line] = replaceValue(lines[line] ?? '', `{${parts.join(', ')}}`);
      return { text: lines.join('\n'), note: `alias bomb of ${levels} levels at line ${line + 1}` };
    }
    case 'deep-flow': {
      const depth = random.pick([50, 99, 100, 101, 150, 1000, 5000]);
      const value = random.next() < 0.5 ? `${'['.repeat(depth)}x${']'.repeat(depth)}` : `${'{a: '.repeat(depth)}x${'}'.repeat(depth)}`;
      lines[line] = replaceValue(lines[line] ?? '', value);
      return { text: lines.join('\n'), note: `flow nesting ${depth} at line ${line + 1}` };
    }
    case 'deep-block': {
      const depth = random.pick([50, 120, 1000, 5000]);
      lines.splice(line + 1, 0, `${' '.repeat(leadingSpaces(lines[line] ?? '') + 2)}${'- '.repeat(depth)}x`);
      lines[line] = (lines[line] ?? '').replace(/:\s.*$/, ':');
      return { text: lines.join('\n'), note: `block nesting ${depth} at line ${line + 1}` };
    }
    case 'truncate': {
      const at = random.int(text.length);
      return { text: text.slice(0, at), note: `truncated at ${at}` };
    }
    case 'stray-character': {
      const at = random.int(text.length);
      const ch = random.pick([
        ':',
        '- ',
        '[',
        ']',
        '{',
        '}',
        '"',
        "'",
        '&a ',
        '*a ',
        '!',
        '!Ref ',
        '%',
        '|',
        '>',
        '\t',
        '#',
        '\n',
        '\u0000',
        '\uFEFF',
        '\uD800',
        '<<: ',
        '---\n',
        '...\n',
        '? ',
      ]);
      return { text: `${text.slice(0, at)}${ch}${text.slice(at)}`, note: `${JSON.stringify(ch)} at ${at}` };
    }
    case 'delete-line':
      lines.splice(line, 1);
      return { text: lines.join('\n'), note: `deleted line ${line + 1}` };
    case 'duplicate-line':
      lines.splice(line, 0, lines[line] ?? '');
      return { text: lines.join('\n'), note: `duplicated line ${line + 1}` };
    case 'swap-lines': {
      const other = random.int(lines.length);
      const a = lines[line] ?? '';
      lines[line] = lines[other] ?? '';
      lines[other] = a;
      return { text: lines.join('\n'), note: `swapped lines ${line + 1}, ${other + 1}` };
    }
    case 'indent-line':
      lines[line] = random.next() < 0.5 ? `  ${lines[line] ?? ''}` : (lines[line] ?? '').replace(/^ {1,2}/, '');
      return { text: lines.join('\n'), note: `indented line ${line + 1}` };
    case 'over-1mb':
      return { text: `${text}\n#${'p'.repeat(1024 * 1024)}\n`, note: 'padded over 1 MB' };
  }
}

function leadingSpaces(line: string): number {
  return /^ */.exec(line)?.[0].length ?? 0;
}

/**
 * Turns YAML (and JSON, which YAML 1.2 reads) into template values with a location per node.
 * The `yaml` package keeps tags and offsets on its AST; walking that AST ourselves lets short-form
 * tags become long-form intrinsics and every node keep its line.
 */
import { Composer, LineCounter, Parser, isAlias, isMap, isScalar, isSeq, visit, type Alias, type CST, type Document, type Node as YamlNode, type Scalar } from 'yaml';
import type { Diagnostic } from '../diagnostics.js';
import { longFormOf, SHORT_FORM_TAGS } from './short-form-tags.js';
import { childKey, type LocationTable } from './source-locations.js';
import { MAX_ALIAS_EXPANSION, MAX_NESTING_DEPTH, MAX_TEMPLATE_BYTES, nestedTooDeep, templateTooLarge } from './template-limits.js';
import type { CfnValue } from './types.js';
import { utf8Length } from './utf8.js';

/** A parsed document: the value tree and its location table, or the syntax errors. */
export type YamlParseResult = { ok: true; value: CfnValue; locations: LocationTable } | { ok: false; diagnostics: Diagnostic[] };

/**
 * Declaring every short-form tag for scalars, sequences and maps keeps the tag on the node and
 * stops the `yaml` package from warning "Unresolved tag" (and from paying for building those warnings).
 */
const CUSTOM_TAGS = Object.keys(SHORT_FORM_TAGS).flatMap((tag) => [
  { tag, resolve: (text: string) => text },
  { tag, collection: 'seq' as const, resolve: (node: unknown) => node },
  { tag, collection: 'map' as const, resolve: (node: unknown) => node },
]);

/**
 * Parses `text` as YAML 1.2 (core schema) with CloudFormation's tags. Hostile input is refused
 * before it can cost much: a file over CloudFormation's 1 MB; nesting deeper than
 * MAX_NESTING_DEPTH, estimated from the text first (the `yaml` package's parser recurses when it
 * closes deeply nested block collections) and measured exactly on its concrete syntax tree before
 * composing (its composer recurses too, and overflows the stack near 900 levels); and aliases
 * expanding to more than MAX_ALIAS_EXPANSION nodes (a 600-byte "billion laughs" file).
 */
export function parseYamlDocument(text: string, file: string): YamlParseResult {
  const bytes = text.length > MAX_TEMPLATE_BYTES / 3 ? utf8Length(text) : text.length;
  if (bytes > MAX_TEMPLATE_BYTES) return { ok: false, diagnostics: [templateTooLarge(file, bytes)] };
  const lineCounter = new LineCounter();
  const blockTooDeep = blockNestingOverflow(text);
  if (blockTooDeep !== undefined) return { ok: false, diagnostics: [nestedTooDeep(file, blockTooDeep, 1)] };
  const tokens = [...new Parser(lineCounter.addNewLine).parse(text)];
  const tooDeep = deepestOffset(tokens);
  if (tooDeep !== undefined) {
    const pos = lineCounter.linePos(tooDeep);
    return { ok: false, diagnostics: [nestedTooDeep(file, pos.line, pos.col)] };
  }
  const doc = composeFirstDocument(tokens, text.length);
  if (doc.errors.length > 0) {
    return {
      ok: false,
      diagnostics: doc.errors.map((error) => {
        const pos = lineCounter.linePos(error.pos[0]);
        return {
          severity: 'error',
          code: 'yaml-syntax',
          message: (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, ''),
          hint: 'fix the YAML/JSON syntax at this position',
          file,
          line: pos.line,
          column: pos.col,
        };
      }),
    };
  }
  const walker = new Walker(doc, lineCounter, file);
  const value = walker.convert(doc.contents as YamlNode | null, '', 0);
  if (walker.problems.length > 0) return { ok: false, diagnostics: walker.problems };
  return { ok: true, value, locations: walker.locations };
}

/** What `parseDocument` does with `logLevel: 'silent'`, from tokens already parsed: the first document. */
function composeFirstDocument(tokens: CST.Token[], length: number): Document {
  const composer = new Composer({ customTags: CUSTOM_TAGS as never, logLevel: 'silent', uniqueKeys: true });
  let first: Document | undefined;
  for (const doc of composer.compose(tokens, true, length)) first ??= doc as Document;
  return first as Document;
}

/**
 * The first line (1-based) whose block nesting may exceed twice MAX_NESTING_DEPTH, estimated from
 * the text alone: the levels of indentation still open plus the compact indicators (`- - - x`,
 * `? ? x`) at the start of the line. The `yaml` package's syntax-tree parser closes nested block
 * collections recursively and overflows the stack a few thousand levels down, so such text must
 * be refused before it parses; the estimate is an upper bound of the real depth (block scalars
 * can only raise it), and the exact check runs on the syntax tree after.
 */
function blockNestingOverflow(text: string): number | undefined {
  const indents: number[] = [];
  let line = 0;
  for (let start = 0; start <= text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let indent = start;
    while (indent < end && text.charCodeAt(indent) === 32) indent++;
    const width = indent - start;
    const first = text[indent];
    if (indent < end && first !== '#' && first !== '\r') {
      while (indents.length > 0 && width < (indents[indents.length - 1] ?? 0)) indents.pop();
      if (indents.length === 0 || width > (indents[indents.length - 1] ?? 0)) indents.push(width);
      let compact = 0;
      for (let i = indent; i + 1 <= end && (text[i] === '-' || text[i] === '?' || text[i] === ':');) {
        const after = text[i + 1];
        if (i + 1 !== end && after !== ' ' && after !== '\t') break;
        compact++;
        i += 2;
        while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
      }
      if (indents.length + compact > 2 * MAX_NESTING_DEPTH) return line + 1;
    }
    start = end + 1;
  }
  return undefined;
}

/** Offset of the first node nested deeper than MAX_NESTING_DEPTH, walking the syntax tree with an explicit stack. */
function deepestOffset(tokens: readonly CST.Token[]): number | undefined {
  const stack: [CST.Token | undefined, number][] = tokens.map((t) => [t, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop() as [CST.Token | undefined, number];
    if (!token) continue;
    if (depth > MAX_NESTING_DEPTH) return token.offset;
    if (token.type === 'document') stack.push([token.value, depth]);
    else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      for (const item of token.items) {
        if ('key' in item && item.key) stack.push([item.key, depth + 1]);
        if (item.value) stack.push([item.value, depth + 1]);
      }
    }
  }
  return undefined;
}

class Walker {
  readonly locations: LocationTable = new Map();
  readonly problems: Diagnostic[] = [];
  private readonly resolvingAliases = new Set<unknown>();
  /** Each alias's anchored node, found in one pass (the package's own `Alias.resolve` walks the whole document per call). */
  private readonly aliasTargets = new Map<Alias, YamlNode | undefined>();
  /** How many aliases are being expanded around the current node, and how many nodes they produced so far. */
  private aliasNesting = 0;
  private expandedNodes = 0;
  private stopped = false;

  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly file: string,
  ) {}

  /** The node alias `alias` names: the last anchor of its name before it, in document order. Built on the first alias met. */
  private aliasTarget(alias: Alias): YamlNode | undefined {
    if (this.aliasTargets.size === 0) {
      const anchors = new Map<string, YamlNode>();
      visit(this.doc, {
        Node: (_key, node) => {
          if (isAlias(node)) this.aliasTargets.set(node, anchors.get(node.source));
          else if (node.anchor) anchors.set(node.anchor, node);
        },
      });
    }
    return this.aliasTargets.get(alias);
  }

  private record(key: string, offset: number | undefined): void {
    if (offset === undefined || this.locations.has(key)) return;
    const pos = this.lines.linePos(offset);
    this.locations.set(key, { file: this.file, line: pos.line, column: pos.col });
  }

  convert(node: YamlNode | null | undefined, key: string, depth: number): CfnValue {
    if (node === null || node === undefined || this.stopped) return null;
    if (depth > MAX_NESTING_DEPTH) {
      const pos = this.lines.linePos(node.range?.[0] ?? 0);
      this.problems.push(nestedTooDeep(this.file, pos.line, pos.col));
      this.stopped = true;
      return null;
    }
    if (this.aliasNesting > 0 && ++this.expandedNodes > MAX_ALIAS_EXPANSION) {
      this.problems.push({
        ...this.diagnosticAt(node, `YAML aliases here expand the document past ${MAX_ALIAS_EXPANSION} nodes`),
        code: 'yaml-alias-expansion',
        hint: "an alias repeats its anchor's whole subtree; aliases of aliases grow exponentially, write the values out or use fewer levels",
      });
      this.stopped = true;
      return null;
    }
    this.record(key, node.range?.[0]);
    if (isAlias(node)) {
      const target = this.aliasTarget(node);
      if (!target || this.resolvingAliases.has(target)) {
        this.fail(node, `alias *${node.source} cannot be resolved`);
        return null;
      }
      this.resolvingAliases.add(target);
      this.aliasNesting++;
      const value = this.convert(target, key, depth + 1);
      this.aliasNesting--;
      this.resolvingAliases.delete(target);
      return value;
    }
    const tag = node.tag;
    const longForm = tag && tag.startsWith('!') ? longFormOf(tag) : undefined;
    if (longForm) {
      const innerKey = childKey(key, longForm);
      this.record(innerKey, node.range?.[0]);
      let inner = this.convertUntagged(node, innerKey, depth);
      if (longForm === 'Fn::GetAtt' && typeof inner === 'string') {
        const dot = inner.indexOf('.');
        inner = dot < 0 ? [inner] : [inner.slice(0, dot), inner.slice(dot + 1)];
      } else if ((longForm === 'Ref' || longForm === 'Condition') && inner !== null && typeof inner !== 'object') {
        inner = String(inner);
      }
      return { [longForm]: inner };
    }
    return this.convertUntagged(node, key, depth);
  }

  private convertUntagged(node: YamlNode, key: string, depth: number): CfnValue {
    if (isScalar(node)) return scalarValue(node);
    if (isSeq(node)) {
      const out: CfnValue[] = [];
      node.items.forEach((item, index) => {
        const itemKey = childKey(key, index);
        out.push(this.convert(item as YamlNode | null, itemKey, depth + 1));
      });
      return out;
    }
    if (isMap(node)) {
      const out: { [k: string]: CfnValue } = {};
      for (const pair of node.items) {
        const keyNode = pair.key as YamlNode | null;
        const name = isScalar(keyNode) ? String(keyNode.value) : keyNode === null ? '' : JSON.stringify(this.convert(keyNode, key, depth + 1));
        if (name === '<<') {
          this.fail(keyNode ?? node, 'YAML merge keys (<<) are not supported by CloudFormation');
          continue;
        }
        const valueKey = childKey(key, name);
        this.record(valueKey, keyNode?.range?.[0]);
        out[name] = this.convert(pair.value as YamlNode | null, valueKey, depth + 1);
      }
      return out;
    }
    return null;
  }

  private fail(node: YamlNode, message: string): void {
    this.problems.push(this.diagnosticAt(node, message));
  }

  private diagnosticAt(node: YamlNode, message: string): Diagnostic {
    const pos = this.lines.linePos(node.range?.[0] ?? 0);
    return { severity: 'error', code: 'yaml-syntax', message, file: this.file, line: pos.line, column: pos.col };
  }
}

/**
 * The value of a scalar. Numbers whose text is not their canonical form (`1.0`, `000400`, `0x1F`)
 * keep their text, because CloudFormation passes such values on as written (`PayloadFormatVersion: 1.0`
 * must stay "1.0", not become 1).
 */
function scalarValue(node: Scalar): CfnValue {
  const value = node.value;
  if (typeof value === 'number') {
    const source = node.source;
    if (typeof source === 'string' && String(value) !== source.trim()) return source.trim();
    return Number.isFinite(value) ? value : String(value);
  }
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  if (typeof value === 'bigint') return String(value);
  return value === undefined ? null : String(value);
}

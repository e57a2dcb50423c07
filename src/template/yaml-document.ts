/**
 * Turns YAML (and JSON, which YAML 1.2 reads) into template values with a location per node.
 * The `yaml` package keeps tags and offsets on its AST; walking that AST ourselves lets short-form
 * tags become long-form intrinsics and every node keep its line.
 */
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode, type Scalar } from 'yaml';
import type { Diagnostic } from '../diagnostics.js';
import { longFormOf, SHORT_FORM_TAGS } from './short-form-tags.js';
import { childKey, type LocationTable } from './source-locations.js';
import type { CfnValue } from './types.js';

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

/** Parses `text` as YAML 1.2 (core schema) with CloudFormation's tags. */
export function parseYamlDocument(text: string, file: string): YamlParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, customTags: CUSTOM_TAGS as never, logLevel: 'silent', uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      diagnostics: doc.errors.map((error) => {
        const pos = error.linePos?.[0];
        return {
          severity: 'error',
          code: 'yaml-syntax',
          message: (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, ''),
          hint: 'fix the YAML/JSON syntax at this position',
          file,
          line: pos?.line ?? 1,
          column: pos?.col ?? 1,
        };
      }),
    };
  }
  const walker = new Walker(doc, lineCounter, file);
  const value = walker.convert(doc.contents as YamlNode | null, '', 0);
  if (walker.problems.length > 0) return { ok: false, diagnostics: walker.problems };
  return { ok: true, value, locations: walker.locations };
}

class Walker {
  readonly locations: LocationTable = new Map();
  readonly problems: Diagnostic[] = [];
  private readonly resolvingAliases = new Set<unknown>();

  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly file: string,
  ) {}

  private record(key: string, offset: number | undefined): void {
    if (offset === undefined || this.locations.has(key)) return;
    const pos = this.lines.linePos(offset);
    this.locations.set(key, { file: this.file, line: pos.line, column: pos.col });
  }

  convert(node: YamlNode | null | undefined, key: string, depth: number): CfnValue {
    if (node === null || node === undefined) return null;
    if (depth > 200) {
      this.fail(node, 'the document nests deeper than 200 levels');
      return null;
    }
    this.record(key, node.range?.[0]);
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target || this.resolvingAliases.has(target)) {
        this.fail(node, `alias *${node.source} cannot be resolved`);
        return null;
      }
      this.resolvingAliases.add(target);
      const value = this.convert(target as YamlNode, key, depth + 1);
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
    const pos = this.lines.linePos(node.range?.[0] ?? 0);
    this.problems.push({ severity: 'error', code: 'yaml-syntax', message, file: this.file, line: pos.line, column: pos.col });
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

/**
 * A small stand-in for src/template/parse.ts in the spec tests: builds a SourceTemplate from
 * YAML (or JSON) text with short-form tags turned into long form and a location for every
 * node, so the spec checks can be tested on written templates with exact lines before (and
 * independently of) the real parser.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { SourceLocation } from '../../../src/diagnostics.js';
import type { CfnPath, CfnValue, SourceTemplate } from '../../../src/template/types.js';

/** Parses `text` as the file `file`. */
export function yamlSourceTemplate(text: string, file = 'template.yml'): SourceTemplate {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, strict: false });
  const locations = new Map<string, SourceLocation>();
  const at = (node: Node | null | undefined): SourceLocation => {
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };

  const convert = (node: unknown, path: CfnPath): CfnValue => {
    const yamlNode = node as Node | null;
    locations.set(key(path), at(yamlNode));
    const tag = (yamlNode as { tag?: string } | null)?.tag;
    if (tag && tag.startsWith('!') && !tag.startsWith('!!')) {
      const name = tag.slice(1);
      const fn = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
      const innerPath = [...path, fn];
      let inner = plain(yamlNode, innerPath);
      if (fn === 'Fn::GetAtt' && typeof inner === 'string') {
        const dot = inner.indexOf('.');
        inner = [inner.slice(0, dot), inner.slice(dot + 1)];
        locations.set(key([...innerPath, 0]), at(yamlNode));
        locations.set(key([...innerPath, 1]), at(yamlNode));
      }
      locations.set(key(innerPath), at(yamlNode));
      return { [fn]: inner };
    }
    return plain(yamlNode, path);
  };

  const plain = (node: Node | null, path: CfnPath): CfnValue => {
    if (isMap(node)) {
      const out: { [key: string]: CfnValue } = {};
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const name = String(isScalar(pair.key) ? pair.key.value : pair.key);
        const childPath = [...path, name];
        out[name] = pair.value === null ? null : convert(pair.value, childPath);
        locations.set(key(childPath), at(pair.key as Node));
      }
      return out;
    }
    if (isSeq(node)) return node.items.map((item, index) => convert(item, [...path, index]));
    if (isScalar(node)) return node.value as CfnValue;
    return null;
  };

  const body = convert(doc.contents, []) as { [key: string]: CfnValue };
  return {
    file,
    format: text.trimStart().startsWith('{') ? 'json' : 'yaml',
    body,
    locate(path: CfnPath): SourceLocation {
      for (let length = path.length; length >= 0; length--) {
        const found = locations.get(key(path.slice(0, length)));
        if (found) return found;
      }
      return { file, line: 1, column: 1 };
    },
  };
}

function key(path: CfnPath): string {
  return JSON.stringify(path);
}

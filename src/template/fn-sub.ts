/**
 * Fn::Sub template strings: `${Name}` (a variable, parameter, resource or pseudo parameter),
 * `${Resource.Attribute}` (GetAtt, split at the first dot) and `${!Literal}` (kept as `${Literal}`).
 */

/** A piece of a Sub template: literal text or a reference to substitute. */
export type SubPart = { text: string } | { ref: string };

/** Splits a template into literal text and `${...}` references. An unclosed `${` is literal text, as AWS treats it. */
export function parseSubTemplate(template: string): SubPart[] {
  const parts: SubPart[] = [];
  let text = '';
  let i = 0;
  while (i < template.length) {
    const start = template.indexOf('${', i);
    if (start < 0) break;
    const end = template.indexOf('}', start + 2);
    if (end < 0) break;
    text += template.slice(i, start);
    const inner = template.slice(start + 2, end);
    if (inner.startsWith('!')) text += `\${${inner.slice(1)}}`;
    else {
      if (text) parts.push({ text });
      text = '';
      parts.push({ ref: inner.trim() });
    }
    i = end + 1;
  }
  text += template.slice(i);
  if (text) parts.push({ text });
  return parts;
}

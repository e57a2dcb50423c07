/**
 * Regular expressions that come from the input (a template's `AllowedPattern`, a placement
 * constraint's `=~`, the resource specification's patterns, a lab config) run in linear time.
 * JavaScript's engine backtracks, so a pattern like `^(a+)+$` against a 34-character value takes
 * minutes; RE2 (here its pure-JavaScript port, re2js) never backtracks. RE2 refuses what cannot be
 * matched in linear time (backreferences, lookaround, possessive quantifiers, atomic groups), and
 * CloudFormation evaluates patterns with Java's engine, which knows a few classes RE2 lacks
 * (`\p{Alpha}` and the other POSIX-named classes): those are translated where the meaning is the
 * same, and anything else is reported as unsupported so the caller can say so with a location
 * instead of guessing. Pure.
 *
 * @module
 */
import { RE2JS } from 're2js';

/** A compiled pattern, or why it cannot be checked in linear time. */
export type LinearRegex = { ok: true; pattern: string; fullMatch(value: string): boolean; find(value: string): boolean } | { ok: false; pattern: string; reason: string };

/** Java's POSIX-named classes (java.util.regex.Pattern, US-ASCII only) as RE2 bracket expressions. */
const JAVA_NAMED_CLASSES: Readonly<Record<string, string>> = {
  Lower: '[:lower:]',
  Upper: '[:upper:]',
  ASCII: '\\x00-\\x7F',
  Alpha: '[:alpha:]',
  Digit: '[:digit:]',
  Alnum: '[:alnum:]',
  Punct: '[:punct:]',
  Graph: '[:graph:]',
  Print: '[:print:]',
  Blank: '[:blank:]',
  Cntrl: '[:cntrl:]',
  XDigit: '[:xdigit:]',
  Space: '[:space:]',
};

/** Longest pattern accepted; CloudFormation's own limit on a parameter's AllowedPattern is far below this. */
const MAX_PATTERN_LENGTH = 4096;

/**
 * Compiles `pattern` with RE2 semantics after translating Java-only syntax. `fullMatch` is what
 * CloudFormation's AllowedPattern does (the whole value must match, like Java's `String.matches`);
 * `find` looks for a match anywhere.
 */
export function compileLinearRegex(pattern: string): LinearRegex {
  if (pattern.length > MAX_PATTERN_LENGTH) return { ok: false, pattern, reason: `the pattern is longer than ${MAX_PATTERN_LENGTH} characters` };
  const unsupported = javaOnlyConstruct(pattern);
  if (unsupported) return { ok: false, pattern, reason: `it uses ${unsupported}, which cannot be matched in linear time` };
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(translateJavaClasses(pattern));
  } catch (err) {
    const message = err instanceof Error ? err.message.replace(/^error parsing regexp: /, '') : String(err);
    return { ok: false, pattern, reason: message };
  }
  return {
    ok: true,
    pattern,
    fullMatch: (value) => compiled.matches(value),
    find: (value) => compiled.matcher(value).find(),
  };
}

/** Constructs RE2 rejects with a message worth naming (its own message is terse). */
function javaOnlyConstruct(pattern: string): string | undefined {
  if (/\(\?<?[=!]/.test(pattern)) return 'a lookahead or lookbehind';
  if (/\(\?>/.test(pattern)) return 'an atomic group';
  if (/(?<!\\)\\[1-9]/.test(pattern) || /\\k</.test(pattern)) return 'a backreference';
  if (/(?<!\\)[*+?]\+/.test(pattern) || /\{\d+(,\d*)?\}\+/.test(pattern)) return 'a possessive quantifier';
  return undefined;
}

function translateJavaClasses(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      const named = /^\\([pP])\{(?:Is)?([A-Za-z]+)\}/.exec(pattern.slice(i));
      const cls = named ? JAVA_NAMED_CLASSES[named[2]!] : undefined;
      if (named && cls !== undefined) {
        const negated = named[1] === 'P';
        // Inside brackets a class joins the set; a negated one cannot, so leave it to RE2 (which reports it).
        out += inClass ? (negated ? named[0] : cls) : negated ? `[^${cls}]` : `[${cls}]`;
        i += named[0].length - 1;
        continue;
      }
      out += pattern.slice(i, i + 2);
      i++;
      continue;
    }
    const posix = inClass ? /^\[:[a-z]+:\]/.exec(pattern.slice(i)) : null;
    if (posix) {
      out += posix[0];
      i += posix[0].length - 1;
      continue;
    }
    if (ch === '[' && !inClass) inClass = true;
    else if (ch === ']' && inClass) inClass = false;
    out += ch;
  }
  return out;
}

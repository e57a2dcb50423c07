/**
 * Where each node of a template came from. Parsing records a location per node path; findings
 * then point at the exact line even after short-form tags were rewritten to their long form.
 */
import type { SourceLocation } from '../diagnostics.js';
import type { CfnPath } from './types.js';

const SEPARATOR = '\u0000';

/** Key of a path in a location table. Child keys extend their parent's key, so they are built incrementally while walking. */
export function childKey(parentKey: string, part: string | number): string {
  return parentKey === '' ? String(part) : `${parentKey}${SEPARATOR}${part}`;
}

/** Key of a whole path (the root is `''`). */
export function pathKey(path: CfnPath): string {
  let key = '';
  for (const part of path) key = childKey(key, part);
  return key;
}

/** Location table of one file: path key → location. */
export type LocationTable = Map<string, SourceLocation>;

/** A `locate` function over a table: the location of the path, else of its nearest recorded ancestor, else line 1. */
export function locatorFor(file: string, table: LocationTable): (path: CfnPath) => SourceLocation {
  return (path) => {
    const keys: string[] = [''];
    let key = '';
    for (const part of path) {
      key = childKey(key, part);
      keys.push(key);
    }
    for (let i = keys.length - 1; i >= 0; i--) {
      const found = table.get(keys[i] ?? '');
      if (found) return found;
    }
    return { file, line: 1, column: 1 };
  };
}

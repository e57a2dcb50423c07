/**
 * Path arithmetic for nested-stack files (`Location: vpc.yml` is relative to the parent's file).
 * Written here rather than taken from node:path so the template layer stays runnable in a browser;
 * paths use `/`, as on Linux where ecsnet runs.
 */

/** Collapses `.`, `..` and repeated slashes; keeps a leading `/` and leading `..` of relative paths. */
export function normalizePath(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  return absolute ? `/${joined}` : joined || '.';
}

/** Directory part of a path (`a/b/c.yml` → `a/b`; `c.yml` → `.`). */
export function dirname(path: string): string {
  const normalized = normalizePath(path);
  const slash = normalized.lastIndexOf('/');
  if (slash < 0) return '.';
  if (slash === 0) return '/';
  return normalized.slice(0, slash);
}

/** Resolves `relative` against directory `base`; an absolute `relative` wins. */
export function joinPath(base: string, relative: string): string {
  if (relative.startsWith('/')) return normalizePath(relative);
  return normalizePath(base === '.' ? relative : `${base}/${relative}`);
}

/** Last path segment. */
export function basename(path: string): string {
  const normalized = normalizePath(path);
  return normalized.slice(normalized.lastIndexOf('/') + 1);
}

/** True when two paths name the same file, allowing one to be a relative tail of the other (`./a/b.yml` vs `/w/a/b.yml`). */
export function samePath(a: string, b: string): boolean {
  const x = normalizePath(a);
  const y = normalizePath(b);
  if (x === y) return true;
  const [longer, shorter] = x.length >= y.length ? [x, y] : [y, x];
  return !shorter.startsWith('..') && !shorter.startsWith('/') && longer.endsWith(`/${shorter}`);
}

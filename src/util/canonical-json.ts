/**
 * JSON with object keys sorted at every level: two values equal up to key order serialise the
 * same, so it can key a map or a hash. Pure (the spec diff, a pure layer, uses it).
 *
 * @module
 */

/** `value` as JSON with object keys sorted at every level, members named in `omit` left out at any depth. */
export function canonicalJson(value: unknown, omit?: ReadonlySet<string>): string {
  return JSON.stringify(value, (key, v: unknown) => {
    if (omit?.has(key)) return undefined;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

/**
 * Ordering by UTF-16 code units. localeCompare depends on the machine's ICU locale, and a
 * plan must sort the same everywhere to be byte-identical.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts objects by their `id`, without changing the input. */
export function sortById<T extends { id: string }>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => compareText(a.id, b.id));
}

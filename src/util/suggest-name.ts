/**
 * "Did you mean" suggestions for misspelled names (properties, attributes, resource keys,
 * resource types). A wrong name is usually a wrong case (`Cidrblock`), a dropped or doubled
 * letter (`Propertes`, `CidrBlocks`) or two swapped letters, so a case-insensitive match wins
 * and otherwise the closest name within a small edit distance is offered; failing that, a name
 * the misspelling is a prefix of, or the other way round (`IsProd` → `IsProduction`). Shared by
 * the template layer (logical ids, parameters, exports) and the spec checks. Pure.
 */

/** The candidate the user most likely meant, or undefined when none is close enough to be a useful guess. */
export function suggestName(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  const limit = maxDistance(name.length);
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const candidateLower = candidate.toLowerCase();
    if (candidateLower === lower) return candidate;
    if (Math.abs(candidate.length - name.length) > limit) continue;
    const distance = editDistance(lower, candidateLower, limit);
    if (distance < bestDistance || (distance === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : prefixMatch(lower, candidates);
}

/** A candidate that the name begins (or that begins the name), both at least 3 characters. */
function prefixMatch(lower: string, candidates: Iterable<string>): string | undefined {
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    if (other === lower || Math.min(lower.length, other.length) < 3) continue;
    if (other.startsWith(lower) || lower.startsWith(other)) return candidate;
  }
  return undefined;
}

/**
 * The hint text for a suggestion, `did you mean 'CidrBlock'?`, worded like the template layer's
 * hints so every "did you mean" of ecsnet reads the same.
 */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const suggestion = suggestName(name, candidates);
  return suggestion === undefined ? undefined : didYouMeanText(suggestion);
}

/** The hint for a suggestion already found. */
export function didYouMeanText(suggestion: string): string {
  return `did you mean '${suggestion}'?`;
}

/** Short names tolerate one edit, longer ones up to three: enough for typos, too few to match unrelated names. */
function maxDistance(length: number): number {
  return Math.min(3, Math.max(1, Math.floor(length / 4)));
}

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transposition), stopping early
 * once every cell of a row exceeds `limit` because the caller only cares about close names.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  let previousPrevious = new Array<number>(cols).fill(0);
  let previous = Array.from({ length: cols }, (_, j) => j);
  let current = new Array<number>(cols).fill(0);
  for (let i = 1; i < rows; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (previousPrevious[j - 2] as number) + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return rowMin;
    [previousPrevious, previous, current] = [previous, current, previousPrevious];
  }
  return previous[cols - 1] as number;
}

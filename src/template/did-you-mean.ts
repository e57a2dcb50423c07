/**
 * "Did you mean" hints: the candidate nearest to a misspelled name by edit distance, when it is
 * near enough to be a plausible typo. Users fix a dangling `!Ref PublicSubnet3` faster when told
 * `PublicSubnet2` exists.
 */

/** Levenshtein distance, case-sensitive, with an early exit above `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The closest candidate to `name`, or undefined when none is near enough: within a third of the
 * name's length in edits (at least 2), or else one name a prefix of the other (`IsProd` →
 * `IsProduction`). A case-insensitive exact match always wins.
 */
export function closestMatch(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  const limit = Math.max(2, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  let prefixMatch: string | undefined;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const other = candidate.toLowerCase();
    if (other === lower) return candidate;
    const distance = editDistance(lower, other, limit);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
    const shorter = Math.min(lower.length, other.length);
    if (prefixMatch === undefined && shorter >= 3 && (other.startsWith(lower) || lower.startsWith(other))) prefixMatch = candidate;
  }
  return best ?? prefixMatch;
}

/** ` (did you mean 'X'?)`-style hint text, or undefined when nothing is close. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const match = closestMatch(name, candidates);
  return match === undefined ? undefined : `did you mean '${match}'?`;
}

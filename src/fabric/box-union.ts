/**
 * Union of axis-aligned integer boxes, returned as disjoint boxes. Security-group rules are
 * boxes (address range × protocol range × port range) and a group admits the union of its
 * rules; the kernel's concatenated interval sets (pipapo) refuse elements that overlap, so the
 * union must be cut into disjoint pieces before it becomes set elements. A sweep along each
 * dimension does it, merging neighbouring slices with the same content so the result stays
 * small (a group of rules that all allow 10.0.0.0/16 on different ports stays one address
 * range). Pure.
 *
 * @module
 */

/** An inclusive integer interval `[low, high]`. */
export type Interval = readonly [number, number];

/** One interval per dimension; every box of a union has the same number of dimensions. */
export type Box = readonly Interval[];

/** The union of `boxes` as disjoint boxes, sorted by their first dimension then the next. */
export function disjointUnion(boxes: readonly Box[]): Box[] {
  const valid = boxes.filter((b) => b.length > 0 && b.every(([lo, hi]) => lo <= hi));
  if (valid.length === 0) return [];
  return sweep(valid);
}

/** Sweeps the first dimension; each slice holds the (recursive) union of the remaining dimensions. */
function sweep(boxes: readonly Box[]): Box[] {
  if ((boxes[0] as Box).length === 1) return mergeIntervals(boxes.map((b) => b[0] as Interval)).map((i) => [i]);
  const points = new Set<number>();
  for (const b of boxes) {
    const [lo, hi] = b[0] as Interval;
    points.add(lo);
    points.add(hi + 1);
  }
  const sorted = [...points].sort((x, y) => x - y);
  // Neighbouring slices with the same union below them merge into one.
  const slices: { lo: number; hi: number; rest: Box[]; key: string }[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const lo = sorted[i] as number;
    const hi = (sorted[i + 1] as number) - 1;
    const active = boxes.filter((b) => (b[0] as Interval)[0] <= lo && (b[0] as Interval)[1] >= hi);
    if (active.length === 0) continue;
    const rest = sweep(active.map((b) => b.slice(1)));
    const key = JSON.stringify(rest);
    const last = slices[slices.length - 1];
    if (last && last.hi + 1 === lo && last.key === key) last.hi = hi;
    else slices.push({ lo, hi, rest, key });
  }
  return slices.flatMap((s) => s.rest.map((r) => [[s.lo, s.hi] as Interval, ...r]));
}

/** Sorted, merged (overlapping or adjacent) intervals. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

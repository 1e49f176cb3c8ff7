/**
 * Durations are kept in rollups as counts per bucket, so a percentile (p90 wait) over any period
 * is a sum of small arrays instead of a sort of every visit. Bucket i holds durations in
 * [EDGES[i], EDGES[i + 1]) seconds; the last bucket holds everything from its edge up.
 * Resolution: a minute up to 2 hours, 5 minutes up to 8 hours, an hour up to 7 days.
 */
function edges(): number[] {
  const result: number[] = [];
  for (let s = 0; s < 7_200; s += 60) result.push(s);
  for (let s = 7_200; s < 28_800; s += 300) result.push(s);
  for (let s = 28_800; s <= 604_800; s += 3_600) result.push(s);
  return result;
}

export const EDGES: readonly number[] = edges();
export const BUCKETS = EDGES.length;

/** The bucket a duration (seconds, negative counted as 0) falls in. */
export function bucketOf(seconds: number): number {
  if (seconds <= 0) return 0;
  let low = 0;
  let high = EDGES.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (EDGES[middle]! <= seconds) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** Adds histogram b into a (arrays may be null or shorter: missing counts are 0). */
export function addHistogram(a: number[], b: readonly number[] | null): number[] {
  if (!b) return a;
  for (let i = 0; i < b.length; i++) a[i] = (a[i] ?? 0) + (b[i] ?? 0);
  return a;
}

/**
 * The q-quantile (0..1) of the durations counted in a histogram, interpolated linearly inside its
 * bucket; null when it is empty. The open last bucket answers with its lower edge.
 */
export function percentile(histogram: readonly number[], q: number): number | null {
  const n = histogram.reduce((sum, count) => sum + count, 0);
  if (n === 0) return null;
  const rank = q * n;
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    const count = histogram[i] ?? 0;
    if (count > 0 && seen + count >= rank) {
      const low = EDGES[i]!;
      const high = EDGES[i + 1];
      if (high === undefined) return low;
      return low + ((rank - seen) / count) * (high - low);
    }
    seen += count;
  }
  return EDGES[EDGES.length - 1]!;
}

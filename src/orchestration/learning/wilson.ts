/**
 * Ranking that respects evidence: the lower bound of the Wilson score interval.
 *
 * A composition that succeeded 1 time out of 1 has a success rate of 100%, but that says
 * little; one that succeeded 50 times out of 51 (98%) is far better established. Sorting by
 * the raw rate puts the first above the second. The Wilson lower bound is the smallest
 * success probability still consistent (at 95% confidence) with what was observed:
 *
 * ```
 * lower = (p + z²/2n − z·sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n)     p = successes/n, z = 1.96
 * ```
 *
 * 1/1 gives 0.207, 50/51 gives 0.897, 3/3 gives 0.439, 0/n and n = 0 give 0.
 *
 * @module
 */

/** z for a two-sided 95% interval. */
export const WILSON_Z_95 = 1.959963984540054;

/**
 * The lower bound of the Wilson score interval of `successes` out of `trials` (95% by
 * default). Returns 0 when there are no trials. Successes are clamped to `[0, trials]`.
 *
 * @example
 * wilsonLowerBound(50, 51); // 0.8969...
 * wilsonLowerBound(1, 1);   // 0.2065...
 */
export function wilsonLowerBound(successes: number, trials: number, z: number = WILSON_Z_95): number {
  if (!Number.isFinite(trials) || trials <= 0) return 0;
  const n = trials;
  const s = Math.min(Math.max(Number.isFinite(successes) ? successes : 0, 0), n);
  const p = s / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const margin = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const lower = (centre - margin) / (1 + z2 / n);
  return Math.min(Math.max(lower, 0), 1);
}

/** The figures {@link compareByEvidence} ranks on (any store record has them). */
export interface RankedFigures {
  successCount: number;
  usageCount: number;
  avgQualityScore: number;
  id: string;
}

/**
 * Orders records best first: by the Wilson lower bound of `successCount / usageCount`,
 * then by average quality score, then by usage count, then by id (so the order is total and
 * the same on every machine). Use with `Array.prototype.sort`.
 *
 * @example
 * configs.sort(compareByEvidence); // 50/51 comes before 1/1
 */
export function compareByEvidence(a: RankedFigures, b: RankedFigures): number {
  const wa = wilsonLowerBound(a.successCount, a.usageCount);
  const wb = wilsonLowerBound(b.successCount, b.usageCount);
  if (wa !== wb) return wb - wa;
  if (a.avgQualityScore !== b.avgQualityScore) return b.avgQualityScore - a.avgQualityScore;
  if (a.usageCount !== b.usageCount) return b.usageCount - a.usageCount;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

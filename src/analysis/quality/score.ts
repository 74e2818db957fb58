/**
 * The SQALE-style quality score (docs/quality-score.md): remediation minutes
 * per component, the debt ratio `minutes / (LOC x 30)`, and its piecewise-linear mapping to 0-10.
 *
 * @module
 */

/** Minutes to fix one type error. */
export const TYPE_ERROR_MINUTES = 10;
/** Cognitive complexity a function may have before it costs minutes (Sonar's default). */
export const COGNITIVE_LIMIT = 15;
/** Minutes of a function over the limit: base plus one per point over (Sonar's S3776 remediation). */
export const COMPLEXITY_BASE_MINUTES = 5;
/** Minutes per duplicated line as jscpd counts them (each clone once). */
export const DUPLICATED_LINE_MINUTES = 2;
/** Cost of developing one line of code, the denominator of the debt ratio (SQALE's default). */
export const MINUTES_PER_LOC = 30;

/** Debt ratio (%) -> score, linear between the points, 0 from 100 % on. */
export const SCORE_POINTS: ReadonlyArray<readonly [ratioPct: number, score: number]> = [
  [0, 10],
  [5, 8.5],
  [10, 7],
  [20, 5],
  [50, 2],
  [100, 0],
];

/**
 * Maps a debt ratio in percent to the 0-10 score, rounded to two decimals.
 *
 * @example
 * scoreFromRatio(5); // 8.5
 * scoreFromRatio(15); // 6
 */
export function scoreFromRatio(ratioPct: number): number {
  if (!Number.isFinite(ratioPct) || ratioPct < 0) throw new RangeError(`invalid debt ratio ${ratioPct}`);
  let previous = SCORE_POINTS[0] as readonly [number, number];
  for (const point of SCORE_POINTS.slice(1)) {
    if (ratioPct <= point[0]) {
      const fraction = (ratioPct - previous[0]) / (point[0] - previous[0]);
      return round2(previous[1] + fraction * (point[1] - previous[1]));
    }
    previous = point;
  }
  return 0;
}

/** Remediation minutes of one function with cognitive complexity `cognitive` (0 at or under the limit). */
export function complexityMinutes(cognitive: number, limit = COGNITIVE_LIMIT): number {
  return cognitive > limit ? COMPLEXITY_BASE_MINUTES + (cognitive - limit) : 0;
}

/** Debt ratio in percent: `minutes / (loc x 30) x 100`. */
export function debtRatioPct(minutes: number, loc: number): number {
  if (loc <= 0) throw new RangeError('debt ratio needs at least one line of code');
  return (minutes / (loc * MINUTES_PER_LOC)) * 100;
}

/** Rounds to two decimals for reports. */
export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

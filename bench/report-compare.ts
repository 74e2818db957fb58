/**
 * Compares two release-prep JSON reports (`--format json`) by their values, timings left out:
 * the issue-16 benches check that a report served partly from the cache equals a cold run on
 * the same tree.
 *
 * @module
 */
import { readJson } from './corpus.js';

/**
 * Keys left out of the comparison: when the run happened and how long it took (`measured_at`:
 * when the coverage agent's test run ended), whether an agent was served from the cache (and
 * `dependency_audit_reused`: when a reused npm audit report was revalidated and made), and the
 * worker thread that ran a pass. Nothing else is dropped.
 */
export const TIMING_KEYS: readonly string[] = ['timestamp', 'measured_at', 'total_duration', 'duration_seconds', 'cached', 'dependency_audit_reused', 'threadId', 'thread_id'];

function withoutTimings(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTimings);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !TIMING_KEYS.includes(key))
      .map(([key, v]) => [key, withoutTimings(v)]),
  );
}

/** Paths (`a.b[2].c`) where two JSON values differ, at most `limit`. */
function differences(a: unknown, b: unknown, at: string, out: string[], limit: number): void {
  if (out.length >= limit) return;
  if (Object.is(a, b)) return;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object' || Array.isArray(a) !== Array.isArray(b)) {
    out.push(`${at || '(root)'}: ${JSON.stringify(a)?.slice(0, 80)} vs ${JSON.stringify(b)?.slice(0, 80)}`);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${at}: ${a.length} items vs ${b.length}`);
    for (let i = 0; i < Math.min(a.length, b.length); i += 1) differences(a[i], b[i], `${at}[${i}]`, out, limit);
    return;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  for (const key of new Set([...Object.keys(ao), ...Object.keys(bo)]))
    differences(ao[key], bo[key], at ? `${at}.${key}` : key, out, limit);
}

/**
 * `'identical'` when the two report files hold the same values (timings left out, see
 * {@link TIMING_KEYS}); otherwise a one-line description of the first differences, or why a
 * file could not be read.
 */
export function compareReports(file: string, reference: string): string {
  const a = readJson<unknown>(file);
  const b = readJson<unknown>(reference);
  if (a === undefined) return `not compared: ${file} is missing or not JSON`;
  if (b === undefined) return `not compared: ${reference} is missing or not JSON`;
  const out: string[] = [];
  differences(withoutTimings(a), withoutTimings(b), '', out, 5);
  return out.length === 0 ? 'identical' : `DIFFERENT: ${out.join('; ')}`;
}

/**
 * Reads what a pytest or unittest run did from its exit code and output: the counts of its
 * summary line, and whether any test executed at all. A run in which no test executed (pytest
 * exit 2 to 5, a collection error, a crash, every test skipped) gives no figure: its coverage
 * would come from imports alone.
 *
 * @module
 */
import { stripVTControlCharacters } from 'node:util';

/** Tests run, from the runner's summary. */
export interface TestCounts {
  passed: number;
  failed: number;
  skipped: number;
  errors: number;
  xfailed: number;
  xpassed: number;
}

/** The verdict on a run. */
export type RunVerdict =
  | { executed: true; counts: TestCounts | null; testsFailed: boolean; summary: string }
  | { executed: false; reason: string };

const PYTEST_EXIT: Record<number, string> = {
  2: 'pytest was interrupted (exit 2)',
  3: 'pytest hit an internal error (exit 3)',
  4: 'pytest usage error (exit 4)',
  5: 'pytest collected no tests (exit 5)',
};

/** Parses pytest's final summary line (`== 3 failed, 40 passed, 2 skipped in 1.2s ==`). */
export function pytestCounts(output: string): { counts: TestCounts; line: string } | null {
  const lines = stripVTControlCharacters(output).split(/\r?\n/).reverse();
  const line = lines.find((l) => /\b(passed|failed|skipped|errors?|xfailed|xpassed|no tests ran|deselected)\b.* in [\d.]+s/.test(l));
  if (!line) return null;
  const counts: TestCounts = { passed: 0, failed: 0, skipped: 0, errors: 0, xfailed: 0, xpassed: 0 };
  for (const [, n, word] of line.matchAll(/(\d+) (passed|failed|skipped|errors?|xfailed|xpassed)\b/g)) {
    const key = (word === 'error' ? 'errors' : word) as keyof TestCounts;
    counts[key] += Number(n);
  }
  return { counts, line: line.replace(/^=+\s*|\s*=+$/g, '') };
}

/** Parses unittest's `Ran N tests` and `OK (skipped=1)` / `FAILED (failures=1, errors=2)`. */
export function unittestCounts(output: string): { counts: TestCounts; line: string } | null {
  const text = stripVTControlCharacters(output);
  const ran = /^Ran (\d+) tests? in [\d.]+s/m.exec(text);
  if (!ran) return null;
  const status = /^(OK|FAILED)(?: \(([^)]*)\))?\s*$/m.exec(text.slice(ran.index));
  const detail = new Map<string, number>();
  for (const part of (status?.[2] ?? '').split(',')) {
    const [k, v] = part.trim().split('=');
    if (k && v) detail.set(k, Number(v));
  }
  const failed = detail.get('failures') ?? 0;
  const errors = detail.get('errors') ?? 0;
  const skipped = detail.get('skipped') ?? 0;
  const xfailed = detail.get('expected failures') ?? 0;
  const xpassed = detail.get('unexpected successes') ?? 0;
  const total = Number(ran[1]);
  const counts = { passed: Math.max(0, total - failed - errors - skipped - xfailed - xpassed), failed, skipped, errors, xfailed, xpassed };
  return { counts, line: `Ran ${total} tests: ${status?.[0]?.trim() ?? 'no status line'}` };
}

/**
 * The runner's first useful error lines, at most `max`: the first `ERROR collecting <file>`
 * header, then pytest's `E ` lines and exception or usage-error lines; else the last lines.
 */
export function firstErrorLines(output: string, max = 3): string {
  const lines = stripVTControlCharacters(output)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const header = lines.map((l) => /ERROR collecting \S+/.exec(l)?.[0]).find((h) => h !== undefined);
  const details = lines
    .filter((l) => !/^(ERROR: )?usage:/.test(l) && !/^Traceback/.test(l))
    .filter((l) => /^E\s+\S/.test(l) || /^(INTERNALERROR> )?[\w.]*(Error|Exception)\b.*:/.test(l) || /\berror: /.test(l))
    .map((l) => l.replace(/^E\s+/, ''));
  const chosen = header || details.length > 0 ? [...(header ? [header] : []), ...details] : lines.slice(-max);
  return [...new Set(chosen)].slice(0, max).join(' | ').slice(0, 500);
}

function describe(counts: TestCounts): string {
  const parts = (['passed', 'failed', 'errors', 'skipped', 'xfailed', 'xpassed'] as const).filter((k) => counts[k] > 0).map((k) => `${counts[k]} ${k}`);
  return parts.length > 0 ? parts.join(', ') : 'no test';
}

/**
 * Judges a pytest run: exit 0 or 1 with at least one test executed gives a figure (exit 1 =
 * some tests failed); anything else is not measured, with pytest's own first error lines.
 */
export function judgePytest(exitCode: number | null, output: string): RunVerdict {
  const parsed = pytestCounts(output);
  if (exitCode !== 0 && exitCode !== 1) {
    const what = exitCode === null ? 'pytest was killed' : (PYTEST_EXIT[exitCode] ?? `pytest crashed (exit ${exitCode})`);
    return { executed: false, reason: `${what}, so no test result: ${firstErrorLines(output)}` };
  }
  const counts = parsed?.counts ?? null;
  const ran = counts ? counts.passed + counts.failed + counts.xfailed + counts.xpassed : 0;
  if (counts && ran === 0) {
    return { executed: false, reason: `no test executed (${parsed?.line ?? describe(counts)}): ${firstErrorLines(output)}` };
  }
  const testsFailed = exitCode === 1;
  return { executed: true, counts, testsFailed, summary: counts ? describe(counts) : 'summary line not found' };
}

/** Judges a unittest run: no `Ran N tests` with N > 0, or every test a failed import, means no test executed. */
export function judgeUnittest(exitCode: number | null, output: string): RunVerdict {
  const parsed = unittestCounts(output);
  if (!parsed) return { executed: false, reason: `unittest ran no test (exit ${exitCode ?? 'killed'}): ${firstErrorLines(output)}` };
  const { counts } = parsed;
  const loaderFailures = (output.match(/^ERROR: \S+ \(unittest\.loader\._FailedTest/gm) ?? []).length;
  const total = counts.passed + counts.failed + counts.errors + counts.skipped + counts.xfailed + counts.xpassed;
  if (total === 0 || counts.skipped === total || loaderFailures === total) {
    return { executed: false, reason: `no test executed (${parsed.line}): ${firstErrorLines(output)}` };
  }
  return { executed: true, counts, testsFailed: exitCode !== 0, summary: describe(counts) };
}

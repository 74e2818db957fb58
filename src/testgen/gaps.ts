/**
 * Gap ranking: source files and functions ranked by uncovered lines, `priority_modules` first.
 *
 * @module
 */
import type { CoverageFigures } from '../analysis/coverage/types.js';
import { isNonApiPath } from './js/entry.js';
import type { Gap } from './types.js';

/** Weight applied to the score of files matching a priority module. */
export const PRIORITY_WEIGHT = 10;

/** The language of a gap file by its name, or null for a file no generator takes. */
export function languageOf(file: string): Gap['language'] | null {
  if (/\.(ts|mts|cts|tsx)$/.test(file) && !/\.d\.(m|c)?ts$/.test(file)) return 'typescript';
  if (/\.(js|mjs|cjs|jsx)$/.test(file)) return 'javascript';
  if (/\.py$/.test(file)) return 'python';
  return null;
}

/**
 * True when `file` belongs to one of `modules`: a module matches a path segment or the file's
 * base name without extension (`auth` matches `src/auth/login.ts` and `lib/auth.js`), or a
 * dotted Python module path (`shapes.area` matches `shapes/area.py`).
 */
export function matchesPriority(file: string, modules: readonly string[]): boolean {
  const noExt = file.replace(/\.[^./]+$/, '');
  const segments = noExt.split('/');
  return modules.some((raw) => {
    const m = raw.trim().replace(/\\/g, '/').replace(/\.(ts|js|py|mjs|cjs|mts|cts)$/, '');
    if (m === '') return false;
    const asPath = m.includes('/') ? m : m.replace(/\./g, '/');
    if (asPath.includes('/')) return noExt === asPath || noExt.endsWith(`/${asPath}`) || noExt.startsWith(`${asPath}/`) || noExt.includes(`/${asPath}/`);
    return segments.includes(m);
  });
}

/** A Python package's entry point (`pkg/__init__.py`, `src/pkg/__init__.py`): the public API a user imports. */
function isPythonEntry(file: string): boolean {
  return /^(src\/)?[^/]+\/__init__\.py$/.test(file);
}

/**
 * Ranks the files of the coverage figures that have uncovered lines. Priority modules come
 * first (their score is weighted x{@link PRIORITY_WEIGHT}), files that are not part of the
 * package API (benchmarks, examples, build configs, tests) last; then a Python package's
 * `__init__.py` (its entry point); then by uncovered lines; ties keep the path order.
 *
 * @example
 * const gaps = rankGaps(report.figures, ['auth']);
 * gaps[0].path; // 'src/auth/login.ts'
 */
export function rankGaps(figures: Pick<CoverageFigures, 'files' | 'gaps'>, priorityModules: readonly string[] = []): Gap[] {
  const gaps: Gap[] = [];
  for (const row of figures.files) {
    const language = languageOf(row.path);
    if (!language) continue;
    const uncoveredLines = row.uncovered_lines ?? [];
    const uncovered = row.lines_total - row.lines_covered;
    if (uncovered <= 0) continue;
    const priority = priorityModules.length > 0 && matchesPriority(row.path, priorityModules);
    const functions = figures.gaps.functions
      .filter((f) => f.path === row.path && f.uncovered > 0)
      .sort((a, b) => b.uncovered - a.uncovered || a.start_line - b.start_line)
      .map((f) => ({ name: f.name, startLine: f.start_line, endLine: f.end_line, uncoveredLines: f.uncovered_lines }));
    gaps.push({
      path: row.path,
      language,
      uncoveredLines,
      uncovered,
      linesTotal: row.lines_total,
      pct: row.pct,
      functions,
      priority,
      score: uncovered * (priority ? PRIORITY_WEIGHT : 1),
    });
  }
  return gaps.sort((a, b) => Number(b.priority) - Number(a.priority) || Number(isNonApiPath(a.path)) - Number(isNonApiPath(b.path)) || Number(isPythonEntry(b.path)) - Number(isPythonEntry(a.path)) || b.score - a.score || a.path.localeCompare(b.path));
}

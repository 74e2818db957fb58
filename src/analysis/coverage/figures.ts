/**
 * Builds the analyser's figures from the measurements of each part: totals combined by lines,
 * the per-file table, and gaps ranked by uncovered lines.
 *
 * @module
 */
import type { Tier } from '../../types.js';
import type { MeasuredFile, PartMeasurement } from './measure.js';
import type { CoverageFigures, CoverageFileRow, CoverageFunctionGap, CoveragePartFigures, StaleReport } from './types.js';

/** At most this many files and functions are listed in `gaps`. */
export const MAX_GAPS = 50;

/** Percent with two decimals; null when there is nothing to divide by. */
export function percent(covered: number, total: number): number | null {
  return total > 0 ? Math.round((covered / total) * 10000) / 100 : null;
}

function linesWhere(file: MeasuredFile, covered: boolean): number[] | null {
  if (!file.lines) return null;
  return [...file.lines]
    .filter(([, hits]) => (hits > 0) === covered)
    .map(([line]) => line)
    .sort((a, b) => a - b);
}

/** Functions of a file with the uncovered lines each one owns (a line belongs to the innermost function around it). */
export function functionGaps(file: MeasuredFile, uncovered: number[]): CoverageFunctionGap[] {
  if (file.functions.length === 0 || uncovered.length === 0) return [];
  const starts = [...new Set(file.functions.map((f) => f.startLine))].sort((a, b) => a - b);
  const ranges = file.functions.map((fn) => {
    const nextStart = starts.find((s) => s > fn.startLine);
    const end = fn.endLine ?? (nextStart !== undefined ? nextStart - 1 : Number.MAX_SAFE_INTEGER);
    return { fn, start: fn.startLine, end, own: fn.lines ? new Set(fn.lines) : null };
  });
  const owned = new Map<(typeof ranges)[number], number[]>();
  for (const line of uncovered) {
    let best: (typeof ranges)[number] | null = null;
    for (const r of ranges) {
      const inside = r.own ? r.own.has(line) : line >= r.start && line <= r.end;
      if (!inside) continue;
      if (!best || r.end - r.start < best.end - best.start || (r.end - r.start === best.end - best.start && r.start > best.start)) {
        best = r;
      }
    }
    if (best) owned.set(best, [...(owned.get(best) ?? []), line]);
  }
  return [...owned].map(([r, lines]) => ({
    path: file.path,
    name: r.fn.name,
    start_line: r.fn.startLine,
    end_line: r.fn.endLine,
    uncovered: lines.length,
    uncovered_lines: lines,
    calls: r.fn.hits,
  }));
}

function partFigures(m: PartMeasurement): CoveragePartFigures {
  const total = m.files.reduce((n, f) => n + f.linesTotal, 0);
  const covered = m.files.reduce((n, f) => n + f.linesCovered, 0);
  return {
    part: m.part,
    source: m.source,
    coverage: percent(covered, total),
    lines_total: total,
    lines_covered: covered,
    freshness: m.freshness,
    tests_failed: m.testsFailed,
    ...(m.run ? { test_run: m.run } : {}),
  };
}

/** The figures when nothing could be measured. */
export function emptyFigures(staleReports: StaleReport[] = [], parts: CoveragePartFigures[] = []): CoverageFigures {
  return {
    coverage: null,
    lines_total: null,
    lines_covered: null,
    branch_coverage: null,
    branches_total: null,
    branches_covered: null,
    files: [],
    gaps: { files: [], functions: [] },
    source: null,
    freshness: null,
    parts,
    unmeasured_files: [],
    unloaded_files: [],
    tests_failed: null,
    test_run_containment: null,
    stale_reports: staleReports,
    report_choices: [],
    notes: [],
  };
}

/** The weakest containment of the parts' test runs (null when every part came from a report). */
function containmentOf(measured: PartMeasurement[]): 'bubblewrap' | 'none' | null {
  const kinds = measured.map((m) => m.containment).filter((k) => k !== undefined);
  if (kinds.length === 0) return null;
  return kinds.includes('none') ? 'none' : 'bubblewrap';
}

/**
 * Combines the measured parts (by lines) into the figures. `unmeasuredParts` are listed in
 * `parts` with null figures so a mixed repository says which half was measured.
 */
export function buildFigures(
  measured: PartMeasurement[],
  unmeasuredParts: CoveragePartFigures[],
  staleReports: StaleReport[],
  tier: Tier,
): CoverageFigures {
  const parts = [...measured.map(partFigures), ...unmeasuredParts];
  if (measured.length === 0) return emptyFigures(staleReports, parts);
  const files = measured.flatMap((m) => m.files).sort((a, b) => a.path.localeCompare(b.path));
  const rows: CoverageFileRow[] = [];
  const functionList: CoverageFunctionGap[] = [];
  let total = 0;
  let covered = 0;
  let branchesTotal = 0;
  let branchesCovered = 0;
  let hasBranches = false;
  for (const file of files) {
    const uncovered = linesWhere(file, false);
    rows.push({
      path: file.path,
      lines_total: file.linesTotal,
      lines_covered: file.linesCovered,
      pct: percent(file.linesCovered, file.linesTotal),
      uncovered_lines: uncovered,
      covered_lines: linesWhere(file, true),
    });
    total += file.linesTotal;
    covered += file.linesCovered;
    if (file.branches) {
      hasBranches = true;
      branchesTotal += file.branches.total;
      branchesCovered += file.branches.covered;
    }
    if (uncovered) functionList.push(...functionGaps(file, uncovered));
  }
  const gapFiles = rows
    .filter((r) => r.lines_total - r.lines_covered > 0)
    .map((r) => ({ path: r.path, uncovered: r.lines_total - r.lines_covered, lines_total: r.lines_total, pct: r.pct }))
    .sort((a, b) => b.uncovered - a.uncovered || a.path.localeCompare(b.path));
  functionList.sort((a, b) => b.uncovered - a.uncovered || a.path.localeCompare(b.path) || a.start_line - b.start_line);
  const branches = tier === 'PREMIUM' && hasBranches;
  const testRuns = measured.filter((m) => m.testsFailed !== null);
  return {
    coverage: percent(covered, total),
    lines_total: total,
    lines_covered: covered,
    branch_coverage: branches ? percent(branchesCovered, branchesTotal) : null,
    branches_total: branches ? branchesTotal : null,
    branches_covered: branches ? branchesCovered : null,
    files: rows,
    gaps: { files: gapFiles.slice(0, MAX_GAPS), functions: functionList.slice(0, MAX_GAPS) },
    source: measured.map((m) => m.source).join(' + '),
    freshness: measured[0]!.freshness,
    parts,
    unmeasured_files: measured.flatMap((m) => m.unmeasuredFiles).sort(),
    unloaded_files: measured.flatMap((m) => m.unloadedFiles).sort(),
    tests_failed: testRuns.length > 0 ? testRuns.some((m) => m.testsFailed === true) : null,
    test_run_containment: containmentOf(measured),
    stale_reports: staleReports,
    report_choices: [],
    notes: measured.flatMap((m) => [
      ...m.notes,
      ...(m.ignoredEntries > 0 ? [`${m.source}: ${m.ignoredEntries} entries outside the root or not in the project index ignored`] : []),
    ]),
  };
}

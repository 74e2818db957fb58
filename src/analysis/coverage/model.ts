/**
 * The normalised coverage data every report reader produces, before paths are mapped to the
 * project index. Internal to the coverage analyser; the public figures are in `types.ts`.
 *
 * @module
 */

/** Formats the readers understand. */
export type ReportFormat = 'istanbul' | 'istanbul-summary' | 'lcov' | 'coverage.py' | 'cobertura';

/** A function of a covered file, as far as the report describes it. */
export interface RawFunction {
  name: string;
  startLine: number;
  /** Last line, or null when the report gives only the start (lcov `FN:<line>,<name>`). */
  endLine: number | null;
  /** The function's own measured lines, when the report lists them (Cobertura methods, coverage.py 7 functions). */
  lines: number[] | null;
  /** Calls, when known. */
  hits: number | null;
}

/** Line (and branch) coverage of one file as the report states it. */
export interface RawFileCoverage {
  /** The path exactly as written in the report. */
  reportPath: string;
  /** Measured line -> hit count; null when the report only has totals (coverage-summary.json). */
  lines: Map<number, number> | null;
  linesTotal: number;
  linesCovered: number;
  functions: RawFunction[];
  /** Branch totals, or null when the report has no branch data. */
  branches: { total: number; covered: number } | null;
}

/** One coverage report, parsed. */
export interface RawCoverage {
  format: ReportFormat;
  files: RawFileCoverage[];
  /** Directories relative report paths may be relative to (Cobertura `<sources>`), absolute. */
  sourceRoots: string[];
  /** The tool that wrote the report, when the report says so (e.g. `coverage.py 6.5.0`). */
  generator: { name: string; version: string | null } | null;
  /** Things the reader wants the report to say (e.g. "no uncovered line numbers in a summary"). */
  notes: string[];
}

/** Builds a {@link RawFileCoverage} from a line -> hits map. */
export function fileFromLines(
  reportPath: string,
  lines: Map<number, number>,
  functions: RawFunction[] = [],
  branches: RawFileCoverage['branches'] = null,
): RawFileCoverage {
  let covered = 0;
  for (const hits of lines.values()) if (hits > 0) covered += 1;
  return { reportPath, lines, linesTotal: lines.size, linesCovered: covered, functions, branches };
}

/** True for a finite, non-negative integer. */
export function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

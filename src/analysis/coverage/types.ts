/**
 * Public types of the coverage analyser: its options and its figures (snake_case, as serialised).
 *
 * @module
 */
import type { AnalyzeOptions } from '../types.js';
import type { CoveragePart } from './paths.js';

/** Options of the coverage analyser. */
export interface CoverageOptions extends AnalyzeOptions {
  /** Deadline of one test run with coverage, in seconds (default 300). */
  timeoutSeconds?: number;
  /**
   * Python interpreters to probe for `coverage` + `pytest`, in order. Default: the project's
   * `.venv/bin/python`, `venv/bin/python`, `python3`, `/usr/bin/python3`, `python`.
   */
  pythonCandidates?: string[];
  /** Ignore existing reports and always run the tests (CAPABLE and PREMIUM only; a `reportFile` is still read). */
  forceRun?: boolean;
  /**
   * The root is a scratch copy made by us (the test generator's validator): the tests may write
   * into it. Never set for a user's repository, which contained runs keep read-only.
   */
  writableProject?: boolean;
  /**
   * Keep the test runner's own cache (jest's transform cache) across contained runs, in the
   * project's result cache directory (default true; never with `--no-cache`). User config only:
   * the project's code writes that cache (docs/security-model.md).
   */
  runnerCache?: boolean;
  /**
   * A coverage report the user names (`--coverage-report FILE`; relative to the root). It is
   * the only report read, whether git tracks it or not; its freshness is still judged by time.
   */
  reportFile?: string;
}

/** One row of the per-file table. */
export type CoverageFileRow = {
  path: string;
  lines_total: number;
  lines_covered: number;
  /** Line coverage in percent (2 decimals); null for a file with no measurable lines. */
  pct: number | null;
  /** Uncovered line numbers, ascending; null when the report has totals only (coverage-summary.json). */
  uncovered_lines: number[] | null;
  /**
   * Covered line numbers, ascending; null when the report has totals only. With
   * `uncovered_lines` they are the file's executable lines (what gates on new code read).
   */
  covered_lines: number[] | null;
};

/** A file ranked by uncovered lines. */
export type CoverageFileGap = { path: string; uncovered: number; lines_total: number; pct: number | null };

/** A function with uncovered lines (from istanbul `fnMap`, lcov `FN`, Cobertura methods, coverage.py 7 functions). */
export type CoverageFunctionGap = {
  path: string;
  name: string;
  start_line: number;
  /** Null when the report gives only the start line (the uncovered lines are then those up to the next function). */
  end_line: number | null;
  uncovered: number;
  uncovered_lines: number[];
  /** Times the function was called, when the report says. */
  calls: number | null;
};

/** How fresh the data of one part is. */
export type CoverageFreshness = {
  /** True for a test run of this analysis or a report newer than every source file it covers. */
  fresh: boolean;
  /** ISO time the report was written (or the run finished). */
  measured_at: string;
  /** The newest source file of the part and its time, when known. */
  newest_source: string | null;
  newest_source_at: string | null;
};

/** The measurement of one part (JS/TS or Python) of the repository. */
export type CoveragePartFigures = {
  part: CoveragePart;
  /** `report:<relative path>` or `run:<runner>`; null when not measured. */
  source: string | null;
  coverage: number | null;
  lines_total: number | null;
  lines_covered: number | null;
  freshness: CoverageFreshness | null;
  /** True when the run had failing tests (coverage is still reported), null for reports. */
  tests_failed: boolean | null;
  /** What ran, when the figure comes from a test run (absent for reports). */
  test_run?: CoverageTestRun;
};

/** What a coverage test run did: the command, the tests' results, the file set, what was left out. */
export type CoverageTestRun = {
  /** `vitest`, `jest`, `mocha`, `node:test`, `ava`, `tap`, `script`, `pytest`; `none` when there were no tests. */
  runner: string;
  command: string;
  /** Where it ran (the workspace root for a monorepo package). */
  cwd: string;
  /** From the runner's own summary; null where it did not say. */
  tests: { run: number | null; passed: number | null; failed: number | null; skipped: number | null };
  /** The measured file set: how many files and the rule that chose them. */
  file_set: { rule: string; count: number; configured: boolean };
  /** Options or steps of the project's configuration this run did not honour, with why. */
  neutralised: { item: string; reason: string }[];
  /** Steps of the test script that are not the tests (lint, type-check, build), not run. */
  skipped_steps: string[];
  /** Where the plan comes from (scripts, CI workflows, config files). */
  evidence: string[];
  /** Built output the tests load (e.g. `dist/`), when they do. */
  built_output: string | null;
};

/** A report that was found but is older than the sources: shown for information, never gated on. */
export type StaleReport = {
  source: string;
  coverage: number | null;
  report_at: string;
  newer_source: string;
  newer_source_at: string;
};

/** The rule that chose or rejected an existing report (see `report-trust.ts`). */
export type CoverageReportRule =
  | 'named'
  | 'untracked_and_newer'
  | 'newer_than_sources_no_git'
  | 'tracked_by_git'
  | 'git_unavailable'
  | 'older_than_sources';

/** How one existing report was judged for one part of the repository. */
export type CoverageReportChoice = {
  /** Path relative to the root (absolute for a named report outside it). */
  report: string;
  rule: CoverageReportRule;
  /** True when the rule lets the report give the figure (`source` says which report did). */
  accepted: boolean;
  /** One line for humans: the report, whether it was used, and why. */
  note: string;
};

/** The figures of the coverage analyser. `coverage` is the gate figure (`min_coverage`). */
export type CoverageFigures = {
  /** Total line coverage in percent (2 decimals), over every measured part; null when not measured. */
  coverage: number | null;
  lines_total: number | null;
  lines_covered: number | null;
  /** PREMIUM only: branch coverage in percent when the data has branches, else null. */
  branch_coverage: number | null;
  branches_total: number | null;
  branches_covered: number | null;
  /** Per-file line coverage, sorted by path. */
  files: CoverageFileRow[];
  /** Files and functions ranked by uncovered lines (at most 50 of each). */
  gaps: { files: CoverageFileGap[]; functions: CoverageFunctionGap[] };
  /** Where the figure comes from: `report:<file>` or `run:<runner>`, joined with `+` for mixed repos. */
  source: string | null;
  /** Freshness of the data (of the first measured part; every part in `parts`). */
  freshness: CoverageFreshness | null;
  /** Per part (JS/TS, Python): what was measured and how. */
  parts: CoveragePartFigures[];
  /** Source files of a measured part that the data does not cover (their lines are not in the totals). */
  unmeasured_files: string[];
  /** Source files never loaded by the tests, counted as fully uncovered (V8 runs only). */
  unloaded_files: string[];
  /** True when a test run had failing tests; null when no tests were run. */
  tests_failed: boolean | null;
  /** How the project's tests were contained: `bubblewrap`, `none` (see `notes`), null when no test ran. */
  test_run_containment: 'bubblewrap' | 'none' | null;
  /** Stale reports that were not used. */
  stale_reports: StaleReport[];
  /** Every existing report considered, with the rule that chose or rejected it (also in `notes`). */
  report_choices: CoverageReportChoice[];
  /** How the data was read (e.g. V8-style lines dropped, entries ignored). */
  notes: string[];
};

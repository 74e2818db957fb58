/**
 * Types of the refactoring analyser's report (snake_case figure names are the wire names).
 *
 * @module
 */
import type { AnalyzeOptions } from '../types.js';

/** Which per-function complexity the limit applies to. */
export type ComplexityMetric = 'cyclomatic' | 'cognitive';

/** Figures of the refactoring report; null when not measured (or not part of the tier). */
export interface RefactoringFigures extends Record<string, unknown> {
  /** jscpd `statistics.total.percentage` (renamed clones included at PREMIUM). */
  duplication_pct: number | null;
  duplicated_lines: number | null;
  /** Functions whose complexity (see `complexity_metric`) is over the limit. */
  complex_functions: number | null;
  /** Highest complexity of any function (0 when there is no function). */
  max_complexity: number | null;
  complexity_metric: ComplexityMetric;
  /** Files with more non-blank lines than the limit. */
  long_files: number;
  /** Functions spanning more lines than the limit. */
  long_functions: number | null;
  /** Functions measured. */
  functions: number | null;
}

/** Options of the refactoring analyser. */
export interface RefactoringOptions extends AnalyzeOptions {
  /** A function is complex above this (default 10). */
  complexityLimit?: number;
  /** Metric of the limit (default `cyclomatic`, McCabe's 10). */
  complexityMetric?: ComplexityMetric;
  /** A file is long above this many non-blank lines (default 300). */
  maxFileLines?: number;
  /** A function is long above this many lines, first to last (default 50). */
  maxFunctionLines?: number;
  /** Deadline of the jscpd run in ms (default 120 s). */
  toolTimeoutMs?: number;
}

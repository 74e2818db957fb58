/**
 * Types of the quality analyser's report (snake_case figure names are the wire names).
 *
 * @module
 */
import type { AnalyzeOptions } from '../types.js';

/** The components of the score. */
export type QualityComponentName = 'lint' | 'complexity' | 'duplication' | 'type_errors';

/**
 * How a component fared: `measured`; `not_measured` (it belongs to the tier but could not be
 * taken: the score is then null); `not_in_tier` (the tier does not include it);
 * `not_applicable` (nothing to measure, e.g. type errors of a JavaScript project without tsconfig).
 */
export type QualityComponentStatus = 'measured' | 'not_measured' | 'not_in_tier' | 'not_applicable';

/** One component of the score with its count and remediation minutes. */
export interface QualityComponent {
  component: QualityComponentName;
  status: QualityComponentStatus;
  /** Findings counted (lint findings, complex functions, duplicated lines, type errors); null when nothing was measured. */
  count: number | null;
  /** Remediation minutes of what was measured; null when nothing was. */
  minutes: number | null;
  /** How the minutes were computed, or why the component was not measured. */
  detail: string;
}

/** Figures of the quality report. */
export interface QualityFigures extends Record<string, unknown> {
  /**
   * 0-10; null when no source was found, a component of the tier could not be measured, or more
   * than 5 % of the code lines do not parse.
   */
  quality_score: number | null;
  /** The score computed from the measured components only (equals quality_score when complete). */
  quality_score_partial: number | null;
  /** Remediation minutes / (LOC x 30), in percent, over the measured components and the lines that parse. */
  debt_ratio_pct: number | null;
  remediation_minutes: number | null;
  /** Non-blank lines of the JS/TS/Python sources scored (declaration files excluded). */
  loc: number;
  /** Scored files that could not be parsed (or read): not measured, listed in `notMeasured`. */
  files_not_parsed: string[];
  /** Non-blank lines of `files_not_parsed`, left out of the debt ratio's denominator. */
  loc_not_parsed: number;
  lint_errors: number | null;
  lint_warnings: number | null;
  type_errors: number | null;
  /** Functions with cognitive complexity over 15. */
  complex_functions: number | null;
  max_cognitive_complexity: number | null;
  duplicated_lines: number | null;
  duplication_pct: number | null;
  components: QualityComponent[];
  /** Per scored file that parses: its lines of code and the remediation minutes of its findings. */
  file_debt: FileDebt[];
}

/** Lines of code and remediation minutes of one file (see `file-debt.ts`). */
export interface FileDebt {
  path: string;
  loc: number;
  minutes: number;
}

/** Options of the quality analyser. */
export interface QualityOptions extends AnalyzeOptions {
  /** Deadline of each external tool run (jscpd, tsc, pyright/mypy) in ms. Default 300 s. */
  toolTimeoutMs?: number;
  /** PATH used to find pyright/mypy (default `process.env.PATH`). */
  envPath?: string;
}

/**
 * The typed report every analyser returns: each figure with its source (tool, version, files
 * counted), or "not measured" with the reason (fail closed: its gate fails).
 *
 * @module
 */
import type { ProjectIndex } from '../project/types.js';
import type { Tier } from '../types.js';
import type { TestProgress } from './test-runner/progress.js';

/** Severity of a finding. Our own documented tables map tool rules to these. */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** One finding at a place in the code. */
export interface Finding {
  /** Path relative to the project root, `/` separators. */
  file: string;
  /** 1-based line; 0 when the finding is about the whole file. */
  line: number;
  /** 1-based column, when known. */
  column?: number;
  /** Rule id, e.g. `security/detect-eval-with-expression` or `secretlint/aws-access-key`. */
  rule: string;
  severity: Severity;
  message: string;
  /** The tool that reported it, e.g. `eslint`, `secretlint`, `bandit`, `empathy-python-rules`. */
  tool: string;
  /** Data flow behind the severity (source first, sink last), when a taint analysis traced one. */
  flow?: FlowStep[];
  /** Remediation minutes this finding adds to the quality score's debt (quality findings only). */
  minutes?: number;
}

/** One step of a data flow: a place in the code and what the data is there. */
export interface FlowStep {
  file: string;
  line: number;
  label: string;
}

/** A tool (and its version) used for a measurement. */
export interface ToolUsed {
  name: string;
  version: string | null;
}

/** Something that could not be measured, why, and how the user can fix it. */
export interface NotMeasured {
  what: string;
  reason: string;
  fix?: string;
}

/** The report of one analyser run. `figures` values are `null` when not measured. */
export interface AnalysisReport<F extends Record<string, unknown> = Record<string, unknown>> {
  /** Analyser id, e.g. `security`. */
  analyzer: string;
  /** Analyser version (part of the cache key). */
  version: string;
  tier: Tier;
  /** Absolute project root analysed. */
  root: string;
  /** The figures, snake_case keys (e.g. `critical_issues`, `coverage`), `null` when not measured. */
  figures: F;
  findings: Finding[];
  tools: ToolUsed[];
  /** Files the figures are computed over. */
  filesCounted: number;
  notMeasured: NotMeasured[];
  durationSeconds: number;
  /** True when the whole report came from the result cache. */
  cached: boolean;
}

/** Options every analyser accepts. */
export interface AnalyzeOptions {
  tier: Tier;
  signal?: AbortSignal;
  /**
   * Called as a test run the analyser starts (the coverage analyser's) reports its progress,
   * with the part it measures (`JS/TS`, `Python`); for live displays only, never part of a report.
   */
  onTestProgress?: (progress: TestProgress, part: string) => void;
}

/** An analyser: measures one area of a project. */
export interface Analyzer<
  F extends Record<string, unknown> = Record<string, unknown>,
  O extends AnalyzeOptions = AnalyzeOptions,
> {
  id: string;
  version: string;
  analyze(index: ProjectIndex, options: O): Promise<AnalysisReport<F>>;
}

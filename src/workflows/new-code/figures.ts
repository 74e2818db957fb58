/**
 * New-code figures (SonarQube's "clean as you code", Codecov's patch coverage): coverage of
 * the changed executable lines, critical findings on changed lines, and the quality of the
 * changed files, read from the agents' measurements of the whole project. The same lines are
 * never measured twice: executable lines come from the coverage analyser's per-file line data
 * (`covered_lines` + `uncovered_lines`), findings from the security and quality analysers.
 *
 * @module
 */
import type { AgentResult } from '../../types.js';
import { debtRatioPct, round2, scoreFromRatio } from '../../analysis/quality/score.js';
import type { ChangedLines } from './changed-lines.js';

/** A finding on new code (wire form). */
export interface NewCodeFinding {
  file: string;
  line: number;
  rule: string;
  severity: string;
  message: string;
  tool: string;
  flow?: Array<{ file: string; line: number; label: string }>;
}

/** The uncovered changed lines of one file. */
export interface UncoveredChange {
  file: string;
  lines: number[];
}

/** New-code figures of a run; every figure is null when it could not be measured (`not_measured` says why). */
export interface NewCodeFigures {
  base_ref: string;
  base_source: string;
  merge_base: string;
  changed_files: number;
  changed_lines: number;
  /** Changed lines the coverage data counts as executable. */
  executable_lines: number | null;
  covered_lines: number | null;
  /** Coverage of the changed executable lines, percent with two decimals. */
  coverage: number | null;
  /** The configured size below which the coverage figure is stated but not gated (`new_code_min_lines`). */
  min_lines: number;
  /** True when the change has fewer executable lines than `min_lines`, or none at all. */
  too_small: boolean;
  uncovered: UncoveredChange[];
  /** Changed source files the coverage data does not cover (their lines are not counted). */
  unmeasured_files: string[];
  critical_issues: number | null;
  critical_findings: NewCodeFinding[];
  /** Quality score (0-10) of the changed files, from the quality analyser's per-file debt. */
  quality_score: number | null;
  quality_files: number;
  not_measured: Array<{ what: string; reason: string }>;
}

type Output = Record<string, unknown>;

function isRecord(value: unknown): value is Output {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The analysis reports of analyser `id` in the agents' outputs (direct or keyed by tool). */
export function analysisOutputs(results: readonly AgentResult[], id: string): Output[] {
  const found: Output[] = [];
  for (const result of results) {
    const candidates = result.output['analyzer'] !== undefined ? [result.output] : Object.values(result.output);
    for (const value of candidates) if (isRecord(value) && value['analyzer'] === id) found.push(value);
  }
  return found;
}

function figuresOf(output: Output | undefined): Output | null {
  return output && isRecord(output['figures']) ? output['figures'] : null;
}

function numbers(value: unknown): number[] | null {
  return Array.isArray(value) && value.every((n) => typeof n === 'number') ? (value as number[]) : null;
}

function onChangedLine(changed: Map<string, number[]>, file: unknown, line: unknown): boolean {
  if (typeof file !== 'string' || typeof line !== 'number') return false;
  const lines = changed.get(file);
  if (!lines) return false;
  return line === 0 || lines.includes(line); // line 0: a finding about the whole (changed) file
}

interface CoveragePart {
  executable: number;
  covered: number;
  uncovered: UncoveredChange[];
  unmeasured: string[];
}

function coverageOfChanges(changed: Map<string, number[]>, figures: Output): CoveragePart | string {
  const rows = Array.isArray(figures['files']) ? figures['files'].filter(isRecord) : [];
  const byPath = new Map(rows.map((row) => [String(row['path']), row]));
  const unmeasuredSources = new Set(
    [...(numbersOrStrings(figures['unmeasured_files']) ?? [])].map(String),
  );
  const part: CoveragePart = { executable: 0, covered: 0, uncovered: [], unmeasured: [] };
  for (const [file, lines] of changed) {
    const row = byPath.get(file);
    if (!row) {
      if (unmeasuredSources.has(file)) part.unmeasured.push(file);
      continue; // not a measured source file (docs, config, tests): no executable lines
    }
    const covered = numbers(row['covered_lines']);
    const uncovered = numbers(row['uncovered_lines']);
    if (!covered || !uncovered) {
      return `the coverage data of ${file} has totals only, no per-line data (use an lcov, istanbul JSON, Cobertura or coverage.py JSON report)`;
    }
    const coveredSet = new Set(covered);
    const uncoveredSet = new Set(uncovered);
    const missed = lines.filter((l) => uncoveredSet.has(l));
    const hit = lines.filter((l) => coveredSet.has(l)).length;
    part.executable += hit + missed.length;
    part.covered += hit;
    if (missed.length > 0) part.uncovered.push({ file, lines: missed });
  }
  return part;
}

function numbersOrStrings(value: unknown): unknown[] | null {
  return Array.isArray(value) ? value : null;
}

function qualityOfChanges(changed: Map<string, number[]>, figures: Output): { score: number; files: number } | string | null {
  const debt = Array.isArray(figures['file_debt']) ? figures['file_debt'].filter(isRecord) : null;
  if (!debt) return 'the quality report has no per-file debt (file_debt)';
  let loc = 0;
  let minutes = 0;
  let files = 0;
  for (const row of debt) {
    if (!changed.has(String(row['path']))) continue;
    files += 1;
    loc += Number(row['loc']) || 0;
    minutes += Number(row['minutes']) || 0;
  }
  if (loc === 0) return null; // no scored source file changed: nothing to judge
  return { score: round2(scoreFromRatio(debtRatioPct(minutes, loc))), files };
}

/**
 * The new-code figures of a run from the agents' results and the changed lines.
 *
 * @example
 * const figures = newCodeFigures(changed, report.agentResults, 0);
 * figures.coverage; // e.g. 75 (3 of 4 changed executable lines covered)
 */
export function newCodeFigures(changed: ChangedLines, results: readonly AgentResult[], minLines: number): NewCodeFigures {
  const files = changed.files;
  const notMeasured: NewCodeFigures['not_measured'] = [];
  const out: NewCodeFigures = {
    base_ref: changed.base.ref,
    base_source: changed.base.source,
    merge_base: changed.mergeBase,
    changed_files: files.size,
    changed_lines: [...files.values()].reduce((n, l) => n + l.length, 0),
    executable_lines: null,
    covered_lines: null,
    coverage: null,
    min_lines: minLines,
    too_small: false,
    uncovered: [],
    unmeasured_files: [],
    critical_issues: null,
    critical_findings: [],
    quality_score: null,
    quality_files: 0,
    not_measured: notMeasured,
  };

  const coverage = figuresOf(analysisOutputs(results, 'coverage')[0]);
  if (!coverage || typeof coverage['coverage'] !== 'number') {
    notMeasured.push({ what: 'new-code coverage', reason: 'the project coverage was not measured (see the Test Coverage gate)' });
  } else {
    const part = coverageOfChanges(files, coverage);
    if (typeof part === 'string') notMeasured.push({ what: 'new-code coverage', reason: part });
    else {
      out.executable_lines = part.executable;
      out.covered_lines = part.covered;
      out.coverage = part.executable > 0 ? round2((part.covered / part.executable) * 100) : null;
      out.uncovered = part.uncovered;
      out.unmeasured_files = part.unmeasured;
      out.too_small = part.executable === 0 || part.executable < minLines;
    }
  }

  const security = analysisOutputs(results, 'security');
  const securityFigures = figuresOf(security[0]);
  if (!securityFigures || typeof securityFigures['critical_issues'] !== 'number') {
    notMeasured.push({ what: 'new-code critical issues', reason: 'the security analysis did not measure critical issues (see the Security gate)' });
  } else {
    out.critical_findings = security
      .flatMap((s) => (Array.isArray(s['findings']) ? s['findings'].filter(isRecord) : []))
      .filter((f) => f['severity'] === 'critical' && onChangedLine(files, f['file'], f['line']))
      .map((f) => f as unknown as NewCodeFinding);
    out.critical_issues = out.critical_findings.length;
  }

  const quality = figuresOf(analysisOutputs(results, 'quality')[0]);
  if (!quality || typeof quality['quality_score'] !== 'number') {
    notMeasured.push({ what: 'new-code quality', reason: 'the quality score was not measured (see the Code Quality gate)' });
  } else {
    const q = qualityOfChanges(files, quality);
    if (typeof q === 'string') notMeasured.push({ what: 'new-code quality', reason: q });
    else if (q) {
      out.quality_score = q.score;
      out.quality_files = q.files;
    }
  }
  return out;
}

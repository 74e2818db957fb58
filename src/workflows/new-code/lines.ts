/**
 * The new-code part of a report, shared by every format: figures on new code beside the
 * overall ones, the uncovered changed lines as ranges, and what was stated or not measured.
 *
 * @module
 */
import type { QualityGateResult } from '../release-prep/gates.js';
import type { NewCodeFigures } from './figures.js';

/** One row of the side-by-side table. */
export interface NewCodeRow {
  label: string;
  newCode: string;
  overall: string;
}

function num(value: number | null, unit = ''): string {
  if (value === null) return 'not measured';
  return `${Number.isInteger(value) ? String(value) : value.toFixed(1)}${unit}`;
}

function overallOf(gates: readonly QualityGateResult[], name: string, unit = ''): string {
  const gate = gates.find((g) => g.name === name);
  return gate ? num(gate.actual, unit) : 'not run';
}

/** Line numbers as ranges: `[3,4,5,9]` -> `3-5, 9`. */
export function lineRanges(lines: readonly number[]): string {
  const parts: string[] = [];
  let start: number | null = null;
  let previous = 0;
  for (const line of lines) {
    if (start !== null && line === previous + 1) {
      previous = line;
      continue;
    }
    if (start !== null) parts.push(start === previous ? String(start) : `${start}-${previous}`);
    start = line;
    previous = line;
  }
  if (start !== null) parts.push(start === previous ? String(start) : `${start}-${previous}`);
  return parts.join(', ');
}

/** The side-by-side rows: coverage, critical issues and quality, on new code and overall. */
export function newCodeRows(figures: NewCodeFigures, gates: readonly QualityGateResult[]): NewCodeRow[] {
  const coverage =
    figures.coverage === null
      ? figures.executable_lines === 0
        ? 'no executable changed line'
        : num(null)
      : `${num(figures.coverage, '%')} (${figures.covered_lines} of ${figures.executable_lines} lines)`;
  const quality =
    figures.quality_score === null && !figures.not_measured.some((n) => n.what === 'new-code quality')
      ? 'no scored file changed'
      : `${num(figures.quality_score)}${figures.quality_score === null ? '' : ` (${figures.quality_files} file(s))`}`;
  return [
    { label: 'Coverage', newCode: coverage, overall: overallOf(gates, 'Test Coverage', '%') },
    { label: 'Critical issues', newCode: num(figures.critical_issues), overall: overallOf(gates, 'Security') },
    { label: 'Quality score', newCode: quality, overall: overallOf(gates, 'Code Quality') },
  ];
}

/** The sentence saying what was compared. */
export function newCodeHeadline(figures: NewCodeFigures): string {
  return `Compared with ${figures.base_ref} (${figures.base_source}), merge base ${figures.merge_base.slice(0, 12)}: ${figures.changed_lines} changed line(s) in ${figures.changed_files} file(s)`;
}

/** Notes: a change too small to gate, files the coverage data does not cover, what was not measured. */
export function newCodeNotes(figures: NewCodeFigures): string[] {
  const notes: string[] = [];
  if (figures.too_small) {
    notes.push(
      figures.executable_lines === 0
        ? 'The change has no executable line the coverage data counts: new-code coverage is not gated.'
        : `The change has ${figures.executable_lines} executable line(s), fewer than new_code_min_lines ${figures.min_lines}: new-code coverage is stated, not gated.`,
    );
  }
  if (figures.unmeasured_files.length > 0)
    notes.push(`Changed source files the coverage data does not cover: ${figures.unmeasured_files.join(', ')}.`);
  for (const n of figures.not_measured) notes.push(`${n.what}: not measured (${n.reason}).`);
  return notes;
}

/** The NEW CODE section of the console report. */
export function newCodeLines(figures: NewCodeFigures, gates: readonly QualityGateResult[]): string[] {
  const rows = newCodeRows(figures, gates);
  const width = Math.max(...rows.map((r) => r.newCode.length), 'New code'.length) + 2;
  const out = [newCodeHeadline(figures), '', `${''.padEnd(18)}${'New code'.padEnd(width)}Overall`];
  for (const row of rows) out.push(`${row.label.padEnd(18)}${row.newCode.padEnd(width)}${row.overall}`);
  if (figures.uncovered.length > 0) {
    out.push('', 'Uncovered changed lines:');
    for (const u of figures.uncovered) out.push(`  ${u.file}: ${lineRanges(u.lines)}`);
  }
  if (figures.critical_findings.length > 0) {
    out.push('', 'Critical findings on changed lines:');
    for (const f of figures.critical_findings) out.push(`  ${f.file}:${f.line} ${f.rule}: ${f.message}`);
  }
  const notes = newCodeNotes(figures);
  if (notes.length > 0) out.push('', ...notes);
  return out;
}

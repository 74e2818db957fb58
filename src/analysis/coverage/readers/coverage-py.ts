/**
 * Reader of coverage.py's JSON report (`coverage json`).
 *
 * Line coverage is `covered_lines / num_statements` from each file's summary, never
 * `percent_covered`, which mixes in branches when branch coverage is on (TOOL-FACTS).
 * Shapes of coverage.py 5 to 7, with and without branch data, are read: line 0 in
 * `executed_lines` (coverage.py 6 writes `[0]` for an imported empty `__init__.py`) is real
 * output and ignored; an empty file has no statements. A malformed file entry loses that file,
 * with a note, not the whole report.
 *
 * @module
 */
import { ToolError } from '../../../errors.js';
import { isCount } from '../model.js';
import type { RawCoverage, RawFileCoverage, RawFunction } from '../model.js';
import { parseJsonReport } from './istanbul.js';

const TOOL = 'coverage report';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A list of line numbers; line 0 (a module's "line" in coverage.py 6 for an empty file) is dropped. */
function lineList(value: unknown): number[] | null {
  if (!Array.isArray(value)) return null;
  return value.every((n) => isCount(n)) ? (value as number[]).filter((n) => n > 0) : null;
}

/** Functions of coverage.py >= 7.5 (`files[path].functions`); the module-level `""` entry is skipped. */
function functionsOf(value: unknown): RawFunction[] {
  if (!isObject(value)) return [];
  const out: RawFunction[] = [];
  for (const [name, fn] of Object.entries(value)) {
    if (name === '' || !isObject(fn)) continue;
    const executed = lineList(fn['executed_lines']) ?? [];
    const missing = lineList(fn['missing_lines']) ?? [];
    const all = [...executed, ...missing].sort((a, b) => a - b);
    if (all.length === 0) continue;
    out.push({
      name,
      startLine: all[0]!,
      endLine: all[all.length - 1]!,
      lines: all,
      hits: executed.length > 0 ? null : 0,
    });
  }
  return out;
}

/**
 * Reads a coverage.py JSON report: measured lines are `executed_lines` that are statements plus
 * `missing_lines`; totals come from each file's `summary`.
 *
 * @throws ToolError when the text is not JSON or lacks `meta`, `files` or a file's summary counts.
 */
export function readCoveragePy(text: string, label: string): RawCoverage {
  const json = parseJsonReport(text, label);
  if (!isObject(json) || !isObject(json['meta']) || !isObject(json['files'])) {
    throw new ToolError(TOOL, `${label}: not a coverage.py JSON report (needs meta and files)`);
  }
  const meta = json['meta'];
  const files: RawFileCoverage[] = [];
  const notes: string[] = [];
  const entries = Object.entries(json['files']);
  for (const [filePath, entry] of entries) {
    const summary = isObject(entry) ? entry['summary'] : undefined;
    const executed = isObject(entry) ? lineList(entry['executed_lines']) : null;
    const missing = isObject(entry) ? lineList(entry['missing_lines']) : null;
    if (!isObject(entry) || !isObject(summary) || !executed || !missing) {
      notes.push(`${label}: file ${JSON.stringify(filePath)} left out: it lacks executed_lines/missing_lines/summary`);
      continue;
    }
    const covered = summary['covered_lines'];
    // coverage.py 5.5 on Python 3.11 lists line 0 as a missing statement: not a line of the file.
    const phantom = Array.isArray(entry['missing_lines']) && entry['missing_lines'].includes(0) ? 1 : 0;
    const statements = isCount(summary['num_statements']) ? summary['num_statements'] - phantom : null;
    if (!isCount(covered) || !isCount(statements) || covered > statements) {
      notes.push(`${label}: file ${JSON.stringify(filePath)} left out: no valid covered_lines/num_statements`);
      continue;
    }
    const lines = new Map<number, number>();
    for (const line of missing) lines.set(line, 0);
    // executed_lines may include non-statement lines (e.g. a docstring); keep the summary's counts authoritative.
    for (const line of executed) if (!lines.has(line)) lines.set(line, 1);
    const numBranches = summary['num_branches'];
    const coveredBranches = summary['covered_branches'];
    files.push({
      reportPath: filePath,
      lines,
      linesTotal: statements,
      linesCovered: covered,
      functions: functionsOf(entry['functions']),
      branches:
        meta['branch_coverage'] === true && isCount(numBranches) && isCount(coveredBranches)
          ? { total: numBranches, covered: coveredBranches }
          : null,
    });
  }
  if (files.length === 0 && notes.length > 0) throw new ToolError(TOOL, `${label}: no readable file entry (${notes.length} malformed): ${notes[0]}`);
  const version = typeof meta['version'] === 'string' ? meta['version'] : null;
  return { format: 'coverage.py', files, sourceRoots: [], generator: { name: 'coverage.py', version }, notes };
}

/**
 * Reader of coverage.py's JSON report (`coverage json`).
 *
 * Line coverage is `covered_lines / num_statements` from each file's summary, never
 * `percent_covered`, which mixes in branches when branch coverage is on (TOOL-FACTS).
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

function lineList(value: unknown): number[] | null {
  if (!Array.isArray(value)) return null;
  return value.every((n) => isCount(n) && n > 0) ? (value as number[]) : null;
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
  for (const [filePath, entry] of Object.entries(json['files'])) {
    const summary = isObject(entry) ? entry['summary'] : undefined;
    const executed = isObject(entry) ? lineList(entry['executed_lines']) : null;
    const missing = isObject(entry) ? lineList(entry['missing_lines']) : null;
    if (!isObject(entry) || !isObject(summary) || !executed || !missing) {
      throw new ToolError(TOOL, `${label}: file ${JSON.stringify(filePath)} lacks executed_lines/missing_lines/summary`);
    }
    const covered = summary['covered_lines'];
    const statements = summary['num_statements'];
    if (!isCount(covered) || !isCount(statements) || covered > statements) {
      throw new ToolError(TOOL, `${label}: file ${JSON.stringify(filePath)} has no valid covered_lines/num_statements`);
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
  const version = typeof meta['version'] === 'string' ? meta['version'] : null;
  return { format: 'coverage.py', files, sourceRoots: [], generator: { name: 'coverage.py', version }, notes: [] };
}

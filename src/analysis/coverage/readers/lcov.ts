/**
 * Reader of LCOV tracefiles (`lcov.info`): `SF`, `FN`/`FNDA`, `DA`, `BRDA`, `end_of_record`.
 *
 * @module
 */
import { ToolError } from '../../../errors.js';
import type { RawCoverage, RawFileCoverage, RawFunction } from '../model.js';

const TOOL = 'coverage report';

interface Pending {
  path: string;
  lines: Map<number, number>;
  functions: Map<string, RawFunction>;
  branchesTotal: number;
  branchesCovered: number;
  hasBranches: boolean;
}

function count(text: string | undefined): number | null {
  if (text === undefined || !/^\d+$/.test(text.trim())) return null;
  return Number(text.trim());
}

/**
 * Reads an LCOV tracefile. Lines come from `DA` records; functions from `FN` (start line, and the
 * end line when the writer gives `FN:<start>,<end>,<name>`) and `FNDA` hits; branches from `BRDA`
 * (`-` hits count as not taken).
 *
 * @throws ToolError when there is no `SF` record, a record is unterminated, or a `DA` line is malformed.
 */
export function readLcov(text: string, label: string): RawCoverage {
  const files: RawFileCoverage[] = [];
  let current: Pending | null = null;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const raw = lines[i]!.trim();
    if (raw === '' || raw === 'TN:' || raw.startsWith('TN:')) continue;
    const colon = raw.indexOf(':');
    const tag = colon >= 0 ? raw.slice(0, colon) : raw;
    const rest = colon >= 0 ? raw.slice(colon + 1) : '';
    if (tag === 'SF') {
      if (current) throw new ToolError(TOOL, `${label}:${i + 1}: SF before end_of_record of ${current.path}`);
      current = { path: rest, lines: new Map(), functions: new Map(), branchesTotal: 0, branchesCovered: 0, hasBranches: false };
      continue;
    }
    if (tag === 'end_of_record') {
      if (!current) throw new ToolError(TOOL, `${label}:${i + 1}: end_of_record without SF`);
      files.push(finish(current));
      current = null;
      continue;
    }
    if (!current) {
      throw new ToolError(TOOL, `${label}:${i + 1}: ${JSON.stringify(raw.slice(0, 40))} outside an SF record (not an lcov file?)`);
    }
    const parts = rest.split(',');
    if (tag === 'DA') {
      const line = count(parts[0]);
      const hits = count(parts[1]);
      if (line === null || hits === null) throw new ToolError(TOOL, `${label}:${i + 1}: malformed DA record`);
      current.lines.set(line, Math.max(hits, current.lines.get(line) ?? 0));
    } else if (tag === 'FN') {
      // FN:<start>,<name> or FN:<start>,<end>,<name>
      const start = count(parts[0]);
      const end = parts.length >= 3 ? count(parts[1]) : null;
      const name = parts.slice(parts.length >= 3 && end !== null ? 2 : 1).join(',');
      if (start !== null && name) current.functions.set(name, { name, startLine: start, endLine: end, lines: null, hits: null });
    } else if (tag === 'FNDA') {
      const hits = count(parts[0]);
      const fn = current.functions.get(parts.slice(1).join(','));
      if (fn && hits !== null) fn.hits = (fn.hits ?? 0) + hits;
    } else if (tag === 'BRDA') {
      current.hasBranches = true;
      current.branchesTotal += 1;
      const taken = count(parts[3]);
      if (taken !== null && taken > 0) current.branchesCovered += 1;
    }
    // LF/LH/FNF/FNH/BRF/BRH are totals we recompute from the records.
  }
  if (current) throw new ToolError(TOOL, `${label}: record of ${current.path} has no end_of_record (truncated?)`);
  if (files.length === 0) throw new ToolError(TOOL, `${label}: no SF records: not an lcov tracefile`);
  return { format: 'lcov', files, sourceRoots: [], generator: null, notes: [] };
}

function finish(p: Pending): RawFileCoverage {
  let covered = 0;
  for (const hits of p.lines.values()) if (hits > 0) covered += 1;
  return {
    reportPath: p.path,
    lines: p.lines,
    linesTotal: p.lines.size,
    linesCovered: covered,
    functions: [...p.functions.values()],
    branches: p.hasBranches ? { total: p.branchesTotal, covered: p.branchesCovered } : null,
  };
}

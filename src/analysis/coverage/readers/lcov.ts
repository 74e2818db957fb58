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
  /** lcov 2 `FNL:<index>,<start>[,<end>]` records, by index, until their `FNA`. */
  byIndex: Map<string, RawFunction>;
  /** Why the record is unreadable (it is then left out with a note). */
  broken: string | null;
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
 * end line when the writer gives `FN:<start>,<end>,<name>`) and `FNDA` hits, or lcov 2's
 * `FNL:<index>,<start>,<end>` and `FNA:<index>,<hits>,<name>`; branches from `BRDA` (`-` hits
 * count as not taken). A record with functions only (no `DA`) has no measured lines. A record
 * with a malformed `DA` line is left out with a note; the rest of the report is kept.
 *
 * @throws ToolError when there is no `SF` record, a record is unterminated, or no record is readable.
 */
export function readLcov(text: string, label: string): RawCoverage {
  const files: RawFileCoverage[] = [];
  const notes: string[] = [];
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
      current = { path: rest, lines: new Map(), functions: new Map(), byIndex: new Map(), broken: null, branchesTotal: 0, branchesCovered: 0, hasBranches: false };
      continue;
    }
    if (tag === 'end_of_record') {
      if (!current) throw new ToolError(TOOL, `${label}:${i + 1}: end_of_record without SF`);
      if (current.broken) notes.push(`${label}: record of ${current.path} left out: ${current.broken}`);
      else files.push(finish(current));
      if (!current.broken && current.lines.size === 0 && current.functions.size > 0) {
        notes.push(`${label}: record of ${current.path} has functions only (no DA lines): no line is measured in it`);
      }
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
      if (line === null || hits === null || line === 0) current.broken ??= `line ${i + 1}: malformed DA record`;
      else current.lines.set(line, Math.max(hits, current.lines.get(line) ?? 0));
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
    } else if (tag === 'FNL') {
      // FNL:<index>,<start>[,<end>] (lcov 2); the name comes with FNA.
      const start = count(parts[1]);
      if (parts[0] && start !== null) current.byIndex.set(parts[0], { name: '', startLine: start, endLine: count(parts[2]), lines: null, hits: null });
    } else if (tag === 'FNA') {
      // FNA:<index>,<hits>,<name> (lcov 2); aliases of one function share its index.
      const fn = current.byIndex.get(parts[0] ?? '');
      const hits = count(parts[1]);
      const name = parts.slice(2).join(',');
      if (fn && name) current.functions.set(name, { ...fn, name, hits });
    } else if (tag === 'BRDA') {
      current.hasBranches = true;
      current.branchesTotal += 1;
      const taken = count(parts[3]);
      if (taken !== null && taken > 0) current.branchesCovered += 1;
    }
    // LF/LH/FNF/FNH/BRF/BRH are totals we recompute from the records.
  }
  if (current) throw new ToolError(TOOL, `${label}: record of ${current.path} has no end_of_record (truncated?)`);
  if (files.length === 0 && notes.length > 0) throw new ToolError(TOOL, `${label}: no readable record (${notes[0]})`);
  if (files.length === 0) throw new ToolError(TOOL, `${label}: no SF records: not an lcov tracefile`);
  return { format: 'lcov', files, sourceRoots: [], generator: null, notes };
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

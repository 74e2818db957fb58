/**
 * Maps an istanbul file entry that carries an `inputSourceMap` back to its original files:
 * statement, function and branch positions go through the map, and lines are counted per
 * original file as istanbul counts them (a line is measured when a statement starts on it,
 * covered when one of those statements ran).
 *
 * @module
 */
import type { FileCoverageData } from 'istanbul-lib-coverage';
import { fileFromLines } from '../model.js';
import type { RawFileCoverage, RawFunction } from '../model.js';
import { decodeSourceMap, originalPosition } from './source-map.js';

type Position = { line: number; column: number };

function positionOf(value: unknown): Position | null {
  if (typeof value !== 'object' || value === null) return null;
  const { line, column } = value as { line?: unknown; column?: unknown };
  return typeof line === 'number' && line > 0 ? { line, column: typeof column === 'number' ? column : 0 } : null;
}

interface Pending {
  lines: Map<number, number>;
  functions: RawFunction[];
  branches: { total: number; covered: number } | null;
}

/**
 * The original files of `data` with their coverage, or null when the map cannot be decoded.
 * Positions the map does not cover are dropped.
 */
export function fromSourceMap(data: FileCoverageData & { inputSourceMap?: unknown }, generatedPath: string): RawFileCoverage[] | null {
  const map = decodeSourceMap(data.inputSourceMap, generatedPath);
  if (!map) return null;
  const byFile = new Map<string, Pending>();
  const entry = (source: string): Pending => {
    let pending = byFile.get(source);
    if (!pending) {
      pending = { lines: new Map(), functions: [], branches: null };
      byFile.set(source, pending);
    }
    return pending;
  };
  const locate = (value: unknown) => {
    const p = positionOf(value);
    return p ? originalPosition(map, p.line, p.column) : null;
  };
  for (const [id, loc] of Object.entries(data.statementMap ?? {})) {
    const original = locate(loc?.start);
    const hits = data.s[id];
    if (!original || typeof hits !== 'number') continue;
    const lines = entry(original.source).lines;
    lines.set(original.line, Math.max(hits, lines.get(original.line) ?? 0));
  }
  for (const [id, fn] of Object.entries(data.fnMap ?? {})) {
    const start = locate(fn?.decl?.start ?? fn?.loc?.start);
    if (!start) continue;
    const end = locate(fn?.loc?.end);
    const hits = data.f?.[id];
    entry(start.source).functions.push({
      name: typeof fn.name === 'string' && fn.name ? fn.name : `(anonymous@${start.line})`,
      startLine: start.line,
      endLine: end && end.source === start.source ? end.line : null,
      lines: null,
      hits: typeof hits === 'number' ? hits : null,
    });
  }
  for (const [id, branch] of Object.entries(data.branchMap ?? {})) {
    const original = locate(branch?.loc?.start ?? branch?.locations?.[0]?.start);
    const counts = data.b?.[id];
    if (!original || !Array.isArray(counts)) continue;
    const pending = entry(original.source);
    pending.branches ??= { total: 0, covered: 0 };
    pending.branches.total += counts.length;
    pending.branches.covered += counts.filter((n) => typeof n === 'number' && n > 0).length;
  }
  return [...byFile].map(([source, p]) => fileFromLines(source, p.lines, p.functions, p.branches));
}

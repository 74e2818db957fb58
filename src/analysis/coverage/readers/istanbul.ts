/**
 * Readers of istanbul's JSON reports: `coverage-final.json` (per-file statement maps, read with
 * istanbul-lib-coverage) and `coverage-summary.json` (totals and per-file totals only).
 *
 * @module
 */
import libCoverage from 'istanbul-lib-coverage';
import type { FileCoverageData } from 'istanbul-lib-coverage';
import { ToolError } from '../../../errors.js';
import { isCount } from '../model.js';
import type { RawCoverage, RawFileCoverage, RawFunction } from '../model.js';
import { fromSourceMap } from './istanbul-source-map.js';

const TOOL = 'coverage report';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses JSON text, turning a syntax error (e.g. a truncated file) into a one-line ToolError. */
export function parseJsonReport(text: string, label: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ToolError(TOOL, `${label}: not valid JSON (truncated or corrupt?): ${detail}`);
  }
}

function isFileCoverageData(value: unknown): value is FileCoverageData {
  return (
    isObject(value) &&
    isObject(value['statementMap']) &&
    isObject(value['s']) &&
    (value['fnMap'] === undefined || isObject(value['fnMap'])) &&
    (value['branchMap'] === undefined || isObject(value['branchMap']))
  );
}

/**
 * Reads an istanbul `coverage-final.json`. Line coverage is istanbul's: a line is measured when a
 * statement starts on it, covered when one of those statements ran. An entry with an
 * `inputSourceMap` (code compiled before it was instrumented) is mapped back to its original
 * files through that map. A malformed entry loses that file, with a note, not the whole report.
 *
 * @throws ToolError when the text is not JSON, not an object, or has no readable entry.
 */
export function readIstanbulFinal(text: string, label: string): RawCoverage {
  const json = parseJsonReport(text, label);
  if (!isObject(json)) throw new ToolError(TOOL, `${label}: expected an object of per-file coverage`);
  const files: RawFileCoverage[] = [];
  const notes: string[] = [];
  for (const [key, value] of Object.entries(json)) {
    const data = isObject(value) && isObject(value['data']) ? value['data'] : value;
    if (!isFileCoverageData(data)) {
      notes.push(`${label}: entry ${JSON.stringify(key)} left out: not istanbul file coverage (no statementMap/s)`);
      continue;
    }
    if ((data as { inputSourceMap?: unknown }).inputSourceMap !== undefined) {
      const mapped = fromSourceMap(data, typeof data.path === 'string' ? data.path : key);
      if (mapped) files.push(...mapped);
      else notes.push(`${label}: entry ${JSON.stringify(key)} left out: its inputSourceMap could not be read`);
      if (mapped) notes.push(`${label}: ${key} mapped to its original source(s) through its inputSourceMap`);
      continue;
    }
    const complete: FileCoverageData = {
      path: typeof data.path === 'string' ? data.path : key,
      statementMap: data.statementMap,
      s: data.s,
      fnMap: data.fnMap ?? {},
      f: data.f ?? {},
      branchMap: data.branchMap ?? {},
      b: data.b ?? {},
    };
    let fc;
    try {
      fc = libCoverage.createFileCoverage(complete);
      fc.getLineCoverage();
    } catch (error) {
      notes.push(`${label}: entry ${JSON.stringify(key)} left out: malformed (${String(error).split('\n')[0]})`);
      continue;
    }
    const lines = new Map<number, number>();
    for (const [line, hits] of Object.entries(fc.getLineCoverage())) {
      if (typeof hits === 'number') lines.set(Number(line), hits);
    }
    const functions: RawFunction[] = [];
    for (const [id, fn] of Object.entries(complete.fnMap)) {
      const start = fn?.loc?.start?.line ?? fn?.decl?.start?.line;
      if (!isCount(start)) continue;
      const end = fn.loc?.end?.line;
      const hits = complete.f[id];
      functions.push({
        name: typeof fn.name === 'string' && fn.name ? fn.name : `(anonymous@${start})`,
        startLine: start,
        endLine: isCount(end) ? end : null,
        lines: null,
        hits: typeof hits === 'number' ? hits : null,
      });
    }
    const branchSummary = fc.toSummary().branches;
    let covered = 0;
    for (const hits of lines.values()) if (hits > 0) covered += 1;
    files.push({
      reportPath: complete.path,
      lines,
      linesTotal: lines.size,
      linesCovered: covered,
      functions,
      branches: Object.keys(complete.branchMap).length > 0 ? { total: branchSummary.total, covered: branchSummary.covered } : null,
    });
  }
  if (files.length === 0 && notes.length > 0) throw new ToolError(TOOL, `${label}: no readable entry (${notes[0]})`);
  return { format: 'istanbul', files, sourceRoots: [], generator: null, notes };
}

function totalsOf(value: unknown): { total: number; covered: number } | null {
  if (!isObject(value)) return null;
  const { total, covered } = value;
  return isCount(total) && isCount(covered) && covered <= total ? { total, covered } : null;
}

/**
 * Reads an istanbul `coverage-summary.json`: per-file and total line counts, but no line
 * numbers, so uncovered lines and function gaps cannot be listed (a note says so).
 *
 * @throws ToolError when the text is not JSON or has no `total.lines.{total,covered}`.
 */
export function readIstanbulSummary(text: string, label: string): RawCoverage {
  const json = parseJsonReport(text, label);
  if (!isObject(json) || !isObject(json['total']) || !totalsOf(json['total']['lines'])) {
    throw new ToolError(TOOL, `${label}: not an istanbul coverage summary (no total.lines.total/covered)`);
  }
  const files: RawFileCoverage[] = [];
  for (const [key, value] of Object.entries(json)) {
    if (key === 'total') continue;
    const lines = isObject(value) ? totalsOf(value['lines']) : null;
    if (!lines) throw new ToolError(TOOL, `${label}: entry ${JSON.stringify(key)} has no lines.total/covered`);
    const branches = isObject(value) ? totalsOf(value['branches']) : null;
    files.push({ reportPath: key, lines: null, linesTotal: lines.total, linesCovered: lines.covered, functions: [], branches });
  }
  return {
    format: 'istanbul-summary',
    files,
    sourceRoots: [],
    generator: null,
    notes: ['coverage-summary.json has per-file totals only: no uncovered line numbers or function gaps'],
  };
}

/**
 * Finds existing coverage reports in the usual places and reads them with the right reader.
 *
 * @module
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ToolError } from '../../../errors.js';
import type { RawCoverage, ReportFormat } from '../model.js';
import { readCobertura } from './cobertura.js';
import { readCoveragePy } from './coverage-py.js';
import { readIstanbulFinal, readIstanbulSummary } from './istanbul.js';
import { readLcov } from './lcov.js';

/** Reports larger than this are not read (a note says so). */
export const MAX_REPORT_BYTES = 256 * 1024 * 1024;

/**
 * Where reports are looked for, relative to the root, best first within each format family:
 * istanbul's and lcov in `coverage/`, coverage.py's JSON and Cobertura XML in the root. `htmlcov/`
 * is never read (HTML only).
 */
export const REPORT_LOCATIONS: readonly string[] = [
  'coverage/coverage-final.json',
  'coverage/lcov.info',
  'coverage/cobertura-coverage.xml',
  'coverage/coverage-summary.json',
  'coverage/coverage.json',
  'coverage/coverage.xml',
  'coverage.json',
  'coverage.xml',
  'coverage-final.json',
  'lcov.info',
  'cobertura-coverage.xml',
  '.coverage/coverage-final.json',
  '.coverage/lcov.info',
  '.coverage/coverage.json',
  '.coverage/coverage.xml',
];

/** A report file found on disk. */
export interface ReportCandidate {
  absolutePath: string;
  /** Path relative to the root, `/` separators. */
  relativePath: string;
  mtimeMs: number;
  size: number;
  /** True for the report the user named (`--coverage-report`), false or absent for one found. */
  named?: boolean;
}

/**
 * Lists the report files that exist under `root`: regular files only, never a symbolic link
 * and never a file reached through a linked directory that leads out of the root.
 */
export async function findCoverageReports(root: string): Promise<ReportCandidate[]> {
  const found: ReportCandidate[] = [];
  const realRoot = await fs.realpath(root).catch(() => path.resolve(root));
  for (const relativePath of REPORT_LOCATIONS) {
    const absolutePath = path.join(root, relativePath);
    try {
      const stat = await fs.lstat(absolutePath);
      if (!stat.isFile()) continue;
      const inside = path.relative(realRoot, await fs.realpath(absolutePath));
      if (inside.startsWith('..') || path.isAbsolute(inside)) continue;
      found.push({ absolutePath, relativePath, mtimeMs: stat.mtimeMs, size: stat.size });
    } catch {
      // not there
    }
  }
  return found;
}

/** Guesses the format of a report from its name and (for JSON) its top-level keys. */
export function detectFormat(fileName: string, text: string): ReportFormat {
  const base = path.basename(fileName).toLowerCase();
  if (base.endsWith('.info') || base.endsWith('.lcov')) return 'lcov';
  if (base.endsWith('.xml')) return 'cobertura';
  const head = text.slice(0, 4096);
  if (/^\s*\{\s*"meta"\s*:/.test(head) || /"meta"\s*:\s*\{[^}]*"version"/.test(head)) return 'coverage.py';
  if (/^\s*\{\s*"total"\s*:\s*\{\s*"lines"/.test(head) || base === 'coverage-summary.json') return 'istanbul-summary';
  if (base === 'coverage.json' && /"files"\s*:/.test(head) && !/"statementMap"/.test(head)) return 'coverage.py';
  return 'istanbul';
}

/** Parses report text of a known format. */
export function parseReport(format: ReportFormat, text: string, label: string, reportDir: string): RawCoverage {
  switch (format) {
    case 'istanbul':
      return readIstanbulFinal(text, label);
    case 'istanbul-summary':
      return readIstanbulSummary(text, label);
    case 'lcov':
      return readLcov(text, label);
    case 'coverage.py':
      return readCoveragePy(text, label);
    case 'cobertura':
      return readCobertura(text, label, reportDir);
  }
}

/**
 * Reads and parses one report file.
 *
 * @throws ToolError when the file cannot be read, is too large, or is not a valid report.
 * @example
 * const raw = await readCoverageReport('/repo/coverage/lcov.info', 'coverage/lcov.info');
 * raw.files.length;
 */
export async function readCoverageReport(absolutePath: string, label = absolutePath): Promise<RawCoverage> {
  let text: string;
  try {
    const stat = await fs.stat(absolutePath);
    if (stat.size > MAX_REPORT_BYTES) {
      throw new ToolError('coverage report', `${label}: ${stat.size} bytes, over the ${MAX_REPORT_BYTES}-byte limit`);
    }
    text = await fs.readFile(absolutePath, 'utf8');
  } catch (error) {
    if (error instanceof ToolError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ToolError('coverage report', `${label}: cannot read (${code})`, { cause: error });
  }
  if (text.trim() === '') throw new ToolError('coverage report', `${label}: empty file`);
  return parseReport(detectFormat(absolutePath, text), text, label, path.dirname(absolutePath));
}

/**
 * Turns parsed report data into the measurement of one part (JS/TS or Python) of a project:
 * report paths mapped to index paths, test and configuration files dropped, files outside the
 * root ignored, freshness judged against the sources' modification times.
 *
 * @module
 */
import type { ProjectFile, ProjectIndex } from '../../project/types.js';
import { codeLines } from './code-lines.js';
import type { RawCoverage, RawFunction } from './model.js';
import { isTestOrConfigFile, mapReportPath, partOf } from './paths.js';
import type { CoveragePart } from './paths.js';
import type { CoverageFreshness, CoverageTestRun } from './types.js';

/** Coverage of one index file. */
export interface MeasuredFile {
  path: string;
  /** Line -> hits, or null when only totals are known. */
  lines: Map<number, number> | null;
  linesTotal: number;
  linesCovered: number;
  functions: RawFunction[];
  branches: { total: number; covered: number } | null;
}

/** The measurement of one part. */
export interface PartMeasurement {
  part: CoveragePart;
  source: string;
  files: MeasuredFile[];
  freshness: CoverageFreshness;
  testsFailed: boolean | null;
  /** Source files of the part the data does not cover. */
  unmeasuredFiles: string[];
  /** Source files counted as fully uncovered because the tests never loaded them. */
  unloadedFiles: string[];
  /** Report entries ignored: outside the root, or not a file of the index. */
  ignoredEntries: number;
  notes: string[];
  /** How the test run that measured it was contained (`bubblewrap` or `none`); absent for a report read from disk. */
  containment?: 'bubblewrap' | 'none';
  /** What ran, when a test run measured it. */
  run?: CoverageTestRun;
}

/** The non-test source files of one part. */
export function sourceFilesOf(index: ProjectIndex, part: CoveragePart): ProjectFile[] {
  return index.files.filter((f) => partOf(f.language) === part && !isTestOrConfigFile(f.path, part));
}

/** Maps a parsed report onto the index files of one part (merging duplicate entries by maximum hits). */
export function mapCoverage(
  raw: RawCoverage,
  index: ProjectIndex,
  part: CoveragePart,
  options: { reportDir: string; rootAliases?: string[] },
): { files: MeasuredFile[]; ignored: number } {
  const sources = new Map(sourceFilesOf(index, part).map((f) => [f.path, f]));
  const indexPaths = new Set(index.files.map((f) => f.path));
  const byPath = new Map<string, MeasuredFile>();
  let ignored = 0;
  for (const file of raw.files) {
    const mapped = mapReportPath(file.reportPath, {
      root: index.root,
      rootAliases: options.rootAliases ?? [],
      bases: [...raw.sourceRoots, options.reportDir],
      indexPaths,
    });
    if (mapped.path === null || !mapped.inIndex) {
      ignored += 1;
      continue;
    }
    if (!sources.has(mapped.path)) continue; // a test file, or a file of the other part
    const existing = byPath.get(mapped.path);
    if (!existing) {
      byPath.set(mapped.path, {
        path: mapped.path,
        lines: file.lines ? new Map(file.lines) : null,
        linesTotal: file.linesTotal,
        linesCovered: file.linesCovered,
        functions: [...file.functions],
        branches: file.branches ? { ...file.branches } : null,
      });
      continue;
    }
    if (existing.lines && file.lines) {
      for (const [line, hits] of file.lines) existing.lines.set(line, Math.max(hits, existing.lines.get(line) ?? 0));
      recount(existing);
    }
    existing.functions.push(...file.functions);
  }
  return { files: [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path)), ignored };
}

function recount(file: MeasuredFile): void {
  if (!file.lines) return;
  let covered = 0;
  for (const hits of file.lines.values()) if (hits > 0) covered += 1;
  file.linesTotal = file.lines.size;
  file.linesCovered = covered;
}

/**
 * V8 line data (Node's test-coverage lcov) lists every line of a file. Keeps only the lines that
 * hold code (see `codeLines`), and adds the part's source files the tests never loaded as fully
 * uncovered. Returns the paths of those unloaded files.
 */
export async function applyV8LineRules(index: ProjectIndex, part: CoveragePart, files: MeasuredFile[], only?: ReadonlySet<string>): Promise<string[]> {
  for (const file of files) {
    if (!file.lines) continue;
    const code = codeLines(await index.read(file.path));
    for (const line of [...file.lines.keys()]) if (!code.has(line)) file.lines.delete(line);
    recount(file);
  }
  const present = new Set(files.map((f) => f.path));
  const unloaded: string[] = [];
  for (const source of sourceFilesOf(index, part)) {
    if (present.has(source.path) || (only && !only.has(source.path))) continue;
    const code = codeLines(await index.read(source.path));
    files.push({
      path: source.path,
      lines: new Map([...code].map((line) => [line, 0])),
      linesTotal: code.size,
      linesCovered: 0,
      functions: [],
      branches: null,
    });
    unloaded.push(source.path);
  }
  files.sort((a, b) => a.path.localeCompare(b.path));
  return unloaded;
}

/**
 * Judges a report's freshness: fresh when it is newer (strictly) than every source file it covers
 * and than every source file of the part it does not cover (a file added since the report makes
 * its totals wrong too). Equal times count as stale: fail closed.
 */
export function judgeFreshness(reportMtimeMs: number, partSources: ProjectFile[]): CoverageFreshness {
  let newest: ProjectFile | null = null;
  for (const file of partSources) if (!newest || file.mtimeMs > newest.mtimeMs) newest = file;
  return {
    fresh: newest === null || newest.mtimeMs < reportMtimeMs,
    measured_at: new Date(reportMtimeMs).toISOString(),
    newest_source: newest?.path ?? null,
    newest_source_at: newest ? new Date(newest.mtimeMs).toISOString() : null,
  };
}

/** Source files of the part that are not among the measured files. */
export function unmeasuredOf(index: ProjectIndex, part: CoveragePart, files: MeasuredFile[]): string[] {
  const present = new Set(files.map((f) => f.path));
  return sourceFilesOf(index, part)
    .map((f) => f.path)
    .filter((p) => !present.has(p));
}

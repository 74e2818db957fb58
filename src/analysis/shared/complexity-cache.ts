/**
 * The code files the quality and refactoring analysers measure, and their complexity through
 * the run's result cache (one entry shared by both analysers).
 *
 * @module
 */
import { cachedAnalysis } from '../../project/cached-analysis.js';
import { isDeclarationFile } from '../../project/language.js';
import type { ProjectFile, ProjectIndex } from '../../project/types.js';
import type { FileMetrics } from './complexity-types.js';
import { measureComplexityInWorker } from './complexity-worker-host.js';

/** Version of the complexity measurement (part of its cache key). */
export const COMPLEXITY_VERSION = '1.0.0';

/** An indexed JS/TS/Python file. */
export type CodeFile = ProjectFile & { language: 'typescript' | 'javascript' | 'python' };

/**
 * JS/TS/Python files of the index, declaration files (`.d.ts`, `.pyi`) excluded.
 *
 * @example
 * codeFiles(index).reduce((sum, f) => sum + f.loc, 0); // LOC of the code
 */
export function codeFiles(index: ProjectIndex): CodeFile[] {
  return index.files.filter((f): f is CodeFile => f.language !== null && !isDeclarationFile(f.path));
}

/**
 * Per-function complexity of `files`, measured in a worker thread, through the run's cache.
 *
 * @example
 * const { value: metrics, cached } = await cachedComplexity(index, codeFiles(index));
 */
export function cachedComplexity(
  index: ProjectIndex,
  files: readonly CodeFile[],
  signal?: AbortSignal,
): Promise<{ value: FileMetrics[]; cached: boolean }> {
  return cachedAnalysis(index, { analyzer: 'complexity', version: COMPLEXITY_VERSION, files }, () =>
    measureComplexityInWorker(
      files.map((f) => ({ path: f.path, absolutePath: f.absolutePath, language: f.language })),
      signal,
    ),
  );
}

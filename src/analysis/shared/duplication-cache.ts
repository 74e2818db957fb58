/**
 * jscpd results through the run's result cache (shared by the quality and refactoring analysers).
 *
 * @module
 */
import { cachedAnalysis } from '../../project/cached-analysis.js';
import type { ProjectFile, ProjectIndex } from '../../project/types.js';
import { detectDuplication, type DuplicationOptions, type DuplicationResult } from './duplication.js';

/**
 * Runs {@link detectDuplication} over `files` unless the cache has the result for the same
 * file contents and options.
 *
 * @example
 * const { value: dup } = await cachedDuplication(index, codeFiles(index), { ignoreIdentifiers: false });
 */
export function cachedDuplication(
  index: ProjectIndex,
  files: readonly ProjectFile[],
  options: DuplicationOptions = {},
): Promise<{ value: DuplicationResult; cached: boolean }> {
  return cachedAnalysis(
    index,
    {
      analyzer: 'duplication',
      version: 'jscpd-5.3.2',
      options: { ignoreIdentifiers: options.ignoreIdentifiers ?? false },
      files,
    },
    () => detectDuplication(index.root, files, options),
  );
}

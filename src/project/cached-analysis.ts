/**
 * Convenience for analysers: run a computation through the run's result cache.
 *
 * @module
 */
import { getLogger } from '../core/logger.js';
import type { CacheKey, ProjectFile, ProjectIndex } from './types.js';

const log = getLogger('project.cache');

/**
 * The `inputs` of a {@link CacheKey}: path -> content hash of each file.
 *
 * @example
 * cacheInputsFor(index.byLanguage('python')); // { 'pkg/a.py': '9f86d0...', ... }
 */
export function cacheInputsFor(files: readonly ProjectFile[]): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const file of files) inputs[file.path] = file.hash;
  return inputs;
}

/** What a cached computation depends on. */
export interface CachedAnalysisParts {
  /** Analyser id, e.g. `security`. */
  analyzer: string;
  /** Analyser version: bump it when the analyser's output can change for the same inputs. */
  version: string;
  /** Every option that changes the result (tier, thresholds, ...). JSON values only. */
  options?: unknown;
  /**
   * The input files the result depends on. When neither `files` nor `inputs` is given, every
   * indexed file is an input (any change invalidates the result: safe, if coarse).
   */
  files?: readonly ProjectFile[];
  /** Extra inputs (path or pseudo-path -> content hash), merged with `files`. */
  inputs?: Record<string, string>;
}

/** The key of a cached computation (see {@link CachedAnalysisParts}). */
export function cacheKeyFor(index: Pick<ProjectIndex, 'files'>, parts: CachedAnalysisParts): CacheKey {
  const useAll = parts.files === undefined && parts.inputs === undefined;
  const inputs = { ...cacheInputsFor(useAll ? index.files : (parts.files ?? [])), ...(parts.inputs ?? {}) };
  return { analyzer: parts.analyzer, version: parts.version, options: parts.options ?? null, inputs };
}

/**
 * Returns the cached value for `parts` when the index's cache has it, otherwise runs
 * `compute`, stores its value and returns it. Without a cache (`--no-cache`) it always
 * computes. Errors of `compute` propagate and nothing is stored; a value for which `store`
 * returns false (an incomplete measurement) is returned but not stored.
 *
 * @example
 * const { value, cached } = await cachedAnalysis(
 *   index,
 *   { analyzer: 'docs', version: '1.0.0', options: { tier }, files: index.byLanguage('typescript') },
 *   () => measureDocs(index),
 * );
 */
export async function cachedAnalysis<T>(
  index: Pick<ProjectIndex, 'files' | 'cache'>,
  parts: CachedAnalysisParts,
  compute: () => Promise<T>,
  { store = () => true }: { store?: (value: T) => boolean } = {},
): Promise<{ value: T; cached: boolean }> {
  if (index.cache === null) return { value: await compute(), cached: false };
  const key = cacheKeyFor(index, parts);
  const hit = await index.cache.get<T>(key);
  if (hit !== undefined) {
    log.debug('cache hit', { analyzer: parts.analyzer, inputs: Object.keys(key.inputs).length });
    return { value: hit, cached: true };
  }
  log.debug('cache miss', { analyzer: parts.analyzer, inputs: Object.keys(key.inputs).length });
  const value = await compute();
  if (store(value)) await index.cache.set(key, value);
  else log.debug('not cached: incomplete result', { analyzer: parts.analyzer });
  return { value, cached: false };
}

/**
 * Convenience for analysers: run a computation through the run's result cache.
 *
 * @module
 */
import { getLogger } from '../core/logger.js';
import { InternalError } from '../errors.js';
import type { CacheKey, PerFileCacheParts, ProjectFile, ProjectIndex } from './types.js';

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

/** What a per-file result depends on besides the file itself (its path and content hash). */
export interface PerFileParts extends PerFileCacheParts {
  /** Name of the per-file results, e.g. `eslint-file`: entries go under this cache sub-directory. */
  analyzer: string;
  /** Bump it when a file's result can change for the same content. */
  version: string;
  /** Everything else the result depends on (rule set, tool versions, ...). JSON values only. */
  options?: unknown;
}

/** Per-file results in the run's result cache: one entry per file, keyed by its path and content hash. */
export interface PerFileStore<T> {
  /** The cached result of `file` at its current content, or undefined. Never throws. */
  get(file: Pick<ProjectFile, 'path' | 'hash'>): Promise<T | undefined>;
  /** Stores the result of `file` at its current content. Never throws. */
  set(file: Pick<ProjectFile, 'path' | 'hash'>, value: T): Promise<void>;
}

/**
 * The per-file result store of `parts`, or null without a cache (`--no-cache`). A result is
 * reused only for the same parts, path and content hash. With the file cache all the results of
 * `parts` are one pack file (`result-pack.ts`: read once, writes of one tick batched into one,
 * atomic, safe under concurrent runs, a corrupt line is a miss); a cache without packs stores
 * each as a result-cache entry whose key holds one input, the file's path and hash.
 *
 * @example
 * const store = perFileStore<Finding[]>(index, { analyzer: 'secrets-file', version: '1', options: { config } });
 * const hit = await store?.get(file);
 */
export function perFileStore<T>(index: Pick<ProjectIndex, 'cache'>, parts: PerFileParts): PerFileStore<T> | null {
  const cache = index.cache;
  if (cache === null) return null;
  if (cache.pack) {
    const pack = cache.pack(parts);
    return {
      get: (file) => pack.get<T>(file.path, file.hash),
      set: (file, value) => pack.set(file.path, file.hash, value),
    };
  }
  const key = (file: Pick<ProjectFile, 'path' | 'hash'>): CacheKey => ({
    analyzer: parts.analyzer,
    version: parts.version,
    options: parts.options ?? null,
    inputs: { [file.path]: file.hash },
  });
  return {
    get: (file) => cache.get<T>(key(file)),
    set: (file, value) => cache.set(key(file), value),
  };
}

/**
 * Results of `files`, each from the cache when its content is unchanged; `compute` gets only the
 * files without a cached result (none: it is not called) and returns their results by path.
 * Results are returned in the order of `files`; a result for which `store` returns false (a
 * failure that may pass on a re-run) is returned but not stored.
 *
 * @throws InternalError when `compute` leaves out a file it was given.
 * @example
 * const { values, misses } = await cachedPerFile(index, { analyzer: 'smells-file', version: '1' }, files,
 *   async (missing) => new Map(await Promise.all(missing.map(async (f) => [f.path, await smellsOf(f)] as const))));
 */
export async function cachedPerFile<T, F extends ProjectFile = ProjectFile>(
  index: Pick<ProjectIndex, 'cache'>,
  parts: PerFileParts,
  files: readonly F[],
  compute: (missing: readonly F[]) => Promise<ReadonlyMap<string, T>>,
  { store: keep = () => true }: { store?: (value: T) => boolean } = {},
): Promise<{ values: T[]; misses: number }> {
  const store = perFileStore<T>(index, parts);
  const found = new Map<string, T>();
  if (store) {
    const hits = await Promise.all(files.map((f) => store.get(f)));
    hits.forEach((hit, i) => {
      if (hit !== undefined) found.set(files[i]!.path, hit);
    });
  }
  const missing = files.filter((f) => !found.has(f.path));
  if (missing.length > 0) {
    const computed = await compute(missing);
    for (const file of missing) {
      if (!computed.has(file.path))
        throw new InternalError(`per-file ${parts.analyzer}: no result for ${file.path}`);
      found.set(file.path, computed.get(file.path) as T);
    }
    const kept = missing.filter((f) => keep(found.get(f.path) as T));
    if (store) await Promise.all(kept.map((f) => store.set(f, found.get(f.path) as T)));
  }
  log.debug('per-file cache', { analyzer: parts.analyzer, files: files.length, misses: missing.length });
  return { values: files.map((f) => found.get(f.path) as T), misses: missing.length };
}

/**
 * The project index: one walk of a repository per run, shared by every analyser (file
 * list, languages, line counts, content hashes, memoised texts, result cache).
 *
 * - What is walked and skipped: `walk.ts` (default excludes in `ignore-rules.ts`).
 * - Languages (`.d.ts` and `.pyi` are indexed as their language; filter with
 *   `isDeclarationFile`): `language.ts`.
 * - The content-hash result cache, in the user's cache directory (never inside the
 *   repository): `result-cache.ts`, and
 *   `cachedAnalysis` for analysers: `cached-analysis.ts`.
 *
 * @module
 */
export {
  DEFAULT_MAX_FILE_SIZE_BYTES,
  buildProjectIndex,
  resolveProjectRoot,
  type BuildProjectIndexOptions,
} from './project-index.js';
export type {
  CacheKey,
  IndexSelection,
  Language,
  ProjectFile,
  ProjectIndex,
  ResultCache,
  SkippedCounts,
} from './types.js';
export { cacheInputsFor, cacheKeyFor, cachedAnalysis, type CachedAnalysisParts } from './cached-analysis.js';
export {
  CACHE_SCHEMA_VERSION,
  FileResultCache,
  cacheKeyHash,
  createResultCache,
  defaultCacheDir,
} from './result-cache.js';
export { DEFAULT_EXCLUDED_DIRS, DEFAULT_EXCLUDED_FILES } from './ignore-rules.js';
export { BINARY_EXTENSIONS, detectLanguage, isDeclarationFile } from './language.js';
export { canonicalJson, countLoc, sha256 } from './hashing.js';

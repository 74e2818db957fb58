/**
 * Types of the project index: the one walk of a repository shared by every analyser of a run.
 *
 * @module
 */

/** Languages the analysers know. Other text files are indexed with `language: null`. */
export type Language = 'typescript' | 'javascript' | 'python';

/** One indexed file. */
export interface ProjectFile {
  /** Path relative to the root, with `/` separators. */
  path: string;
  /** Absolute path on disk. */
  absolutePath: string;
  /** Size in bytes. */
  size: number;
  /** Modification time (ms since epoch). */
  mtimeMs: number;
  /** Detected language, or null for other text files. */
  language: Language | null;
  /** sha256 hex of the content. */
  hash: string;
  /** Non-blank lines. */
  loc: number;
}

/** Counts of what the walk skipped, so reports can say so. */
export interface SkippedCounts {
  binary: number;
  tooLarge: number;
  symlinkOutsideRoot: number;
  unreadable: number;
  ignored: number;
}

/** Key of a cached analysis result: reused only if every part is equal. */
export interface CacheKey {
  analyzer: string;
  version: string;
  options: unknown;
  /** path -> content hash of every input file the result depends on. */
  inputs: Record<string, string>;
}

/** A content-hash result cache (in the user's cache directory, outside the repository). */
export interface ResultCache {
  /**
   * The directory of the entries, when they are on disk (outside the repository). A tool with
   * a cache of its own (mypy) keeps it under `<dir>/tools/`.
   */
  readonly dir?: string;
  get<T>(key: CacheKey): Promise<T | undefined>;
  set<T>(key: CacheKey, value: T): Promise<void>;
  /**
   * The per-file results of `parts` in one pack (optional: without it each file's result is an
   * entry of its own, through `get`/`set`).
   */
  pack?(parts: PerFileCacheParts): PerFilePack;
}

/** What per-file results depend on besides each file's path and content hash. */
export interface PerFileCacheParts {
  analyzer: string;
  version: string;
  options?: unknown;
}

/** Per-file results of one {@link PerFileCacheParts}, keyed by path and content hash. */
export interface PerFilePack {
  get<T>(path: string, hash: string): Promise<T | undefined>;
  set<T>(path: string, hash: string, value: T): Promise<void>;
}

/** The include/exclude globs and size limit an index was built with. */
export interface IndexSelection {
  include: readonly string[];
  exclude: readonly string[];
  maxFileSizeBytes: number;
  /** Whether shipped entry files in build output are indexed (`BuildProjectIndexOptions.shippedEntries`). */
  shippedEntries?: boolean;
}

/** The index of one project root, computed once per run. */
export interface ProjectIndex {
  /** Absolute, real path of the root. */
  root: string;
  /** Every indexed text file, sorted by path. */
  files: ProjectFile[];
  /** Files and non-blank lines per language. */
  languages: Partial<Record<Language, { files: number; loc: number }>>;
  skipped: SkippedCounts;
  /**
   * What decided the indexed set besides the default excludes and `.gitignore`: the include and
   * exclude globs and the size limit (absent on hand-built indexes). The secret scan uses it to
   * say why a file it scanned is not indexed.
   */
  selection?: IndexSelection;
  /** Text of an indexed file (read once, then memoised). */
  read(path: string): Promise<string>;
  /** Files of one language. */
  byLanguage(language: Language): ProjectFile[];
  /** The result cache of this run, or null with `--no-cache`. */
  cache: ResultCache | null;
}

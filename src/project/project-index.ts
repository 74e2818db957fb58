/**
 * {@link buildProjectIndex}: one walk of a repository per run, shared by every analyser
 * (file list, languages, line counts, content hashes, memoised texts, result cache).
 *
 * @module
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { EmpathyError, UserError, errorMessage } from '../errors.js';
import { getLogger } from '../core/logger.js';
import { sha256 } from './hashing.js';
import { isInside } from '../core/user-dirs.js';
import { createResultCache, defaultCacheDir } from './result-cache.js';
import { DEFAULT_TEXT_MEMO_CHARS, TextMemo } from './text-memo.js';
import type { Language, ProjectFile, ProjectIndex, ResultCache } from './types.js';
import { walkProject } from './walk.js';
import { gitTrackedFiles } from './git-tracked.js';
import { shippedEntryFiles } from './shipped-entries.js';

const log = getLogger('project.index');

/** Default size limit of an indexed file: 1 MiB. */
export const DEFAULT_MAX_FILE_SIZE_BYTES = 1024 * 1024;

/** Options of {@link buildProjectIndex}. */
export interface BuildProjectIndexOptions {
  /** Globs a file must match to be indexed (picomatch; a glob without `/` matches base names). */
  include?: string[];
  /** Globs of files or directories to leave out, on top of the default excludes and `.gitignore`. */
  exclude?: string[];
  /** Files larger than this are skipped and counted in `skipped.tooLarge`. Default 1 MiB. */
  maxFileSizeBytes?: number;
  /**
   * `false` (`--no-cache`): `index.cache` is null. Default true: the user's cache directory,
   * outside the repository (see `defaultCacheDir`).
   */
  cache?: boolean;
  /**
   * The cache directory itself (tests and tools). A directory inside the project root is never
   * used: the cache is then off, with a warning, since the repository could have planted entries.
   */
  cacheDir?: string;
  /** Aborts the walk. */
  signal?: AbortSignal;
  /** Most characters of file text memoised by `read` at once. Default 32 Mi. */
  textMemoChars?: number;
  /**
   * Also index the package's shipped entry files that lie in build output (`dist/`, `build/`),
   * with what they load there, unless a source map leads to sources in the tree
   * (`shipped-entries.ts`). Test generation sets it: a package that ships only built code is
   * tested through what it ships. Default false.
   */
  shippedEntries?: boolean;
}

/** Resolves `root` to the real absolute path of an existing directory, or throws a one-line {@link UserError}. */
export async function resolveProjectRoot(root: string): Promise<string> {
  if (typeof root !== 'string' || root.trim() === '')
    throw new UserError('project root is empty: pass a directory path');
  const absolute = resolve(root);
  let real: string;
  try {
    real = await realpath(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new UserError(`project root does not exist: ${absolute}`);
    throw new UserError(`project root cannot be accessed: ${absolute} (${errorMessage(error)})`);
  }
  const info = await stat(real).catch((error: unknown) => {
    throw new UserError(`project root cannot be accessed: ${absolute} (${errorMessage(error)})`);
  });
  if (!info.isDirectory()) throw new UserError(`project root is not a directory: ${absolute}`);
  return real;
}

/** The result cache of `realRoot`, or null when its directory would lie inside the repository. */
function cacheOutsideTree(realRoot: string, dir: string | undefined): ResultCache | null {
  const cacheDir = resolve(dir ?? defaultCacheDir(realRoot));
  if (isInside(realRoot, cacheDir)) {
    log.warn('result cache not used: its directory is inside the analysed repository', {
      cacheDir,
      root: realRoot,
    });
    return null;
  }
  return createResultCache(realRoot, cacheDir);
}

function groupByLanguage(files: readonly ProjectFile[]) {
  const languages: ProjectIndex['languages'] = {};
  const lists = new Map<Language, ProjectFile[]>();
  for (const file of files) {
    if (file.language === null) continue;
    const stats = (languages[file.language] ??= { files: 0, loc: 0 });
    stats.files++;
    stats.loc += file.loc;
    const list = lists.get(file.language) ?? [];
    list.push(file);
    lists.set(file.language, list);
  }
  return { languages, lists };
}

/**
 * Walks `root` once and returns the index every analyser of the run shares. See `walk.ts`
 * for what is indexed and skipped, `result-cache.ts` for the cache.
 *
 * @throws {UserError} when `root` does not exist, is not a directory or cannot be accessed.
 * @example
 * const index = await buildProjectIndex('path/to/repo', { exclude: ['test/fixtures/**'] });
 * index.languages.typescript; // { files: 12, loc: 3400 }
 * const text = await index.read('src/a.ts');
 */
export async function buildProjectIndex(
  root: string,
  options: BuildProjectIndexOptions = {},
): Promise<ProjectIndex> {
  const started = performance.now();
  const realRoot = await resolveProjectRoot(root);
  const maxFileSizeBytes = options.maxFileSizeBytes ?? DEFAULT_MAX_FILE_SIZE_BYTES;
  if (!Number.isFinite(maxFileSizeBytes) || maxFileSizeBytes < 0) {
    throw new UserError(
      `max file size must be a non-negative number of bytes, got ${String(options.maxFileSizeBytes)}`,
    );
  }
  const memo = new TextMemo(options.textMemoChars ?? DEFAULT_TEXT_MEMO_CHARS);
  const tracked = await gitTrackedFiles(realRoot, options.signal);
  const walked = await walkProject(realRoot, {
    include: options.include,
    exclude: options.exclude,
    maxFileSizeBytes,
    signal: options.signal,
    onText: (path, text) => memo.set(path, text),
    tracked,
    ...(options.shippedEntries ? { alsoIndex: await shippedEntryFiles(realRoot, tracked) } : {}),
  });
  const files = walked.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const file of files) Object.freeze(file);
  Object.freeze(files);
  const byPath = new Map(files.map((file) => [file.path, file]));
  const { languages, lists } = groupByLanguage(files);
  const pending = new Map<string, Promise<string>>();

  const toIndexedPath = (path: string): string => {
    const relativePath = isAbsolute(path) ? relative(realRoot, path) : path;
    return relativePath.split(sep).join('/').replace(/^\.\//, '');
  };

  async function load(file: ProjectFile): Promise<string> {
    const content = await readFile(file.absolutePath).catch((error: unknown) => {
      throw new EmpathyError(
        `cannot read ${file.path} (it was readable when indexed): ${errorMessage(error)}`,
        'FILE_CHANGED',
      );
    });
    if (sha256(content) !== file.hash) {
      throw new EmpathyError(
        `${file.path} changed during the run; run again on a stable tree`,
        'FILE_CHANGED',
      );
    }
    const text = content.toString('utf8');
    memo.set(file.path, text);
    return text;
  }

  const index: ProjectIndex = {
    root: realRoot,
    files,
    languages,
    skipped: Object.freeze(walked.skipped),
    selection: Object.freeze({
      include: Object.freeze([...(options.include ?? [])]),
      exclude: Object.freeze([...(options.exclude ?? [])]),
      maxFileSizeBytes,
      shippedEntries: options.shippedEntries === true,
    }),
    async read(path: string): Promise<string> {
      const key = toIndexedPath(path);
      const file = byPath.get(key);
      if (!file) throw new UserError(`not an indexed file: ${path} (root ${realRoot})`);
      const memoised = memo.get(key);
      if (memoised !== undefined) return memoised;
      let loading = pending.get(key);
      if (!loading) {
        loading = load(file).finally(() => pending.delete(key));
        pending.set(key, loading);
      }
      return loading;
    },
    byLanguage(language: Language): ProjectFile[] {
      return [...(lists.get(language) ?? [])];
    },
    cache: options.cache === false ? null : cacheOutsideTree(realRoot, options.cacheDir),
  };
  log.debug('project indexed', {
    root: realRoot,
    files: files.length,
    skipped: walked.skipped,
    ms: Math.round(performance.now() - started),
  });
  return index;
}

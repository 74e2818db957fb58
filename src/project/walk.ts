/**
 * The walk of one project root: which files are indexed, their hashes and line counts,
 * and counts of what was skipped. Used by {@link buildProjectIndex}; analysers use the index.
 *
 * Rules:
 * - Only the root is walked. Directories in `DEFAULT_EXCLUDED_DIRS`, files matching
 *   `DEFAULT_EXCLUDED_FILES`, paths ignored by `.git/info/exclude` or any `.gitignore`
 *   (root and nested) and paths matching `exclude` globs are left out and counted in
 *   `skipped.ignored` (an ignored directory counts once, its contents are never read).
 *   With `include` globs, a file must match one of them.
 * - git's own rule: ignore rules apply only to untracked files. Given the files git tracks
 *   (`tracked`, from `git ls-files`), a tracked file is indexed even when a `.gitignore` pattern
 *   matches it (or its directory: such a directory is entered for its tracked files alone). The
 *   default excludes and the user's globs still apply.
 * - Symbolic links are never followed: a link whose target is outside the root is counted in
 *   `skipped.symlinkOutsideRoot`; a link to something inside the root is left out silently,
 *   since its target is indexed under its own path (no double counting, no cycles). A
 *   dangling link counts as unreadable.
 * - Binary files (a known binary extension, or a NUL byte in the first 8 KiB) count in
 *   `skipped.binary`; files over `maxFileSizeBytes` in `skipped.tooLarge`; files or
 *   directories that cannot be read (EACCES, EPERM, ...) and special files (FIFOs, sockets,
 *   devices) in `skipped.unreadable`.
 *
 * @module
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, type Dirent } from 'node:fs';
import { readdir, readFile, realpath } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { errorMessage } from '../errors.js';
import { getLogger } from '../core/logger.js';
import { countLoc, looksBinary, sha256 } from './hashing.js';
import {
  compileGlobs,
  isDefaultExcludedDir,
  isDefaultExcludedFile,
  isGitIgnored,
  parseGitignore,
  type GitignoreLevel,
} from './ignore-rules.js';
import { detectLanguage, hasBinaryExtension } from './language.js';
import type { ProjectFile, SkippedCounts } from './types.js';
import type { GitTracked } from './git-tracked.js';

const log = getLogger('project.walk');

/** Options of {@link walkProject}. */
export interface WalkOptions {
  /** Globs a file must match to be indexed (any of them); all files when absent or empty. */
  include?: readonly string[];
  /** Globs of files or directories to leave out, on top of the default excludes and `.gitignore`. */
  exclude?: readonly string[];
  /** Files larger than this are skipped (`skipped.tooLarge`). */
  maxFileSizeBytes: number;
  /** Aborts the walk (it rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Parallel file-system operations. Default 32. */
  concurrency?: number;
  /** Receives the text of every indexed file once, e.g. to memoise it. */
  onText?: (path: string, text: string) => void;
  /** What git tracks under the root (see `gitTrackedFiles`); null or absent outside git. */
  tracked?: GitTracked | null;
  /**
   * Root-relative files indexed even inside a directory left out by default (the shipped entry
   * files of a package, see `shipped-entries.ts`); the include/exclude globs still apply.
   */
  alsoIndex?: ReadonlySet<string>;
}

/** What {@link walkProject} found: indexed files in walk order, the directories it entered, and skip counts. */
export interface WalkResult {
  files: ProjectFile[];
  /** Root-relative directories entered (`''` is the root), in walk order: what a watcher of the tree watches. */
  dirs: string[];
  skipped: SkippedCounts;
}

/** A fresh zeroed {@link SkippedCounts}. */
export function emptySkippedCounts(): SkippedCounts {
  return { binary: 0, tooLarge: 0, symlinkOutsideRoot: 0, unreadable: 0, ignored: 0 };
}

const noop = (): void => undefined;
/** `O_NONBLOCK` where the platform has it (not on Windows, which has no FIFOs to open). */
const NONBLOCK = constants.O_NONBLOCK ?? 0;

type Run = <T>(task: () => Promise<T>) => Promise<T>;

/** A concurrency limiter: at most `max` tasks run at once; a finishing task hands its slot over. */
function createLimiter(max: number): Run {
  let active = 0;
  // A FIFO with a moving head: Array#shift is O(n), and a big tree queues thousands of tasks.
  let waiting: (() => void)[] = [];
  let head = 0;
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      return await task();
    } finally {
      const next = waiting[head];
      if (next) {
        waiting[head++] = noop;
        if (head > 1024 && head * 2 > waiting.length) {
          waiting = waiting.slice(head);
          head = 0;
        }
        next();
      } else {
        active--;
      }
    }
  };
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? (error as NodeJS.ErrnoException).code : undefined;
}

/**
 * Where git keeps the repository's own excludes: `.git/info/exclude`, or, when `.git` is a file
 * (a linked worktree or a submodule: `gitdir: <dir>`), `info/exclude` of that directory's common
 * directory (its `commondir` file, relative to it).
 */
async function infoExcludePath(root: string): Promise<string> {
  const plain = join(root, '.git', 'info', 'exclude');
  let pointer: string;
  try {
    pointer = await readFile(join(root, '.git'), 'utf8');
  } catch {
    return plain; // a directory (EISDIR) or absent: the usual place
  }
  const gitDir = /^gitdir:\s*(.+?)\s*$/m.exec(pointer)?.[1];
  if (!gitDir) return plain;
  const absGitDir = resolve(root, gitDir);
  const common = await readFile(join(absGitDir, 'commondir'), 'utf8').catch(() => null);
  return join(common === null ? absGitDir : resolve(absGitDir, common.trim()), 'info', 'exclude');
}

/**
 * Walks `root` (an absolute, real directory path: resolve it first) and indexes its text files.
 *
 * @example
 * const { files, skipped } = await walkProject('/abs/repo', { maxFileSizeBytes: 1 << 20 });
 */
export async function walkProject(root: string, options: WalkOptions): Promise<WalkResult> {
  const files: ProjectFile[] = [];
  const dirs: string[] = [];
  const skipped = emptySkippedCounts();
  const run = createLimiter(Math.max(1, options.concurrency ?? 32));
  const include = compileGlobs(options.include);
  const exclude = compileGlobs(options.exclude);
  const { signal, maxFileSizeBytes, onText } = options;
  const tracked = options.tracked ?? null;
  const rootPrefix = root.endsWith(sep) ? root : root + sep;

  const unreadable = (rel: string, error: unknown): void => {
    skipped.unreadable++;
    log.debug('unreadable, skipped', { path: rel || '.', error: errorMessage(error) });
  };

  async function readGitignore(abs: string, rel: string): Promise<string | null> {
    try {
      return await run(() => readFile(abs, 'utf8'));
    } catch (error) {
      if (errorCode(error) !== 'ENOENT')
        log.warn('cannot read ignore file, its rules are not applied', {
          path: rel,
          error: errorMessage(error),
        });
      return null;
    }
  }

  async function handleSymlink(abs: string, rel: string): Promise<void> {
    let target: string;
    try {
      target = await run(() => realpath(abs));
    } catch (error) {
      unreadable(rel, error);
      return;
    }
    if (target === root || target.startsWith(rootPrefix)) {
      log.debug('symlink inside the root not followed (its target is indexed under its own path)', {
        path: rel,
      });
    } else {
      skipped.symlinkOutsideRoot++;
      log.debug('symlink out of the root skipped', { path: rel });
    }
  }

  async function indexFile(abs: string, rel: string): Promise<void> {
    if (hasBinaryExtension(rel)) {
      skipped.binary++;
      return;
    }
    await run(async () => {
      signal?.throwIfAborted();
      let content: Buffer;
      let mtimeMs: number;
      try {
        // One open + fstat + read, synchronously: a read through the thread pool costs more CPU than
        // the read itself (networkx's 903 files: 0.22 s of CPU async, 0.12 s sync). O_NONBLOCK: should
        // the file have become a FIFO since readdir, open returns at once and fstat says so.
        const fd = openSync(abs, constants.O_RDONLY | NONBLOCK);
        try {
          const info = fstatSync(fd);
          if (!info.isFile()) return unreadable(rel, new Error('not a regular file'));
          if (info.size > maxFileSizeBytes) {
            skipped.tooLarge++;
            return;
          }
          mtimeMs = info.mtimeMs;
          content = readFileSync(fd);
        } finally {
          closeSync(fd);
        }
      } catch (error) {
        return unreadable(rel, error);
      }
      if (content.length > maxFileSizeBytes) {
        skipped.tooLarge++;
        return;
      }
      if (looksBinary(content)) {
        skipped.binary++;
        return;
      }
      const text = content.toString('utf8');
      files.push({
        path: rel,
        absolutePath: abs,
        size: content.length,
        mtimeMs,
        language: detectLanguage(rel),
        hash: sha256(content),
        loc: countLoc(text),
      });
      onText?.(rel, text);
    });
  }

  /**
   * Whether an entry is left out. `ignoredParent`: the directory holding it is git-ignored and was
   * entered only for its tracked files, so anything untracked below it stays ignored.
   */
  function isExcluded(
    entry: Dirent,
    rel: string,
    levels: readonly GitignoreLevel[],
    isDir: boolean,
    ignoredParent: boolean,
  ): boolean {
    // `.git` is a file in a linked worktree or a submodule (`gitdir: ...`): git's, not the project's.
    if (isDir ? isDefaultExcludedDir(entry.name, rel) : isDefaultExcludedFile(entry.name) || entry.name === '.git') return true;
    if ((ignoredParent || isGitIgnored(levels, rel, isDir)) && !isTracked(rel, isDir)) return true;
    if (exclude?.(rel)) return true;
    return !isDir && include !== null && !include(rel);
  }

  function isTracked(rel: string, isDir: boolean): boolean {
    return tracked !== null && (isDir ? tracked.dirs.has(rel) : tracked.files.has(rel));
  }

  function isExcludedLink(entry: Dirent, rel: string, levels: readonly GitignoreLevel[]): boolean {
    if (isDefaultExcludedDir(entry.name, rel) || isDefaultExcludedFile(entry.name)) return true;
    if (isGitIgnored(levels, rel, false) || isGitIgnored(levels, rel, true)) return true;
    return exclude?.(rel) ?? false;
  }

  async function walkDir(
    abs: string,
    rel: string,
    inherited: readonly GitignoreLevel[],
    ignored = false,
  ): Promise<void> {
    signal?.throwIfAborted();
    let entries: Dirent[];
    try {
      entries = await run(() => readdir(abs, { withFileTypes: true }));
    } catch (error) {
      return unreadable(rel, error);
    }
    dirs.push(rel);
    let levels = inherited;
    if (entries.some((entry) => entry.name === '.gitignore' && entry.isFile())) {
      const text = await readGitignore(join(abs, '.gitignore'), rel ? `${rel}/.gitignore` : '.gitignore');
      if (text !== null) levels = [...inherited, parseGitignore(rel, text)];
    }
    const tasks: Promise<void>[] = [];
    for (const entry of entries) {
      const childAbs = join(abs, entry.name);
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) {
        // The link's type is unknown without following it: excluded if excluded as a file or as a directory.
        if (ignored || isExcludedLink(entry, childRel, levels)) skipped.ignored++;
        else tasks.push(handleSymlink(childAbs, childRel));
      } else if (entry.isDirectory()) {
        if (isExcluded(entry, childRel, levels, true, ignored)) skipped.ignored++;
        else tasks.push(walkDir(childAbs, childRel, levels, ignored || isGitIgnored(levels, childRel, true)));
      } else if (entry.isFile()) {
        if (isExcluded(entry, childRel, levels, false, ignored)) skipped.ignored++;
        else tasks.push(indexFile(childAbs, childRel));
      } else {
        unreadable(childRel, new Error('special file (FIFO, socket or device)'));
      }
    }
    await Promise.all(tasks);
  }

  const rootLevels: GitignoreLevel[] = [];
  const infoExclude = await readGitignore(await infoExcludePath(root), '.git/info/exclude');
  if (infoExclude !== null) rootLevels.push(parseGitignore('', infoExclude));
  await walkDir(root, '', rootLevels);
  const walked = new Set(files.map((f) => f.path));
  for (const rel of options.alsoIndex ?? []) {
    if (!walked.has(rel) && !exclude?.(rel) && (include === null || include(rel))) await indexFile(join(root, rel), rel);
  }
  return { files, dirs, skipped };
}

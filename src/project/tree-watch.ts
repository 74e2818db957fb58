/**
 * Watching a project tree for changes (`--watch`): a {@link TreeWatcher} holds one
 * non-recursive `fs.watch` per directory the walk entered (default excludes and `.gitignore`
 * apply, so `node_modules`, `.git` and build output are never watched), and says when the tree
 * has been quiet for a moment after an event; {@link snapshotTree} and {@link changedFiles} then
 * tell whether an indexed file really changed (content hash, as the index and the result cache
 * see it), so that an event from an ignored file or a save with the same content runs nothing.
 *
 * @module
 */
import { watch as fsWatch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { UserError, errorMessage } from '../errors.js';
import { getLogger } from '../core/logger.js';
import { gitTrackedFiles } from './git-tracked.js';
import { DEFAULT_MAX_FILE_SIZE_BYTES } from './project-index.js';
import type { Language } from './types.js';
import { walkProject } from './walk.js';

const log = getLogger('project.watch');

/** The files of a tree (root-relative path to content hash), their languages and the directories the walk entered. */
export interface TreeSnapshot {
  readonly files: ReadonlyMap<string, string>;
  readonly languages: ReadonlySet<Language>;
  readonly dirs: readonly string[];
}

/** The selection a snapshot is taken with: the run's include/exclude globs and file size limit. */
export interface SnapshotSelection {
  include?: readonly string[];
  exclude?: readonly string[];
  maxFileSizeBytes?: number;
}

/**
 * Walks `root` (absolute and real) as the project index does and returns what it found.
 *
 * @example
 * const before = await snapshotTree('/abs/repo');
 */
export async function snapshotTree(root: string, selection: SnapshotSelection = {}, signal?: AbortSignal): Promise<TreeSnapshot> {
  const walked = await walkProject(root, {
    ...(selection.include ? { include: selection.include } : {}),
    ...(selection.exclude ? { exclude: selection.exclude } : {}),
    maxFileSizeBytes: selection.maxFileSizeBytes ?? DEFAULT_MAX_FILE_SIZE_BYTES,
    tracked: await gitTrackedFiles(root, signal),
    ...(signal ? { signal } : {}),
  });
  const languages = new Set<Language>();
  for (const file of walked.files) if (file.language) languages.add(file.language);
  return { files: new Map(walked.files.map((file) => [file.path, file.hash])), languages, dirs: walked.dirs };
}

/**
 * Paths added, removed or changed from `before` to `after`, sorted.
 *
 * @example
 * changedFiles(before, after); // ['src/a.ts']
 */
export function changedFiles(before: TreeSnapshot, after: TreeSnapshot): string[] {
  const changed: string[] = [];
  for (const [path, hash] of after.files) if (before.files.get(path) !== hash) changed.push(path);
  for (const path of before.files.keys()) if (!after.files.has(path)) changed.push(path);
  return changed.sort();
}

/** The `fs.watch` a {@link TreeWatcher} calls (replaceable in tests). */
export type WatchFunction = (dir: string, listener: () => void) => FSWatcher;

const watchDirectory: WatchFunction = (dir, listener) => fsWatch(dir, { persistent: true }, listener);

/** Options of a {@link TreeWatcher}. */
export interface TreeWatcherOptions {
  /** Quiet time after the last event before {@link TreeWatcher.settled} resolves. Default 200 ms. */
  debounceMs?: number;
  watch?: WatchFunction;
}

/**
 * One `fs.watch` per directory of a tree; remembers events that come while nobody waits (a run
 * in progress), so that no change is lost between two runs.
 */
export class TreeWatcher {
  readonly #root: string;
  readonly #debounceMs: number;
  readonly #watch: WatchFunction;
  readonly #watchers = new Map<string, FSWatcher>();
  #dirty = false;
  #timer: NodeJS.Timeout | undefined;
  #waiter: (() => void) | undefined;

  constructor(root: string, options: TreeWatcherOptions = {}) {
    this.#root = root;
    this.#debounceMs = options.debounceMs ?? 200;
    this.#watch = options.watch ?? watchDirectory;
  }

  /** Number of directories watched. */
  get size(): number {
    return this.#watchers.size;
  }

  /**
   * Watches exactly `dirs` (root-relative, `''` the root): new ones are added, the others closed.
   *
   * @throws {UserError} when the system's limit of watches is reached.
   */
  watchDirs(dirs: Iterable<string>): void {
    const wanted = new Set(dirs);
    for (const [dir, watcher] of this.#watchers) {
      if (!wanted.has(dir)) {
        watcher.close();
        this.#watchers.delete(dir);
      }
    }
    for (const dir of wanted) {
      if (this.#watchers.has(dir)) continue;
      let watcher: FSWatcher;
      try {
        watcher = this.#watch(join(this.#root, dir), () => this.#changed());
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOSPC' || code === 'EMFILE')
          throw new UserError(
            `--watch: cannot watch ${wanted.size} directories (${code}: the system's limit of file watches, fs.inotify.max_user_watches on Linux); raise the limit or narrow the project with exclude`,
          );
        log.debug('directory not watched (gone since the walk)', { dir, error: errorMessage(error) });
        this.#changed(); // it changed since the walk: walk again
        continue;
      }
      watcher.on('error', (error) => {
        log.debug('watch ended', { dir, error: errorMessage(error) });
        watcher.close();
        if (this.#watchers.get(dir) === watcher) this.#watchers.delete(dir);
        this.#changed();
      });
      this.#watchers.set(dir, watcher);
    }
  }

  /**
   * Resolves once something changed under a watched directory (since the last `settled`, events
   * while nobody waited included) and no event came for the debounce time; rejects with the
   * signal's reason when `signal` aborts.
   */
  settled(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error);
      const onAbort = () => {
        this.#waiter = undefined;
        reject(signal?.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiter = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      if (this.#dirty && this.#timer === undefined) this.#fire();
    });
  }

  /** Closes every watch. */
  close(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const watcher of this.#watchers.values()) watcher.close();
    this.#watchers.clear();
  }

  #changed(): void {
    this.#dirty = true;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#fire();
    }, this.#debounceMs);
  }

  #fire(): void {
    const waiter = this.#waiter;
    if (!waiter) return; // remembered (#dirty) for the next settled()
    this.#waiter = undefined;
    this.#dirty = false;
    waiter();
  }
}

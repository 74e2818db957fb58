/**
 * Watching a project tree for changes (`--watch`): a {@link TreeWatcher} holds one
 * non-recursive `fs.watch` per directory the walk entered (default excludes and `.gitignore`
 * apply, so `node_modules` and build output are never watched; `.git` is, for the set of files
 * git tracks), and says when the tree has been quiet for a moment after an event;
 * {@link snapshotTree} and {@link changedFiles} then tell whether an indexed file really changed
 * (content hash, as the index and the result cache see it), so that an event from an ignored file
 * or a save with the same content runs nothing.
 *
 * @module
 */
import { statSync, watch as fsWatch, type FSWatcher } from 'node:fs';
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
 * Walks `root` (absolute and real) as the project index does (without the shipped entry files of
 * `dist/` that the coverage agent's own index may add) and returns what it found. `.git` is among
 * the directories when it is one: a change to what git tracks changes what the index holds.
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
  const dirs = directoryIdentity(join(root, '.git')) !== null ? [...walked.dirs, '.git'] : walked.dirs;
  return { files: new Map(walked.files.map((file) => [file.path, file.hash])), languages, dirs };
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

/** The `fs.watch` a {@link TreeWatcher} calls (replaceable in tests): `listener` gets the entry's name when known. */
export type WatchFunction = (dir: string, listener: (event: string, name: string | null) => void) => FSWatcher;

const watchDirectory: WatchFunction = (dir, listener) =>
  fsWatch(dir, { persistent: true }, (event, name) => listener(event, name === null ? null : String(name)));

/** The identity of a directory (a directory deleted and made again is another one), null when gone. */
export type DirectoryIdentity = (dir: string) => string | null;

const directoryIdentity: DirectoryIdentity = (dir) => {
  try {
    const info = statSync(dir);
    return info.isDirectory() ? `${info.dev}:${info.ino}` : null;
  } catch {
    return null;
  }
};

/** Options of a {@link TreeWatcher}. */
export interface TreeWatcherOptions {
  /** Quiet time after the last event before {@link TreeWatcher.settled} resolves. Default 200 ms. */
  debounceMs?: number;
  /** Longest wait after the first event, however busy the tree (a log written all the time). Default 1 s. */
  maxWaitMs?: number;
  watch?: WatchFunction;
  identity?: DirectoryIdentity;
}

/**
 * One `fs.watch` per directory of a tree; remembers events that come while nobody waits (a run
 * in progress), and the paths they named, so that no change is lost between two runs.
 */
export class TreeWatcher {
  readonly #root: string;
  readonly #debounceMs: number;
  readonly #maxWaitMs: number;
  readonly #watch: WatchFunction;
  readonly #identity: DirectoryIdentity;
  readonly #watchers = new Map<string, { watcher: FSWatcher; id: string }>();
  #dirty = false;
  #since: number | undefined;
  #timer: NodeJS.Timeout | undefined;
  #waiter: (() => void) | undefined;
  #named = new Set<string | null>();
  #started = false;

  constructor(root: string, options: TreeWatcherOptions = {}) {
    this.#root = root;
    this.#debounceMs = options.debounceMs ?? 200;
    this.#maxWaitMs = options.maxWaitMs ?? 1000;
    this.#watch = options.watch ?? watchDirectory;
    this.#identity = options.identity ?? directoryIdentity;
  }

  /** Number of directories watched. */
  get size(): number {
    return this.#watchers.size;
  }

  /**
   * Watches exactly `dirs` (root-relative, `''` the root): new ones are added, the others closed,
   * and one deleted and made again since is watched anew. After the first call, a directory added
   * counts as a change (a file written into it before its watch began would be missed): the
   * caller walks the tree once more.
   *
   * @throws {UserError} when the system's limit of watches is reached.
   */
  watchDirs(dirs: Iterable<string>): void {
    const wanted = new Set(dirs);
    for (const [dir, { watcher }] of this.#watchers) {
      if (!wanted.has(dir)) {
        watcher.close();
        this.#watchers.delete(dir);
      }
    }
    let added = false;
    for (const dir of wanted) {
      const abs = join(this.#root, dir);
      const id = this.#identity(abs);
      const current = this.#watchers.get(dir);
      if (current && current.id === id) continue;
      current?.watcher.close();
      this.#watchers.delete(dir);
      if (id === null) {
        this.#changed(); // gone since the walk: walk again
        continue;
      }
      let watcher: FSWatcher;
      try {
        watcher = this.#watch(abs, (_event, name) => this.#changed(name === null ? null : dir ? `${dir}/${name}` : name));
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
        if (this.#watchers.get(dir)?.watcher === watcher) this.#watchers.delete(dir);
        this.#changed(null);
      });
      this.#watchers.set(dir, { watcher, id });
      added = true;
    }
    if (added && this.#started) this.#changed(null);
    this.#started = true;
  }

  /**
   * The root-relative paths the events since the last call named (`null`: an event that named
   * none), and forgets them.
   */
  takeNamed(): Set<string | null> {
    const named = this.#named;
    this.#named = new Set();
    return named;
  }

  /**
   * Resolves once something changed under a watched directory (since the last `settled`, events
   * while nobody waited included) and no event came for the debounce time (or the longest wait
   * passed); rejects with the signal's reason when `signal` aborts. One caller waits at a time.
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
    for (const { watcher } of this.#watchers.values()) watcher.close();
    this.#watchers.clear();
  }

  #changed(name: string | null = null): void {
    this.#dirty = true;
    this.#named.add(name);
    const now = Date.now();
    this.#since ??= now;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.#since = undefined;
        this.#fire();
      },
      Math.max(0, Math.min(this.#debounceMs, this.#since + this.#maxWaitMs - now)),
    );
  }

  #fire(): void {
    const waiter = this.#waiter;
    if (!waiter) return; // remembered (#dirty) for the next settled()
    this.#waiter = undefined;
    this.#dirty = false;
    waiter();
  }
}

/**
 * A directory of JSON records, as both learning stores keep them (the configuration store's
 * compositions and the pattern library's patterns): one `<id>.json` per record, written
 * atomically under the lock file `<id>.lock`, read through a cache ({@link RecordDirIndex}),
 * refused when it lies under a symbolic link inside the project (`store-dir.ts`).
 *
 * One policy for both stores:
 * - the directory is created on the first write; a write that fails for a reason the user can
 *   fix (permissions, read-only or full disk, a file in the way) is a one-line {@link UserError}
 *   naming the directory and what to pass instead;
 * - a record that does not parse or fails its schema is re-read under its lock and, if still
 *   unreadable, moved aside as `<id>.json.corrupt` (`<id>.json.corrupt-<ms>` when that exists,
 *   so an earlier one is never overwritten) with a warning; a record with a newer schema version
 *   is skipped with a warning and never touched; when the move fails the file is ignored until
 *   it changes.
 *
 * @module
 */
import type { BigIntStats } from 'node:fs';
import { promises as fsp, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FileLockOptions } from '../../core/file-lock.js';
import { withFileLock } from '../../core/file-lock.js';
import type { Logger } from '../../core/logger.js';
import { EmpathyError, UserError, errorMessage } from '../../errors.js';
import type { ParseOutcome } from './store-schema.js';
import { assertStoreDirNotLinked } from './store-dir.js';

/** A file of a record directory that failed validation and should be set aside. */
export interface SuspectFile {
  name: string;
  reason: string;
}

/** What {@link RecordDirIndex.refresh} returns. */
export interface DirSnapshot<T> {
  records: T[];
  suspects: SuspectFile[];
}

/**
 * How long after a change a file-system timestamp cannot be trusted to reveal a second
 * change (timestamps are coarse: a tick of a few ms on Linux, 1-2 s on some file systems).
 */
function racyWindowMs(mtimeNs: bigint): number {
  return mtimeNs % 1_000_000_000n === 0n ? 2_500 : 100;
}

/**
 * A cached view of a directory of `*.json` records, correct across processes without
 * re-reading every file on every call.
 *
 * - Fast path: one `stat` of the directory. Every write of the store is a rename into the
 *   directory, which changes the directory's mtime/ctime; if they are unchanged (and old
 *   enough not to hide a second change within the same timestamp tick), the cache is current.
 * - Otherwise: `readdir` + one `stat` per file; only files whose inode, size or mtime changed
 *   (or that changed too recently to be sure) are read and parsed again.
 *
 * Files edited in place by other tools (no rename) are seen at the next change of the
 * directory or after {@link RecordDirIndex.invalidate}. Uses synchronous file-system calls:
 * a sweep of 10,000 files takes tens of milliseconds, a fast-path call microseconds.
 */
export class RecordDirIndex<T> {
  private readonly entries = new Map<
    string,
    { key: string; value: T | null; trusted: boolean; pending: boolean }
  >();
  private readonly warned = new Set<string>();
  private dirStamp: string | null = null;
  private dirTrusted = false;
  private dirty = true;
  private records: T[] = [];

  /**
   * @param dir the directory (may not exist yet: it then reads as empty)
   * @param parse validates a file's text; `name` is the file name (e.g. `abc.json`)
   * @param onUnsupported called once per file version that has a newer schema than we know
   */
  constructor(
    private readonly dir: string,
    private readonly parse: (text: string, name: string) => ParseOutcome<T>,
    private readonly onUnsupported: (name: string, reason: string) => void = () => undefined,
  ) {}

  /** Forces the next {@link RecordDirIndex.refresh} to check every file. */
  invalidate(): void {
    this.dirty = true;
  }

  /**
   * Stops reporting a suspect file (e.g. it could not be moved aside in a read-only store)
   * until its content changes.
   */
  markIgnored(name: string): void {
    const entry = this.entries.get(name);
    if (entry) {
      entry.pending = false;
      entry.trusted = true;
    }
    this.dirty = [...this.entries.values()].some((e) => e.pending);
  }

  /**
   * Brings the cache up to date and returns the valid records and the files that failed
   * validation. `records` is the same array instance as long as no record changed.
   */
  refresh(): DirSnapshot<T> {
    const now = Date.now();
    let dirStat: BigIntStats | undefined;
    try {
      dirStat = statSync(this.dir, { bigint: true, throwIfNoEntry: false });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOTDIR') throw error;
    }
    if (!dirStat || !dirStat.isDirectory()) {
      this.entries.clear();
      if (this.records.length > 0) this.records = [];
      this.dirStamp = null;
      return { records: [], suspects: [] };
    }
    const stamp = `${dirStat.ino}:${dirStat.mtimeNs}:${dirStat.ctimeNs}`;
    if (!this.dirty && this.dirTrusted && stamp === this.dirStamp)
      return { records: this.records, suspects: [] };

    const suspects: SuspectFile[] = [];
    const seen = new Set<string>();
    let changed = false;
    for (const name of readdirSync(this.dir)) {
      if (!name.endsWith('.json') || name.startsWith('.')) continue;
      const full = join(this.dir, name);
      const stat = statSync(full, { bigint: true, throwIfNoEntry: false });
      if (!stat || !stat.isFile()) continue;
      seen.add(name);
      const key = `${stat.ino}:${stat.size}:${stat.mtimeNs}`;
      const previous = this.entries.get(name);
      if (previous && previous.key === key && previous.trusted && !previous.pending) continue;
      let text: string;
      try {
        text = readFileSync(full, 'utf8');
      } catch {
        seen.delete(name);
        continue;
      }
      const trusted = now - Number(stat.mtimeNs / 1_000_000n) > racyWindowMs(stat.mtimeNs);
      const outcome = this.parse(text, name);
      changed = true;
      if (outcome.ok) {
        this.entries.set(name, { key, value: outcome.value, trusted, pending: false });
      } else if (outcome.kind === 'unsupported') {
        this.entries.set(name, { key, value: null, trusted, pending: false });
        if (!this.warned.has(`${name}:${key}`)) this.onUnsupported(name, outcome.reason);
        this.warned.add(`${name}:${key}`);
      } else if (previous && previous.key === key && !previous.pending && previous.value === null) {
        previous.trusted = trusted; // an ignored suspect that did not change
      } else {
        this.entries.set(name, { key, value: null, trusted, pending: true });
        suspects.push({ name, reason: outcome.reason });
      }
    }
    for (const name of [...this.entries.keys()]) {
      if (!seen.has(name)) {
        this.entries.delete(name);
        changed = true;
      }
    }
    // A new array only when something changed, so callers can cache work keyed on its identity.
    if (changed)
      this.records = [...this.entries.values()].flatMap((entry) =>
        entry.value === null ? [] : [entry.value],
      );
    this.dirStamp = stamp;
    this.dirTrusted = now - Number(dirStat.mtimeNs / 1_000_000n) > racyWindowMs(dirStat.mtimeNs);
    this.dirty = suspects.length > 0;
    return { records: this.records, suspects };
  }
}

/** Error codes of a write the user can fix by naming another directory. */
const WRITE_ERRORS = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'ENOSPC', 'EDQUOT', 'EEXIST', 'EISDIR']);

/** Options of {@link RecordDirectory}. */
export interface RecordDirectoryOptions<T> {
  /** Absolute path of the directory. */
  dir: string;
  /** Project root: bounds the symbolic-link check. */
  projectRoot: string;
  /** The store's name in messages, e.g. `configuration store`. */
  what: string;
  /** The record's name in log messages, e.g. `store` ("moved an unreadable store file aside"). */
  recordKind: string;
  /** What the user passes instead of an unwritable directory, e.g. `storageDir (CLI: --store-dir DIR)`. */
  writableHint: string;
  /** Validates a file's text; `name` is the file name (`<id>.json`). */
  parse: (text: string, name: string) => ParseOutcome<T>;
  /** The store's logger. */
  log: Logger;
  /** Lock timings (tests shorten them). */
  lock?: FileLockOptions;
}

/**
 * The record directory of one learning store: the symbolic-link check, directory creation,
 * per-record locks, the cached listing and the set-aside of unreadable records.
 *
 * @example
 * const records = new RecordDirectory({ dir, projectRoot, what: 'pattern library', recordKind: 'pattern',
 *   writableHint: 'storageDir', parse: (text) => parsePattern(text), log });
 * await records.ensureDir();
 * await records.locked('p1', () => writeFileAtomic(records.file('p1'), text));
 * await records.checkNotLinked();
 * const all = await records.list();
 */
export class RecordDirectory<T> {
  /** Absolute path of the directory. */
  readonly dir: string;
  private readonly index: RecordDirIndex<T>;

  constructor(private readonly options: RecordDirectoryOptions<T>) {
    this.dir = options.dir;
    this.index = new RecordDirIndex(options.dir, options.parse, (name, reason) =>
      options.log.warn(`skipping a ${options.recordKind} file written by a newer version`, {
        file: join(this.dir, name),
        reason,
      }),
    );
  }

  /**
   * Refuses the directory when it is, or lies under, a symbolic link inside the project root.
   *
   * @throws UserError naming the link; nothing has been read, written or renamed.
   */
  async checkNotLinked(): Promise<void> {
    await assertStoreDirNotLinked(this.options.projectRoot, this.dir, this.options.what);
  }

  /** The file of record `id` (not validated: callers check ids with `assertSafeId`). */
  file(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  /** True when the directory exists. */
  async exists(): Promise<boolean> {
    return (await fsp.stat(this.dir).catch(() => undefined)) !== undefined;
  }

  /** Creates the directory (and its parents). @throws UserError when it cannot be written. */
  async ensureDir(): Promise<void> {
    try {
      await fsp.mkdir(this.dir, { recursive: true });
    } catch (error) {
      throw this.writeError(error);
    }
  }

  /** Runs `fn` holding the lock of record `id` (across processes). */
  async locked<R>(id: string, fn: () => Promise<R>): Promise<R> {
    try {
      return await withFileLock(join(this.dir, `${id}.lock`), fn, this.options.lock);
    } catch (error) {
      throw this.writeError(error);
    }
  }

  /** Reads and validates record `id`; undefined when it has no file. */
  async read(id: string): Promise<ParseOutcome<T> | undefined> {
    let text: string;
    try {
      text = await fsp.readFile(this.file(id), 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw error;
    }
    return this.options.parse(text, `${id}.json`);
  }

  /**
   * Every readable record (cached; see {@link RecordDirIndex}), after setting unreadable ones
   * aside. The array is the same instance as long as no record changed. Callers run
   * {@link RecordDirectory.checkNotLinked} first (a store checks all its directories at once).
   */
  async list(): Promise<T[]> {
    const { records, suspects } = this.index.refresh();
    if (suspects.length > 0) await this.setAside(suspects);
    return records;
  }

  /**
   * Moves unreadable records aside, each under its lock after re-reading it (a writer may have
   * replaced it meanwhile). Never throws: a file that cannot be moved is ignored until it changes.
   */
  async setAside(suspects: readonly SuspectFile[]): Promise<void> {
    for (const { name } of suspects) {
      const id = name.slice(0, -'.json'.length);
      try {
        await this.locked(id, async () => {
          const again = await this.read(id);
          if (again && !again.ok && again.kind === 'corrupt') await this.moveAside(name, again.reason);
        });
      } catch (error) {
        this.options.log.warn(
          `cannot move an unreadable ${this.options.recordKind} file aside; ignoring it`,
          {
            file: join(this.dir, name),
            error: errorMessage(error),
          },
        );
        this.index.markIgnored(name);
      }
    }
  }

  /** The error to throw for a failed write: a one-line UserError when the user can fix it. */
  writeError(error: unknown): unknown {
    if (error instanceof EmpathyError) return error;
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (!WRITE_ERRORS.has(code)) return error;
    return new UserError(
      `cannot write the ${this.options.what} at ${this.dir} (${code}: ${errorMessage(error)}); pass a writable directory as ${this.options.writableHint}`,
      { cause: error },
    );
  }

  /** Renames `<name>` to `<name>.corrupt` (or `<name>.corrupt-<ms>` if that exists). Caller holds the lock. */
  async moveAside(name: string, reason: string): Promise<void> {
    const from = join(this.dir, name);
    let to = `${from}.corrupt`;
    if (await fsp.stat(to).catch(() => undefined)) to = `${from}.corrupt-${Date.now()}`;
    await fsp.rename(from, to);
    this.options.log.warn(`moved an unreadable ${this.options.recordKind} file aside`, {
      file: from,
      movedTo: to,
      reason,
    });
  }
}

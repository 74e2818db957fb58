/**
 * Atomic file writes: a reader (in this process or another) sees either the old content
 * or the new content of a file, never a partial one, even if the writer is killed
 * (SIGKILL) mid-write.
 *
 * How: the data goes to a hidden temporary file in the same directory
 * (`.<name>.<pid>.<random>.tmp`), is flushed to disk with `fsync`, then renamed over the
 * target (`rename` is atomic within one file system); finally the directory is fsynced so
 * the rename itself survives a power loss. A writer killed before the rename leaves only
 * the temporary file behind; {@link removeTempFilesOf} clears those once its pid is dead
 * (the lock module does so when it recovers a dead holder's lock).
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Options of {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /** File mode of the new file (default `0o644`, before umask). */
  mode?: number;
  /** Flush file and directory to disk (default true). Only benchmarks of the rename path turn this off. */
  fsync?: boolean;
}

const TEMP_SUFFIX = '.tmp';

/** The prefix of every temporary file written for `fileName` (hidden, so directory listings skip it). */
export function tempPrefixFor(fileName: string): string {
  return `.${fileName}.`;
}

/** True for names produced by {@link writeFileAtomic} as temporary files. */
export function isTempFileName(name: string): boolean {
  return name.startsWith('.') && name.endsWith(TEMP_SUFFIX);
}

/**
 * Writes `data` to `path` atomically (temporary file in the same directory + fsync + rename).
 * The directory must exist. Errors (EACCES, ENOSPC, EROFS, ...) propagate unchanged after the
 * temporary file is removed.
 *
 * @example
 * await writeFileAtomic('/repo/.empathy/x.json', JSON.stringify(value, null, 2) + '\n');
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const dir = dirname(path);
  const temp = join(
    dir,
    `${tempPrefixFor(basename(path))}${process.pid}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`,
  );
  const sync = options.fsync !== false;
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(temp, 'wx', options.mode ?? 0o644);
    await handle.writeFile(data);
    if (sync) await handle.sync();
    await handle.close();
    handle = undefined;
    await fsp.rename(temp, path);
  } catch (error) {
    if (handle) await handle.close().catch(() => undefined);
    await fsp.unlink(temp).catch(() => undefined);
    throw error;
  }
  if (sync) await fsyncDirectory(dir);
}

/** Flushes a directory entry table to disk; best effort (some platforms cannot open directories). */
export async function fsyncDirectory(dir: string): Promise<void> {
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows and some network file systems refuse to open or sync a directory: nothing to do.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** True when a process with this pid exists on this machine (EPERM counts as alive). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const TEMP_NAME = /^\..+\.(\d+)\.[0-9a-f]+\.tmp$/;

/** The pid of the writer of a temporary file (from its name: `.<file>.<pid>.<hex>.tmp`), or null. */
export function tempFilePid(name: string): number | null {
  const match = TEMP_NAME.exec(name);
  const pid = match ? Number(match[1]) : NaN;
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/**
 * Removes the temporary files that process `pid` left in `dir` (it was killed before its
 * rename). Only call it for a pid known to be dead on this machine, e.g. the holder of a
 * stale lock. Returns the number removed; never throws.
 */
export async function removeTempFilesOf(dir: string, pid: number): Promise<number> {
  if (isProcessAlive(pid)) return 0;
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    if (tempFilePid(name) !== pid) continue;
    if (
      await fsp.unlink(join(dir, name)).then(
        () => true,
        () => false,
      )
    )
      removed += 1;
  }
  return removed;
}

/**
 * A cross-process lock file, for read-modify-write of files that several processes share
 * (the configuration store, the pattern library).
 *
 * - Acquire: the holder record (`{pid, hostname, created_at, token}`) is written to a
 *   temporary file, then hard-linked to the lock path. `link` fails with EEXIST when the lock
 *   exists, so creation is exclusive (like `O_EXCL`) and the lock file is never seen empty.
 *   File systems without hard links fall back to an `O_EXCL` create.
 * - Busy: retry with exponential backoff and jitter (2 ms doubling to 20 ms) until
 *   `timeoutMs` (default 15 s), then throw an `EmpathyError` with code `STORE_LOCKED`.
 * - Stale: a lock whose holder pid is dead (same host) or that is older than `staleMs`
 *   (default 30 s; critical sections take milliseconds) is broken. Breaking takes a short
 *   "breaker" lock (`<lock>.break`), re-reads the lock, and removes it only if it still holds
 *   the same token, so two waiters cannot both break it and remove a fresh lock.
 * - Release: removes the lock only if it still holds our token.
 *
 * The lock also serialises callers inside one process (each acquisition is a new file).
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { EmpathyError } from '../errors.js';
import { getLogger } from './logger.js';
import { isProcessAlive, removeTempFilesOf } from './atomic-write.js';

const log = getLogger('core.file-lock');

/** Options of {@link acquireFileLock} and {@link withFileLock}. */
export interface FileLockOptions {
  /** Give up after this many milliseconds of waiting (default 15 000). */
  timeoutMs?: number;
  /** A lock older than this is stale whoever holds it (default 30 000 ms). */
  staleMs?: number;
}

/** What is written in a lock file. */
export interface LockHolder {
  pid: number;
  hostname: string;
  created_at: string;
  token: string;
}

/** A held lock. */
export interface FileLock {
  path: string;
  token: string;
  /** Releases the lock (idempotent). */
  release(): Promise<void>;
}

const HOST = hostname();
const BREAKER_STALE_MS = 5_000;

async function createExclusive(path: string, holder: LockHolder): Promise<boolean> {
  const body = JSON.stringify(holder);
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${holder.token}.tmp`);
  try {
    await fsp.writeFile(temp, body, { flag: 'wx' });
    try {
      await fsp.link(temp, path);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
    }
  } finally {
    await fsp.unlink(temp).catch(() => undefined);
  }
  // No hard links here: O_EXCL create (a kill between create and write leaves an empty
  // lock file, which is then judged stale by its age).
  try {
    await fsp.writeFile(path, body, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

async function readHolder(path: string): Promise<{ holder: LockHolder | null; mtimeMs: number } | null> {
  try {
    const [text, stat] = await Promise.all([fsp.readFile(path, 'utf8'), fsp.stat(path)]);
    let holder: LockHolder | null = null;
    try {
      const parsed = JSON.parse(text) as Partial<LockHolder>;
      if (typeof parsed.pid === 'number' && typeof parsed.token === 'string') holder = parsed as LockHolder;
    } catch {
      holder = null;
    }
    return { holder, mtimeMs: stat.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function isStale(info: { holder: LockHolder | null; mtimeMs: number }, staleMs: number): string | null {
  const created = info.holder ? Date.parse(info.holder.created_at) : NaN;
  const age = Date.now() - (Number.isFinite(created) ? Math.min(created, info.mtimeMs) : info.mtimeMs);
  if (info.holder && info.holder.hostname === HOST && !isProcessAlive(info.holder.pid)) {
    return `holder pid ${info.holder.pid} is not running`;
  }
  if (age > staleMs) return `lock is ${Math.round(age / 1000)}s old`;
  return null;
}

/** Breaks the lock at `path` if it still is the stale one we saw. Returns true when the caller may retry at once. */
async function breakIfStillStale(path: string, seen: LockHolder | null, staleMs: number): Promise<boolean> {
  const breaker = `${path}.break`;
  const me: LockHolder = lockHolder();
  if (!(await createExclusive(breaker, me))) {
    const info = await readHolder(breaker);
    if (info && isStale(info, BREAKER_STALE_MS)) {
      await fsp.unlink(breaker).catch(() => undefined);
      if (info.holder && info.holder.hostname === HOST)
        await removeTempFilesOf(dirname(path), info.holder.pid);
    }
    return false;
  }
  try {
    const now = await readHolder(path);
    if (!now) return true;
    const same = seen && now.holder ? now.holder.token === seen.token : seen === null && now.holder === null;
    const reason = same ? isStale(now, staleMs) : null;
    if (reason) {
      await fsp.unlink(path).catch(() => undefined);
      // A dead holder on this machine may have left temporary files (of its data or lock writes).
      const dead =
        now.holder && now.holder.hostname === HOST && !isProcessAlive(now.holder.pid) ? now.holder.pid : null;
      const cleaned = dead === null ? 0 : await removeTempFilesOf(dirname(path), dead);
      log.warn('removed a stale lock', { lock: path, reason, temporaryFilesRemoved: cleaned });
    }
    return true;
  } finally {
    const mine = await readHolder(breaker).catch(() => null);
    if (mine?.holder?.token === me.token) await fsp.unlink(breaker).catch(() => undefined);
  }
}

function lockHolder(): LockHolder {
  return {
    pid: process.pid,
    hostname: HOST,
    created_at: new Date().toISOString(),
    token: randomBytes(8).toString('hex'),
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Acquires the lock file at `path` (its directory must exist).
 *
 * @throws EmpathyError (code `STORE_LOCKED`) when the lock stays held by a live process past `timeoutMs`.
 * @example
 * const lock = await acquireFileLock('/repo/.empathy/x.lock');
 * try { ... } finally { await lock.release(); }
 */
export async function acquireFileLock(path: string, options: FileLockOptions = {}): Promise<FileLock> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const staleMs = options.staleMs ?? 30_000;
  const started = Date.now();
  let delay = 2;
  for (;;) {
    const holder = lockHolder();
    if (await createExclusive(path, holder)) {
      let released = false;
      return {
        path,
        token: holder.token,
        async release() {
          if (released) return;
          released = true;
          const info = await readHolder(path).catch(() => null);
          if (info?.holder?.token === holder.token) await fsp.unlink(path).catch(() => undefined);
          else log.warn('lock was taken over before release (held past the stale bound?)', { lock: path });
        },
      };
    }
    const info = await readHolder(path);
    if (info) {
      if (isStale(info, staleMs) && (await breakIfStillStale(path, info.holder, staleMs))) continue;
      if (Date.now() - started > timeoutMs) {
        const who = info.holder ? `pid ${info.holder.pid} on ${info.holder.hostname}` : 'an unknown process';
        throw new EmpathyError(
          `${path} is locked by ${who} for more than ${Math.round(timeoutMs / 1000)}s; if no empathy process is running, delete that file`,
          'STORE_LOCKED',
        );
      }
    }
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 20);
  }
}

/**
 * Runs `fn` while holding the lock file at `path`, and releases it afterwards (also on error).
 *
 * @example
 * const updated = await withFileLock(lockPath, async () => readModifyWrite());
 */
export async function withFileLock<T>(
  path: string,
  fn: () => Promise<T>,
  options?: FileLockOptions,
): Promise<T> {
  const lock = await acquireFileLock(path, options);
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}

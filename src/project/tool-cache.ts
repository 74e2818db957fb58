/**
 * A tool's own cache directory under a project's result cache directory (`<cache dir>/tools/...`),
 * held by one run: mypy's incremental cache (`analysis/quality/mypy-cache.ts`) and jest's
 * transform cache (`analysis/coverage/runners/runner-cache.ts`). The tool writes it, so it never
 * lies inside the repository (project-index.ts keeps the result cache out of it; checked again
 * here), and one run at a time holds it: a lock file beside it (`core/file-lock.ts`); a run that
 * finds it held past a short wait goes without it (correct, only slower).
 *
 * @module
 */
import { mkdir } from 'node:fs/promises';
import { acquireFileLock } from '../core/file-lock.js';
import { isInside } from '../core/user-dirs.js';

/** How long a run waits for another run holding the same tool cache. */
const LOCK_WAIT_MS = 1_000;

/** A tool cache directory held for one run. */
export interface HeldToolCache {
  dir: string;
  /** Releases the directory's lock (idempotent). */
  release(): Promise<void>;
}

/**
 * Makes `dir`, locks it for one run (the lock is stale after `staleMs`) and runs `prepare` on it
 * (a check or clean-up before the tool starts; the lock is released when it throws).
 *
 * @throws Error when `dir` and the repository `root` overlap, the directory cannot be made, another
 * run holds it, or `prepare` throws: the caller runs the tool without its cache.
 * @example
 * const held = await holdToolCache(path.join(base, 'tools', 'jest'), index.root, { staleMs, prepare: prune });
 * try { ... } finally { await held.release(); }
 */
export async function holdToolCache(dir: string, root: string, options: { staleMs: number; prepare: (dir: string) => Promise<unknown> }): Promise<HeldToolCache> {
  if (isInside(root, dir) || isInside(dir, root)) throw new Error(`${dir} overlaps the repository`);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const lock = await acquireFileLock(`${dir}.lock`, { timeoutMs: LOCK_WAIT_MS, staleMs: options.staleMs });
  try {
    await options.prepare(dir);
  } catch (error) {
    await lock.release();
    throw error;
  }
  return { dir, release: () => lock.release() };
}

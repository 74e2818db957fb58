/**
 * The test runner's own cache across contained runs: jest's transform cache (babel-jest and
 * istanbul's instrumentation of every loaded file), kept in the project's result cache directory
 * (outside the repository): `<cache dir>/tools/jest/`, passed as `--cacheDirectory` and mounted
 * writable into that project's contained test runs only (each project has its own cache
 * directory, keyed by a hash of its real path; the user's other cache directories stay hidden).
 * By hand jest keeps this cache in the OS temporary directory, warm from the second run; a
 * contained run gets `TMPDIR` in a fresh scratch directory, so without it every run transforms
 * every file again (luxon: about 10 s of 27 s of CPU).
 *
 * jest keys each entry by content: the file's text, its path, the transformer's own key (babel-jest:
 * the babel configuration and its files, `NODE_ENV`/`BABEL_ENV`), the project's whole jest
 * configuration, whether the file is instrumented, and jest's version; a code entry whose checksum
 * does not match is transformed again. So the run's figures are those of a run without the cache.
 *
 * - None without a result cache (`--no-cache`: nothing stored by an earlier run is read), when
 *   `analyzers.coverage.runnerCache` is false in the user config, for the test generator's scratch
 *   copies, and when the directory cannot be made.
 * - One run at a time per directory: a lock file beside it; a run that finds it held runs without
 *   the cache (correct, only slower).
 * - Bounded: before each run, files older than {@link RUNNER_CACHE_MAX_AGE_MS} are removed, and the
 *   directory is emptied when it holds more than {@link RUNNER_CACHE_MAX_BYTES} or
 *   {@link RUNNER_CACHE_MAX_ENTRIES} entries. The walk never follows a link (the project's code
 *   writes this directory: a link it leaves is removed, never followed).
 *
 * Python is left alone: the contained run writes no bytecode (`PYTHONDONTWRITEBYTECODE`), which
 * costs click about 0.13 s of compilation in a 13 s run, and Python's bytecode is validated by the
 * source's size and modification second only (a same-second, same-size edit would run stale code).
 *
 * What a malicious commit could do with this directory: docs/security-model.md.
 *
 * @module
 */
import { lstat, mkdir, readdir, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import { getLogger } from '../../../core/logger.js';
import { errorMessage } from '../../../errors.js';
import { holdToolCache, type HeldToolCache } from '../../../project/tool-cache.js';

const log = getLogger('analysis.coverage.runner-cache');

/** Largest size of one project's runner cache before it is emptied (jest's cache for luxon: about 9 MiB). */
export const RUNNER_CACHE_MAX_BYTES = 512 * 1024 * 1024;
/** Most entries (files and directories) of one project's runner cache before it is emptied. */
export const RUNNER_CACHE_MAX_ENTRIES = 100_000;
/** Files of the runner cache not written for this long are removed. */
export const RUNNER_CACHE_MAX_AGE_MS = 30 * 24 * 3600 * 1000;

/** The runners with a cache of their own kept across runs. */
export type CachingRunner = 'jest';

/** A runner cache directory held for one run: the directory to give the runner (and mount writable). */
export type RunnerCache = HeldToolCache;

/**
 * The runner cache directory of `runner` under a project's result cache directory `base`, locked
 * for one run; null when `base` is null (no result cache), lies inside the repository `root`, or
 * the directory cannot be made or is held by another run.
 *
 * @example
 * const cache = await runnerCacheFor(index.cache?.dir ?? null, 'jest', index.root, 300_000);
 * try { args.push(`--cacheDirectory=${cache.dir}`); ... } finally { await cache?.release(); }
 */
export async function runnerCacheFor(base: string | null, runner: CachingRunner, root: string, timeoutMs: number, now = Date.now()): Promise<RunnerCache | null> {
  if (base === null) return null;
  const dir = path.join(path.resolve(base), 'tools', runner);
  try {
    return await holdToolCache(dir, root, { staleMs: timeoutMs + 60_000, prepare: (held) => pruneRunnerCache(held, now) });
  } catch (error) {
    log.info('the test runner runs without its cache', { dir, reason: errorMessage(error) });
    return null;
  }
}

/** What {@link pruneRunnerCache} found and did. */
export interface PruneResult {
  /** Bytes of the files kept. */
  bytes: number;
  /** Entries kept (files and directories). */
  entries: number;
  /** Files removed for their age, and links or other non-files removed. */
  removed: number;
  /** True when the directory was emptied (over a bound). */
  emptied: boolean;
}

/**
 * Removes the files of `dir` older than the age bound (and any link or special file), then empties
 * `dir` when what is left is over the size or entry bound. Never follows a link.
 */
export async function pruneRunnerCache(
  dir: string,
  now = Date.now(),
  bounds: { maxBytes?: number; maxEntries?: number; maxAgeMs?: number } = {},
): Promise<PruneResult> {
  const maxBytes = bounds.maxBytes ?? RUNNER_CACHE_MAX_BYTES;
  const maxEntries = bounds.maxEntries ?? RUNNER_CACHE_MAX_ENTRIES;
  const maxAgeMs = bounds.maxAgeMs ?? RUNNER_CACHE_MAX_AGE_MS;
  const result: PruneResult = { bytes: 0, entries: 0, removed: 0, emptied: false };
  const pending = [dir];
  let over = false;
  while (pending.length > 0 && !over) {
    const current = pending.pop()!;
    for (const name of await readdir(current)) {
      const full = path.join(current, name);
      const info = await lstat(full);
      if (info.isDirectory()) {
        pending.push(full);
        result.entries += 1;
      } else if (!info.isFile() || now - info.mtimeMs > maxAgeMs) {
        await unlink(full);
        result.removed += 1;
        continue;
      } else {
        result.bytes += info.size;
        result.entries += 1;
      }
      if (result.bytes > maxBytes || result.entries > maxEntries) {
        over = true;
        break;
      }
    }
  }
  if (over) {
    log.info('runner cache emptied: over its bound', { dir, maxBytes, maxEntries });
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true, mode: 0o700 });
    return { bytes: 0, entries: 0, removed: result.removed, emptied: true };
  }
  return result;
}

/** True when the runner's arguments already name a cache directory or turn the cache off (the project's own choice is kept). */
export function namesJestCache(args: readonly string[]): boolean {
  return args.some((a) => /^--(cacheDirectory|cache-directory)(=|$)|^--no-cache$|^--cache=false$/.test(a));
}

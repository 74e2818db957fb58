/**
 * mypy's own incremental cache, kept in the run's result cache directory (outside the analysed
 * repository): `<cache dir>/tools/mypy/<key>/`, one directory per mypy executable, mypy version,
 * settings file (name and content) and our flags, so that mypy re-checks only the modules whose
 * source or dependencies changed. mypy validates every entry itself (source hash, its version,
 * the options that affect the cache) and never caches a module with errors or depending on one,
 * so it prints the same errors as a run without a cache.
 *
 * - Without a result cache (`--no-cache`) or when the directory cannot be made, there is none:
 *   mypy gets `--cache-dir=/dev/null` (its documented way to write no cache).
 * - One run at a time per directory: a lock file next to it (`core/file-lock.ts`) is held for
 *   the whole mypy run; a run that finds it held past a short wait runs without the cache
 *   (correct, only slower) rather than interleave its writes with another mypy's.
 * - mypy takes a source file as unchanged when its size and its modification time in whole
 *   seconds are those it recorded, without reading it. A file rewritten within the same second
 *   with the same size would be missed, so a manifest next to the directory
 *   (`<key>.sources.json`: content hash, size and second of each indexed Python file at the last
 *   run) is compared first, and when a file changed content but kept both, the directory is
 *   emptied (mypy then checks everything, as without a cache).
 *
 * @module
 */
import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { getLogger } from '../../core/logger.js';
import { errorMessage } from '../../errors.js';
import { canonicalJson, sha256 } from '../../project/hashing.js';
import { holdToolCache } from '../../project/tool-cache.js';
import type { ProjectFile, ProjectIndex } from '../../project/types.js';

const log = getLogger('analysis.mypy-cache');

/** mypy's documented "no cache" directory. */
export const NO_MYPY_CACHE = process.platform === 'win32' ? 'nul' : '/dev/null';

/** What the cache directory of a mypy run depends on. */
export interface MypyCacheParts {
  /** The mypy executable (absolute path). */
  command: string;
  version: string | null;
  /** The settings file mypy reads (relative to the root), or null. */
  settings: string | null;
  /** Our flags (without the files). */
  flags: readonly string[];
  /** The deadline of the mypy run: the lock is stale after it. */
  timeoutMs: number;
}

/** A mypy cache directory held for one run. */
export interface MypyCache {
  /** The directory to pass as `--cache-dir`, or {@link NO_MYPY_CACHE}. */
  dir: string;
  /** Releases the directory's lock (idempotent; nothing to do without a cache). */
  release(): Promise<void>;
}

const none: MypyCache = { dir: NO_MYPY_CACHE, release: async () => undefined };

/**
 * The mypy cache directory of `index` for `parts`, locked for one run; {@link NO_MYPY_CACHE}
 * without a result cache, when the directory cannot be made, or when another run holds it.
 *
 * @example
 * const cache = await mypyCacheFor(index, { command: '/usr/bin/mypy', version: '1.0.1', settings: null, flags, timeoutMs });
 * try { await runCommand('mypy', [`--cache-dir=${cache.dir}`, ...]); } finally { await cache.release(); }
 */
export async function mypyCacheFor(
  index: Pick<ProjectIndex, 'root' | 'cache'>,
  files: readonly ProjectFile[],
  parts: MypyCacheParts,
): Promise<MypyCache> {
  const base = index.cache?.dir;
  if (base === undefined) return none;
  const settingsText =
    parts.settings === null
      ? null
      : await readFile(path.join(index.root, parts.settings), 'utf8').catch(() => null);
  const key = sha256(
    canonicalJson({
      command: parts.command,
      version: parts.version,
      settings: parts.settings,
      settingsHash: settingsText === null ? null : sha256(settingsText),
      flags: parts.flags,
    }),
  ).slice(0, 24);
  const dir = path.join(base, 'tools', 'mypy', key);
  try {
    return await holdToolCache(dir, index.root, { staleMs: parts.timeoutMs + 60_000, prepare: (held) => forgetMissedChanges(held, files) });
  } catch (error) {
    log.info('mypy runs without its cache', { dir, reason: errorMessage(error) });
    return none;
  }
}

/** path -> [content hash, size, modification second] of each Python file given to a run. */
type Manifest = Record<string, [string, number, number]>;

function manifestOf(files: readonly ProjectFile[]): Manifest {
  const manifest: Manifest = {};
  for (const f of files) manifest[f.path] = [f.hash, f.size, Math.floor(f.mtimeMs / 1000)];
  return manifest;
}

/**
 * Empties `dir` when mypy could take a changed file for unchanged (same size and second, other
 * content than at the last run) or when its manifest is missing or unreadable while the
 * directory has entries; then records this run's manifest.
 */
async function forgetMissedChanges(dir: string, files: readonly ProjectFile[]): Promise<void> {
  const file = `${dir}.sources.json`;
  const now = manifestOf(files);
  const before = await readFile(file, 'utf8')
    .then((text) => JSON.parse(text) as Manifest)
    .catch(() => null);
  const missed =
    before === null || typeof before !== 'object'
      ? (await readdir(dir)).length > 0
      : Object.entries(now).some(([p, [hash, size, second]]) => {
          const old = before[p];
          return Array.isArray(old) && old[1] === size && old[2] === second && old[0] !== hash;
        });
  if (missed) {
    log.info('mypy cache emptied: a file changed without changing its size or modification second', { dir });
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
  }
  await writeFileAtomic(file, JSON.stringify(now), { fsync: false });
}

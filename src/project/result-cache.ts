/**
 * The content-hash result cache, stored outside the analysed repository: in the user's cache
 * directory, one sub-directory per repository keyed by a hash of its real path
 * (`$XDG_CACHE_HOME/empathy/repos/<name>-<hash>/`, see `core/user-dirs.ts`). A cache directory
 * committed inside the repository (the old `<root>/.empathy/cache/`) is never read: the
 * repository cannot forge a result.
 *
 * A result is reused only when the analyser, its version, its options and the content hash
 * of every input file are the same: the entry's file name is the sha256 of the canonical
 * JSON of the {@link CacheKey}, so a changed input gives a different key and invalidates
 * exactly the results that depend on it. Entries are JSON files
 * `<cache dir>/<analyzer>/<key-hash>.json` with `schema_version`, written
 * atomically (temp file + rename). A corrupt or unparsable entry is ignored (a miss) and
 * overwritten by the next `set`. When the cache directory cannot be written, a warning is
 * logged once and the cache stops writing (it behaves as `--no-cache`).
 *
 * Old entries are not pruned automatically: delete the repository's directory under
 * `$XDG_CACHE_HOME/empathy/repos/` (or the whole `empathy` directory) to reclaim the space.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { errorMessage } from '../errors.js';
import { getLogger } from '../core/logger.js';
import { repositoryKey, userCacheDir, type UserDirsEnv } from '../core/user-dirs.js';
import { canonicalJson, sha256 } from './hashing.js';
import { readCacheFile, ResultPack } from './result-pack.js';
import type { CacheKey, PerFileCacheParts, ResultCache } from './types.js';

const log = getLogger('project.cache');

/** Version of the cache entry format; entries of another version are misses. */
export const CACHE_SCHEMA_VERSION = 1;

const entrySchema = z.object({
  schema_version: z.literal(CACHE_SCHEMA_VERSION),
  analyzer: z.string(),
  version: z.string(),
  key_hash: z.string().regex(/^[0-9a-f]{64}$/),
  created_at: z.string(),
  value: z.unknown(),
});

/**
 * The sha256 of the canonical JSON of a cache key (object keys sorted at every depth, so
 * the order of `inputs` or of option members does not matter).
 *
 * @example
 * cacheKeyHash({ analyzer: 'docs', version: '1', options: {}, inputs: { 'a.ts': 'ab12...' } });
 */
export function cacheKeyHash(key: CacheKey): string {
  return sha256(
    canonicalJson({
      analyzer: key.analyzer,
      version: key.version,
      options: key.options ?? null,
      inputs: key.inputs,
    }),
  );
}

/**
 * The default cache directory of a project root: `<user cache dir>/repos/<repository key>`,
 * outside the repository (see `core/user-dirs.ts`; `EMPATHY_CACHE_DIR` or `XDG_CACHE_HOME`
 * move it).
 *
 * @example
 * defaultCacheDir('/home/ada/src/app'); // '/home/ada/.cache/empathy/repos/app-3f1c0e9a7b2d4c11'
 */
export function defaultCacheDir(root: string, env: UserDirsEnv = process.env): string {
  return join(userCacheDir(env), 'repos', repositoryKey(root));
}

function safeSegment(name: string): string {
  const cleaned = name
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^\.+/, '_')
    .slice(0, 64);
  return cleaned || '_';
}

/** A {@link ResultCache} stored as JSON files in one directory (created on first write). */
export class FileResultCache implements ResultCache {
  /** Directory holding the entries. */
  readonly dir: string;
  private writable = true;
  private readonly packs = new Map<string, ResultPack>();

  constructor(dir: string) {
    this.dir = dir;
  }

  /** The entry file of a key. */
  fileFor(key: CacheKey): string {
    return join(this.dir, safeSegment(key.analyzer), `${cacheKeyHash(key)}.json`);
  }

  /** The cached value of `key`, or `undefined` on a miss (including a corrupt entry). Never throws. */
  async get<T>(key: CacheKey): Promise<T | undefined> {
    const hash = cacheKeyHash(key);
    const file = join(this.dir, safeSegment(key.analyzer), `${hash}.json`);
    const text = await readCacheFile(file, 'cannot read cache entry, treated as a miss');
    if (text === undefined) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      log.warn('corrupt cache entry ignored (not JSON); it will be rebuilt', { file });
      return undefined;
    }
    const entry = entrySchema.safeParse(parsed);
    if (
      !entry.success ||
      entry.data.key_hash !== hash ||
      entry.data.analyzer !== key.analyzer ||
      entry.data.value === undefined
    ) {
      log.warn('corrupt or foreign cache entry ignored; it will be rebuilt', { file });
      return undefined;
    }
    return entry.data.value as T;
  }

  /**
   * The pack of per-file results of `parts` (one file for all the files: see `result-pack.ts`),
   * the same object for the same parts during the run.
   */
  pack(parts: PerFileCacheParts): ResultPack {
    const optionsHash = sha256(canonicalJson(parts.options ?? null));
    const id = sha256(canonicalJson({ analyzer: parts.analyzer, version: parts.version, options_hash: optionsHash }));
    let pack = this.packs.get(id);
    if (pack === undefined) {
      pack = new ResultPack(
        join(this.dir, safeSegment(parts.analyzer), `pack-${id}.txt`),
        { analyzer: parts.analyzer, version: parts.version, options_hash: optionsHash },
        { writable: () => this.writable, failed: (error) => this.stopWriting(error) },
      );
      this.packs.set(id, pack);
    }
    return pack;
  }

  private stopWriting(error: unknown): void {
    if (!this.writable) return;
    this.writable = false;
    log.warn('result cache cannot be written; continuing without caching', {
      dir: this.dir,
      error: errorMessage(error),
    });
  }

  /** Stores `value` (must be JSON-serialisable) under `key`. Never throws; failures are logged. */
  async set<T>(key: CacheKey, value: T): Promise<void> {
    if (!this.writable) return;
    const hash = cacheKeyHash(key);
    let body: string;
    try {
      body = JSON.stringify({
        schema_version: CACHE_SCHEMA_VERSION,
        analyzer: key.analyzer,
        version: key.version,
        key_hash: hash,
        created_at: new Date().toISOString(),
        value,
      });
    } catch (error) {
      log.warn('result not cached: it is not JSON-serialisable', {
        analyzer: key.analyzer,
        error: errorMessage(error),
      });
      return;
    }
    const dir = join(this.dir, safeSegment(key.analyzer));
    const file = join(dir, `${hash}.json`);
    const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await mkdir(dir, { recursive: true });
      await writeFile(temp, body, 'utf8');
      await rename(temp, file);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      this.stopWriting(error);
    }
  }
}

/**
 * The result cache of a project root, in {@link defaultCacheDir} (or `dir`).
 *
 * @example
 * const cache = createResultCache('/abs/repo');
 * await cache.set(key, report);
 * const again = await cache.get<typeof report>(key);
 */
export function createResultCache(root: string, dir: string = defaultCacheDir(root)): FileResultCache {
  return new FileResultCache(dir);
}

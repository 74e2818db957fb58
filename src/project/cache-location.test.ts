import { mkdir, readdir, realpath, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { setLogSinks, type LogEvent } from '../core/logger.js';
import { userCacheDir } from '../core/user-dirs.js';
import { cachedAnalysis, cacheKeyFor } from './cached-analysis.js';
import { buildProjectIndex } from './index.js';
import { cacheKeyHash, defaultCacheDir, type FileResultCache } from './result-cache.js';
import { makeTree, removeTree } from './temp-tree.test-helper.js';

const roots: string[] = [];
afterEach(async () => {
  await Promise.all(roots.splice(0).map(removeTree));
});

async function repo(): Promise<string> {
  const root = await realpath(await makeTree({ 'src/a.ts': 'export const a = 1;\n' }));
  roots.push(root);
  return root;
}

describe('where the result cache lives', () => {
  it('outside the repository, in the user cache directory, keyed by the real path of the root', async () => {
    const root = await repo();
    const index = await buildProjectIndex(root);
    const dir = (index.cache as FileResultCache).dir;
    expect(dir).toBe(defaultCacheDir(root));
    expect(dir.startsWith(join(userCacheDir(), 'repos'))).toBe(true);
    expect(dir.startsWith(root)).toBe(false);
    // The test run's scratch directory, never the real home (test/setup/user-dirs.global.ts).
    expect(userCacheDir()).toBe(process.env['EMPATHY_CACHE_DIR']);

    await symlink(root, `${root}-link`);
    roots.push(`${root}-link`);
    const viaLink = await buildProjectIndex(`${root}-link`);
    expect((viaLink.cache as FileResultCache).dir).toBe(dir);

    await cachedAnalysis(index, { analyzer: 'docs', version: '1' }, async () => 1);
    await expect(readdir(join(root, '.empathy'))).rejects.toThrow(/ENOENT/); // nothing written into the tree
  });

  it('never reads an entry planted at the old in-repository location', async () => {
    const root = await repo();
    const index = await buildProjectIndex(root);
    const key = cacheKeyFor(index, { analyzer: 'docs', version: '1' });
    const planted = join(root, '.empathy', 'cache', 'docs', `${cacheKeyHash(key)}.json`);
    await mkdir(join(planted, '..'), { recursive: true });
    await writeFile(
      planted,
      JSON.stringify({ schema_version: 1, analyzer: 'docs', version: '1', key_hash: cacheKeyHash(key), created_at: '', value: 'forged' }),
    );
    const result = await cachedAnalysis(await buildProjectIndex(root), { analyzer: 'docs', version: '1' }, async () => 'measured');
    expect(result).toEqual({ value: 'measured', cached: false });
  });

  it('is off, with a warning, when the cache directory named would lie inside the repository', async () => {
    const root = await repo();
    const events: LogEvent[] = [];
    const previous = setLogSinks([{ write: (event) => events.push(event) }]);
    try {
      const index = await buildProjectIndex(root, { cacheDir: join(root, '.empathy', 'cache') });
      expect(index.cache).toBeNull();
    } finally {
      setLogSinks(previous);
    }
    expect(events.map((e) => e.message)).toContain('result cache not used: its directory is inside the analysed repository');
  });
});

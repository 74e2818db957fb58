import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { setLogSinks, type LogEvent } from '../core/logger.js';
import { cachedAnalysis, cacheInputsFor, cacheKeyFor } from './cached-analysis.js';
import { buildProjectIndex } from './index.js';
import { cacheKeyHash, createResultCache, defaultCacheDir, type FileResultCache } from './result-cache.js';
import { makeTree, removeTree, writeTree } from './temp-tree.test-helper.js';
import type { CacheKey, ProjectIndex } from './types.js';

const roots: string[] = [];
async function repo(): Promise<string> {
  const root = await makeTree({
    'src/a.ts': 'export const a = 1;\n',
    'src/b.ts': 'export const b = 2;\n',
    'pkg/m.py': 'x = 1\n',
  });
  roots.push(root);
  return root;
}
afterEach(async () => {
  await Promise.all(roots.splice(0).map(removeTree));
});

/** Runs two "analysers", one over the TS files and one over the Python files; returns which were cached. */
async function runBoth(index: ProjectIndex, computed: string[]) {
  const ts = await cachedAnalysis(
    index,
    { analyzer: 'ts-lines', version: '1', options: { tier: 'CHEAP' }, files: index.byLanguage('typescript') },
    async () => {
      computed.push('ts');
      return { loc: index.languages.typescript?.loc ?? 0 };
    },
  );
  const py = await cachedAnalysis(
    index,
    { analyzer: 'py-lines', version: '1', options: { tier: 'CHEAP' }, files: index.byLanguage('python') },
    async () => {
      computed.push('py');
      return { loc: index.languages.python?.loc ?? 0 };
    },
  );
  return { ts, py };
}

describe('result cache', () => {
  it('hits on an unchanged tree and misses only for the analysis whose input changed', async () => {
    const root = await repo();
    const computed: string[] = [];
    const cold = await runBoth(await buildProjectIndex(root), computed);
    expect(cold.ts).toEqual({ value: { loc: 2 }, cached: false });
    expect(cold.py).toEqual({ value: { loc: 1 }, cached: false });

    const warm = await runBoth(await buildProjectIndex(root), computed);
    expect(warm.ts).toEqual({ value: { loc: 2 }, cached: true });
    expect(warm.py.cached).toBe(true);
    expect(computed).toEqual(['ts', 'py']);

    await writeTree(root, { 'src/b.ts': 'export const b = 2;\nexport const c = 3;\n' });
    const changed = await runBoth(await buildProjectIndex(root), computed);
    expect(changed.ts).toEqual({ value: { loc: 3 }, cached: false });
    expect(changed.py.cached).toBe(true);
    expect(computed).toEqual(['ts', 'py', 'ts']);
  });

  it('misses when the analyser version or options change', async () => {
    const index = await buildProjectIndex(await repo());
    const run = (version: string, options: unknown) =>
      cachedAnalysis(index, { analyzer: 'x', version, options }, async () => version);
    expect((await run('1', { a: 1, b: 2 })).cached).toBe(false);
    expect((await run('1', { b: 2, a: 1 })).cached).toBe(true); // member order does not matter
    expect((await run('2', { a: 1, b: 2 })).cached).toBe(false);
    expect((await run('1', { a: 1, b: 3 })).cached).toBe(false);
  });

  it('keys on every indexed file when no inputs are named', async () => {
    const index = await buildProjectIndex(await repo());
    const key = cacheKeyFor(index, { analyzer: 'all', version: '1' });
    expect(Object.keys(key.inputs)).toEqual(['pkg/m.py', 'src/a.ts', 'src/b.ts']);
    expect(cacheInputsFor(index.byLanguage('python'))).toEqual({
      'pkg/m.py': index.byLanguage('python')[0]?.hash,
    });
  });

  it('ignores a corrupt entry, then overwrites it', async () => {
    const root = await repo();
    const index = await buildProjectIndex(root);
    const cache = index.cache as FileResultCache;
    const key: CacheKey = {
      analyzer: 'docs',
      version: '1',
      options: null,
      inputs: cacheInputsFor(index.files),
    };
    await cache.set(key, { pct: 50 });
    const file = cache.fileFor(key);
    expect(file.startsWith(join(defaultCacheDir(index.root), 'docs'))).toBe(true);
    const entry = JSON.parse(await readFile(file, 'utf8'));
    expect(entry).toMatchObject({ schema_version: 1, key_hash: cacheKeyHash(key), value: { pct: 50 } });

    const events: LogEvent[] = [];
    const previous = setLogSinks([{ write: (event) => events.push(event) }]);
    try {
      await writeFile(file, '{"schema_version":1,"val');
      expect(await cache.get(key)).toBeUndefined();
      await writeFile(file, JSON.stringify({ ...entry, schema_version: 99 }));
      expect(await cache.get(key)).toBeUndefined();
      const computed = await cachedAnalysis(
        index,
        { analyzer: 'docs', version: '1', options: null },
        async () => ({
          pct: 60,
        }),
      );
      expect(computed).toEqual({ value: { pct: 60 }, cached: false });
      expect(await cache.get(key)).toEqual({ pct: 60 });
    } finally {
      setLogSinks(previous);
    }
    expect(events.filter((event) => event.message.startsWith('corrupt'))).toHaveLength(3); // two gets + cachedAnalysis's get
    // No temp files are left behind.
    expect(
      (await readdir(join(defaultCacheDir(index.root), 'docs'))).every((name) => name.endsWith('.json')),
    ).toBe(true);
  });

  it('is null with cache: false (--no-cache) and nothing is written', async () => {
    const root = await repo();
    const index = await buildProjectIndex(root, { cache: false });
    expect(index.cache).toBeNull();
    const computed: string[] = [];
    await runBoth(index, computed);
    await runBoth(index, computed);
    expect(computed).toEqual(['ts', 'py', 'ts', 'py']);
    await expect(readdir(join(index.root, '.empathy'))).rejects.toThrow(/ENOENT/);
  });

  it('warns once and stops writing when the cache directory cannot be created', async () => {
    const root = await repo();
    await writeFile(join(root, 'blocker'), 'a file where the cache directory should be');
    const cache = createResultCache(root, join(root, 'blocker', 'cache'));
    const key: CacheKey = { analyzer: 'x', version: '1', options: {}, inputs: {} };
    const events: LogEvent[] = [];
    const previous = setLogSinks([{ write: (event) => events.push(event) }]);
    try {
      await cache.set(key, 1);
      await cache.set(key, 2);
      expect(await cache.get(key)).toBeUndefined();
    } finally {
      setLogSinks(previous);
    }
    expect(events.filter((event) => event.level === 'warn').map((event) => event.message)).toEqual([
      'result cache cannot be written; continuing without caching',
    ]);
  });

  it('does not cache a value that is not JSON-serialisable', async () => {
    const root = await repo();
    await mkdir(join(root, 'x'));
    const cache = createResultCache(root);
    const key: CacheKey = { analyzer: 'x', version: '1', options: {}, inputs: {} };
    const previous = setLogSinks([]);
    try {
      await cache.set(key, { big: 1n });
    } finally {
      setLogSinks(previous);
    }
    expect(await cache.get(key)).toBeUndefined();
  });
});

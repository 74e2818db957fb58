import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InternalError } from '../errors.js';
import { cachedPerFile, perFileStore } from './cached-analysis.js';
import { buildProjectIndex } from './index.js';
import { makeTree, removeTree, writeTree } from './temp-tree.test-helper.js';
import type { ProjectFile } from './types.js';

const roots: string[] = [];
async function tree(files: Record<string, string>): Promise<string> {
  const root = await makeTree(files);
  roots.push(root);
  return root;
}
afterEach(async () => {
  await Promise.all(roots.splice(0).map(removeTree));
});

const PARTS = { analyzer: 'words-file', version: '1', options: { unit: 'word' } };

/** Counts the words of each file it is given, recording which files it computed. */
function wordCounter(index: { read(path: string): Promise<string> }, computed: string[][]) {
  return async (missing: readonly ProjectFile[]) => {
    computed.push(missing.map((f) => f.path));
    const out = new Map<string, number>();
    for (const f of missing) out.set(f.path, (await index.read(f.path)).split(/\s+/).filter(Boolean).length);
    return out;
  };
}

describe('per-file results in the result cache', () => {
  it('computes every file cold, none warm, and only the changed file after a change', async () => {
    const root = await tree({ 'a.txt': 'one two\n', 'b.txt': 'three\n', 'c.txt': 'four five six\n' });
    const cacheDir = await tree({});
    const computed: string[][] = [];
    const run = async () => {
      const index = await buildProjectIndex(root, { cacheDir });
      return cachedPerFile(index, PARTS, index.files, wordCounter(index, computed));
    };
    expect((await run()).values).toEqual([2, 1, 3]);
    expect(await run()).toEqual({ values: [2, 1, 3], misses: 0 });
    await writeTree(root, { 'b.txt': 'three and more\n' });
    expect(await run()).toEqual({ values: [2, 3, 3], misses: 1 });
    expect(computed).toEqual([['a.txt', 'b.txt', 'c.txt'], ['b.txt']]);
  });

  it('other options or another version are other entries', async () => {
    const root = await tree({ 'a.txt': 'one two\n' });
    const cacheDir = await tree({});
    const index = await buildProjectIndex(root, { cacheDir });
    const computed: string[][] = [];
    await cachedPerFile(index, PARTS, index.files, wordCounter(index, computed));
    await cachedPerFile(index, { ...PARTS, options: { unit: 'other' } }, index.files, wordCounter(index, computed));
    await cachedPerFile(index, { ...PARTS, version: '2' }, index.files, wordCounter(index, computed));
    expect(computed).toEqual([['a.txt'], ['a.txt'], ['a.txt']]);
  });

  it('a corrupt pack is a miss for every file, a corrupt line for its file only; both are rewritten, never a crash', async () => {
    const root = await tree({ 'a.txt': 'one two\n', 'b.txt': 'three\n' });
    const cacheDir = await tree({});
    const index = await buildProjectIndex(root, { cacheDir });
    const computed: string[][] = [];
    await cachedPerFile(index, PARTS, index.files, wordCounter(index, computed));
    const dir = join(cacheDir, 'words-file');
    const [pack, ...others] = await readdir(dir);
    expect(others).toEqual([]);
    const file = join(dir, pack!);
    const good = await readFile(file, 'utf8');
    const again = async () => {
      const fresh = await buildProjectIndex(root, { cacheDir });
      return cachedPerFile(fresh, PARTS, fresh.files, wordCounter(fresh, computed));
    };
    await writeFile(file, good.slice(0, 20));
    expect(await again()).toEqual({ values: [2, 1], misses: 2 });
    expect(await again()).toEqual({ values: [2, 1], misses: 0 });
    await writeFile(file, good.replace(/\t1\n$/, '\t{"trunc\n'));
    expect(await again()).toEqual({ values: [2, 1], misses: 1 });
    expect(await again()).toEqual({ values: [2, 1], misses: 0 });
    expect(computed).toEqual([['a.txt', 'b.txt'], ['a.txt', 'b.txt'], ['b.txt']]);
  });

  it('keeps the results of a configuration in one pack file, one line per path (a changed file replaces its line)', async () => {
    const root = await tree({ 'a.txt': 'one two\n', 'b.txt': 'three\n', 'c.txt': 'four\n' });
    const cacheDir = await tree({});
    const run = async () => {
      const index = await buildProjectIndex(root, { cacheDir });
      return cachedPerFile(index, PARTS, index.files, wordCounter(index, []));
    };
    await run();
    await writeTree(root, { 'c.txt': 'four five\n' });
    expect(await run()).toEqual({ values: [2, 1, 2], misses: 1 });
    const packs = await readdir(join(cacheDir, 'words-file'));
    expect(packs).toHaveLength(1);
    const lines = (await readFile(join(cacheDir, 'words-file', packs[0]!), 'utf8')).trim().split('\n');
    expect(lines.slice(1).map((l) => l.split('\t')[0])).toEqual(['"a.txt"', '"b.txt"', '"c.txt"']);
  });

  it('two runs writing different files of the same pack at once keep both results (merged under the lock)', async () => {
    const root = await tree({ 'a.txt': 'one two\n', 'b.txt': 'three\n', 'c.txt': 'four five six\n' });
    const cacheDir = await tree({});
    await Promise.all([['a.txt', 'b.txt'], ['c.txt']].map(async (paths) => {
      const index = await buildProjectIndex(root, { cacheDir });
      return cachedPerFile(index, PARTS, index.files.filter((f) => paths.includes(f.path)), wordCounter(index, []));
    }));
    const index = await buildProjectIndex(root, { cacheDir });
    const computed: string[][] = [];
    expect(await cachedPerFile(index, PARTS, index.files, wordCounter(index, computed))).toEqual({ values: [2, 1, 3], misses: 0 });
    expect(computed).toEqual([]);
  });

  it('without a cache (--no-cache) every file is computed every time', async () => {
    const root = await tree({ 'a.txt': 'one\n' });
    const index = await buildProjectIndex(root, { cache: false });
    expect(perFileStore(index, PARTS)).toBeNull();
    const computed: string[][] = [];
    await cachedPerFile(index, PARTS, index.files, wordCounter(index, computed));
    await cachedPerFile(index, PARTS, index.files, wordCounter(index, computed));
    expect(computed).toEqual([['a.txt'], ['a.txt']]);
  });

  it('results refused by store are returned but not kept; a result left out is an InternalError', async () => {
    const root = await tree({ 'a.txt': 'one\n', 'b.txt': 'two words\n' });
    const cacheDir = await tree({});
    const index = await buildProjectIndex(root, { cacheDir });
    const computed: string[][] = [];
    const keepEven = { store: (n: number) => n % 2 === 0 };
    expect((await cachedPerFile(index, PARTS, index.files, wordCounter(index, computed), keepEven)).values).toEqual([1, 2]);
    expect((await cachedPerFile(index, PARTS, index.files, wordCounter(index, computed), keepEven)).misses).toBe(1);
    expect(computed).toEqual([['a.txt', 'b.txt'], ['a.txt']]);
    const other = { ...PARTS, analyzer: 'lossy-file' };
    await expect(cachedPerFile(index, other, index.files, async () => new Map([['a.txt', 1]]))).rejects.toBeInstanceOf(InternalError);
  });

  it('two runs writing the same entries at once both succeed and leave readable entries', async () => {
    const root = await tree({ 'a.txt': 'one two\n', 'b.txt': 'three\n' });
    const cacheDir = await tree({});
    const [first, second] = await Promise.all([0, 1].map(async () => {
      const index = await buildProjectIndex(root, { cacheDir });
      return cachedPerFile(index, PARTS, index.files, wordCounter(index, []));
    }));
    expect(first?.values).toEqual([2, 1]);
    expect(second?.values).toEqual([2, 1]);
    const index = await buildProjectIndex(root, { cacheDir });
    expect(await cachedPerFile(index, PARTS, index.files, wordCounter(index, []))).toEqual({ values: [2, 1], misses: 0 });
  });
});

/**
 * mypy's incremental cache in our cache directory: where it lives, its lock, and (with Debian's
 * mypy) that a run after a change in one module reports the same errors as a run without a
 * cache, including the error the change causes in another module.
 */
import { mkdir, mkdtemp, readdir, realpath, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { programOnPath, skipNote } from '../../core/optional-programs.test-helper.js';
import { isInside } from '../../core/user-dirs.js';
import { buildProjectIndex } from '../../project/index.js';
import { mypyCacheFor, NO_MYPY_CACHE } from './mypy-cache.js';
import { checkTypes, type TypeCheckOutcome } from './type-check.js';

const MYPY = programOnPath('mypy');
const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), `empathy-mypycache-${prefix}-`)));
  made.push(dir);
  return dir;
}

const parts = {
  command: '/usr/bin/mypy',
  version: '1.0.1',
  settings: null,
  flags: ['--no-pretty'],
  timeoutMs: 60_000,
};

describe('mypyCacheFor', () => {
  it('gives a directory under the result cache, one run at a time, and none without a cache', async () => {
    const root = await tempDir('repo');
    const cacheDir = await tempDir('cache');
    const index = { root, cache: { dir: cacheDir, get: async () => undefined, set: async () => undefined } };
    const first = await mypyCacheFor(index, [], parts);
    expect(first.dir.startsWith(path.join(cacheDir, 'tools', 'mypy') + path.sep)).toBe(true);
    expect((await readdir(first.dir)).length).toBe(0);
    // Held by the first run: a second one runs without the cache rather than share it.
    expect((await mypyCacheFor(index, [], parts)).dir).toBe(NO_MYPY_CACHE);
    await first.release();
    const again = await mypyCacheFor(index, [], parts);
    expect(again.dir).toBe(first.dir);
    await again.release();
    // Another mypy version gets another directory.
    const other = await mypyCacheFor(index, [], { ...parts, version: '1.1.0' });
    expect(other.dir).not.toBe(first.dir);
    await other.release();
    expect((await mypyCacheFor({ root, cache: null }, [], parts)).dir).toBe(NO_MYPY_CACHE);
    // A cache directory inside the repository is never handed to mypy.
    const inside = {
      root,
      cache: { dir: path.join(root, '.cache'), get: async () => undefined, set: async () => undefined },
    };
    expect((await mypyCacheFor(inside, [], parts)).dir).toBe(NO_MYPY_CACHE);
    expect(await readdir(root)).toEqual([]);
  });
});

const TREE: Record<string, string> = {
  'pkg/__init__.py': '',
  'pkg/a.py': 'def greet(name: str) -> str:\n    return "hi " + name\n',
  'pkg/b.py': 'from pkg.a import greet\n\n\ndef main() -> str:\n    return greet("ada")\n',
  'pkg/c.py': 'count: int = "three"\n',
};

/** Two versions of pkg/a.py of the same size: the second breaks the call in pkg/b.py. */
const SAME_SIZE = [
  'def greet(name: str) -> str:\n    return f"hi {name}"\n',
  'def greet(name: int) -> str:\n    return f"hi {name}"\n',
] as const;

async function filesNamed(dir: string, name: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.filter((e) => path.basename(e) === name);
}

/** A repository holding `tree`, a cache directory and a PATH with mypy alone; `check(cache)` runs the type check. */
async function mypyRepo(tree: Record<string, string>) {
  const root = await tempDir('repo');
  await mkdir(path.join(root, 'pkg'));
  for (const [file, text] of Object.entries(tree)) await writeFile(path.join(root, file), text);
  const cacheDir = await tempDir('cache');
  const bin = await tempDir('bin');
  await symlink(MYPY as string, path.join(bin, 'mypy'));
  const check = async (cache: boolean) => {
    const index = await buildProjectIndex(root, cache ? { cacheDir } : { cache: false });
    const outcome = (await checkTypes(index, { envPath: bin }))[1] as TypeCheckOutcome;
    if (outcome.status !== 'measured') throw new Error(`mypy not measured: ${JSON.stringify(outcome)}`);
    return outcome.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.code}`);
  };
  return { root, cacheDir, check };
}

describe.skipIf(!MYPY)(`mypy with its incremental cache${skipNote(!MYPY, 'mypy', 'mypy')}`, () => {
  it('keeps the cache outside the repository and reports after a change what a run without it reports', async () => {
    const { root, cacheDir, check } = await mypyRepo(TREE);

    const cold = await check(true);
    expect(cold).toEqual(['pkg/c.py:1:14 assignment']);
    // One directory (its lock released) and its manifest.
    const [key, manifest, ...more] = (await readdir(path.join(cacheDir, 'tools', 'mypy'))).sort();
    expect([manifest, more]).toEqual([`${key}.sources.json`, []]);
    const used = path.join(cacheDir, 'tools', 'mypy', key!);
    expect(isInside(root, used)).toBe(false);
    expect(await filesNamed(used, 'b.meta.json')).toHaveLength(1);
    expect((await readdir(root)).sort()).toEqual(['pkg']);
    expect(await check(true)).toEqual(cold);

    // The signature of a.greet changes: b.py, unchanged, now has an error.
    await writeFile(
      path.join(root, 'pkg/a.py'),
      'def greet(name: int) -> str:\n    return "hi " + str(name)\n',
    );
    const changed = await check(true);
    expect(changed).toEqual(['pkg/b.py:5:18 arg-type', 'pkg/c.py:1:14 assignment']);
    expect(await check(false)).toEqual(changed);
    // And back: the error goes away again with the cache.
    await writeFile(path.join(root, 'pkg/a.py'), TREE['pkg/a.py']!);
    expect(await check(true)).toEqual(cold);
    expect((await readdir(root)).sort()).toEqual(['pkg']);
  });

  it('sees a change that keeps the size and the modification second (which mypy alone would miss)', async () => {
    const { root, check } = await mypyRepo({ ...TREE, 'pkg/a.py': SAME_SIZE[0] });
    const a = path.join(root, 'pkg/a.py');
    const { mtime } = await stat(a);
    expect(await check(true)).toEqual(['pkg/c.py:1:14 assignment']);
    await writeFile(a, SAME_SIZE[1]);
    await utimes(a, mtime, mtime);
    const changed = await check(true);
    expect(changed).toEqual(['pkg/b.py:5:18 arg-type', 'pkg/c.py:1:14 assignment']);
    expect(await check(false)).toEqual(changed);
  });
});

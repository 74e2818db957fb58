import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cacheableSource, compileCacheDir, installCompileCache } from './compile-cache.js';

let scratch: string;
let cacheDir: string;
let off: (() => void) | undefined;
const sha1 = (text: string) => createHash('sha1').update(text).digest();

/** Writes `files` (relative path -> text) under `scratch` and returns a require rooted there. */
function project(files: Record<string, string>): NodeJS.Require {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(scratch, name)), { recursive: true });
    writeFileSync(path.join(scratch, name), text);
  }
  return createRequire(path.join(scratch, 'index.js'));
}

/** Requires `id` afresh (out of the require cache first). */
function fresh(require: NodeJS.Require, id: string): unknown {
  delete require.cache[require.resolve(id)];
  return require(id);
}

const entries = () => readdirSync(cacheDir).filter((name) => !name.endsWith('.tmp'));

beforeEach(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'empathy-compile-cache-'));
  cacheDir = path.join(scratch, 'cache');
  off = installCompileCache(cacheDir);
});

afterEach(() => {
  off?.();
  rmSync(scratch, { recursive: true, force: true });
});

describe('V8 compile cache of node_modules (CommonJS)', () => {
  it('runs the module as without the cache and keeps its bytecode, keyed by the bytes of its source', () => {
    const source = "const path = require('node:path');\nmodule.exports = { value: 1, dir: path.basename(__dirname), self: require.resolve('./index.js') };\n";
    const require = project({ 'node_modules/pkg/index.js': source });
    const loaded = require('pkg') as { value: number; dir: string; self: string };
    expect(loaded).toEqual({ value: 1, dir: 'pkg', self: path.join(scratch, 'node_modules', 'pkg', 'index.js') });
    const [entry] = entries();
    expect(entries()).toHaveLength(1);
    const data = readFileSync(path.join(cacheDir, entry!));
    expect(data.subarray(0, 20).equals(sha1(source))).toBe(true);
    expect(data[20]).toBe(1); // bytecode follows
    expect(data.length).toBeGreaterThan(21);
  });

  it('uses the entry while the source is unchanged, and never for other bytes of the same length', () => {
    const require = project({ 'node_modules/pkg/index.js': 'module.exports = 1;\n' });
    expect(require('pkg')).toBe(1);
    const entry = path.join(cacheDir, entries()[0]!);
    const written = statSync(entry).ino;
    expect(fresh(require, 'pkg')).toBe(1);
    expect(statSync(entry).ino).toBe(written); // read, not rewritten (a rewrite renames a new file in)
    writeFileSync(path.join(scratch, 'node_modules', 'pkg', 'index.js'), 'module.exports = 2;\n');
    expect(fresh(require, 'pkg')).toBe(2);
    expect(readFileSync(entry).subarray(0, 20).equals(sha1('module.exports = 2;\n'))).toBe(true);
  });

  it('leaves files outside node_modules to Node, and loads a module that starts with #!', () => {
    const require = project({
      'lib/own.js': 'module.exports = "own";\n',
      'node_modules/tool/cli.js': '#!/usr/bin/env node\nmodule.exports = "tool";\n',
    });
    expect(require('./lib/own.js')).toBe('own');
    expect(() => readdirSync(cacheDir)).toThrow(); // nothing cached yet: the directory was never made
    expect(require('tool/cli.js')).toBe('tool');
    expect(entries()).toHaveLength(1);
  });

  it('a module that throws while loading throws the same error and leaves no entry', () => {
    const require = project({ 'node_modules/bad/index.js': 'throw new Error("broken package");\n' });
    expect(() => require('bad')).toThrow('broken package');
    expect(() => readdirSync(cacheDir)).toThrow();
  });

  it('never caches a module that calls import(): its import() works on every load (Node 20 loses it in cached code)', async () => {
    const require = project({
      'node_modules/dyn/index.js': "module.exports = () => import('node:path').then((m) => m.sep);\n",
      'node_modules/quiet/index.js': "// import('x') in a comment, and in a string:\nmodule.exports = 'import(';\n",
    });
    for (let load = 0; load < 3; load += 1) {
      const dynamic = fresh(require, 'dyn') as () => Promise<string>;
      await expect(dynamic()).resolves.toBe(path.sep);
    }
    expect(fresh(require, 'quiet')).toBe('import(');
    const kinds = entries().map((name) => readFileSync(path.join(cacheDir, name))[20]).sort();
    expect(kinds).toEqual([0, 1]); // dyn: marked not cached; quiet: bytecode
  });

  it('tells an import() call or eval from the same text in comments, strings and regular expressions', () => {
    expect(cacheableSource('module.exports = 1;')).toBe(true);
    expect(cacheableSource('/** @type {import("x").T} */\nconst s = "import(";\nconst r = /import\\(/;\n')).toBe(true);
    expect(cacheableSource('const a = {}; a.import = 1; a.evaluate = 2;')).toBe(true);
    expect(cacheableSource('const m = import("x");')).toBe(false);
    expect(cacheableSource('const t = `${await import("x")}`;')).toBe(false);
    expect(cacheableSource('const y = eval("1");')).toBe(false);
    expect(cacheableSource('const s = "import(;\n')).toBe(false); // unreadable (unterminated string): not cached
  });

  it('loads acorn, its own tokenizer, from source without a warning when a package requires it first', async () => {
    const warnings: string[] = [];
    const listen = (warning: Error) => warnings.push(warning.message);
    process.on('warning', listen);
    try {
      const acorn = fresh(createRequire(import.meta.url), 'acorn') as { tokenizer?: unknown };
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on a later tick
      expect(typeof acorn.tokenizer).toBe('function');
      expect(warnings).toEqual([]);
      expect(existsSync(cacheDir) ? entries() : []).toEqual([]); // acorn has no entry: it is never cached
    } finally {
      process.off('warning', listen);
    }
  });

  it('lives in the user cache directory, per Node version and V8 flags of the CLI', () => {
    expect(compileCacheDir({ EMPATHY_CACHE_DIR: '/x/cache' })).toBe(
      path.join('/x/cache', 'v8-compile', `2-${process.version}-${process.arch}`),
    );
    expect(compileCacheDir({ EMPATHY_CACHE_DIR: '/x/cache' }, '-ib540672')).toBe(
      path.join('/x/cache', 'v8-compile', `2-${process.version}-${process.arch}-ib540672`),
    );
  });
});

describe('where the cache is on', () => {
  it("leaves the module loader of a program that imports the library's analysers alone", async () => {
    off?.(); // the suite's own install
    off = undefined;
    const Module = (await import('node:module')).default as unknown as { prototype: { _compile: unknown } };
    const before = Module.prototype._compile;
    await import('../analysis/shared/typescript.js');
    await import('../analysis/shared/eslint-pass.js');
    expect(Module.prototype._compile).toBe(before);
  });
});

import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProjectIndex } from '../../project/index.js';
import { mineDocCalls } from '../literals.js';
import type { GenerationContext } from '../types.js';
import { assertionStats, callExpr } from './emit.js';
import { isNonApiPath, packageApi } from './entry.js';
import { offlineJsGenerator } from './generator.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'empathy-testgen-calls-')));
  dirs.push(dir);
  return dir;
}
afterAll(() => Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true }))));

const LIB = `'use strict';
const fs = require('node:fs');
const path = require('node:path');
/** Node-style callback API. */
function lookup(key, callback) {
  setTimeout(() => (key === 'a' ? callback(null, 1) : callback(new Error('missing ' + key))), 1);
}
/** An old-style constructor with methods on its prototype. */
function Stack() { this.items = []; }
Stack.prototype.push = function (item) { this.items.push(item); return this.items.length; };
Stack.prototype.pop = function () { if (this.items.length === 0) throw new Error('empty'); return this.items.pop(); };
/** A factory returning an object with methods. */
function counter(start) {
  let n = typeof start === 'number' ? start : 0;
  return { inc() { n += 1; return n; }, reset() { n = 0; return n; } };
}
/** Never returns for a negative number. */
function spin(n) { while (n < 0) { /* hangs */ } return n + 1; }
/** Writes outside its box in an asynchronous continuation. */
function later(name, callback) {
  setTimeout(() => { try { fs.writeFileSync(path.join('/', 'tmp', '..', name), 'x'); callback(null, 'written'); } catch (e) { callback(e); } }, 1);
}
/** Not idempotent: the second run in the same directory sees what the first created. */
function ensure(name) {
  if (typeof name !== 'string' || name === '') return 'no name';
  if (fs.existsSync(name)) return 'exists';
  fs.mkdirSync(name);
  return 'created';
}
/** Returns at once and leaves a timer that runs after the test would have ended. */
function arm() { setTimeout(() => {}, 5000).unref(); return 'armed'; }
module.exports = { lookup, Stack, counter, spin, later, ensure, arm };
`;

async function generatorContext(root: string): Promise<GenerationContext> {
  const index = await buildProjectIndex(root, { cache: false });
  return { root, index, workDir: await tempDir(), signal: new AbortController().signal, deadline: Date.now() + 60_000, memoryMb: 256, reservedPaths: new Set(), memo: new Map() };
}

describe('offline JS generator: entry points, callbacks, objects, hangs', () => {
  it('explores through the entry point and keeps callback, constructor and factory tests; hung and refused calls are dropped', async () => {
    const root = await tempDir();
    await fs.mkdir(path.join(root, 'lib'));
    await fs.mkdir(path.join(root, 'bench'));
    await fs.writeFile(path.join(root, 'package.json'), JSON.stringify({ name: 'pkg', main: './lib/index.js', scripts: { test: 'node --test test/' } }));
    await fs.writeFile(path.join(root, 'lib', 'index.js'), "'use strict';\nmodule.exports = require('./impl');\n");
    await fs.writeFile(path.join(root, 'lib', 'impl.js'), LIB);
    await fs.writeFile(path.join(root, 'bench', 'run.js'), "require('../lib').spin(1);\n");
    await fs.writeFile(path.join(root, 'README.md'), "# pkg\n\n```js\nconst pkg = require('pkg')\npkg.lookup('a', function (err, value) { console.log(value) })\nconst s = new pkg.Stack()\ns.push('doc-item')\n```\n");
    const context = await generatorContext(root);
    const gap = (p: string) => ({ path: p, language: 'javascript' as const, uncoveredLines: [], uncovered: 5, linesTotal: 6, pct: 0, functions: [], priority: false, score: 5 });
    const result = await offlineJsGenerator.generate(gap('lib/impl.js'), context);
    const entry = result.candidates.find((c) => c.targetFile === 'lib/index.js');
    expect(entry?.testFile).toBe('test/index.generated.test.js');
    const text = entry?.content ?? '';
    expect(text).toContain('require("../lib/index.js")');
    // node-style callbacks are awaited, values and errors asserted
    expect(text).toContain("await viaCallback((callback) => mod.lookup('a', callback))");
    expect(text).toMatch(/await rejected\(viaCallback\(\(callback\) => mod\.lookup\([^)]*\)\)\)/);
    // old-style constructor: method calls and observable state; the README's call is used
    expect(text).toContain('new mod.Stack()');
    expect(text).toContain("obj.push('doc-item')");
    expect(text).toContain('stateOf(obj)');
    // factory: the returned object's methods
    expect(text).toMatch(/const obj = mod\.counter\([^)]*\);\n\s+assert\.deepStrictEqual\(typeof obj, "object"\);/);
    expect(text).toContain('obj.inc()');
    // the hung call and the refused asynchronous write are never tests
    expect(text).not.toMatch(/mod\.spin\(-/);
    expect(text).not.toContain('"written"');
    // a call whose outcome depends on what an earlier run left in the directory is dropped
    expect(text).not.toContain('"created"');
    expect(text).toContain('"no name"');
    // a call that leaves a pending timer behind runs under fake timers (node:test's mock.timers here)
    expect(text).toMatch(/const clock = fakeTimers\(\);\n\s+try \{\n\s+const value1 = mod\.arm\(\);\n\s+await clock\.run\(\);\n\s+assert\.deepStrictEqual\(value1, "armed"\);/);
    expect(text).toContain("const { mock } = require('node:test');");
    expect(text).not.toMatch(/it\("later\(\)"/); // its timer throws later: never a test
    expect(result.notes.join('\n')).toMatch(/hung past 250 ms \(spin\(-/);
    expect(result.notes.join('\n')).toMatch(/refused/);
    expect(assertionStats(text).bare).toBe(0);
    // benchmarks are not part of the API
    const bench = await offlineJsGenerator.generate(gap('bench/run.js'), context);
    expect(bench.candidates).toEqual([]);
    expect(bench.notes.join('\n')).toMatch(/not part of the package API/);
  });
});

describe('package API and documentation', () => {
  it('reads entry points (main, exports conditions; one build per entry; bin apart) and README code', async () => {
    const root = await tempDir();
    await fs.mkdir(path.join(root, 'lib'));
    for (const f of ['index.js', 'index.mjs', 'extra.js', 'cli.js']) await fs.writeFile(path.join(root, 'lib', f), '');
    await fs.writeFile(path.join(root, 'README.md'), '# x\n');
    await fs.writeFile(path.join(root, 'package.json'), JSON.stringify({ name: 'x', main: 'lib/index.js', exports: { '.': { import: './lib/index.mjs', require: './lib/index.js' }, './extra': './lib/extra.js', './package.json': './package.json' }, bin: { x: './lib/cli.js' } }));
    const api = await packageApi(await buildProjectIndex(root, { cache: false }));
    expect(api.entries).toEqual(['lib/index.js', 'lib/extra.js']);
    expect(api.bins).toEqual(['lib/cli.js']);
    expect(api.docs).toEqual(['# x\n']);
  });

  it('mines calls, constructor and method arguments and the package binding from code blocks', () => {
    const doc = "```js\nimport ms from 'ms'\nms('2 days') // 172800000\nconst q = new Queue([1, 2])\nq.push({ a: 1 }, (err, n) => {})\nif (x) {}\n```";
    const mined = mineDocCalls([doc], 'ms');
    expect(mined.defaultNames).toEqual(['ms']);
    expect(mined.calls).toEqual({ ms: [["'2 days'"]], 'new Queue': [['[1, 2]']], '.push': [['{ a: 1 }', '__callback__']] });
  });

  it('recognises files outside the API and writes callback calls', () => {
    expect(['bench/a.js', 'examples/b.js', '.eslintrc.js', 'rollup.config.js', 'test/x.js', 'lib/a.test.js', 'bench.js', 'lib/benchmark.mjs', 'example.js'].every(isNonApiPath)).toBe(true);
    expect(['lib/index.js', 'my-bench.js', 'benches.js'].some(isNonApiPath)).toBe(false);
    expect(callExpr('mod.f', ['1', '__callback__'])).toBe('viaCallback((callback) => mod.f(1, callback))');
  });

  it('runs a call under a deadline that is not a whole number of milliseconds (the harness scales it with the load)', () => {
    const calls = createRequire(import.meta.url)('./harness-calls.cjs') as { withDeadline: <T>(fn: () => T, ms: number) => T };
    expect(calls.withDeadline(() => 1 + 2, 342.5)).toBe(3);
  });
});

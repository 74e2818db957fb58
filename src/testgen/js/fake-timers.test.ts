import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emitJsTestFile } from './emit.js';
import { fakeTimerApi, fakeTimersHelper } from './fake-timers.js';
import { generateForIndex, nodeTestProject, removeTempDirs, runWithNodeTest, tempDir } from './generate.test-helper.js';
import type { ObservedTest } from './harness-types.js';
import type { JsTestStyle } from './style.js';

afterAll(removeTempDirs);

// Every call waits on a timer far longer than the harness waits in real time (300 ms).
const LIB = `'use strict';
/** Resolves with value after ms. */
function delay(ms, value) {
  return new Promise((resolve) => setTimeout(() => resolve(value === undefined ? 'late' : value), Math.max(2000, ms)));
}
/** Node-style callback after a long wait; fails for a negative wait. */
function later(ms, callback) {
  setTimeout(() => (ms < 0 ? callback(new Error('negative wait')) : callback(null, 'waited')), 5000);
}
/** Calls fn once, with the number of calls, when no call came for wait ms. */
function debounce(fn, wait) {
  let timer = null;
  let calls = 0;
  return function () {
    calls += 1;
    clearTimeout(timer);
    timer = setTimeout(() => { timer = null; fn(calls); }, Math.max(1000, Number(wait) || 0));
    return calls;
  };
}
/** Elapsed virtual time after a long wait, read from Date. */
function elapsed(callback) {
  const start = Date.now();
  setTimeout(() => callback(null, Date.now() - start >= 3000 ? 'on time' : 'early'), 3000);
}
module.exports = { delay, later, debounce, elapsed };
`;

describe('fake timers', () => {
  it('explores calls that wait on timers under a virtual clock and emits tests that pass with node:test mock.timers', async () => {
    const root = await nodeTestProject(LIB);
    const text = await generateForIndex(root);
    expect(text).toContain("const { mock } = require('node:test');");
    expect(text).toContain('mock.timers.enable(');
    // the promise, the callback (value and error), the debounced function's timer and Date all ran on virtual time
    expect(text).toMatch(/const value\d+ = mod\.delay\([^)]*\);\n\s+Promise\.resolve\(value\d+\)\.catch\(\(\) => undefined\);\n\s+await clock\.run\(\);\n\s+assert\.deepStrictEqual\(await value\d+, /);
    expect(text).toMatch(/viaCallback\(\(callback\) => mod\.later\([^)]*\)\);[\s\S]*"waited"/);
    expect(text).toContain('"negative wait"');
    expect(text).toMatch(/const obj = mod\.debounce\(/);
    expect(text).toContain('"on time"');
    // (in real time the harness gives a call 300 ms: the values above came from virtual time)
    // the emitted file passes on its own, without waiting either
    const run = await runWithNodeTest(root, text);
    expect(run.output).toMatch(/# fail 0/);
    expect(run.status).toBe(0);
  });

  it('picks the runner fake timers, sinon only when the project depends on it', async () => {
    const root = await tempDir();
    await fs.writeFile(path.join(root, 'package.json'), JSON.stringify({ devDependencies: { '@sinonjs/fake-timers': '1.0.0' } }));
    expect(await fakeTimerApi(root, 'vitest')).toBe('vitest');
    expect(await fakeTimerApi(root, 'jest')).toBeNull(); // no jest >= 29.5 installed: no async run-all
    expect(await fakeTimerApi(root, 'mocha')).toBe('node'); // declared but not installed
    await fs.mkdir(path.join(root, 'node_modules', '@sinonjs', 'fake-timers'), { recursive: true });
    await fs.writeFile(path.join(root, 'node_modules', '@sinonjs', 'fake-timers', 'package.json'), '{}');
    expect(await fakeTimerApi(root, 'mocha')).toBe('sinon');
    expect(fakeTimersHelper('vitest').join('\n')).toContain('vi.runAllTimersAsync()');
  });

  it('writes vitest tests with vi and leaves fake-timer tests out when the project has none', () => {
    const style: JsTestStyle = { runner: 'vitest', esmPackage: true, typescript: false, testDir: 'test', tsImportSuffix: '', testFiles: [] };
    const observed: ObservedTest[] = [
      { test: { kind: 'call', access: ['wait'], args: ['10'], timers: 'fake' }, outcome: { result: { type: 'return', expr: '"done"', kind: 'string', async: true } } },
      { test: { kind: 'call', access: ['now'], args: [] }, outcome: { result: { type: 'return', expr: '1', kind: 'number' } } },
    ];
    const options = { style, sourceFile: 'index.js', specifier: '../index.js', commonJs: false, esm: true };
    const withVi = emitJsTestFile(observed, { ...options, fakeTimers: 'vitest' });
    expect(withVi).toContain("import { describe, expect, it, vi } from 'vitest';");
    expect(withVi).toContain("vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });");
    expect(withVi).toContain('expect(await value1).toStrictEqual("done");');
    const without = emitJsTestFile(observed, { ...options, fakeTimers: null });
    expect(without).not.toContain('mod.wait(');
    expect(without).not.toContain('vi.');
    expect(without).not.toContain(', vi }');
    expect(without).toContain('expect(mod.now()).toStrictEqual(1);');
  });
});

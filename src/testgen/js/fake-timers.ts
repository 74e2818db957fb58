/**
 * Which fake timers a generated test uses for a call that waits on a timer (delay, timeout,
 * debounce, throttle, retry): the project runner's own (vitest's `vi`, jest's `jest` from 29.5,
 * which has `runAllTimersAsync`), else `@sinonjs/fake-timers` when the project depends on it,
 * else Node's built-in `mock.timers` of `node:test` (it works under mocha too). The harness
 * explores such calls under its own virtual clock (`harness-timers.cjs`), which fakes the same
 * functions: setTimeout, setInterval, their clear functions and `Date`.
 *
 * @module
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { JsTestStyle } from './style.js';

/** The fake-timer API a generated test uses. */
export type FakeTimerApi = 'vitest' | 'jest' | 'sinon' | 'node';

async function readJson(file: string): Promise<Record<string, unknown> | null> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/**
 * The fake timers the project's tests can use, or null (jest before 29.5: no async run-all).
 *
 * @example
 * await fakeTimerApi('/repo', 'mocha'); // 'node' (or 'sinon' when the project depends on @sinonjs/fake-timers)
 */
export async function fakeTimerApi(root: string, runner: JsTestStyle['runner']): Promise<FakeTimerApi | null> {
  if (runner === 'vitest') return 'vitest';
  if (runner === 'jest') {
    const jest = await readJson(path.join(root, 'node_modules', 'jest', 'package.json'));
    const [major = 0, minor = 0] = String(jest?.['version'] ?? '').split('.').map(Number);
    return major > 29 || (major === 29 && minor >= 5) ? 'jest' : null;
  }
  const pkg = await readJson(path.join(root, 'package.json'));
  const declared = ['dependencies', 'devDependencies'].some((k) => {
    const deps = pkg?.[k];
    return typeof deps === 'object' && deps !== null && '@sinonjs/fake-timers' in deps;
  });
  if (declared && (await readJson(path.join(root, 'node_modules', '@sinonjs', 'fake-timers', 'package.json')))) return 'sinon';
  return 'node';
}

/** The faked functions, the same in every API (and in the harness). */
const FAKED = "['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date']";

/**
 * The `fakeTimers()` helper of a generated file: installs the API's fake timers starting at the
 * real time; `run()` runs every pending timer (and those they arm), letting promise
 * continuations run in between; `restore()` puts the real timers back.
 */
export function fakeTimersHelper(api: FakeTimerApi): string[] {
  switch (api) {
    case 'vitest':
      return ['function fakeTimers() {', `  vi.useFakeTimers({ toFake: ${FAKED} });`, '  return { run: () => vi.runAllTimersAsync(), restore: () => vi.useRealTimers() };', '}'];
    case 'jest':
      return ['function fakeTimers() {', "  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'queueMicrotask', 'performance', 'hrtime'] });", '  return { run: () => jest.runAllTimersAsync(), restore: () => jest.useRealTimers() };', '}'];
    case 'sinon':
      return ['function fakeTimers() {', `  const clock = FakeTimers.install({ now: Date.now(), toFake: ${FAKED} });`, '  return { run: () => clock.runAllAsync(), restore: () => clock.uninstall() };', '}'];
    case 'node':
      return [
        'function fakeTimers() {',
        "  mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'], now: Date.now() });",
        '  const run = async () => {',
        '    for (let round = 0; round < 50; round += 1) {',
        '      mock.timers.runAll();',
        '      await new Promise((resolve) => setImmediate(resolve));',
        '    }',
        '  };',
        '  return { run, restore: () => mock.timers.reset() };',
        '}',
      ];
  }
}

/** The import lines a file using {@link fakeTimersHelper} needs (vitest's `vi` is added to its vitest import). */
export function fakeTimersImports(api: FakeTimerApi, esm: boolean): string[] {
  if (api === 'jest') return esm ? ["import { jest } from '@jest/globals';"] : [];
  if (api === 'sinon') return [esm ? "import FakeTimers from '@sinonjs/fake-timers';" : "const FakeTimers = require('@sinonjs/fake-timers');"];
  if (api === 'node') return [esm ? "import { mock } from 'node:test';" : "const { mock } = require('node:test');"];
  return [];
}

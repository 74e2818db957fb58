/**
 * Test helpers shared by the store tests (core and orchestration): temporary directories removed after
 * the file's tests, and a log sink that silences or captures log events per test. Not part of the build
 * (`tsconfig.build.json` excludes `src/**\/*.test-helper.ts`).
 *
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach } from 'vitest';
import type { LogEvent } from './logger.js';
import { setLogSinks } from './logger.js';

/**
 * Registers an `afterAll` hook in the calling test file and returns a function that makes a new
 * temporary directory (under the OS temp dir, named `<prefix>XXXXXX`); every directory it made is
 * removed, recursively, after the file's tests.
 *
 * @example
 * const makeTempDir = useTempDirs();
 * it('writes', () => { const dir = makeTempDir(); ... });
 */
export function useTempDirs(prefix = 'empathy-store-'): () => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}

/**
 * Replaces the log sinks for each test of the calling file (restored after each test) with one that
 * records the events; returns the array of events of the current test (emptied before each test).
 * Use it to silence logging as well: just ignore the result.
 */
export function captureLogs(): LogEvent[] {
  const events: LogEvent[] = [];
  let restore: ReturnType<typeof setLogSinks>;
  beforeEach(() => {
    events.length = 0;
    restore = setLogSinks([{ write: (e) => events.push(e) }]);
  });
  afterEach(() => setLogSinks(restore));
  return events;
}

/**
 * Test helper for "an interrupted command returns once its agents' work has stopped": a copy of
 * the js-lib fixture whose suite never ends, a TMPDIR of the test's own (where the agents make
 * their temporary directories), and a SIGINT sent once the coverage agent's test run is under way.
 *
 * @module
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import type { EventEmitter } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { afterEach, vi } from 'vitest';

/** A test that never ends: a run that is not stopped would wait for the coverage deadline (minutes). */
const HANGING_TEST = `const { test } = require('node:test');
test('never ends', () => new Promise(() => { setInterval(() => {}, 1000); }));
`;

/**
 * Registers, in the calling test file, the clean-up after each test, and returns a function that
 * copies the js-lib fixture, adds a test that never ends and points TMPDIR (read by `os.tmpdir()`)
 * at a new directory. After each test both directories are removed and TMPDIR restored.
 */
export function useHangingProjects(): () => { root: string; tmp: string } {
  const dirs: string[] = [];
  afterEach(() => {
    vi.unstubAllEnvs();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const root = path.join(mkdtempSync(path.join(os.tmpdir(), 'empathy-interrupt-')), 'js-lib');
    dirs.push(path.dirname(root));
    cpSync(path.resolve(import.meta.dirname, '../../test/fixtures/js-lib'), root, { recursive: true });
    writeFileSync(path.join(root, 'test', 'hang.test.js'), HANGING_TEST);
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'empathy-interrupt-tmp-'));
    dirs.push(tmp);
    vi.stubEnv('TMPDIR', tmp);
    return { root, tmp };
  };
}

/** The temporary directories the run made under `tmp` (coverage, duplication, test generation, ...). */
export function agentTempDirs(tmp: string): string[] {
  return readdirSync(tmp).filter((name) => name.startsWith('empathy-'));
}

/** True once the coverage agent's test run is being set up: its temporary directory holds `home/`. */
function coverageRunStarted(tmp: string): boolean {
  return agentTempDirs(tmp).some((name) => name.startsWith('empathy-coverage-') && existsSync(path.join(tmp, name, 'home')));
}

/**
 * Emits SIGINT on `signals` once the coverage run's directory exists under `tmp` (an event, not
 * a delay: the outcome does not depend on how fast the machine is) and resolves to what `running`
 * resolves to. Throws if `running` settled before that.
 */
export async function interruptOnceCoverageRuns<T>(running: Promise<T>, tmp: string, signals: EventEmitter): Promise<T> {
  let ended = false;
  const end = () => {
    ended = true;
  };
  running.then(end, end);
  while (!ended && !coverageRunStarted(tmp)) await new Promise((resolve) => setTimeout(resolve, 20));
  if (ended) throw new Error(`the run ended before its coverage run started: ${String(await running)}`);
  signals.emit('SIGINT');
  return running;
}

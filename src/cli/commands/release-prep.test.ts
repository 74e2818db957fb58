import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventEmitter } from 'node:events';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { recordingIO } from '../test-io.test-helper.js';
import { runReleasePrep } from './release-prep.js';

const dirs: string[] = [];
afterEach(() => {
  vi.unstubAllEnvs();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A test that never ends: a run that is not stopped would wait for the coverage deadline (minutes). */
const HANGING_TEST = `const { test } = require('node:test');
test('never ends', () => new Promise(() => { setInterval(() => {}, 1000); }));
`;

/** The temporary directories the run's agents made under `tmp` (coverage, duplication, ...). */
function agentTempDirs(tmp: string): string[] {
  return readdirSync(tmp).filter((name) => name.startsWith('empathy-'));
}

/** True once the coverage agent's test run is being set up: its temporary directory holds `home/`. */
function coverageRunStarted(tmp: string): boolean {
  return agentTempDirs(tmp).some((name) => name.startsWith('empathy-coverage-') && existsSync(path.join(tmp, name, 'home')));
}

describe('release-prep interrupted', () => {
  it('stops the agents on SIGINT, returns 130 once their work has stopped (temporary directories removed), writes no report', async () => {
    const root = path.join(mkdtempSync(path.join(os.tmpdir(), 'empathy-interrupt-')), 'js-lib');
    dirs.push(path.dirname(root));
    cpSync(path.resolve(import.meta.dirname, '../../../test/fixtures/js-lib'), root, { recursive: true });
    writeFileSync(path.join(root, 'test', 'hang.test.js'), HANGING_TEST);
    // The agents' temporary directories go to one of this test (os.tmpdir() reads TMPDIR).
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'empathy-interrupt-tmp-'));
    dirs.push(tmp);
    vi.stubEnv('TMPDIR', tmp);
    const signals = new EventEmitter();
    const io = recordingIO(root);
    const running = runReleasePrep(['--no-learn', '--no-cache'], io, signals as never);
    let ended = false;
    const end = () => {
      ended = true;
    };
    running.then(end, end);
    // The interrupt comes when the coverage agent's test run is under way (its directory exists),
    // not after a delay: the outcome does not depend on how fast the machine is.
    while (!ended && !coverageRunStarted(tmp)) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ended).toBe(false);
    signals.emit('SIGINT');
    const code = await running;
    expect(code).toBe(130);
    // Nothing of the run outlives the command (before, the coverage run's directory was removed
    // after the command had returned, and was left behind when the process ended at once).
    expect(agentTempDirs(tmp)).toEqual([]);
    expect(io.out).toBe('');
    expect(io.err).toContain('release-prep: interrupted; agents stopped, no report written');
    expect(signals.listenerCount('SIGINT')).toBe(0);
    expect(signals.listenerCount('SIGTERM')).toBe(0);
  }); // a run that was not stopped would end with a report (exit 1), not 130
});

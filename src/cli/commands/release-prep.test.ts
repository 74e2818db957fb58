import { afterEach, describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { recordingIO } from '../test-io.test-helper.js';
import { runReleasePrep } from './release-prep.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A test that never ends: a run that is not stopped would wait for the coverage deadline (minutes). */
const HANGING_TEST = `const { test } = require('node:test');
test('never ends', () => new Promise(() => { setInterval(() => {}, 1000); }));
`;

describe('release-prep interrupted', () => {
  it('stops the agents on SIGINT, writes no report and returns 130', async () => {
    const root = path.join(mkdtempSync(path.join(os.tmpdir(), 'empathy-interrupt-')), 'js-lib');
    dirs.push(path.dirname(root));
    cpSync(path.resolve(import.meta.dirname, '../../../test/fixtures/js-lib'), root, { recursive: true });
    writeFileSync(path.join(root, 'test', 'hang.test.js'), HANGING_TEST);
    const signals = new EventEmitter();
    // The interrupt comes when the coverage agent has started (the progress display says so),
    // not after a delay: the outcome does not depend on how fast the machine is.
    let sent = false;
    const io = recordingIO(root, {
      stderrIsTTY: true,
      stderr: (text) => {
        io.err += text;
        if (!sent && text.includes('⏳ test_coverage_analyzer')) {
          sent = true;
          setImmediate(() => signals.emit('SIGINT'));
        }
      },
    });
    const code = await runReleasePrep(['--no-learn', '--no-cache'], io, signals as never);
    expect(sent).toBe(true);
    expect(code).toBe(130);
    expect(io.out).toBe('');
    expect(io.err).toContain('release-prep: interrupted; agents stopped, no report written');
    expect(signals.listenerCount('SIGINT')).toBe(0);
    expect(signals.listenerCount('SIGTERM')).toBe(0);
  }); // a run that was not stopped would end with a report (exit 1), not 130
});

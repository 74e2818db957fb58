import { afterEach, describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { recordingIO } from '../test-io.js';
import { runReleasePrep } from './release-prep.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('release-prep interrupted', () => {
  it('stops the agents on SIGINT, writes no report and returns 130', async () => {
    const root = path.join(mkdtempSync(path.join(os.tmpdir(), 'empathy-interrupt-')), 'js-lib');
    dirs.push(path.dirname(root));
    cpSync(path.resolve(import.meta.dirname, '../../../test/fixtures/js-lib'), root, { recursive: true });
    const signals = new EventEmitter();
    const io = recordingIO(root);
    const started = performance.now();
    const run = runReleasePrep(['--no-learn', '--no-cache'], io, signals as never);
    setTimeout(() => signals.emit('SIGINT'), 300);
    expect(await run).toBe(130);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(io.out).toBe('');
    expect(io.err).toContain('release-prep: interrupted; agents stopped, no report written');
    expect(signals.listenerCount('SIGINT')).toBe(0);
    expect(signals.listenerCount('SIGTERM')).toBe(0);
  });
});

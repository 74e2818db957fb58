import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../core/run-command.js';
import { cleanupCopies, copyFixtures } from './fixture-copy.test-helper.js';
import { readV8CoverageDir } from './v8-coverage.js';

afterAll(cleanupCopies);

describe('readV8CoverageDir (NODE_V8_COVERAGE, for runners without coverage options)', () => {
  it('gives the same line figures as node:test lcov on js-lib', async () => {
    const root = await copyFixtures(['js-lib']);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'empathy-v8-test-'));
    try {
      const run = await runCommand(process.execPath, ['--test', 'test/'], { cwd: root, env: { NODE_V8_COVERAGE: dir }, timeoutMs: 60_000 });
      expect(run.exitCode).toBe(0);
      const raw = await readV8CoverageDir(dir, root);
      const byPath = new Map(raw.files.map((f) => [path.relative(root, f.reportPath), f]));
      expect([...byPath.keys()].sort()).toEqual(['lib/parse.js', 'lib/queue.js', 'test/queue.test.js']);
      const parse = byPath.get('lib/parse.js')!;
      expect([parse.linesTotal, parse.linesCovered]).toEqual([21, 10]);
      expect([...parse.lines!].filter(([, h]) => h === 0).map(([l]) => l)).toEqual([13, 14, 20, 21, 22, 23, 24, 25, 26, 27, 28]);
      expect([byPath.get('lib/queue.js')!.linesTotal, byPath.get('lib/queue.js')!.linesCovered]).toEqual([21, 19]);
      expect(parse.functions.find((f) => f.name === 'formatDuration')).toMatchObject({ startLine: 20, endLine: 28, hits: 0 });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

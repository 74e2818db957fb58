import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { skipNote, testPython } from '../../core/optional-programs.test-helper.js';
import { cleanupCopies, copyFixtures } from '../../analysis/coverage/fixture-copy.test-helper.js';
import { runCommand } from '../../core/run-command.js';
import { TestCoverageBoostWorkflow } from './workflow.js';

/** sha256 of every file under `root` (node_modules excluded), by relative path. */
async function snapshot(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await fs.readdir(root, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const rel = path.relative(root, full);
    if (!entry.isFile() || rel.split(path.sep).includes('node_modules')) continue;
    out.set(
      rel.split(path.sep).join('/'),
      createHash('sha256')
        .update(await fs.readFile(full))
        .digest('hex'),
    );
  }
  return out;
}

/** Asserts every file of `before` is byte-identical and the only new files are `written`. */
function expectOnlyAdded(before: Map<string, string>, after: Map<string, string>, written: string[]): void {
  for (const [file, hash] of before) expect(after.get(file), file).toBe(hash);
  const added = [...after.keys()].filter((f) => !before.has(f)).sort();
  expect(added).toEqual([...written].sort());
}

afterAll(cleanupCopies);

describe('TestCoverageBoostWorkflow on fixture libraries', () => {
  it('JS + node:test: raises coverage from 63.04% to 100%, kept tests and the suite pass, existing files untouched', async () => {
    const root = await copyFixtures(['js-lib']);
    const before = await snapshot(root);
    const r = await new TestCoverageBoostWorkflow({
      targetCoverage: 90,
      projectRoot: root,
      maxTimeSeconds: 300,
    }).execute();
    expect(r.coverageBefore).toBe(63.04);
    expect(r.coverageAfter).toBe(100);
    expect(r.coverageImprovement).toBe(36.96);
    expect(r.qualityGatesPassed).toBe(true);
    expect(r.validation.suitePassed).toBe(true);
    expect(r.writtenFiles.length).toBeGreaterThan(0);
    expect(r.writtenFiles.every((f) => /^test\/[\w-]+\.generated\.test\.js$/.test(f))).toBe(true);
    expect(r.testsGenerated).toBe(r.validation.keptFiles.reduce((n, k) => n + k.test_cases, 0));
    expectOnlyAdded(before, await snapshot(root), r.writtenFiles);
    for (const file of r.writtenFiles) {
      const run = await runCommand(process.execPath, ['--test', file], { cwd: root, timeoutMs: 60_000 });
      expect(run.exitCode, `${file}: ${run.stdout}`).toBe(0);
    }
    const suite = await runCommand(process.execPath, ['--test', 'test/'], { cwd: root, timeoutMs: 60_000 });
    expect(suite.exitCode, suite.stdout).toBe(0);
    const wire = r.toJSON();
    expect(wire['coverage_improvement']).toBe(36.96);
    expect(wire['tests_generated']).toBe(r.testsGenerated);
    expect(Object.keys(wire['validation'] as object)).toEqual(
      expect.arrayContaining(['all_passed', 'final_coverage', 'coverage_improvement', 'failures']),
    );
  });

  it('TS + vitest: raises coverage from 23.53% to 100%, kept tests and the suite pass, existing files untouched', async () => {
    const root = await copyFixtures(['ts-lib'], { linkNodeModules: true });
    const before = await snapshot(root);
    const r = await new TestCoverageBoostWorkflow({
      targetCoverage: 90,
      projectRoot: root,
      maxTimeSeconds: 300,
    }).execute({ priorityModules: ['strings'] });
    expect(r.coverageBefore).toBe(23.53);
    expect(r.coverageAfter).toBe(100);
    expect(r.analysis.gaps[0]?.path).toBe('src/strings.ts');
    expect(r.writtenFiles.every((f) => /^test\/[\w-]+\.generated\.test\.ts$/.test(f))).toBe(true);
    expectOnlyAdded(before, await snapshot(root), r.writtenFiles);
    const vitest = path.join(root, 'node_modules', '.bin', 'vitest');
    for (const file of r.writtenFiles) {
      const run = await runCommand(vitest, ['run', file], { cwd: root, timeoutMs: 120_000 });
      expect(run.exitCode, `${file}: ${run.stdout}`).toBe(0);
    }
    const suite = await runCommand(vitest, ['run'], { cwd: root, timeoutMs: 120_000 });
    expect(suite.exitCode, suite.stdout).toBe(0);
  }, 300_000);

  it.skipIf(!testPython.interpreter)(
    `Python + pytest: raises coverage from 72.41% to 82.76%, kept tests and the suite pass, existing files untouched${skipNote(!testPython.interpreter, 'python', 'Python 3 with pytest and coverage.py', testPython.tried.join('; '))}`,
    async () => {
      const root = await copyFixtures(['py-pkg']);
      const before = await snapshot(root);
      const python = [testPython.interpreter?.path ?? 'python3'];
      const r = await new TestCoverageBoostWorkflow({
        targetCoverage: 80,
        projectRoot: root,
        maxTimeSeconds: 300,
        pythonCandidates: python,
      }).execute();
      expect(r.coverageBefore).toBe(72.41);
      expect(r.coverageAfter).toBe(82.76);
      expect(r.targetReached).toBe(true);
      expect(r.writtenFiles.every((f) => /^tests\/test_generated_[\w]+\.py$/.test(f))).toBe(true);
      expectOnlyAdded(before, await snapshot(root), r.writtenFiles);
      for (const file of [...r.writtenFiles, 'tests']) {
        const run = await runCommand(
          python[0] as string,
          ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', file],
          { cwd: root, timeoutMs: 60_000, env: { PYTHONDONTWRITEBYTECODE: '1' } },
        );
        expect(run.exitCode, `${file}: ${run.stdout}`).toBe(0);
      }
    },
    240_000,
  );

  it('a dry run writes nothing but reports what it would keep', async () => {
    const root = await copyFixtures(['js-lib']);
    const before = await snapshot(root);
    const r = await new TestCoverageBoostWorkflow({
      targetCoverage: 90,
      projectRoot: root,
      dryRun: true,
      maxFiles: 1,
    }).execute();
    expect(r.dryRun).toBe(true);
    expect(r.writtenFiles).toEqual([]);
    expect(r.validation.keptFiles.length).toBe(1);
    expect(r.coverageAfter).toBeGreaterThan(r.coverageBefore as number);
    expect(await snapshot(root)).toEqual(before);
  });

  it('an interrupted run leaves no generated file behind', async () => {
    const root = await copyFixtures(['js-lib']);
    const before = await snapshot(root);
    // A temporary directory of this test alone, so other tests' scratch folders are not leftovers
    // of this run; the run is interrupted after its first validated candidate (no timer).
    const privateTmp = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'empathy-interrupt-')));
    const savedTmp = process.env['TMPDIR'];
    process.env['TMPDIR'] = privateTmp;
    const controller = new AbortController();
    try {
      const r = await new TestCoverageBoostWorkflow({
        projectRoot: root,
        onProgress: (e) => {
          if (e.type === 'candidate') controller.abort();
        },
      }).execute({ signal: controller.signal });
      expect(r.interrupted).toBe(true);
      expect(r.writtenFiles).toEqual([]);
      expect(await snapshot(root)).toEqual(before);
      expect(await fs.readdir(privateTmp)).toEqual([]);
    } finally {
      if (savedTmp === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = savedTmp;
      await fs.rm(privateTmp, { recursive: true, force: true });
    }
  });

  it('rejects bad options with a UserError', async () => {
    expect(() => new TestCoverageBoostWorkflow({ targetCoverage: 120 })).toThrow(
      /targetCoverage must be a number between 0 and 100/,
    );
    await expect(new TestCoverageBoostWorkflow({ projectRoot: '/no/such/dir' }).execute()).rejects.toThrow(
      /no such directory/,
    );
  });
});

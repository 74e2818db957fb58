import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { copyFixture, removeCopies, REPO, runCli } from './cli.test-helper.js';
import { skipNote, testPython } from '../../src/core/optional-programs.test-helper.js';

afterAll(removeCopies);

describe('empathy orchestrate test-coverage (built CLI)', () => {
  it.skipIf(!testPython.interpreter)(
    `raises py-pkg from 72.41% to 82.76% with the Python helper shipped in dist (exit 0 at --target 80)${skipNote(!testPython.interpreter, 'python', 'Python 3 with pytest and coverage.py', testPython.tried.join('; '))}`,
    async () => {
      const repo = copyFixture('py-pkg');
      const before = readdirSync(path.join(repo, 'tests')).sort();
      const run = await runCli(
        ['orchestrate', 'test-coverage', '--project-root', repo, '--target', '80', '--json'],
        REPO,
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const result = JSON.parse(run.stdout) as {
        analysis: { current_coverage: number };
        validation: { final_coverage: number; all_passed: boolean };
        tests_generated: number;
      };
      expect(result.analysis.current_coverage).toBe(72.41);
      expect(result.validation.final_coverage).toBe(82.76);
      expect(result.validation.all_passed).toBe(true);
      expect(result.tests_generated).toBeGreaterThan(0);
      const added = readdirSync(path.join(repo, 'tests')).filter((f) => !before.includes(f));
      expect(added.length).toBeGreaterThan(0);
      expect(added.every((f) => /^test_generated_.*\.py$/.test(f))).toBe(true);
    },
    300_000,
  );

  it('writes nothing with --dry-run and exits 1 when the target is not reached', async () => {
    const repo = copyFixture('js-lib');
    const run = await runCli(
      [
        'orchestrate',
        'test-coverage',
        '--project-root',
        repo,
        '--target',
        '100',
        '--dry-run',
        '--max-files',
        '1',
        '--json',
      ],
      REPO,
    );
    expect(run.code).toBe(1); // one file's worth of tests does not reach 100%
    const result = JSON.parse(run.stdout) as {
      dry_run: boolean;
      written_files: string[];
      coverage_improvement: number;
    };
    expect(result.dry_run).toBe(true);
    expect(result.coverage_improvement).toBeGreaterThan(0); // measured in the scratch copy
    expect(result.written_files).toEqual([]);
    expect(existsSync(path.join(repo, 'test'))).toBe(true);
    expect(readdirSync(path.join(repo, 'test'))).toEqual(['queue.test.js']);
  }, 300_000);

  it('rejects a bad target with exit 2', async () => {
    const run = await runCli(['orchestrate', 'test-coverage', '--target', '120'], REPO);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { skipNote, testPython as python } from '../../core/optional-programs.test-helper.js';
import type { TestProgress } from '../test-runner/index.js';
import { cleanupCopies, copyFixtures, indexRoot, RUN_DEADLINE_SECONDS } from './fixture-copy.test-helper.js';
import { coverageAnalyzer } from './index.js';

afterAll(cleanupCopies);

const PY_SKIP = skipNote(!python.interpreter, 'python', 'Python 3 with pytest and coverage.py', python.tried.join('; '));

/** Runs the coverage analyser on a copy of `fixture`, recording the test run's progress. */
async function measureFollowing(fixture: string, pythonCandidates?: string[]) {
  const seen: [string, TestProgress][] = [];
  const report = await coverageAnalyzer.analyze(await indexRoot(await copyFixtures([fixture])), {
    tier: 'CAPABLE',
    timeoutSeconds: RUN_DEADLINE_SECONDS,
    ...(pythonCandidates ? { pythonCandidates } : {}),
    onTestProgress: (progress, part) => seen.push([part, progress]),
  });
  return { report, seen };
}

describe('the coverage run reports its own progress (onTestProgress), and the report is the same', () => {
  it('js-lib via node:test: tests done, ending at the runner\'s own count; figures as without a listener', async () => {
    const { report, seen } = await measureFollowing('js-lib');
    const f = report.figures;
    expect([f.coverage, f.lines_total, f.lines_covered, f.source]).toEqual([63.04, 46, 29, 'run:node:test']); // as in analyzer-runs.test.ts
    const tests = f.parts[0]!.test_run!.tests;
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every(([part]) => part === 'JS/TS')).toBe(true);
    expect(seen.at(-1)![1]).toEqual({ testsDone: tests.run! + tests.skipped!, filesDone: null, total: null, percent: null });
    expect(JSON.stringify(report)).not.toMatch(/testsDone|percent/);
  });

  it.skipIf(!python.interpreter)(`py-pkg via pytest: the collected total and the percentage up to 100${PY_SKIP}`, async () => {
    const { report, seen } = await measureFollowing('py-pkg', python.interpreter ? [python.interpreter.path] : undefined);
    const tests = report.figures.parts[0]!.test_run!.tests;
    expect(report.figures.coverage).not.toBeNull();
    expect(seen.at(-1)).toEqual(['Python', { testsDone: null, filesDone: null, total: tests.run, percent: 100 }]);
  });
});

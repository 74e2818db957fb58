/**
 * Coverage reports in the repository are data the repository controls (issue 12). A committed
 * `coverage/lcov.info` claiming 100 % was used because its modification time was newer than
 * the sources (a tarball preserves mtimes; a fresh clone writes every file at once): 100 % HIGH
 * against a real 63 %. Now a report found in the repository is used only when git does not
 * track it and it is newer than every source, or when the user names it (--coverage-report);
 * outside a git repository the time rule alone decides, and the report says so.
 * Hostile repositories are built at test time from the js-lib fixture (node:test, 63.04 % for real).
 */
import { execFileSync } from 'node:child_process';
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { coverageAnalyzer } from '../../src/analysis/coverage/index.js';
import { cleanupCopies, copyFixtures, FIXTURES, indexRoot, placeReport, touchAll } from '../../src/analysis/coverage/fixture-copy.test-helper.js';
import { runReleasePrep } from '../../src/cli/commands/release-prep.js';
import { recordingIO } from '../../src/cli/test-io.test-helper.js';
import { TestCoverageBoostWorkflow } from '../../src/workflows/test-coverage/workflow.js';

afterAll(cleanupCopies);

const SOURCES_AT = new Date('2026-01-01T00:00:00Z');
const REPORT_AT = new Date('2026-01-02T00:00:00Z');
const REAL_RUN = 63.04; // js-lib's node:test suite, measured

/** The fixture's real lcov with every line marked as hit: a report claiming 100 %. */
const FORGED_LCOV = readFileSync(path.join(FIXTURES, 'cov-reports', 'js-lib.node-test.lcov.info'), 'utf8').replace(
  /^DA:(\d+),0$/gm,
  'DA:$1,1',
);

const git = (root: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', ...args], {
    cwd: root,
    stdio: 'pipe',
  });

/** js-lib with a forged report newer than every source; committed unless `commit` is false. */
async function hostileRepo({ commit = true } = {}): Promise<string> {
  const root = await copyFixtures(['js-lib']);
  await touchAll(root, SOURCES_AT);
  await fs.mkdir(path.join(root, 'coverage'));
  await fs.writeFile(path.join(root, 'coverage', 'lcov.info'), FORGED_LCOV);
  await fs.utimes(path.join(root, 'coverage', 'lcov.info'), REPORT_AT, REPORT_AT);
  git(root, 'init', '-q');
  if (commit) {
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'hostile: coverage report claiming 100 %');
  }
  return root;
}

describe('a tracked forged lcov is ignored', () => {
  it('CAPABLE: the real run gives the figure; the report says the tracked report was rejected and why', async () => {
    const root = await hostileRepo();
    const report = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CAPABLE' });
    expect(report.figures.coverage).toBe(REAL_RUN);
    expect(report.figures.source).toMatch(/^run:/);
    expect(report.figures.report_choices).toEqual([
      expect.objectContaining({ report: 'coverage/lcov.info', rule: 'tracked_by_git', accepted: false }),
    ]);
    expect(report.figures.notes[0]).toMatch(/^coverage\/lcov\.info: not used: git tracks it/);
  });

  it('CHEAP (reports only): not measured, with the rule as the reason; never the forged 100 %', async () => {
    const root = await hostileRepo();
    const report = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CHEAP' });
    expect(report.figures.coverage).toBeNull();
    expect(report.notMeasured).toEqual([
      expect.objectContaining({ what: 'coverage (JS/TS)', reason: expect.stringMatching(/git tracks it/) }),
    ]);
  });

  it('outside a git repository the time rule alone decides, and the note says so', async () => {
    const root = await hostileRepo({ commit: false });
    await fs.rm(path.join(root, '.git'), { recursive: true });
    const report = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CHEAP' });
    expect(report.figures.coverage).toBe(100);
    expect(report.figures.report_choices[0]).toMatchObject({ rule: 'newer_than_sources_no_git', accepted: true });
    expect(report.figures.notes[0]).toContain('not a git repository');
  });
});

describe('reports the user may trust', () => {
  it('an untracked report newer than every source is used; an untracked stale one is not', async () => {
    const root = await hostileRepo({ commit: false });
    await placeReport(root, 'js-lib.node-test.lcov.info', 'coverage/lcov.info', REPORT_AT);
    git(root, 'add', 'lib', 'test', 'package.json');
    git(root, 'commit', '-q', '-m', 'sources only');
    const fresh = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CHEAP' });
    expect([fresh.figures.coverage, fresh.figures.source]).toEqual([69.05, 'report:coverage/lcov.info']);
    expect(fresh.figures.report_choices).toEqual([expect.objectContaining({ rule: 'untracked_and_newer', accepted: true })]);

    const later = new Date('2026-01-03T00:00:00Z');
    await fs.utimes(path.join(root, 'lib', 'parse.js'), later, later);
    const stale = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CHEAP' });
    expect(stale.figures.coverage).toBeNull();
    expect(stale.figures.report_choices).toEqual([expect.objectContaining({ rule: 'older_than_sources', accepted: false })]);
  });

  it('release-prep --coverage-report FILE uses the named report even when git tracks it', async () => {
    const root = await hostileRepo();
    const io = recordingIO(root, { env: { ...process.env, EMPATHY_CONFIG_DIR: path.join(root, 'no-user-config') } });
    const argv = ['--agents', 'test_coverage_analyzer', '--coverage-report', 'coverage/lcov.info', '--no-learn', '--no-cache', '--json'];
    await runReleasePrep(argv, io);
    const report = JSON.parse(io.out) as {
      quality_gates: { name: string; actual: number | null }[];
      agent_results: { output: { figures: { source: string; report_choices: { rule: string }[] } } }[];
    };
    expect(report.quality_gates.find((g) => g.name === 'Test Coverage')?.actual).toBe(100);
    const figures = report.agent_results[0]!.output.figures;
    expect(figures.source).toBe('report:coverage/lcov.info');
    expect(figures.report_choices.map((c) => c.rule)).toEqual(['named']);

    const missing = await runReleasePrep(['--coverage-report', 'nope.info'], recordingIO(root)).catch((e: unknown) => e);
    expect((missing as Error).message).toBe('--coverage-report nope.info: no such file');
  });

  it('test-coverage --coverage-report: the starting coverage is read from the named report', async () => {
    const root = await hostileRepo();
    const result = await new TestCoverageBoostWorkflow({
      projectRoot: root,
      coverageReport: 'coverage/lcov.info',
      targetCoverage: 50,
      dryRun: true,
      maxFiles: 1,
      maxTimeSeconds: 60,
    }).execute();
    expect(result.coverageBefore).toBe(100);
  });
});

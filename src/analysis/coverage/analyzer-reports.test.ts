import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EmpathyError, UserError } from '../../errors.js';
import { cleanupCopies, copyFixtures, indexRoot, placeReport, touchAll } from './fixture-copy.test-helper.js';
import { coverageAnalyzer } from './index.js';

const SOURCES_AT = new Date('2026-01-01T00:00:00Z');
const REPORT_AT = new Date('2026-01-02T00:00:00Z');
const LATER = new Date('2026-01-03T00:00:00Z');

async function repo(fixtures: string[], reports: [string, string][]): Promise<string> {
  const root = await copyFixtures(fixtures);
  await touchAll(root, SOURCES_AT);
  for (const [fixture, at] of reports) await placeReport(root, fixture, at, REPORT_AT);
  return root;
}

afterAll(cleanupCopies);

describe('coverage analyser on existing reports (CHEAP tier: read only)', () => {
  it('js-lib + node:test lcov: blank/comment lines dropped, test files left out, exact figures', async () => {
    const root = await repo(['js-lib'], [['js-lib.node-test.lcov.info', 'coverage/lcov.info']]);
    const report = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CHEAP' });
    const f = report.figures;
    // parse.js: 21 code lines, 10 covered; queue.js: 21 code lines, 19 covered (hand-counted).
    expect([f.coverage, f.lines_total, f.lines_covered]).toEqual([69.05, 42, 29]);
    expect(f.source).toBe('report:coverage/lcov.info');
    expect(f.freshness?.fresh).toBe(true);
    expect(f.files.map(({ covered_lines: _covered, ...row }) => row)).toEqual([
      { path: 'lib/parse.js', lines_total: 21, lines_covered: 10, pct: 47.62, uncovered_lines: [13, 14, 20, 21, 22, 23, 24, 25, 26, 27, 28] },
      { path: 'lib/queue.js', lines_total: 21, lines_covered: 19, pct: 90.48, uncovered_lines: [14, 15] },
    ]);
    // covered + uncovered lines are the executable lines, disjoint (what gates on new code read)
    for (const row of f.files) {
      expect(row.covered_lines).toHaveLength(row.lines_covered);
      expect(row.covered_lines?.some((line) => row.uncovered_lines?.includes(line))).toBe(false);
    }
    expect(f.gaps.functions.map((g) => [g.path, g.name, g.uncovered, g.end_line])).toEqual([
      ['lib/parse.js', 'formatDuration', 9, null],
      ['lib/parse.js', 'parseDuration', 2, null],
      ['lib/queue.js', 'push', 2, null],
    ]);
    // the report never saw lib/index.js: listed, not counted
    expect(f.unmeasured_files).toEqual(['lib/index.js']);
    expect(report.notMeasured.map((n) => n.what)).toEqual(['coverage of 1 JS/TS source file(s)']);
    expect(f.branch_coverage).toBeNull(); // CHEAP: no branch figures
  });

  it('a report older than a source file is stale: CHEAP gives null + the stale figure apart, never the gate figure', async () => {
    const root = await repo(['js-lib'], [['js-lib.node-test.lcov.info', 'coverage/lcov.info']]);
    await fs.utimes(path.join(root, 'lib/parse.js'), LATER, LATER);
    const report = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CHEAP' });
    expect(report.figures.coverage).toBeNull();
    expect(report.figures.stale_reports).toEqual([
      {
        source: 'report:coverage/lcov.info',
        coverage: 69.05,
        report_at: REPORT_AT.toISOString(),
        newer_source: 'lib/parse.js',
        newer_source_at: LATER.toISOString(),
      },
    ]);
    expect(report.notMeasured).toEqual([
      {
        what: 'coverage (JS/TS)',
        reason: 'coverage/lcov.info is stale: lib/parse.js changed after it was written',
        fix: 'run with the CAPABLE tier (runs the tests with coverage) or generate a fresh report',
      },
    ]);
  });

  it('ts-lib + istanbul coverage-final.json: per-file table and ranked gaps', async () => {
    const root = await repo(['ts-lib'], [['ts-lib.coverage-final.json', 'coverage/coverage-final.json']]);
    const report = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'PREMIUM' });
    const f = report.figures;
    expect([f.coverage, f.lines_total, f.lines_covered]).toEqual([23.53, 17, 4]);
    expect(f.files.map((r) => [r.path, r.lines_total, r.lines_covered, r.pct])).toEqual([
      ['src/index.ts', 0, 0, null],
      ['src/math.ts', 9, 3, 33.33],
      ['src/strings.ts', 8, 1, 12.5],
    ]);
    expect(f.gaps.files.map((g) => [g.path, g.uncovered])).toEqual([
      ['src/strings.ts', 7],
      ['src/math.ts', 6],
    ]);
    expect(f.gaps.functions.map((g) => [g.path, g.name, g.uncovered_lines])).toEqual([
      ['src/math.ts', 'clamp', [18, 19, 21, 22, 24]],
      ['src/strings.ts', 'add', [22, 23, 24]],
      ['src/math.ts', 'divide', [12]],
      ['src/strings.ts', 'titleCase', [11]],
      ['src/strings.ts', '(anonymous_2)', [13]],
      ['src/strings.ts', 'get', [28]],
    ]);
    // PREMIUM: branches from the report (math 1/6, strings 0/4).
    expect([f.branch_coverage, f.branches_total, f.branches_covered]).toEqual([10, 10, 1]);
    expect(report.notMeasured).toEqual([]);
    expect(report.tools).toContainEqual({ name: 'istanbul-lib-coverage', version: null });
  });

  it.each([
    ['ts-lib.coverage-summary.json', 'coverage/coverage-summary.json'],
    ['ts-lib.cobertura-coverage.xml', 'coverage/cobertura-coverage.xml'],
    ['ts-lib.lcov.info', 'coverage/lcov.info'],
  ])('ts-lib + %s gives the same 23.53%%', async (fixture, at) => {
    const root = await repo(['ts-lib'], [[fixture, at]]);
    const report = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CHEAP' });
    expect([report.figures.coverage, report.figures.lines_total, report.figures.lines_covered]).toEqual([23.53, 17, 4]);
    if (fixture.includes('summary')) {
      expect(report.figures.files.every((r) => r.uncovered_lines === null)).toBe(true);
      expect(report.notMeasured.map((n) => n.what)).toEqual(['uncovered line numbers']);
    }
  });

  it.each([
    ['py-pkg.coverage.json', 'coverage.json'],
    ['py-pkg.coverage.xml', 'coverage.xml'],
  ])('py-pkg + %s: 21/29 lines = 72.41%% (coverage.py percent_covered would say 68.57)', async (fixture, at) => {
    const root = await repo(['py-pkg'], [[fixture, at]]);
    const report = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'PREMIUM' });
    const f = report.figures;
    expect([f.coverage, f.lines_total, f.lines_covered]).toEqual([72.41, 29, 21]);
    expect([f.branch_coverage, f.branches_total, f.branches_covered]).toEqual([50, 6, 3]);
    expect(f.files.find((r) => r.path === 'shapes/polygon.py')?.uncovered_lines).toEqual([19, 22, 23, 24, 25, 26]);
  });

  it('mixed JS + Python repo: parts measured separately, totals combined by lines', async () => {
    const root = await repo(
      ['js-lib', 'py-pkg'],
      [
        ['js-lib.node-test.lcov.info', 'coverage/lcov.info'],
        ['py-pkg.coverage.json', 'coverage.json'],
      ],
    );
    const f = (await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CHEAP' })).figures;
    expect([f.coverage, f.lines_total, f.lines_covered]).toEqual([70.42, 71, 50]);
    expect(f.source).toBe('report:coverage/lcov.info + report:coverage.json');
    expect(f.parts.map((p) => [p.part, p.coverage, p.lines_total, p.lines_covered])).toEqual([
      ['js', 69.05, 42, 29],
      ['python', 72.41, 29, 21],
    ]);
  });

  it('mixed repo with only the Python report: says the JS/TS part was not measured', async () => {
    const root = await repo(['js-lib', 'py-pkg'], [['py-pkg.coverage.json', 'coverage.json']]);
    const report = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CHEAP' });
    expect(report.figures.coverage).toBe(72.41);
    expect(report.figures.parts.map((p) => [p.part, p.source])).toEqual([
      ['python', 'report:coverage.json'],
      ['js', null],
    ]);
    expect(report.notMeasured.map((n) => n.what)).toEqual(['coverage (JS/TS)']);
  });

  it.each([
    ['truncated.coverage-final.json', 'coverage/coverage-final.json', /not valid JSON/],
    ['wrong-schema.json', 'coverage/coverage-final.json', /not istanbul file coverage/],
    ['truncated.coverage.xml', 'coverage.xml', /not well-formed XML/],
  ])('an unreadable report (%s) -> not measured with a clear message, no crash', async (fixture, at, message) => {
    const root = await repo(['ts-lib'], [[fixture, at]]);
    const report = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CHEAP' });
    expect(report.figures.coverage).toBeNull();
    expect(report.notMeasured[0]?.what).toBe(`coverage report ${at}`);
    expect(report.notMeasured[0]?.reason).toMatch(message);
    expect(report.notMeasured[1]?.reason).toMatch(/no coverage report found/);
  });

  it('report paths outside the root are ignored', async () => {
    const root = await repo(['ts-lib'], []);
    const outside = JSON.stringify({ '/elsewhere/src/math.ts': { path: '/elsewhere/src/math.ts', statementMap: {}, s: {} } });
    await fs.mkdir(path.join(root, 'coverage'));
    await fs.writeFile(path.join(root, 'coverage/coverage-final.json'), outside);
    await fs.utimes(path.join(root, 'coverage/coverage-final.json'), REPORT_AT, REPORT_AT);
    const report = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CHEAP' });
    expect(report.figures.coverage).toBeNull();
    expect(report.notMeasured[0]?.reason).toMatch(/no coverage report found/);
  });

  it('an error while measuring a part (a source that cannot be read) -> that part not measured, no crash', async () => {
    const root = await repo(['js-lib'], [['js-lib.node-test.lcov.info', 'coverage/lcov.info']]);
    const real = await indexRoot(root);
    const index = { ...real, read: async (p: string) => Promise.reject(new EmpathyError(`cannot read ${p}`, 'FILE_CHANGED')) };
    const report = await coverageAnalyzer.analyze(index, { tier: 'CHEAP' });
    expect(report.figures.coverage).toBeNull();
    expect(report.notMeasured).toEqual([{ what: 'coverage (JS/TS)', reason: 'cannot read lib/parse.js' }]);
  });

  it('a bad timeout is a one-line UserError', async () => {
    const index = await indexRoot(await repo(['js-lib'], []));
    await expect(coverageAnalyzer.analyze(index, { tier: 'CAPABLE', timeoutSeconds: -1 })).rejects.toThrow(
      new UserError('coverage timeout must be a positive number of seconds, got -1'),
    );
  });

  it('no source files -> not measured', async () => {
    const root = await copyFixtures(['cov-reports']);
    const report = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CAPABLE' });
    expect(report.figures.coverage).toBeNull();
    expect(report.notMeasured).toEqual([{ what: 'coverage', reason: 'no JavaScript, TypeScript or Python source files under the root' }]);
  });
});

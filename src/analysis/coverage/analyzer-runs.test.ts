import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupCopies, copyFixtures, indexRoot, placeReport, touchAll, RUN_DEADLINE_SECONDS } from './fixture-copy.test-helper.js';
import { coverageAnalyzer } from './index.js';
import { skipNote, testPython as python } from '../../core/optional-programs.test-helper.js';

afterAll(cleanupCopies);

/** Files in the copy other than node_modules, to prove nothing was left in the repository. */
async function listing(root: string): Promise<string[]> {
  const entries = await fs.readdir(root, { recursive: true });
  return entries.filter((e) => !e.startsWith('node_modules')).sort();
}

const PY_SKIP = skipNote(!python.interpreter, 'python', 'Python 3 with pytest and coverage.py', python.tried.join('; '));

describe('coverage analyser running the project tests (CAPABLE tier)', () => {
  it('ts-lib via its own vitest + @vitest/coverage-v8: 4/17 lines, untested files included, nothing left in the repo', async () => {
    const root = await copyFixtures(['ts-lib'], { linkNodeModules: true });
    const before = await listing(root);
    const report = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CAPABLE', timeoutSeconds: RUN_DEADLINE_SECONDS });
    const f = report.figures;
    expect(report.notMeasured).toEqual([]);
    expect([f.coverage, f.lines_total, f.lines_covered, f.source, f.tests_failed]).toEqual([23.53, 17, 4, 'run:vitest', false]);
    expect(f.files.map((r) => [r.path, r.lines_total, r.lines_covered, r.uncovered_lines])).toEqual([
      ['src/index.ts', 0, 0, []],
      ['src/math.ts', 9, 3, [12, 18, 19, 21, 22, 24]],
      ['src/strings.ts', 8, 1, [11, 13, 19, 22, 23, 24, 28]],
    ]);
    expect(f.gaps.functions[0]).toMatchObject({ path: 'src/math.ts', name: 'clamp', uncovered: 5, start_line: 17, end_line: 25, calls: 0 });
    expect(report.tools).toEqual([
      { name: 'vitest', version: '4.1.12' },
      { name: '@vitest/coverage-v8', version: '4.1.12' },
    ]);
    expect(await listing(root)).toEqual(before);
  });

  it('js-lib via node:test: V8 lines without blanks/comments, the never-loaded lib/index.js counted as uncovered', async () => {
    const root = await copyFixtures(['js-lib']);
    const before = await listing(root);
    const report = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CAPABLE', timeoutSeconds: RUN_DEADLINE_SECONDS });
    const f = report.figures;
    // parse.js 10/21, queue.js 19/21, index.js 0/4 (lines 1, 3, 4, 6) = 29/46.
    expect([f.coverage, f.lines_total, f.lines_covered, f.source]).toEqual([63.04, 46, 29, 'run:node:test']);
    expect(f.unloaded_files).toEqual(['lib/index.js']);
    expect(f.files.find((r) => r.path === 'lib/index.js')?.uncovered_lines).toEqual([1, 3, 4, 6]);
    expect(f.gaps.files.map((g) => [g.path, g.uncovered])).toEqual([
      ['lib/parse.js', 11],
      ['lib/index.js', 4],
      ['lib/queue.js', 2],
    ]);
    expect(await listing(root)).toEqual(before);
  });

  it.skipIf(!python.interpreter)(`py-pkg via pytest + coverage.py: 21/29 lines; PREMIUM adds 3/6 branches${PY_SKIP}`, async () => {
    const root = await copyFixtures(['py-pkg']);
    const before = await listing(root);
    const report = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'PREMIUM', timeoutSeconds: RUN_DEADLINE_SECONDS });
    const f = report.figures;
    expect(report.notMeasured).toEqual([]);
    expect([f.coverage, f.lines_total, f.lines_covered, f.source, f.tests_failed]).toEqual([72.41, 29, 21, 'run:pytest', false]);
    expect([f.branch_coverage, f.branches_total, f.branches_covered]).toEqual([50, 6, 3]);
    expect(f.files.map((r) => [r.path, r.lines_covered, r.lines_total])).toEqual([
      ['shapes/__init__.py', 3, 3],
      ['shapes/area.py', 7, 9],
      ['shapes/polygon.py', 11, 17],
    ]);
    expect(report.tools[0]).toEqual({ name: 'coverage.py', version: python.interpreter?.coverageVersion });
    expect(await listing(root)).toEqual(before);
  });

  it.skipIf(!python.interpreter)(
    `Python without tests: every statement of the shipped sources measured as not covered ("no tests"); scripts and excluded files left out${PY_SKIP}`,
    async () => {
      const root = await copyFixtures(['py-pkg']);
      await fs.rm(path.join(root, 'tests'), { recursive: true });
      // a helper script in tools/: not a shipped source (the package is shapes/)
      await fs.mkdir(path.join(root, 'tools', 'py'), { recursive: true });
      await fs.writeFile(path.join(root, 'tools', 'py', 'helper.py'), 'def twice(x):\n    return 2 * x\n');
      // an excluded fixture whose test would fail (and break collection) if pytest saw it
      await fs.mkdir(path.join(root, 'fixtures', 'broken'), { recursive: true });
      await fs.writeFile(path.join(root, 'fixtures', 'broken', 'test_broken.py'), 'import missing_module\n');
      const index = await indexRoot(root, { exclude: ['fixtures/**'] });
      const report = await coverageAnalyzer.analyze(index, { tier: 'CAPABLE', timeoutSeconds: RUN_DEADLINE_SECONDS });
      const f = report.figures;
      expect(report.notMeasured).toEqual([]);
      expect([f.coverage, f.lines_covered, f.source, f.tests_failed]).toEqual([
        0,
        0,
        'run:coverage.py (no Python test files)',
        false,
      ]);
      // 29 statements of shapes/ (3 + 9 + 17), none run.
      expect(f.files.map((r) => [r.path, r.lines_covered, r.lines_total])).toEqual([
        ['shapes/__init__.py', 0, 3],
        ['shapes/area.py', 0, 9],
        ['shapes/polygon.py', 0, 17],
      ]);
      expect(f.notes.some((n) => n.startsWith('no tests:'))).toBe(true);
    },
  );

  it('CAPABLE with a stale report runs the tests instead, and still lists the stale report', async () => {
    const root = await copyFixtures(['js-lib']);
    await touchAll(root, new Date('2026-01-03T00:00:00Z'));
    await placeReport(root, 'js-lib.node-test.lcov.info', 'coverage/lcov.info', new Date('2026-01-02T00:00:00Z'));
    const report = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CAPABLE', timeoutSeconds: RUN_DEADLINE_SECONDS });
    expect([report.figures.coverage, report.figures.source, report.figures.freshness?.fresh]).toEqual([63.04, 'run:node:test', true]);
    expect(report.figures.stale_reports.map((s) => [s.source, s.coverage])).toEqual([['report:coverage/lcov.info', 69.05]]);
  });

  it('any other test command (node check.js) runs as written under NODE_V8_COVERAGE, converted to lines', async () => {
    const root = await copyFixtures(['js-lib']);
    await fs.writeFile(path.join(root, 'package.json'), JSON.stringify({ name: 'x', private: true, scripts: { test: 'node check.js' } }));
    await fs.writeFile(path.join(root, 'check.js'), "'use strict';\nconst { Queue } = require('./lib/queue');\nnew Queue().push(1);\n");
    const report = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CAPABLE', timeoutSeconds: RUN_DEADLINE_SECONDS });
    const f = report.figures;
    expect(f.source).toBe('run:node');
    // check.js 3/3; queue.js: push ran (not the full-queue branch), shift and the size getter never:
    // 14-15, 22-23, 26-27 uncovered -> 15/21 (c8 converts the data: a line gets the count of the
    // innermost range holding the whole line, so the indented `shift() {` and `get size() {` lines
    // take the class's count); parse.js and index.js never loaded: 21 + 4 uncovered.
    expect(f.files.map((r) => [r.path, r.lines_covered, r.lines_total])).toEqual([
      ['check.js', 3, 3],
      ['lib/index.js', 0, 4],
      ['lib/parse.js', 0, 21],
      ['lib/queue.js', 15, 21],
    ]);
    expect(f.files.find((r) => r.path === 'lib/queue.js')?.uncovered_lines).toEqual([14, 15, 22, 23, 26, 27]);
    expect([f.coverage, f.lines_total, f.lines_covered]).toEqual([36.73, 49, 18]);
    expect(f.unloaded_files).toEqual(['lib/index.js', 'lib/parse.js']);
  });

  it('a test command that hangs is stopped at the timeout and reported, not waited for', async () => {
    const root = await copyFixtures(['cov-hang']);
    const report = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CAPABLE', timeoutSeconds: 2 });
    expect(report.figures.coverage).toBeNull();
    expect(report.notMeasured).toHaveLength(1);
    expect(report.notMeasured[0]?.reason).toMatch(/^test command timed out after 2 s and was stopped: .*node --test test\//);
    expect(report.notMeasured[0]?.fix).toMatch(/timeoutSeconds/);
  });

  it('vitest project without node_modules -> "dependencies not installed (run npm ci)"', async () => {
    const root = await copyFixtures(['ts-lib']);
    const report = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CAPABLE' });
    expect(report.figures.coverage).toBeNull();
    expect(report.notMeasured).toEqual([{ what: 'coverage (JS/TS)', reason: 'dependencies not installed', fix: 'run npm ci (or npm install) in the project' }]);
  });

  it('failing tests still give coverage, with a finding', async () => {
    const root = await copyFixtures(['js-lib']);
    await fs.writeFile(path.join(root, 'test/fail.test.js'), "require('node:test')('fails', () => { throw new Error('no'); });\n");
    const report = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CAPABLE', timeoutSeconds: RUN_DEADLINE_SECONDS });
    expect([report.figures.coverage, report.figures.tests_failed]).toEqual([63.04, true]);
    expect(report.findings.map((x) => x.rule)).toEqual(['coverage/failing-tests']);
    expect(existsSync(path.join(root, 'coverage'))).toBe(false);
  });

  it('no Python interpreter with coverage.py -> not measured with the install fix', async () => {
    const root = await copyFixtures(['py-pkg']);
    const report = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CAPABLE', pythonCandidates: ['/nonexistent/python3'] });
    expect(report.figures.coverage).toBeNull();
    expect(report.notMeasured[0]?.reason).toBe('no Python interpreter with both coverage.py and pytest (/nonexistent/python3: not found)');
    expect(report.notMeasured[0]?.fix).toMatch(/python3-coverage python3-pytest/);
  });
});

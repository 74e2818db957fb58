import { afterEach, describe, expect, it } from 'vitest';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildProjectIndex } from '../../project/index.js';
import { skipNote, testPython as python } from '../../core/optional-programs.test-helper.js';
import type { AnalysisReport, NotMeasured } from '../types.js';
import { emptyFigures } from './figures.js';
import { cacheRule, coverageAnalyzer } from './index.js';
import type { CoverageFigures } from './types.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('coverage analyser result cache', () => {
  it('reuses a complete run on an unchanged tree and runs the tests again after a change', async () => {
    const root = path.join(mkdtempSync(path.join(os.tmpdir(), 'empathy-cov-cache-')), 'js-lib');
    dirs.push(path.dirname(root));
    cpSync(path.resolve(import.meta.dirname, '../../../test/fixtures/js-lib'), root, { recursive: true });

    const cold = await coverageAnalyzer.analyze(await buildProjectIndex(root), { tier: 'CAPABLE' });
    const warm = await coverageAnalyzer.analyze(await buildProjectIndex(root), { tier: 'CAPABLE' });
    expect(cold.cached).toBe(false);
    expect(cold.figures.coverage).toBe(63.04);
    expect(warm.cached).toBe(true);
    expect(warm.figures).toEqual(cold.figures);

    appendFileSync(path.join(root, 'test', 'queue.test.js'), "\ntest('formats', () => require('../lib/parse').formatDuration(5));\n");
    const changed = await coverageAnalyzer.analyze(await buildProjectIndex(root), { tier: 'CAPABLE' });
    expect(changed.cached).toBe(false);
    expect(changed.figures.coverage).toBeGreaterThan(63.04);
  });

  it('never reuses a run with failing tests', async () => {
    const root = path.join(mkdtempSync(path.join(os.tmpdir(), 'empathy-cov-cache-')), 'js-lib');
    dirs.push(path.dirname(root));
    cpSync(path.resolve(import.meta.dirname, '../../../test/fixtures/js-lib'), root, { recursive: true });
    appendFileSync(path.join(root, 'test', 'queue.test.js'), "\ntest('fails', () => { throw new Error('no'); });\n");
    const first = await coverageAnalyzer.analyze(await buildProjectIndex(root), { tier: 'CAPABLE' });
    const second = await coverageAnalyzer.analyze(await buildProjectIndex(root), { tier: 'CAPABLE' });
    expect(first.figures.tests_failed).toBe(true);
    expect(second.cached).toBe(false);
    expect(second.figures.notes).toContain('not cached: some tests failed (only a complete measurement, every part measured and every test passed, is reused)');
  });
});

/** A fixture copied into a temporary directory, with a documentation script (JS, no test, outside the measured set) added. */
function withDocScript(fixture: string | null): string {
  const root = path.join(mkdtempSync(path.join(os.tmpdir(), 'empathy-cov-cache-')), fixture ?? 'docs-only');
  dirs.push(path.dirname(root));
  if (fixture) cpSync(path.resolve(import.meta.dirname, '../../../test/fixtures', fixture), root, { recursive: true });
  mkdirSync(path.join(root, 'docs', '_static'), { recursive: true });
  writeFileSync(path.join(root, 'docs', '_static', 'copybutton.js'), 'export function copy(text) {\n  return navigator.clipboard.writeText(text);\n}\n');
  return root;
}

describe('a part with nothing to measure (no test file, an empty measured set)', () => {
  it('is a note, not a part left unmeasured; with nothing else, the figure is not measured and says why', async () => {
    const report = await coverageAnalyzer.analyze(await buildProjectIndex(withDocScript(null)), { tier: 'CAPABLE' });
    expect(report.figures.coverage).toBeNull();
    expect(report.figures.parts).toEqual([]);
    expect(report.notMeasured).toEqual([{ what: 'coverage', reason: expect.stringMatching(/^JS\/TS: nothing to measure: no tests: the project has no test file.*, and no file in the measured set/) }]);
    expect(report.figures.notes).toContain(report.notMeasured[0]!.reason);
  });

  it.skipIf(!python.interpreter)(`does not keep the other part's complete measurement out of the cache${skipNote(!python.interpreter, 'python', 'Python 3 with pytest and coverage.py', python.tried.join('; '))}`, async () => {
    const root = withDocScript('py-pkg');
    const options = { tier: 'CAPABLE' as const, pythonCandidates: [python.interpreter!.path] };
    const cold = await coverageAnalyzer.analyze(await buildProjectIndex(root), options);
    const warm = await coverageAnalyzer.analyze(await buildProjectIndex(root), options);
    expect(cold.figures.parts.map((p) => p.part)).toEqual(['python']);
    expect(cold.notMeasured.filter((n) => n.what.startsWith('coverage ('))).toEqual([]);
    expect(cold.figures.notes.some((n) => n.startsWith('JS/TS: nothing to measure'))).toBe(true);
    expect(warm.cached).toBe(true);
    expect(warm.figures).toEqual(cold.figures);
  });
});

describe('a Python part with nothing to measure (no test file, no shipped source)', () => {
  it.skipIf(!python.interpreter)(`does not keep a JS project's complete measurement out of the cache${skipNote(!python.interpreter, 'python', 'Python 3 with pytest and coverage.py', python.tried.join('; '))}`, async () => {
    const root = path.join(mkdtempSync(path.join(os.tmpdir(), 'empathy-cov-cache-')), 'js-lib');
    dirs.push(path.dirname(root));
    cpSync(path.resolve(import.meta.dirname, '../../../test/fixtures/js-lib'), root, { recursive: true });
    mkdirSync(path.join(root, 'scripts'));
    writeFileSync(path.join(root, 'scripts', 'release.py'), 'import sys\n\n\ndef main():\n    return sys.argv\n');
    const options = { tier: 'CAPABLE' as const, pythonCandidates: [python.interpreter!.path] };
    const cold = await coverageAnalyzer.analyze(await buildProjectIndex(root), options);
    const warm = await coverageAnalyzer.analyze(await buildProjectIndex(root), options);
    expect(cold.figures.parts.map((p) => p.part)).toEqual(['js']);
    expect(cold.notMeasured).toEqual([]);
    expect(cold.figures.notes.some((n) => n.startsWith('Python: nothing to measure: no tests'))).toBe(true);
    expect(warm.cached).toBe(true);
    expect(warm.figures).toEqual(cold.figures);
  });
});

describe('cacheRule', () => {
  const base = (figures: Partial<CoverageFigures>, notMeasured: NotMeasured[] = []): AnalysisReport<CoverageFigures> => ({
    analyzer: 'coverage', version: '1', tier: 'CAPABLE', root: '/r', findings: [], tools: [], filesCounted: 0, durationSeconds: 0, cached: false, notMeasured,
    figures: { ...emptyFigures(), coverage: 50, tests_failed: false, parts: [{ part: 'js', source: 'run:mocha', coverage: 50, lines_total: 2, lines_covered: 1, freshness: null, tests_failed: false }], ...figures },
  });

  it('caches a complete run whatever files it left unloaded or out of the data, and says so', () => {
    const r = cacheRule(base({ unloaded_files: ['bench/x.js'] }, [{ what: 'coverage of 2 JS/TS source file(s)', reason: 'not in run:vitest' }]));
    expect(r).toEqual({ store: true, note: 'cached: a complete measurement (1 file(s) the tests never loaded do not keep it out); reused while every input file is unchanged' });
  });

  it('keeps out an incomplete measurement, naming the rule', () => {
    expect(cacheRule(base({ tests_failed: true })).note).toMatch(/^not cached: some tests failed \(only a complete measurement/);
    expect(cacheRule(base({ coverage: null })).note).toMatch(/^not cached: no coverage figure/);
    const mixed = base({ parts: [{ part: 'js', source: 'run:jest', coverage: 50, lines_total: 2, lines_covered: 1, freshness: null, tests_failed: false }, { part: 'python', source: null, coverage: null, lines_total: null, lines_covered: null, freshness: null, tests_failed: null }] });
    expect(cacheRule(mixed)).toMatchObject({ store: false, note: expect.stringMatching(/^not cached: the Python part was not measured/) });
    expect(cacheRule(base({}, [{ what: 'dependency audit', reason: 'x' }])).note).toMatch(/^not cached: dependency audit not measured/);
  });
});

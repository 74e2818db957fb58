import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupCopies, copyFixtures, indexRoot, RUN_DEADLINE_SECONDS } from './fixture-copy.test-helper.js';
import { coverageAnalyzer } from './index.js';
import { skipNote, testPython as python } from '../../core/optional-programs.test-helper.js';

afterAll(cleanupCopies);


async function measure(root: string) {
  const report = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CAPABLE', timeoutSeconds: RUN_DEADLINE_SECONDS });
  const f = report.figures;
  return { report, f, run: f.parts[0]?.test_run, rows: f.files.map((r) => [r.path, r.lines_covered, r.lines_total]) };
}

// Each figure is counted by hand from the fixture's statements (see the comments) and matches
// `coverage run` + `coverage report` run by hand with the same configuration.
describe.skipIf(!python.interpreter)(`Python projects run as their maintainers run them${skipNote(!python.interpreter, 'python', 'Python 3 with pytest and coverage.py', python.tried.join('; '))}`, () => {
  it('pytest whose addopts need pytest-cov (not installed): its flags removed with a note, 6 of 9 statements', async () => {
    const { report, f, run, rows } = await measure(await copyFixtures(['py-cov-addopts']));
    expect(report.notMeasured).toEqual([]);
    // calc/__init__.py 1/1; calc/ops.py: add and sub run, div's body (10-12) does not: 5/8.
    expect([f.coverage, f.lines_covered, f.lines_total, f.source, f.tests_failed]).toEqual([66.67, 6, 9, 'run:pytest', false]);
    expect(rows).toEqual([
      ['calc/__init__.py', 1, 1],
      ['calc/ops.py', 5, 8],
    ]);
    expect(run?.tests).toEqual({ run: 2, passed: 2, failed: 0, skipped: 0 });
    expect(run?.neutralised).toEqual([{ item: '--cov=calc --cov-report=term-missing --no-cov-on-fail', reason: expect.stringMatching(/^pytest-cov: pytest-cov is not installed/) }]);
    expect(run?.command).toMatch(/-m pytest .*-o addopts=-ra$/);
    expect(run?.file_set).toEqual({ rule: "the package's shipped sources: flat layout, packages calc", count: 2, configured: false });
  });

  it('a coverage.py source that also lists the tests (sqlparse, click): the figure and the file-set count are the package\'s files', async () => {
    const root = await copyFixtures(['py-cov-addopts']);
    await fs.writeFile(path.join(root, '.coveragerc'), '[run]\nsource = calc, tests\n');
    const { report, f, run, rows } = await measure(root);
    expect(report.notMeasured).toEqual([]);
    expect(rows).toEqual([
      ['calc/__init__.py', 1, 1],
      ['calc/ops.py', 5, 8],
    ]);
    expect(run?.file_set).toEqual({ rule: 'coverage.py [run] source = calc, tests (.coveragerc)', count: 2, configured: true });
    expect(f.coverage).toBe(66.67);
  });

  it('an option pytest does not recognise (a plugin we do not know) is removed after its usage error, with a note', async () => {
    const root = await copyFixtures(['py-cov-addopts']);
    await fs.writeFile(path.join(root, 'pytest.ini'), '[pytest]\naddopts = -ra --unknown-plugin-flag\ntestpaths = tests\n');
    const { report, f } = await measure(root);
    expect(report.notMeasured).toEqual([]);
    expect(f.coverage).toBe(66.67);
    expect(f.notes).toContain('neutralised --unknown-plugin-flag: pytest here does not recognise them (a plugin is missing)');
  });

  it('ini options of a missing plugin under filterwarnings = error and --strict-config (pytest would stop): neutralised, 6 of 9', async () => {
    const root = await copyFixtures(['py-cov-addopts']);
    await fs.writeFile(path.join(root, 'pytest.ini'), '[pytest]\naddopts = -ra --strict-config\ntestpaths = tests\ntimeout = 5\nfilterwarnings =\n    error\n');
    const { report, f, run } = await measure(root);
    expect(report.notMeasured).toEqual([]);
    expect(f.coverage).toBe(66.67);
    expect(run?.neutralised.map((n) => n.item)).toEqual(['ini timeout', '--strict-config']);
  });

  it('src layout: the package imports from src/ without an install; docs/conf.py and scripts/ are not measured: 6 of 8', async () => {
    const { report, f, rows } = await measure(await copyFixtures(['py-src-layout']));
    expect(report.notMeasured).toEqual([]);
    // __init__ 2/2; core.py: hello("ann") runs 1, 2, 4 and shout's def (7), not 3 or 8: 4/6.
    expect([f.coverage, f.lines_covered, f.lines_total]).toEqual([75, 6, 8]);
    expect(rows).toEqual([
      ['src/greet/__init__.py', 2, 2],
      ['src/greet/core.py', 4, 6],
    ]);
  });

  it('src layout whose tests read the installed version (importlib.metadata, like click): metadata from pyproject on PYTHONPATH, 6 of 8', async () => {
    const root = await copyFixtures(['py-src-layout']);
    await fs.writeFile(path.join(root, 'tests', 'test_version.py'), 'import importlib.metadata\n\n\ndef test_version():\n    assert importlib.metadata.version("greet") == "0.1.0"\n');
    const { report, f, run } = await measure(root);
    expect(report.notMeasured).toEqual([]);
    expect([f.coverage, f.lines_covered, f.lines_total, f.tests_failed]).toEqual([75, 6, 8, false]);
    expect(run?.tests).toEqual({ run: 2, passed: 2, failed: 0, skipped: 0 });
    expect(f.notes).toContain('package metadata greet 0.1.0 (from pyproject.toml) on PYTHONPATH, as an install would give it (importlib.metadata); nothing is installed');
  });

  it("flat layout with python_files = check_*.py: test_*.py is not collected; benchmarks, examples, docs, setup.py not measured: 5 of 6", async () => {
    const { report, f, run, rows } = await measure(await copyFixtures(['py-flat-layout']));
    expect(report.notMeasured).toEqual([]);
    // the empty mathx/__init__.py (executed_lines [0]) is 0 of 0; stats.py: line 3 (raise) not run.
    expect(rows).toEqual([
      ['mathx/__init__.py', 0, 0],
      ['mathx/stats.py', 5, 6],
    ]);
    expect([f.coverage, f.tests_failed]).toEqual([83.33, false]);
    expect(run?.tests).toEqual({ run: 2, passed: 2, failed: 0, skipped: 0 });
  });

  it('doctests in .rst through testpaths and --doctest-glob, and module doctests: the only tests, 6 of 7', async () => {
    const { report, f, run, rows } = await measure(await copyFixtures(['py-doctest-rst']));
    expect(report.notMeasured).toEqual([]);
    // docs/usage.rst runs title(); the count_words docstring runs count_words; unused() never runs.
    expect(rows).toEqual([
      ['textkit/__init__.py', 1, 1],
      ['textkit/words.py', 5, 6],
    ]);
    expect(f.coverage).toBe(85.71);
    expect(run?.tests.passed).toBe(2);
  });

  it('unittest-only project: unittest discovery, 9 of 10', async () => {
    const { report, f, run, rows } = await measure(await copyFixtures(['py-unittest']));
    expect(report.notMeasured).toEqual([]);
    // queue.py: pop's raise (line 10) never runs.
    expect(rows).toEqual([
      ['minique/__init__.py', 1, 1],
      ['minique/queue.py', 8, 9],
    ]);
    expect([f.coverage, f.source, run?.runner, run?.command]).toEqual([90, 'run:unittest', 'unittest', expect.stringMatching(/-m unittest discover -s tests$/)]);
  });

  it('no test file at all: 0 % of the 4 shipped statements, with the note "no tests"', async () => {
    const { report, f, run, rows } = await measure(await copyFixtures(['py-no-tests']));
    expect(report.notMeasured).toEqual([]);
    expect([f.coverage, f.lines_covered, f.lines_total]).toEqual([0, 0, 4]);
    expect(rows).toEqual([
      ['tinyfmt/__init__.py', 0, 0],
      ['tinyfmt/fmt.py', 0, 4],
    ]);
    expect(f.notes.some((n) => n.startsWith('no tests:'))).toBe(true);
    expect(run?.runner).toBe('none');
  });

  it('no test file, a script outside any package under src/ (a runtime asset of a JS tool): 0 % of its 4 statements', async () => {
    const root = await copyFixtures(['py-no-tests']);
    await fs.rm(path.join(root, 'tinyfmt'), { recursive: true });
    await fs.mkdir(path.join(root, 'src', 'tool', 'python'), { recursive: true });
    // 4 statements: the import, the def, its return, the if (its body is a 5th: `main()` under __main__).
    await fs.writeFile(path.join(root, 'src', 'tool', 'python', 'explore.py'), 'import sys\n\n\ndef main():\n    return sys.argv\n\n\nif __name__ == "__main__":\n    main()\n');
    const { report, f, run, rows } = await measure(root);
    expect(report.notMeasured).toEqual([]);
    // coverage.py finds an unimported file only in a source directory or below it through packages:
    // --source=src would miss it ("No data to report"), its own directory does not.
    expect(run?.command).toMatch(/--source=src\/tool\/python /);
    expect(rows).toEqual([['src/tool/python/explore.py', 0, 5]]);
    expect([f.coverage, run?.runner]).toEqual([0, 'none']);
    expect(f.notes.some((n) => n.startsWith('no tests:'))).toBe(true);
  });

  it('pytest exit 5 (testpaths with no test) and a collection error give no figure: not measured with pytest\'s own lines', async () => {
    const empty = await copyFixtures(['py-flat-layout']);
    await fs.mkdir(path.join(empty, 'nothing'));
    await fs.writeFile(path.join(empty, 'nothing', 'README'), 'no tests here\n');
    await fs.writeFile(path.join(empty, 'setup.cfg'), '[tool:pytest]\npython_files = check_*.py\ntestpaths = nothing\n');
    const noTests = await measure(empty);
    expect(noTests.f.coverage).toBeNull();
    expect(noTests.report.notMeasured[0]?.reason).toMatch(/^pytest collected no tests \(exit 5\), so no test result: .*\(command: .*-m pytest/);

    const broken = await copyFixtures(['py-cov-addopts']);
    await fs.writeFile(path.join(broken, 'tests', 'test_ops.py'), 'import not_installed_anywhere\n\n\ndef test_x():\n    pass\n');
    const collection = await measure(broken);
    expect(collection.f.coverage).toBeNull();
    expect(collection.report.notMeasured[0]?.reason).toMatch(/^pytest was interrupted \(exit 2\), so no test result: ERROR collecting tests\/test_ops.py \| .*ModuleNotFoundError: No module named 'not_installed_anywhere'/);
  });
});

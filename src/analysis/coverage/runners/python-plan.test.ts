import { describe, expect, it } from 'vitest';
import type { ProjectFile, ProjectIndex } from '../../../project/types.js';
import { planPythonRun } from './python-plan.js';
import type { PythonProjectFacts } from './python-probe.js';
import { judgePytest, judgeUnittest, pytestCounts, unittestCounts } from './python-result.js';
import { filterPytestOptions, shlexJoin, unrecognizedArguments } from './pytest-options.js';

/** A hand-built index of Python files (path -> text). */
function indexOf(files: Record<string, string>, exclude: string[] = []): ProjectIndex {
  const list: ProjectFile[] = Object.keys(files)
    .sort()
    .map((p) => ({ path: p, absolutePath: `/repo/${p}`, size: 1, mtimeMs: 0, language: p.endsWith('.py') ? 'python' : null, hash: p, loc: 1 }));
  return {
    root: '/repo',
    files: list,
    languages: {},
    skipped: { binary: 0, tooLarge: 0, symlinkOutsideRoot: 0, unreadable: 0, ignored: 0 },
    selection: { include: [], exclude, maxFileSizeBytes: 1e6 },
    read: (p) => Promise.resolve(files[p] ?? ''),
    byLanguage: (l) => list.filter((f) => f.language === l),
    cache: null,
  };
}

const facts = (over: Partial<PythonProjectFacts> = {}): PythonProjectFacts => ({
  pytest: null,
  coverage: null,
  commands: [],
  plugins: [],
  importable: {},
  errors: [],
  ...over,
});
const CACHE = { cacheDir: '/tmp/x/pytest-cache' };

describe('planPythonRun', () => {
  it('pytest with the repository config and no file list; pytest-cov options removed with a note; flat package measured', async () => {
    const index = indexOf({ 'calc/__init__.py': '', 'calc/ops.py': '', 'docs/conf.py': '', 'tests/test_ops.py': 'def test_x(): pass' });
    const plan = await planPythonRun(index, facts({ pytest: { file: 'pytest.ini', args: { addopts: ['--cov=calc', '--cov-report', 'term', '-ra', '--no-cov-on-fail'], testpaths: ['tests'] } } }), CACHE);
    expect(plan.kind).toBe('pytest');
    expect(plan.runArgs).toEqual(['-m', 'pytest', '-o', 'cache_dir=/tmp/x/pytest-cache', '-o', 'addopts=-ra']);
    expect(plan.removed).toEqual([{ plugin: 'pytest-cov', words: ['--cov=calc', '--cov-report term', '--no-cov-on-fail'], reason: 'pytest-cov is not installed (and coverage is measured by coverage.py running pytest)' }]);
    expect(plan.measured).toMatchObject({ coverageArgs: ['--source=calc'], files: ['calc/__init__.py', 'calc/ops.py'], srcLayout: false });
  });

  it('installed pytest-cov and xdist are blocked, and their options removed; other installed plugins keep theirs', async () => {
    const index = indexOf({ 'pkg/__init__.py': '', 'tests/test_a.py': '' });
    const plugins = [
      { name: 'pytest_cov', module: 'pytest_cov.plugin', dist: 'pytest-cov' },
      { name: 'xdist', module: 'xdist.plugin', dist: 'pytest-xdist' },
      { name: 'timeout', module: 'pytest_timeout', dist: 'pytest-timeout' },
    ];
    const plan = await planPythonRun(index, facts({ plugins, pytest: { file: 'tox.ini', args: { addopts: ['-n', 'auto', '--timeout=30', '--cov', 'pkg'] } } }), CACHE);
    expect(plan.runArgs).toEqual(['-m', 'pytest', '-o', 'cache_dir=/tmp/x/pytest-cache', '-p', 'no:pytest_cov', '-p', 'no:xdist', '-o', 'addopts=--timeout=30']);
    expect(plan.notes).toContain('neutralised -n auto (pytest-xdist): coverage.py running pytest measures one process, not xdist workers');
  });

  it('coverage.py [run] source decides the measured set; src layout goes on PYTHONPATH', async () => {
    const index = indexOf({ 'src/greet/__init__.py': '', 'tests/test_g.py': '' });
    const plan = await planPythonRun(index, facts({ coverage: { file: '.coveragerc', source: ['greet'], sourcePkgs: [], include: [], omit: ['*/vendor/*'], parallel: false, plugins: [] } }), CACHE);
    expect(plan.measured).toEqual({ rule: 'coverage.py [run] source = greet; omit = */vendor/* (.coveragerc)', coverageArgs: [], files: [], srcLayout: true });
    expect(plan.env).toEqual({ PYTHONPATH: '/repo/src' });
  });

  it('a coverage.py source naming no source code of the tree (copied from another project) falls back to the shipped sources, saying so', async () => {
    const index = indexOf({ 'src/itsdangerous/__init__.py': '', 'tests/test_a.py': '' });
    const coverage = { file: 'pyproject.toml', source: ['itsdangerous', 'tests'], sourcePkgs: [], include: [], omit: [], parallel: false, plugins: [] };
    const plan = await planPythonRun(index, facts({ coverage }), CACHE);
    expect(plan.measured.coverageArgs).toEqual([]);
    const stray = { ...coverage, source: ['jinja2', 'tests'] };
    const fallback = await planPythonRun(index, facts({ coverage: stray }), CACHE);
    expect(fallback.measured).toEqual({
      rule: "the package's shipped sources: src layout, everything under src/ (coverage.py [run] source = jinja2, tests (pyproject.toml) names no source code of this repository)",
      coverageArgs: ['--source=src'],
      files: ['src/itsdangerous/__init__.py'],
      srcLayout: true,
    });
  });

  it('shipped sources: top-level modules when there is no package, never setup.py, conf.py or bench files', async () => {
    const index = indexOf({ 'six.py': '', 'setup.py': '', 'bench.py': '', 'docs/conf.py': '', 'test_six.py': '' });
    const plan = await planPythonRun(index, facts(), CACHE);
    expect(plan.measured).toMatchObject({ coverageArgs: ['--source=.'], files: ['six.py'] });
  });

  it('unittest discovery when there is no pytest config and the tests are unittest-only (-s tests when tests/ is not a package)', async () => {
    const index = indexOf({ 'q/__init__.py': '', 'tests/test_q.py': 'import unittest\nclass T(unittest.TestCase):\n    def test_x(self): pass\n' });
    const plan = await planPythonRun(index, facts(), CACHE);
    expect([plan.kind, plan.runArgs]).toEqual(['unittest', ['-m', 'unittest', 'discover', '-s', 'tests']]);
  });

  it('tox evidence: its unittest command is used as written', async () => {
    const index = indexOf({ 'src/t/__init__.py': '', 'tests/__init__.py': '', 'tests/test_t.py': 'import pytest' });
    const plan = await planPythonRun(index, facts({ commands: [{ from: 'tox.ini [testenv]', words: ['python', '-m', 'unittest', '{posargs}'] }] }), CACHE);
    expect([plan.kind, plan.runArgs]).toEqual(['unittest', ['-m', 'unittest', 'discover']]);
  });

  it('tox pytest paths are used when the config has no testpaths; pytest-cov options in them removed', async () => {
    const index = indexOf({ 'm/__init__.py': '', 'tests/test_m.py': '' });
    const plan = await planPythonRun(index, facts({ commands: [{ from: 'tox.ini [testenv]', words: ['py.test', '--basetemp={envtmpdir}', '--cov=m', '-rfsxX', '{posargs}'] }] }), CACHE);
    expect(plan.runArgs).toEqual(['-m', 'pytest', '-o', 'cache_dir=/tmp/x/pytest-cache', '-rfsxX']);
  });

  it('tox substitutions: {tox_root}/tests and {env_site_packages_dir}/pkg name the tree; .pyi stubs are never measured', async () => {
    const index = indexOf({ 'boltons/__init__.py': '', 'boltons/x.py': '', 'boltons/x.pyi': '', 'tests/test_x.py': '' });
    const words = ['pytest', '--doctest-modules', '{env_site_packages_dir}/boltons', '{tox_root}/tests', '{posargs}'];
    const plan = await planPythonRun(index, facts({ pytest: { file: 'pyproject.toml', args: {} }, commands: [{ from: 'tox.ini [testenv]', words }] }), CACHE);
    expect(plan.runArgs.slice(4)).toEqual(['--doctest-modules', 'boltons', './tests']);
    expect(plan.measured.files).toEqual(['boltons/__init__.py', 'boltons/x.py']);
  });

  it('no test file and no doctest option: "no tests"; doctest options alone are tests', async () => {
    expect((await planPythonRun(indexOf({ 'p/__init__.py': '', 'p/a.py': '' }), facts(), CACHE)).kind).toBe('no-tests');
    const doctests = facts({ pytest: { file: 'pyproject.toml', args: { addopts: ['--doctest-modules'] } } });
    expect((await planPythonRun(indexOf({ 'p/__init__.py': '', 'p/a.py': '' }), doctests, CACHE)).kind).toBe('pytest');
  });

  it('ini options of a missing plugin (timeout = 5) under filterwarnings = error: config warnings ignored, --strict-config and required_plugins neutralised', async () => {
    const index = indexOf({ 'p/__init__.py': '', 'tests/test_p.py': '' });
    const pytest = { file: 'pytest.ini', args: { addopts: ['--strict-config', '-ra'], required_plugins: ['pytest-timeout>=2'] }, keys: ['addopts', 'filterwarnings', 'required_plugins', 'timeout'] };
    const plan = await planPythonRun(index, facts({ pytest }), CACHE);
    expect(plan.runArgs).toEqual(['-m', 'pytest', '-o', 'cache_dir=/tmp/x/pytest-cache', '-W', 'ignore::pytest.PytestConfigWarning', '-o', 'required_plugins=', '-o', 'addopts=-ra']);
    expect(plan.notes).toContain('neutralised ini timeout (pytest-timeout): pytest-timeout is not installed');
    expect(plan.notes).toContain('neutralised required_plugins pytest-timeout>=2 (pytest): not installed here');
    const installed = await planPythonRun(index, facts({ pytest, plugins: [{ name: 'timeout', module: 'pytest_timeout', dist: 'pytest-timeout' }] }), CACHE);
    expect(installed.runArgs).toEqual(['-m', 'pytest', '-o', 'cache_dir=/tmp/x/pytest-cache']);
  });

  it('the index exclude globs become --ignore-glob; a -p module that cannot be imported is removed', async () => {
    const index = indexOf({ 'p/__init__.py': '', 'tests/test_p.py': '' }, ['fixtures/**']);
    const plan = await planPythonRun(index, facts({ pytest: { file: 'pytest.ini', args: { addopts: ['-p', 'missing_plugin', '-ra'] } } }), CACHE);
    expect(plan.runArgs.slice(-3)).toEqual(['-o', 'addopts=-ra', '--ignore-glob=/repo/fixtures/*']);
    expect(plan.removed[0]).toMatchObject({ plugin: 'pytest -p', words: ['-p missing_plugin'] });
  });
});

describe('pytest options', () => {
  it('optional values: --cov alone, --cov pkg, --cov=pkg; benchmark prefixes; short -n4', () => {
    const { kept } = filterPytestOptions(['--cov', '-v', '--cov', 'pkg', '--benchmark-disable', '-n4', 'tests/'], [], {}, () => false);
    expect(kept).toEqual(['-v', 'tests/']);
  });

  it('shlexJoin quotes what shlex.split would split', () => {
    expect(shlexJoin(['-ra', '--doctest-glob=*.rst', "it's"])).toBe(`-ra '--doctest-glob=*.rst' 'it'"'"'s'`);
  });

  it('reads pytest usage errors', () => {
    expect(unrecognizedArguments('ERROR: usage: pytest [options]\npytest: error: unrecognized arguments: --foo --bar=1\n')).toEqual(['--foo', '--bar=1']);
  });
});

describe('judging runs', () => {
  it('pytest summary lines', () => {
    expect(pytestCounts('....\n===== 1 failed, 40 passed, 2 skipped, 3 warnings in 1.20s =====\n')?.counts).toEqual({ passed: 40, failed: 1, skipped: 2, errors: 0, xfailed: 0, xpassed: 0 });
    expect(pytestCounts('2 passed, 1 error in 0.01s')?.counts.errors).toBe(1);
  });

  it('pytest exit 4 and 5, and a run with only errors, are not measured; exit 1 with tests is a figure with failures', () => {
    const usage = judgePytest(4, 'ERROR: usage: __main__.py [options] [file_or_dir]\n__main__.py: error: unrecognized arguments: --cov=pkg\n');
    expect(usage).toEqual({ executed: false, reason: 'pytest usage error (exit 4), so no test result: __main__.py: error: unrecognized arguments: --cov=pkg' });
    expect(judgePytest(5, '\n==== no tests ran in 0.01s ====\n')).toMatchObject({ executed: false, reason: expect.stringMatching(/^pytest collected no tests \(exit 5\)/) });
    const collection = judgePytest(2, "_____ ERROR collecting tests/test_a.py _____\nE   ModuleNotFoundError: No module named 'requests'\n=== 1 error in 0.1s ===\n");
    expect(collection).toMatchObject({ executed: false });
    expect((collection as { reason: string }).reason).toContain("ERROR collecting tests/test_a.py | ModuleNotFoundError: No module named 'requests'");
    expect(judgePytest(1, '=== 3 errors in 0.2s ===')).toMatchObject({ executed: false });
    expect(judgePytest(1, '=== 1 failed, 2 passed in 0.2s ===')).toMatchObject({ executed: true, testsFailed: true, summary: '2 passed, 1 failed' });
  });

  it('unittest: Ran N tests, OK/FAILED details; only failed imports means no test executed', () => {
    expect(unittestCounts('..\n----\nRan 3 tests in 0.001s\n\nFAILED (failures=1, skipped=1)\n')?.counts).toEqual({ passed: 1, failed: 1, skipped: 1, errors: 0, xfailed: 0, xpassed: 0 });
    const imports = 'E\n======\nERROR: test_a (unittest.loader._FailedTest.test_a)\n----\nImportError: Failed to import test module: test_a\n\nRan 1 test in 0.000s\n\nFAILED (errors=1)\n';
    expect(judgeUnittest(1, imports)).toMatchObject({ executed: false });
    expect(judgeUnittest(5, '\nRan 0 tests in 0.000s\n\nNO TESTS RAN\n')).toMatchObject({ executed: false });
  });
});

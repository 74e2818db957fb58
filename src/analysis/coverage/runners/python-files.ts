/**
 * The Python file sets a test run is planned from: the measured file set (coverage.py's own
 * `[run]` configuration, else the package's shipped sources) and the project's test files.
 *
 * @module
 */
import path from 'node:path';
import picomatch from 'picomatch';
import type { ProjectIndex } from '../../../project/types.js';
import { sourceFilesOf } from '../measure.js';
import type { CoverageRunConfig, PytestConfig } from './python-probe.js';

/** The measured file set and the rule that chose it. */
export interface MeasuredSet {
  /** One line for the report, e.g. `coverage.py [run] source in pyproject.toml: markupsafe`. */
  rule: string;
  /** Arguments for `coverage run` (`--source=...`), empty when coverage.py's configuration decides. */
  coverageArgs: string[];
  /** Index paths that must be measured (files the data lacks are reported); empty when the configuration decides. */
  files: string[];
  /** True for a src layout: `src` goes on PYTHONPATH so tests import the package without an install. */
  srcLayout: boolean;
}

/** Directories that are never shipped sources unless coverage.py's configuration says so. */
const NOT_SHIPPED = new Set([
  'docs', 'doc', 'examples', 'example', 'benchmarks', 'benchmark', 'bench', 'scripts', 'script', 'tools',
  'ci', 'bin', 'build', 'dist', 'samples', 'sample', 'demo', 'demos', 'tests', 'test', 'testing', 'fuzzer', 'profiler',
]);
/** Top-level modules that are never shipped sources. */
const NOT_SHIPPED_MODULE = /^(setup|conftest|noxfile|fabfile|tasks|dodo|manage|conf|bench\w*|benchmark\w*|run_tests|runtests)\.py$/;

function top(p: string): string {
  return p.split('/')[0]!;
}

/**
 * Chooses the measured file set: coverage.py's `[run] source`/`source_pkgs`/`include` when the
 * project configures one (coverage.py applies it, with its `omit`); otherwise the shipped
 * sources: `src/` (src layout), else the top-level packages (directories with `__init__.py`),
 * else the top-level modules, never docs, `conf.py`, benchmarks, examples or scripts.
 */
export function measuredSet(index: ProjectIndex, coverage: CoverageRunConfig | null): MeasuredSet {
  // Type stubs (.pyi) hold no code that runs.
  const sources = sourceFilesOf(index, 'python')
    .map((f) => f.path)
    .filter((p) => p.endsWith('.py'));
  const srcLayout = sources.some((p) => p.startsWith('src/'));
  const named = coverage ? [...coverage.source, ...coverage.sourcePkgs] : [];
  const strays = named.filter((name) => !namesTreeCode(sources, name));
  if (coverage && named.length > 0 && strays.length === named.length) {
    // A [run] source naming no source code here (copied from another project, or the tests only)
    // would measure nothing of the package, or someone else's installed one: the shipped sources instead.
    const shipped = measuredSet(index, null);
    const why = `coverage.py [run] source = ${named.join(', ')} (${coverage.file}) names no source code of this repository`;
    return { ...shipped, rule: `${shipped.rule} (${why})` };
  }
  if (coverage && (coverage.source.length > 0 || coverage.sourcePkgs.length > 0 || coverage.include.length > 0)) {
    const parts = [
      ...(coverage.source.length ? [`source = ${coverage.source.join(', ')}`] : []),
      ...(coverage.sourcePkgs.length ? [`source_pkgs = ${coverage.sourcePkgs.join(', ')}`] : []),
      ...(coverage.include.length && !coverage.source.length && !coverage.sourcePkgs.length ? [`include = ${coverage.include.join(', ')}`] : []),
      ...(coverage.omit.length ? [`omit = ${coverage.omit.join(', ')}`] : []),
    ];
    return { rule: `coverage.py [run] ${parts.join('; ')} (${coverage.file})`, coverageArgs: [], files: [], srcLayout };
  }
  const from = coverage ? ` (${coverage.file} sets no [run] source or include)` : '';
  if (srcLayout) {
    const files = sources.filter((p) => p.startsWith('src/'));
    return { rule: `the package's shipped sources: src layout, everything under src/${from}`, coverageArgs: [`--source=${sourceRoots(files, sources).join(',')}`], files, srcLayout };
  }
  const packages = [...new Set(sources.filter((p) => p.includes('/') && !NOT_SHIPPED.has(top(p))).map(top))]
    .filter((dir) => sources.includes(`${dir}/__init__.py`))
    .sort();
  if (packages.length > 0) {
    const files = sources.filter((p) => packages.includes(top(p)));
    return { rule: `the package's shipped sources: flat layout, packages ${packages.join(', ')}${from}`, coverageArgs: [`--source=${sourceRoots(files, sources).join(',')}`], files, srcLayout };
  }
  const modules = sources.filter((p) => !p.includes('/') && !NOT_SHIPPED_MODULE.test(p));
  return {
    rule: modules.length > 0 ? `the package's shipped sources: top-level modules ${modules.join(', ')}${from}` : `no shipped Python sources found${from}`,
    coverageArgs: ['--source=.'],
    files: modules,
    srcLayout,
  };
}

/**
 * The `--source` directories under which coverage.py finds every file of `files`, also those no
 * test imported. coverage.py reports an unimported file only when it lies directly in a source
 * directory or below it through packages (directories with `__init__.py`): with `--source=src`,
 * `src/pkg/mod.py` is found, `src/tools/helper.py` (no `__init__.py` in `src/tools`) is not. So
 * each file's directory climbs while it is a package below a top-level directory, and the list
 * keeps where each climb stops (`src` for `src/pkg/sub/mod.py`, `src/tools` for
 * `src/tools/helper.py`, `pkg` for a flat-layout `pkg/sub/mod.py`).
 */
function sourceRoots(files: readonly string[], sources: readonly string[]): string[] {
  const isPackage = (dir: string) => sources.includes(`${dir}/__init__.py`);
  const roots = new Set<string>();
  for (const file of files) {
    let dir = path.posix.dirname(file);
    while (isPackage(dir) && path.posix.dirname(dir) !== '.') dir = path.posix.dirname(dir);
    roots.add(dir);
  }
  return [...roots].sort();
}

/** True when a coverage.py `source` entry (a directory or a package name) names non-test Python files of the index. */
function namesTreeCode(sources: readonly string[], name: string): boolean {
  const dir = name.replace(/^\.\//, '').replace(/\/+$/, '');
  const pkg = name.replaceAll('.', '/');
  return sources.some((p) => dir === '.' || p.startsWith(`${dir}/`) || p.startsWith(`${pkg}/`) || p.startsWith(`src/${pkg}/`) || p === `${pkg}.py` || p === `src/${pkg}.py`);
}

/** pytest's default `python_files`. */
const DEFAULT_PYTHON_FILES = ['test_*.py', '*_test.py'];

/**
 * The indexed files pytest would collect as test modules (`python_files`, matched on the base
 * name as pytest does) and the files unittest discovery would load (`test*.py`).
 */
export function pythonTestModules(index: ProjectIndex, pytest: PytestConfig | null): { pytest: string[]; unittest: string[] } {
  const patterns = pytest?.args['python_files'] ?? DEFAULT_PYTHON_FILES;
  const isPytest = picomatch(patterns, { basename: true, dot: true });
  const isUnittest = picomatch('test*.py', { basename: true });
  const py = index.files.filter((f) => f.language === 'python').map((f) => f.path);
  return { pytest: py.filter((p) => isPytest(p)), unittest: py.filter((p) => isUnittest(path.basename(p))) };
}

/** True when the options ask for doctests (`--doctest-modules`, `--doctest-glob`) or the default `test*.txt` doctest files exist. */
export function asksForDoctests(index: ProjectIndex, words: readonly string[], pytest: PytestConfig | null): boolean {
  if (words.some((w) => w === '--doctest-modules' || w.startsWith('--doctest-glob'))) return true;
  const globs = pytest?.args['doctest_glob'] ?? ['test*.txt'];
  const isDoctest = picomatch(globs, { basename: true });
  return index.files.some((f) => isDoctest(f.path));
}

/**
 * Maps the paths written in coverage reports to project-index paths, and tells test files
 * from source files.
 *
 * @module
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Language } from '../../project/types.js';

/** The two halves of a mixed repository, measured separately and combined by lines. */
export type CoveragePart = 'js' | 'python';

/** The part a language belongs to. */
export function partOf(language: Language | null): CoveragePart | null {
  if (language === 'typescript' || language === 'javascript') return 'js';
  if (language === 'python') return 'python';
  return null;
}

const JS_TEST = [
  /(^|\/)(test|tests|__tests__|__mocks__|spec|e2e)\//,
  /\.(test|spec)\.[cm]?[jt]sx?$/,
  /(^|\/)[^/]+\.config\.[cm]?[jt]s$/,
  /\.d\.[cm]?ts$/,
];
/** Python test modules pytest collects by default: `test_*.py` and `*_test.py`. */
const PY_TEST_MODULE = [/(^|\/)test_[^/]*\.py$/, /_test\.py$/];
const PY_TEST = [/(^|\/)(test|tests)\//, ...PY_TEST_MODULE, /(^|\/)conftest\.py$/, /^setup\.py$/, /^noxfile\.py$/];

/** True for a Python test module (`test_*.py`, `*_test.py`), the files pytest is given. */
export function isPythonTestModule(relativePath: string): boolean {
  return PY_TEST_MODULE.some((re) => re.test(relativePath));
}

/**
 * True for test, fixture-harness and configuration files, which are never part of the coverage
 * figure (`test/`, `tests/`, `__tests__/`, `*.test.*`, `*.spec.*`, `*.config.*`, `*.d.ts`;
 * Python `tests/`, `test_*.py`, `*_test.py`, `conftest.py`, `setup.py`).
 */
export function isTestOrConfigFile(relativePath: string, part: CoveragePart): boolean {
  const patterns = part === 'js' ? JS_TEST : PY_TEST;
  return patterns.some((re) => re.test(relativePath));
}

/** Where a report path points. */
export interface MappedPath {
  /** Path relative to the root with `/` separators, or null when it is outside the root. */
  path: string | null;
  /** True when that path is a file of the project index. */
  inIndex: boolean;
}

function toRelative(root: string, absolute: string): string | null {
  const rel = path.relative(root, absolute);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return rel.split(path.sep).join('/');
}

/**
 * Maps a report path to an index path. Absolute paths (and `file://` URLs) must lie under the
 * root (or one of `rootAliases`, e.g. the non-real path the report was written under); relative
 * paths are tried against the root, then the report's source roots, then the report's directory.
 * Paths outside the root map to `{ path: null }` and are ignored by the analyser.
 */
export function mapReportPath(
  reportPath: string,
  options: { root: string; rootAliases?: string[]; bases?: string[]; indexPaths: ReadonlySet<string> },
): MappedPath {
  let p = reportPath.trim();
  if (p.startsWith('file://')) {
    try {
      p = fileURLToPath(p);
    } catch {
      return { path: null, inIndex: false };
    }
  }
  const roots = [options.root, ...(options.rootAliases ?? [])];
  if (path.isAbsolute(p)) {
    for (const root of roots) {
      const rel = toRelative(root, p);
      if (rel !== null) return { path: rel, inIndex: options.indexPaths.has(rel) };
    }
    return { path: null, inIndex: false };
  }
  let firstInside: string | null = null;
  for (const base of [options.root, ...(options.bases ?? [])]) {
    const rel = toRelative(options.root, path.resolve(base, p));
    if (rel === null) continue;
    if (options.indexPaths.has(rel)) return { path: rel, inIndex: true };
    firstInside ??= rel;
  }
  return { path: firstInside, inIndex: false };
}

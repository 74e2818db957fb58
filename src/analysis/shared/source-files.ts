/**
 * Which indexed files are the project's own source code, shared by the documentation,
 * architecture and performance analysers.
 *
 * Decisions (documented):
 * - Tests are left out everywhere: any path segment `test`, `tests`, `__tests__`, `__mocks__`
 *   or `spec`; file names `*.test.*`, `*.spec.*`, `test_*.py`, `*_test.py`, `conftest.py`.
 * - Python stubs (`.pyi`) are left out (declarations of code that lives elsewhere).
 * - For documentation only, tool configuration and packaging scripts are not public API:
 *   `*.config.*`, `.eslintrc.*`, `setup.py`, `noxfile.py`, `fabfile.py`, `manage.py`, and the
 *   `docs/`, `doc/`, `examples/`, `example/`, `scripts/`, `bench/`, `benchmarks/` folders.
 *
 * @module
 */
import type { Language, ProjectFile, ProjectIndex } from '../../project/types.js';

const TEST_DIRS = new Set(['test', 'tests', '__tests__', '__mocks__', 'spec']);
const NON_API_DIRS = new Set(['docs', 'doc', 'examples', 'example', 'scripts', 'bench', 'benchmarks']);
const NON_API_FILES = new Set(['setup.py', 'noxfile.py', 'fabfile.py', 'manage.py']);

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * True for test code (see the module comment for the rules).
 *
 * @example
 * isTestPath('src/a.test.ts'); // true
 * isTestPath('pkg/tests/helpers.py'); // true
 * isTestPath('src/testing.ts'); // false
 */
export function isTestPath(path: string): boolean {
  const segments = path.split('/');
  const name = segments.pop() ?? '';
  if (segments.some((s) => TEST_DIRS.has(s))) return true;
  if (/\.(?:test|spec)\.[^/]+$/i.test(name)) return true;
  if (/\.py$/.test(name) && (/^test_/.test(name) || /_test\.py$/.test(name) || name === 'conftest.py'))
    return true;
  return false;
}

/** True for tool configuration, packaging scripts and non-API folders (documentation only). */
export function isNonApiPath(path: string): boolean {
  const segments = path.split('/');
  const name = segments.pop() ?? '';
  if (segments.some((s) => NON_API_DIRS.has(s))) return true;
  if (NON_API_FILES.has(name) && segments.length === 0) return true;
  return /\.config\.[cm]?[jt]sx?$/i.test(name) || /^\.eslintrc\./i.test(name);
}

/** Options of {@link sourceFiles}. */
export interface SourceFileFilter {
  /** Languages wanted (default: all three). */
  languages?: readonly Language[];
  /** Also drop configuration, packaging scripts and non-API folders. */
  apiOnly?: boolean;
}

/**
 * The project's own source files of the index: code in a known language, not tests, not
 * `.pyi` stubs (and, with `apiOnly`, not configuration or non-API folders).
 *
 * @example
 * sourceFiles(index, { languages: ['python'] }).map((f) => f.path); // ['shapes/__init__.py', ...]
 */
export function sourceFiles(
  index: Pick<ProjectIndex, 'files'>,
  filter: SourceFileFilter = {},
): ProjectFile[] {
  const languages = new Set<Language>(filter.languages ?? ['typescript', 'javascript', 'python']);
  return index.files.filter(
    (f) =>
      f.language !== null &&
      languages.has(f.language) &&
      !f.path.toLowerCase().endsWith('.pyi') &&
      !isTestPath(f.path) &&
      !(filter.apiOnly === true && isNonApiPath(f.path)),
  );
}

/** True for a JS/TS file. */
export function isJsLike(file: Pick<ProjectFile, 'language'>): boolean {
  return file.language === 'typescript' || file.language === 'javascript';
}

/** Base name of a root-relative path. */
export { baseName };

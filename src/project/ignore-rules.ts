/**
 * What the walk leaves out: default excludes, `.gitignore` files (root and nested, with
 * git's relative semantics) and the user's include/exclude globs.
 *
 * Default excludes ({@link DEFAULT_EXCLUDED_DIRS}, {@link DEFAULT_EXCLUDED_FILES}) apply at
 * any depth, whatever `.gitignore` says, because they are dependencies, build output,
 * caches or vendored code rather than the project's own sources.
 *
 * @module
 */
import { createRequire } from 'node:module';
import ignore, { type Ignore } from 'ignore';

/**
 * Directory names never walked, at any depth: dependencies (`node_modules`, `vendor`,
 * `vendored`, `third_party`, `bower_components`, `jspm_packages`), virtual environments
 * (`.venv`, `venv`, `*.egg-info`), build output (`dist`, `build`), coverage output (`coverage`, `.nyc_output`), caches (`__pycache__`, `.tox`, `.nox`,
 * `.mypy_cache`, `.pytest_cache`, `.ruff_cache`, `.cache`, `.parcel-cache`, `.next`,
 * `.nuxt`, `.turbo`, `.eggs`), VCS data (`.git`, `.hg`, `.svn`) and our own `.empathy`.
 */
export const DEFAULT_EXCLUDED_DIRS: ReadonlySet<string> = new Set([
  'node_modules',
  'bower_components',
  'jspm_packages',
  'vendor',
  'vendored',
  'third_party',
  '.venv',
  'venv',
  'dist',
  'build',
  'coverage',
  '.nyc_output',
  '__pycache__',
  '.tox',
  '.nox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.cache',
  '.parcel-cache',
  '.next',
  '.nuxt',
  '.turbo',
  '.eggs',
  '.git',
  '.hg',
  '.svn',
  '.empathy',
]);

/** File name patterns never indexed: minified bundles and source maps (generated code). */
export const DEFAULT_EXCLUDED_FILES: readonly RegExp[] = [
  /\.min\.(?:js|mjs|cjs|css)$/i,
  /\.(?:js|mjs|cjs|css)\.map$/i,
];

/**
 * Build and coverage output names (`dist`, `build`, `coverage`, `.nyc_output`) that are
 * also ordinary module names in source trees: they are excluded everywhere except inside a
 * `src/` directory, so `src/analysis/coverage/` or `src/build/` stay indexed.
 */
export const OUTPUT_DIR_NAMES: ReadonlySet<string> = new Set(['dist', 'build', 'coverage', '.nyc_output']);

/**
 * True when a directory is one of {@link DEFAULT_EXCLUDED_DIRS}. `rel` is its root-relative
 * path (`/` separators); build output names inside a `src/` directory are not excluded.
 */
export function isDefaultExcludedDir(name: string, rel: string = name): boolean {
  if (OUTPUT_DIR_NAMES.has(name) && rel.split('/').slice(0, -1).includes('src')) return false;
  return DEFAULT_EXCLUDED_DIRS.has(name) || /\.egg-info$/.test(name);
}

/** True when a file name matches {@link DEFAULT_EXCLUDED_FILES}. */
export function isDefaultExcludedFile(name: string): boolean {
  return DEFAULT_EXCLUDED_FILES.some((pattern) => pattern.test(name));
}

/** The rules of one `.gitignore` file, anchored at the directory holding it. */
export interface GitignoreLevel {
  /** Directory of the rules, relative to the walk root (`''` for the root itself). */
  base: string;
  rules: Ignore;
}

/** Parses the text of a `.gitignore` file anchored at `base` (root-relative, `/` separators). */
export function parseGitignore(base: string, text: string): GitignoreLevel {
  return { base, rules: ignore({ allowRelativePaths: true }).add(text) };
}

/**
 * Whether git would ignore `relPath` (root-relative, `/` separators) given the `.gitignore`
 * levels that apply to it, outermost first. A deeper file overrides a shallower one,
 * including negations (`!keep.js`). Parent directories are not re-checked: the walk never
 * enters an ignored directory, which is git's rule too ("cannot re-include a file if a
 * parent directory is excluded").
 */
export function isGitIgnored(levels: readonly GitignoreLevel[], relPath: string, isDir: boolean): boolean {
  let ignored = false;
  for (const level of levels) {
    const local = level.base === '' ? relPath : relPath.slice(level.base.length + 1);
    if (local === '') continue;
    const result = level.rules.test(isDir ? `${local}/` : local);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

type Matcher = (path: string) => boolean;
type PicomatchFn = (glob: string | string[], options?: Record<string, unknown>) => Matcher;

// picomatch ships no type declarations (and @types/picomatch is not installed): load it through require.
const picomatch = createRequire(import.meta.url)('picomatch') as PicomatchFn;

/**
 * Compiles globs (picomatch syntax, dotfiles matched) into one predicate over root-relative
 * paths. A glob without `/` matches the base name at any depth (`*.test.ts`, `fixtures`);
 * a glob with `/` matches the whole relative path (`src/**`, `test/fixtures/**`).
 * Returns `null` for an empty list.
 *
 * @example
 * compileGlobs(['*.ts'])?.('src/a.ts'); // true
 */
export function compileGlobs(globs: readonly string[] | undefined): Matcher | null {
  const cleaned = (globs ?? [])
    .map((glob) => glob.trim().replace(/^\.\//, ''))
    .filter((glob) => glob.length > 0);
  if (cleaned.length === 0) return null;
  const matchers = cleaned.map((glob) => {
    const matcher = picomatch(glob.replace(/\/+$/, ''), { dot: true });
    if (glob.includes('/')) return matcher;
    return (path: string) => matcher(path.slice(path.lastIndexOf('/') + 1));
  });
  return (path) => matchers.some((matcher) => matcher(path));
}

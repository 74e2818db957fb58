/**
 * The one home of "where is this package": its root (the folder of `package.json`) and the
 * files of the tree the code runs from, for everything that needs a file of ours by path (the
 * version in `package.json`, a worker thread's job module, the test generator's helper
 * programs). No other module resolves such a path against its own `import.meta.url`.
 *
 * The code runs from three layouts, and this module sits two folders below the root in each:
 *
 * - `src/core/package-paths.ts`: the TypeScript sources (vitest, tsx); tree `src`, modules `.ts`;
 * - `dist/core/package-paths.js`: the tsc output (the library exports); tree `dist`, modules `.js`;
 * - `dist/bundle/*.js`: the CLI bundle (scripts/bundle-cli.mjs writes its chunks flat into
 *   `dist/bundle/`, so that this holds). Its chunks are not our modules one by one: a file of
 *   ours is named in the `dist` tree, where tsc wrote it (worker threads load their job
 *   modules from there, and `scripts/copy-assets.mjs` puts the helper programs there).
 *
 * `createRequire(import.meta.url)` needs no help: `node_modules` resolution walks up from
 * `dist/bundle/` exactly as from any other folder of the package.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where the code runs from, seen from the URL of this module: the root and the tree. */
export interface PackageLayout {
  /** The package root, a `file:` URL ending in `/`. */
  root: URL;
  /** `src` when running from the TypeScript sources, `dist` otherwise (tsc output or bundle). */
  tree: 'src' | 'dist';
}

/**
 * The layout seen from `selfUrl`, the URL of this module in whichever layout it runs (pure, for
 * tests).
 *
 * @example
 * packageLayout('file:///app/dist/bundle/chunk-X.js'); // { root: file:///app/, tree: 'dist' }
 */
export function packageLayout(selfUrl: string): PackageLayout {
  return {
    root: new URL('../../', selfUrl),
    tree: /\.[cm]?ts$/.test(new URL(selfUrl).pathname) ? 'src' : 'dist',
  };
}

const layout = packageLayout(import.meta.url);

/** The package root (the folder of `package.json`), a `file:` URL ending in `/`. */
export const PACKAGE_ROOT: URL = layout.root;

/**
 * The URL of a file of the running tree by its path under `src/` (or `dist/`): a helper program
 * such as `testgen/python/explore.py`, copied into `dist/` by `scripts/copy-assets.mjs`.
 *
 * @example
 * fileURLToPath(packageFile('testgen/js/harness.cjs')); // '/app/dist/testgen/js/harness.cjs'
 */
export function packageFile(relative: string, at: PackageLayout = layout): URL {
  return new URL(`${at.tree}/${relative}`, at.root);
}

/**
 * The URL of one of our modules by its path under `src/` without extension: the `.ts` source
 * when running from the sources, tsc's `.js` in `dist/` otherwise (also from the bundle).
 *
 * @example
 * packageModule('analysis/shared/pool-worker'); // file:///app/dist/analysis/shared/pool-worker.js
 */
export function packageModule(relative: string, at: PackageLayout = layout): URL {
  return packageFile(`${relative}${at.tree === 'src' ? '.ts' : '.js'}`, at);
}

/** The path of a file of the running tree (see {@link packageFile}). */
export function packageFilePath(relative: string): string {
  return fileURLToPath(packageFile(relative));
}

let version: string | null | undefined;

/**
 * The package's version from its `package.json`, read once; null when it cannot be read.
 *
 * @example
 * packageVersion(); // '0.1.0'
 */
export function packageVersion(): string | null {
  if (version !== undefined) return version;
  try {
    const pkg = JSON.parse(readFileSync(new URL('package.json', PACKAGE_ROOT), 'utf8')) as { version?: unknown };
    version = typeof pkg.version === 'string' ? pkg.version : null;
  } catch {
    version = null;
  }
  return version;
}

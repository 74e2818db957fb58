/**
 * The version of the installed TypeScript compiler, read from its `package.json`, without
 * loading the compiler itself.
 *
 * Loading `typescript` costs 0.25-1.4 s of CPU (a 9 MB CommonJS file; more on a busy machine).
 * The main thread of a run needs only its version (tool lists, cache keys) while the worker
 * threads parse; importing `./typescript.js` there just for `ts.version` paid that load again on
 * every run, even a warm one or one where only one file changed.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

let version: string | undefined;

/**
 * `ts.version` of the `typescript` package that `./typescript.js` loads (same resolution).
 *
 * @example
 * typescriptVersion(); // '5.9.3'
 */
export function typescriptVersion(): string {
  if (version === undefined) {
    const manifest = createRequire(import.meta.url).resolve('typescript/package.json');
    version = (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  }
  return version;
}

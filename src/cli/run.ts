/**
 * The `empathy` program: what `bin/empathy.js` runs. The build bundles this module and what it
 * imports (scripts/bundle-cli.mjs: `dist/bundle/empathy.js` and its lazily loaded chunks), so
 * that a run loads a few files instead of some 260 modules; `node dist/cli/run.js` runs the same
 * program unbundled (tsc's modules, the way the bundle is compared in bench/startup.ts).
 *
 * @module
 */
import { enableCompileCache } from '../core/compile-cache.js';
import { tuneJitTiering } from '../core/jit-tiering.js';
import { internalErrorLine, main } from './index.js';

// An error nothing caught is an internal error: one line, exit 2 (1 means "failed / blocked").
const crash = (error: unknown): never => {
  process.stderr.write(`empathy: ${internalErrorLine(error)}\n`);
  process.exit(2);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

// V8 optimises later (src/core/jit-tiering.ts), then: bytecode of the CommonJS dependencies
// from the last run made under the same flags (src/core/compile-cache.ts).
tuneJitTiering();
enableCompileCache();
process.exitCode = await main(process.argv.slice(2));

#!/usr/bin/env node
// Thin shim: all logic lives in dist/cli/index.js (built by `npm run build`).
import { internalErrorLine, main } from '../dist/cli/index.js';
import { enableCompileCache } from '../dist/core/compile-cache.js';

// An error nothing caught is an internal error: one line, exit 2 (1 means "failed / blocked").
const crash = (error) => {
  process.stderr.write(`empathy: ${internalErrorLine(error)}\n`);
  process.exit(2);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

// Bytecode of the CommonJS dependencies from the last run (src/core/compile-cache.ts).
enableCompileCache();
const code = await main(process.argv.slice(2));
process.exitCode = code;

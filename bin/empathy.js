#!/usr/bin/env node
// Thin shim: all logic lives in dist/cli/index.js (built by `npm run build`).
import { main } from '../dist/cli/index.js';

const code = await main(process.argv.slice(2));
process.exitCode = code;

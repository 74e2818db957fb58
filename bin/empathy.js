#!/usr/bin/env node
// Thin shim: the program is src/cli/run.ts, bundled by `npm run build` (scripts/bundle-cli.mjs).
import '../dist/bundle/empathy.js';

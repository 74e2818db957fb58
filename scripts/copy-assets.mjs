// Copies the non-TypeScript files the library runs (the Python helper and the JS guard of the test generator)
// from src/ to dist/ after tsc, so the published package has them.
import { cpSync, mkdirSync } from 'node:fs';

const assets = [
  ['src/testgen/python/explore.py', 'dist/testgen/python/explore.py'],
  ['src/testgen/js/fs-guard.cjs', 'dist/testgen/js/fs-guard.cjs'],
  ['src/testgen/js/harness-calls.cjs', 'dist/testgen/js/harness-calls.cjs'],
];
for (const [from, to] of assets) {
  mkdirSync(new URL(`../${to}/..`, import.meta.url), { recursive: true });
  cpSync(new URL(`../${from}`, import.meta.url), new URL(`../${to}`, import.meta.url));
}

// Copies the non-TypeScript files the library runs (the Python helper, and the JS harness of the test
// generator with its modules and guard: every .cjs file of src/testgen/js) from src/ to dist/ after tsc,
// so the published package has them.
import { cpSync, mkdirSync, readdirSync } from 'node:fs';

const harness = readdirSync(new URL('../src/testgen/js/', import.meta.url)).filter((f) => f.endsWith('.cjs'));
const assets = [
  ['src/testgen/python/explore.py', 'dist/testgen/python/explore.py'],
  ...harness.map((f) => [`src/testgen/js/${f}`, `dist/testgen/js/${f}`]),
];
for (const [from, to] of assets) {
  mkdirSync(new URL(`../${to}/..`, import.meta.url), { recursive: true });
  cpSync(new URL(`../${from}`, import.meta.url), new URL(`../${to}`, import.meta.url));
}

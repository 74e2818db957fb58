// Bundles the CLI program (dist/cli/run.js, tsc's output, and what it imports) into dist/bundle/
// after tsc and copy-assets: bin/empathy.js runs dist/bundle/empathy.js. Node's ESM loader costs
// about 1 ms of CPU per module, and a run loads some 160 of ours plus about 100 of zod; the bundle
// is a few files. Code splitting keeps the commands' lazy `import()`s lazy (`--version` loads no
// command). Every package stays external (native and wasm addons, ESLint, TypeScript: each loads
// files of its own at run time) except the few in INLINED, pure ESM without files of their own.
// Chunks are written flat into dist/bundle/: src/core/package-paths.ts finds the package root two
// folders up, as from src/core/ and dist/core/. The library exports stay tsc's modules, and worker
// threads load their job modules from dist/ too (their own isolates).
//
// `node scripts/bundle-cli.mjs --check` writes nothing and exits 1 when dist/bundle/ is not what
// bundling the current dist/ gives (a bundle older than tsc's output, e.g. after a bare `tsc`).
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = path.join(ROOT, 'dist', 'bundle');
/** Packages bundled in: measured to help (zod alone is ~100 modules, ~60 ms of CPU to load). */
const INLINED = new Set(['zod']);

/** A bare specifier's package name: `zod/v4` -> `zod`, `@scope/pkg/x` -> `@scope/pkg`. */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const externalPackages = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.kind === 'entry-point' || path.isAbsolute(args.path)) return undefined;
      if (INLINED.has(packageName(args.path))) return undefined;
      return { external: true };
    });
  },
};

const options = {
  absWorkingDir: ROOT,
  entryPoints: { empathy: 'dist/cli/run.js' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  outdir: OUT,
  chunkNames: '[name]-[hash]',
  // Error classes name themselves after their class (`new.target.name`): keep the names.
  keepNames: true,
  // Chained to tsc's maps: `node --enable-source-maps` shows src/ lines; Node reads none otherwise.
  sourcemap: 'linked',
  logLevel: 'warning',
  plugins: [externalPackages],
};

if (process.argv.includes('--check')) {
  const result = await build({ ...options, write: false });
  const expected = new Map(result.outputFiles.map((f) => [path.relative(OUT, f.path), f.contents]));
  const present = existsSync(OUT) ? readdirSync(OUT) : [];
  const stale = [
    ...[...expected].filter(([name, bytes]) => !present.includes(name) || !readFileSync(path.join(OUT, name)).equals(bytes)),
    ...present.filter((name) => !expected.has(name)).map((name) => [name]),
  ].map(([name]) => name);
  if (stale.length > 0) {
    process.stderr.write(`dist/bundle is stale (${stale.slice(0, 3).join(', ')}${stale.length > 3 ? ', ...' : ''}): run npm run build\n`);
    process.exit(1);
  }
} else {
  rmSync(OUT, { recursive: true, force: true });
  await build(options);
}

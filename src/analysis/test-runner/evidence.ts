/**
 * Evidence about how a project runs its tests, beyond package.json scripts: CI workflow files
 * (`.github/workflows/*.yml`), the runner's own config files, and whether the tests load built
 * output (`dist/`) rather than the sources.
 *
 * @module
 */
import { existsSync, promises as fs, readdirSync } from 'node:fs';
import path from 'node:path';
import type { ProjectIndex } from '../../project/types.js';

/** Script names the CI workflows run (`npm test`, `npm run test:ci`, `yarn test`, `pnpm run x`), with the file. */
export async function workflowScripts(root: string): Promise<{ script: string; file: string }[]> {
  const dir = path.join(root, '.github', 'workflows');
  if (!existsSync(dir)) return [];
  const out: { script: string; file: string }[] = [];
  for (const name of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort()) {
    const text = await fs.readFile(path.join(dir, name), 'utf8').catch(() => '');
    for (const m of text.matchAll(/\b(?:npm|yarn|pnpm|bun)\s+(?:run\s+|run-script\s+)?([\w:-]*test[\w:-]*|t\b|coverage[\w:-]*)/g)) {
      const script = m[1] === 't' ? 'test' : m[1]!;
      if (!out.some((o) => o.script === script)) out.push({ script, file: `.github/workflows/${name}` });
    }
  }
  return out;
}

const CONFIGS = [
  '.mocharc.js', '.mocharc.cjs', '.mocharc.json', '.mocharc.jsonc', '.mocharc.yml', '.mocharc.yaml',
  'ava.config.js', 'ava.config.cjs', 'ava.config.mjs', '.taprc', 'jest.config.js', 'jest.config.ts', 'jest.config.mjs',
  'jest.config.cjs', 'jest.config.json', 'vitest.config.ts', 'vitest.config.mts', 'vitest.config.js', 'vitest.config.mjs',
  'vitest.workspace.ts', 'vite.config.ts', 'vite.config.js', '.c8rc', '.c8rc.json', '.nycrc', '.nycrc.json',
];

/** The runner and coverage config files present in `dir`. */
export function configFiles(dir: string): string[] {
  return CONFIGS.filter((name) => existsSync(path.join(dir, name)));
}

/** Files of the index that are tests (by place or name), for "does this project have tests". */
export function indexTestFiles(index: ProjectIndex): string[] {
  return index.files
    .filter((f) => (f.language === 'javascript' || f.language === 'typescript') && !/(^|\/)(fixtures?|__mocks__|node_modules)\//.test(f.path))
    .filter((f) => /(^|\/)(test|tests|__tests__|spec)\//.test(f.path) || /\.(test|spec)\.[cm]?[jt]sx?$/.test(f.path))
    .filter((f) => !/(^|\/)[^/]*\.config\.[cm]?[jt]s$/.test(f.path))
    .map((f) => f.path);
}

const BUILD_DIRS = ['dist', 'build', 'lib', 'out'];

/**
 * The built-output directory the tests load (`require('../dist')`, an import of the package's
 * own name whose `main` lies in a build directory), when it is not where the indexed sources are.
 */
export async function builtOutputLoaded(index: ProjectIndex, tests: string[], pkg: Record<string, unknown>): Promise<{ dir: string; exists: boolean; sourceMaps: boolean } | null> {
  const main = typeof pkg['main'] === 'string' ? (pkg['main'] as string).replace(/^\.\//, '') : '';
  const name = typeof pkg['name'] === 'string' ? (pkg['name'] as string) : null;
  for (const test of tests.filter((t) => !/(^|\/|\.)(bench|benchmarks?|fixtures?|examples?)(\/|\.|-)/.test(t)).slice(0, 200)) {
    const text = await index.read(test).catch(() => '');
    for (const m of text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"]([^'"]+)['"]/g)) {
      const spec = m[1]!;
      let target: string | null = null;
      if (spec.startsWith('.')) target = path.posix.normalize(path.posix.join(path.posix.dirname(test), spec));
      else if (name && (spec === name || spec.startsWith(`${name}/`))) target = main;
      else if (spec === '..' || spec === '../') target = main;
      if (target === '.' || target === '') target = main;
      const top = target?.split('/')[0] ?? '';
      if (!BUILD_DIRS.includes(top) || index.files.some((f) => f.path.startsWith(`${top}/`))) continue;
      const dir = path.join(index.root, top);
      const exists = existsSync(dir);
      const sourceMaps = exists && (await fs.readdir(dir, { recursive: true }).catch(() => [] as string[])).some((f) => String(f).endsWith('.map'));
      return { dir: top, exists, sourceMaps };
    }
  }
  return null;
}

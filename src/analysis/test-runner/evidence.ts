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

/** Variables of a CI job that change what tests see (time zone, locale, NODE_ENV); nothing else is taken over. */
const CI_ENV = /^(TZ|LANG|LANGUAGE|LC_[A-Z]+|NODE_ENV)$/;

/** Indentation of a line's keys: a list item `- key:` counts at the indentation of `key`. */
const keyIndent = (line: string): number => line.replace(/^(\s*)- /, '$1  ').length - line.replace(/^(\s*)- /, '$1  ').trimStart().length;
const isContent = (line: string): boolean => line.trim() !== '' && !line.trimStart().startsWith('#');
const itemAt = (line: string, indent: number): boolean => new RegExp(`^ {${indent}}- `).test(line);

/** The literal `KEY: value` entries of the `env:` mapping at line `at` (values with `${{ }}` skipped). */
function envEntries(lines: readonly string[], at: number): [string, string][] {
  const inline = /^\s*(?:- )?env:\s*\{(.*)\}\s*$/.exec(lines[at]!)?.[1];
  const pairs = inline !== undefined ? inline.split(',').map((p) => p.trim()) : [];
  if (inline === undefined) {
    const base = keyIndent(lines[at]!);
    for (let i = at + 1; i < lines.length && (!isContent(lines[i]!) || keyIndent(lines[i]!) > base); i += 1) if (isContent(lines[i]!)) pairs.push(lines[i]!.trim());
  }
  const out: [string, string][] = [];
  for (const pair of pairs) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*?)\s*$/.exec(pair);
    if (!m || m[2]!.includes('${{')) continue;
    const quoted = /^(['"])(.*?)\1/.exec(m[2]!);
    out.push([m[1]!, quoted ? quoted[2]! : m[2]!.replace(/\s+#.*$/, '')]);
  }
  return out;
}

/** First and last line of the mapping holding the key at line `at` (a workflow, a job, a step). */
function mappingOf(lines: readonly string[], at: number): [number, number] {
  const k = keyIndent(lines[at]!);
  if (k === 0) return [0, lines.length - 1];
  let first = at;
  while (first > 0 && !itemAt(lines[first]!, k - 2)) {
    const above = lines[first - 1]!;
    if (isContent(above) && keyIndent(above) < k) break;
    first -= 1;
  }
  let last = at;
  while (last + 1 < lines.length) {
    const below = lines[last + 1]!;
    if (isContent(below) && (keyIndent(below) < k || itemAt(below, k - 2))) break;
    last += 1;
  }
  return [first, last];
}

/**
 * The time zone, locale and NODE_ENV a CI workflow sets (workflow, job and step `env:`) for the
 * step that runs `script` (`npm test`, `npm run <script>`), with the file: luxon's workflow sets
 * `TZ: America/New_York`, and 38 of its tests fail in another zone. Literal values only; the
 * first workflow that runs the script decides. Read by indentation, not with a YAML parser.
 *
 * @example
 * await workflowEnv('/repo', 'test'); // { env: { TZ: 'America/New_York' }, file: '.github/workflows/test.yml' }
 */
export async function workflowEnv(root: string, script: string): Promise<{ env: Record<string, string>; file: string } | null> {
  const dir = path.join(root, '.github', 'workflows');
  if (!existsSync(dir)) return null;
  const escaped = script.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const name = script === 'test' ? '(?:(?:run|run-script)\\s+)?(?:test|t)' : `(?:run|run-script)\\s+${escaped}`;
  const runs = new RegExp(`\\b(?:npm|yarn|pnpm|bun)\\s+${name}(?=\\s|$|['"])`);
  for (const file of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort()) {
    const lines = (await fs.readFile(path.join(dir, file), 'utf8').catch(() => '')).split(/\r?\n/);
    const at = lines.findIndex((l) => isContent(l) && runs.test(l));
    if (at < 0) continue;
    const env: Record<string, string> = {};
    // Outer mappings first, so a job's or step's value wins over the workflow's.
    const blocks = lines
      .map((line, i) => ({ i, k: keyIndent(line) }))
      .filter(({ i }) => /^\s*(?:- )?env:/.test(lines[i]!))
      .filter(({ i }) => {
        const [first, last] = mappingOf(lines, i);
        return first <= at && at <= last;
      })
      .sort((a, b) => a.k - b.k);
    for (const { i } of blocks) for (const [key, value] of envEntries(lines, i)) if (CI_ENV.test(key)) env[key] = value;
    return Object.keys(env).length > 0 ? { env, file: `.github/workflows/${file}` } : null;
  }
  return null;
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

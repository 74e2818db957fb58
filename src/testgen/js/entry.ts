/**
 * The public API of a JS/TS package, as a user reaches it: its entry points (`main`,
 * `exports` with their conditions) and its documentation (README and docs/ Markdown, whose
 * code blocks are realistic calls). `bin` scripts run on load and are left out. Files that are
 * not part of the API (benchmarks, examples, build configs, tests) are recognised here too.
 *
 * @module
 */
import path from 'node:path';
import type { ProjectIndex } from '../../project/types.js';

/** What the generator knows of the package's public API. */
export interface PackageApi {
  /** The package name from package.json (null without one). */
  name: string | null;
  /** Entry files (relative to the root, `/` separators), `main` first; only files that exist. */
  entries: string[];
  /** Markdown texts of the README and docs/ (at most 20 files, 200 KB each). */
  docs: string[];
  /** `bin` scripts (relative): they run on load, with the process's arguments, and are not explored. */
  bins: string[];
}

const NON_API = /(^|\/)(bench|benchmarks?|examples?|demo|docs?|scripts?|fixtures?|__tests__|tests?|spec|\.github)\/|(^|\/)(\.eslintrc[^/]*|[^/]*\.config\.[cm]?[jt]s|Gruntfile\.[jt]s|gulpfile\.[jt]s|karma\.conf\.[jt]s|\.prettierrc[^/]*|bench(mark)?s?\.[cm]?[jt]s|examples?\.[cm]?[jt]s)$|\.(test|spec)\.[cm]?[jt]sx?$/i;

/** True for files that are not part of a package's API: benchmarks, examples, docs, build configs, tests. */
export function isNonApiPath(rel: string): boolean {
  return NON_API.test(rel);
}

/** The file paths named by an `exports` value: condition objects are walked (require, node, default, import). */
function exportTargets(value: unknown, out: string[]): void {
  if (typeof value === 'string') {
    if (!value.includes('*')) out.push(value);
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) exportTargets(v, out);
    return;
  }
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    const subpaths = keys.filter((k) => k.startsWith('.'));
    if (subpaths.length > 0) {
      for (const k of subpaths) if (k !== './package.json' && !k.includes('*')) exportTargets(record[k], out);
      return;
    }
    for (const k of ['require', 'node', 'default', 'import', ...keys]) if (k !== 'types' && k in record) exportTargets(record[k], out);
  }
}

/**
 * The indexed file a specifier names. Built output the index leaves out (dist/) is not an
 * entry: tests through it would cover a copy of the measured sources, not the sources.
 */
function resolveEntry(indexed: ReadonlySet<string>, spec: string): string | null {
  const rel = path.posix.normalize(spec.replace(/^\.\//, ''));
  if (rel.startsWith('..') || path.posix.isAbsolute(rel)) return null;
  for (const candidate of [rel, `${rel}.js`, `${rel}.cjs`, `${rel}.mjs`, `${rel}/index.js`, `${rel}/index.cjs`, `${rel}/index.mjs`]) {
    if (/\.[cm]?[jt]sx?$/.test(candidate) && indexed.has(candidate)) return candidate;
  }
  return null;
}

/**
 * Reads the package API of the project behind `index`.
 *
 * @example
 * const api = await packageApi(index); // { name: 'ms', entries: ['index.js'], docs: ['# ms ...'] }
 */
export async function packageApi(index: ProjectIndex): Promise<PackageApi> {
  let pkg: Record<string, unknown> = {};
  try {
    pkg = JSON.parse(await index.read('package.json')) as Record<string, unknown>;
  } catch {
    pkg = {};
  }
  const indexed = new Set(index.files.map((f) => f.path));
  const specs: string[] = [];
  if (typeof pkg['main'] === 'string') specs.push(pkg['main']);
  exportTargets(pkg['exports'], specs);
  if (specs.length === 0) specs.push('index.js');
  const resolved = [...new Set(specs.map((s) => resolveEntry(indexed, s)).filter((s): s is string => s !== null && !/\.d\.[cm]?ts$/.test(s)))];
  // One build per entry: the ESM twin (index.mjs, esm/index.js) of a CommonJS entry adds nothing a user of the other lacks.
  const stem = (f: string) => f.replace(/\.[cm]?[jt]sx?$/, '');
  const entries = resolved.filter((f, i) => !resolved.slice(0, i).some((g) => stem(g) === stem(f)));
  const binValue = pkg['bin'];
  const bins = (typeof binValue === 'string' ? [binValue] : binValue && typeof binValue === 'object' ? Object.values(binValue as Record<string, unknown>) : [])
    .filter((b): b is string => typeof b === 'string')
    .map((b) => path.posix.normalize(b.replace(/^\.\//, '')));
  const docFiles = index.files.map((f) => f.path).filter((f) => /\.(md|markdown)$/i.test(f) && (/^readme\./i.test(f) || /^docs?\//i.test(f)));
  const docs: string[] = [];
  for (const file of docFiles.slice(0, 20)) {
    const text = await index.read(file).catch(() => '');
    if (text) docs.push(text.slice(0, 200_000));
  }
  return { name: typeof pkg['name'] === 'string' ? pkg['name'] : null, entries, docs, bins };
}

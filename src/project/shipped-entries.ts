/**
 * The shipped entry files of a package that ships built code: the files its `package.json`
 * names as entry points (`main`, `module`, `exports` with their conditions, `bin`) that lie in a
 * build output directory the walk leaves out (`dist/`, `build/`), one build per entry (the
 * `.mjs` twin of `dist/x.js` is left out), plus the files they load by relative
 * `require`/`import` there. Test generation indexes them ({@link BuildProjectIndexOptions.shippedEntries}):
 * a package that ships only built code is tested through what it ships.
 *
 * Not shipped code but a built copy, hence left out: a file whose source map names a source
 * that exists in the tree (tests must cover the sources), and, inside a git work tree, a file
 * git does not track (the repository's own build output).
 *
 * @module
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type { GitTracked } from './git-tracked.js';
import { isDefaultExcludedDir, isDefaultExcludedFile } from './ignore-rules.js';

/** Most files followed from the entry points (a bundle split into many chunks stays bounded). */
const MAX_FILES = 500;
const JS_FILE = /\.[cm]?js$/;
const RELATIVE_LOAD = /(?:\brequire\s*\(\s*|\bimport\s*\(\s*|\bfrom\s+|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;

/** Every string a package.json `exports` value names (subpaths, conditions, arrays), except patterns and type files. */
function exportStrings(value: unknown, out: string[]): void {
  if (typeof value === 'string') {
    if (!value.includes('*')) out.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) exportStrings(v, out);
  } else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) if (key !== 'types' && key !== './package.json') exportStrings(v, out);
  }
}

/** The entry specifiers of a parsed package.json: main, exports (`.mjs` files last), module, bin. */
export function entrySpecifiers(pkg: Record<string, unknown>): string[] {
  const specs: string[] = [];
  if (typeof pkg['main'] === 'string') specs.push(pkg['main']);
  const exported: string[] = [];
  exportStrings(pkg['exports'], exported);
  specs.push(...exported.filter((e) => !e.endsWith('.mjs')), ...exported.filter((e) => e.endsWith('.mjs')));
  if (typeof pkg['module'] === 'string') specs.push(pkg['module']);
  const bin = pkg['bin'];
  if (typeof bin === 'string') specs.push(bin);
  else if (bin && typeof bin === 'object') for (const b of Object.values(bin)) if (typeof b === 'string') specs.push(b);
  return specs;
}

/** Whether a root-relative path lies in a directory the walk leaves out by default (build output, ...). */
function inExcludedDir(rel: string): boolean {
  const parts = rel.split('/');
  return parts.slice(0, -1).some((name, i) => isDefaultExcludedDir(name, parts.slice(0, i + 1).join('/')));
}

async function isRegularFile(abs: string): Promise<boolean> {
  return (await fs.lstat(abs).catch(() => null))?.isFile() ?? false;
}

/** The regular JS file a specifier names (relative to `from`, a root-relative directory), or null. */
async function resolveFile(root: string, from: string, spec: string): Promise<string | null> {
  const rel = path.posix.normalize(path.posix.join(from, spec));
  if (rel.startsWith('..') || path.posix.isAbsolute(rel)) return null;
  for (const candidate of [rel, `${rel}.js`, `${rel}.cjs`, `${rel}.mjs`, `${rel}/index.js`, `${rel}/index.cjs`, `${rel}/index.mjs`]) {
    if (JS_FILE.test(candidate) && (await isRegularFile(path.join(root, candidate)))) return candidate;
  }
  return null;
}

/** True when the file's source map (a `.map` beside it or named by its sourceMappingURL) names a source present in the tree. */
async function mapsToTreeSources(root: string, rel: string, text: string): Promise<boolean> {
  const named = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(text)?.[1];
  const mapRel = named && !named.startsWith('data:') ? path.posix.join(path.posix.dirname(rel), named) : `${rel}.map`;
  const mapText = await fs.readFile(path.join(root, mapRel), 'utf8').catch(() => null);
  if (mapText === null) return false;
  try {
    const map = JSON.parse(mapText) as { sources?: unknown; sourceRoot?: unknown };
    const base = path.posix.join(path.posix.dirname(mapRel), typeof map.sourceRoot === 'string' ? map.sourceRoot : '');
    const sources = Array.isArray(map.sources) ? map.sources.filter((s): s is string => typeof s === 'string') : [];
    return sources.some((s) => {
      const source = path.posix.normalize(path.posix.join(base, s.replace(/^webpack:\/\/[^/]*\//, '')));
      return !source.startsWith('..') && !inExcludedDir(source) && existsSync(path.join(root, source));
    });
  } catch {
    return false;
  }
}

/**
 * The shipped entry files under `root` (root-relative, `/` separators) that the walk would leave
 * out, and the files of the same directories they load by relative path. Empty without a
 * package.json.
 *
 * @example
 * await shippedEntryFiles('/pkgs/mitt', null); // Set { 'dist/mitt.js' } (dist/mitt.mjs is its twin)
 */
export async function shippedEntryFiles(root: string, tracked: GitTracked | null): Promise<Set<string>> {
  const found = new Set<string>();
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(await fs.readFile(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return found;
  }
  const queue: { from: string; spec: string }[] = entrySpecifiers(pkg).map((spec) => ({ from: '', spec }));
  const seen = new Set<string>();
  const stems = new Set<string>();
  const stem = (f: string) => f.replace(/\.[cm]?js$/, '');
  while (queue.length > 0 && found.size < MAX_FILES) {
    const { from, spec } = queue.shift() as { from: string; spec: string };
    const rel = await resolveFile(root, from, spec);
    if (rel === null || seen.has(rel)) continue;
    seen.add(rel);
    // One build per entry: the ESM twin (dist/x.mjs) of an entry already found (dist/x.js) adds nothing a user of it lacks.
    if (from === '' && stems.has(stem(rel))) continue;
    if (from === '') stems.add(stem(rel));
    if (!inExcludedDir(rel) || isDefaultExcludedFile(path.posix.basename(rel))) continue;
    if (tracked !== null && !tracked.files.has(rel)) continue;
    const text = await fs.readFile(path.join(root, rel), 'utf8').catch(() => null);
    if (text === null || (await mapsToTreeSources(root, rel, text))) continue;
    found.add(rel);
    for (const m of text.matchAll(RELATIVE_LOAD)) queue.push({ from: path.posix.dirname(rel), spec: m[1] as string });
  }
  return found;
}

/**
 * The public entry points of a JS/TS package, mapped to source files.
 *
 * Read from the root `package.json`: every file named by `exports` (strings at any depth of
 * the conditions/subpaths object; `null` targets and `./package.json` skipped; `*` subpath
 * patterns matched against source files), `main`, `module`, `types` / `typings`; when none is
 * given, Node's default `index.js`. Each is mapped to a source file: the path itself when it
 * is a source file, otherwise the build output mapped back to sources, using `outDir` ->
 * `rootDir` of the root `tsconfig.json` when present, and the usual output folders (`dist`,
 * `build`, `lib`, `out`, `esm`, `cjs`, `es`, `types`) -> `src/` or the root; `.js/.mjs/.cjs`
 * and `.d.ts` -> `.ts/.tsx/.mts/.cts/.js/...`, directories -> `index.*`. A `.d.ts` entry is
 * dropped when a code entry with the same stem exists (the code carries the docs).
 *
 * @module
 */
import { ts } from '../shared/typescript.js';
import { normalizeRelPath } from '../shared/js-imports.js';

/** What {@link findEntryPoints} found. */
export interface EntryPoints {
  /** Source files that are public entry points, sorted. */
  files: string[];
  /** Entry paths of package.json that map to no source file. */
  unmapped: string[];
  /** Why no entry could be determined (no package.json, invalid JSON, ...), when `files` is empty. */
  problem: string | null;
}

const OUTPUT_DIRS = new Set(['dist', 'build', 'lib', 'out', 'esm', 'cjs', 'es', 'types', 'umd']);
const CODE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

function collectExportTargets(value: unknown, key: string | null, out: string[]): void {
  if (typeof value === 'string') {
    if (key !== './package.json') out.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) collectExportTargets(v, key, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) collectExportTargets(v, k.startsWith('.') ? k : key, out);
  }
}

/** Root-relative prefixes a build-output path may come from. */
function sourcePrefixes(path: string, outDir: string | null, rootDir: string | null): string[] {
  const out = [path];
  if (outDir !== null && (path === outDir || path.startsWith(`${outDir}/`))) {
    const rest = path.slice(outDir.length).replace(/^\//, '');
    out.push(rootDir ? `${rootDir}/${rest}` : rest);
  }
  const parts = path.split('/');
  for (let drop = 1; drop <= 2 && drop < parts.length && OUTPUT_DIRS.has(parts[drop - 1]!); drop++) {
    const rest = parts.slice(drop).join('/');
    out.push(`src/${rest}`, rest);
  }
  return out;
}

function withSourceExtensions(path: string): string[] {
  const declaration = /\.d\.[cm]?ts$/.exec(path);
  const code = /\.[cm]?[jt]sx?$/.exec(path);
  if (declaration) {
    // Prefer the code the declarations describe; the .d.ts itself when it is hand-written.
    const stem = path.slice(0, -declaration[0].length);
    return [...CODE_EXTENSIONS.map((e) => stem + e), path];
  }
  if (code) {
    const stem = path.slice(0, -code[0].length);
    return [path, ...CODE_EXTENSIONS.map((e) => stem + e)];
  }
  return [path, ...CODE_EXTENSIONS.map((e) => path + e), ...CODE_EXTENSIONS.map((e) => `${path}/index${e}`)];
}

/** Maps one package.json path (or `*` pattern) to source files. */
function mapEntry(
  raw: string,
  sources: readonly string[],
  sourceSet: ReadonlySet<string>,
  outDir: string | null,
  rootDir: string | null,
): string[] {
  const path = normalizeRelPath(raw);
  if (path === null || path === '') return [];
  if (path.includes('*')) {
    const found = new Set<string>();
    for (const prefix of sourcePrefixes(path, outDir, rootDir)) {
      for (const candidate of withSourceExtensions(prefix)) {
        const escaped = candidate.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.+');
        const pattern = new RegExp(`^${escaped}$`);
        for (const file of sources) if (pattern.test(file)) found.add(file);
      }
    }
    return [...found];
  }
  for (const prefix of sourcePrefixes(path, outDir, rootDir)) {
    for (const candidate of withSourceExtensions(prefix)) if (sourceSet.has(candidate)) return [candidate];
  }
  return [];
}

function readTsconfigDirs(text: string | null): { outDir: string | null; rootDir: string | null } {
  if (text === null) return { outDir: null, rootDir: null };
  const parsed = ts.parseConfigFileTextToJson('tsconfig.json', text);
  const options =
    (parsed.config as { compilerOptions?: Record<string, unknown> } | undefined)?.compilerOptions ?? {};
  const dir = (v: unknown): string | null => (typeof v === 'string' ? normalizeRelPath(v) || null : null);
  return { outDir: dir(options['outDir']), rootDir: dir(options['rootDir']) };
}

/**
 * Finds the package's public entry points among `sources` (root-relative JS/TS source files).
 * `readText` returns a root file's text, or null when it is not in the index.
 *
 * @example
 * const entries = await findEntryPoints(sources, (p) => readIfIndexed(index, p));
 * entries.files; // ['src/index.ts']
 */
export async function findEntryPoints(
  sources: readonly string[],
  readText: (path: string) => Promise<string | null>,
): Promise<EntryPoints> {
  const packageText = await readText('package.json');
  if (packageText === null) return { files: [], unmapped: [], problem: 'no package.json at the root' };
  let pkg: Record<string, unknown>;
  try {
    const value: unknown = JSON.parse(packageText);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    pkg = value as Record<string, unknown>;
  } catch {
    return { files: [], unmapped: [], problem: 'package.json is not a valid JSON object' };
  }
  const targets: string[] = [];
  collectExportTargets(pkg['exports'], null, targets);
  for (const key of ['main', 'module', 'types', 'typings']) {
    if (typeof pkg[key] === 'string') targets.push(pkg[key]);
  }
  if (targets.length === 0) targets.push('index.js');

  const { outDir, rootDir } = readTsconfigDirs(await readText('tsconfig.json'));
  const sourceSet = new Set(sources);
  const files = new Set<string>();
  const unmapped: string[] = [];
  for (const target of [...new Set(targets)]) {
    const mapped = mapEntry(target, sources, sourceSet, outDir, rootDir);
    if (mapped.length === 0) unmapped.push(target);
    for (const file of mapped) files.add(file);
  }
  const stem = (p: string): string => p.replace(/(?:\.d)?\.[cm]?[jt]sx?$/, '');
  const codeStems = new Set([...files].filter((f) => !/\.d\.[cm]?ts$/.test(f)).map(stem));
  const kept = [...files].filter((f) => !/\.d\.[cm]?ts$/.test(f) || !codeStems.has(stem(f))).sort();
  return {
    files: kept,
    unmapped,
    problem:
      kept.length === 0
        ? `no entry point of package.json maps to a source file (${unmapped.join(', ')})`
        : null,
  };
}

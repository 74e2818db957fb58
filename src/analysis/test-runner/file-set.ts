/**
 * The measured JS/TS file set: the project's own coverage configuration (a `c8`/`nyc` wrapper's
 * options in the test script, `.c8rc*`, `.nycrc*`, the `c8`/`nyc` keys of package.json, vitest
 * `coverage.include/exclude`, jest `collectCoverageFrom`); without one, the package's shipped
 * sources (`files`, else the directories of `main`/`module`/`exports`/`bin`; built output is
 * traced back to its source directory, and a shipped file absent from the tree, written by a
 * release build, to its twin under `src/`); never tests, docs, benchmarks, examples or scripts
 * unless the configuration names them.
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { sourceFilesOf } from '../coverage/measure.js';
import type { ProjectIndex } from '../../project/types.js';
import type { MeasuredFileSet } from './types.js';

/** Top-level directories never measured unless the configuration names them. */
export const NEVER_MEASURED = ['docs', 'doc', 'bench', 'benchmark', 'benchmarks', 'example', 'examples', 'scripts', 'script', 'fixtures', 'coverage', 'website', 'demo', 'demos', 'tools'];
/** Type tests (tstyche `*.tst.ts`, tsd `*.test-d.ts`) and benchmarks: never sources. */
const TYPE_TESTS = /\.(tst|test-d|spec-d|bench)\.[cm]?[jt]sx?$/;
const BUILD_DIRS = new Set(['dist', 'build', 'lib', 'out', 'esm', 'cjs', 'umd']);

type Json = Record<string, unknown>;

function readJson(file: string): Json | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Json;
  } catch {
    return null;
  }
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * Each bracket of `text` from `start` outside string literals and comments, with the depth after
 * it (counted from `start`).
 */
function* brackets(text: string, start = 0): Generator<{ at: number; depth: number }> {
  let depth = 0;
  let quote: string | null = null;
  for (let i = start; i < text.length; i += 1) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i += 1;
      else if (c === quote) quote = null;
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '/' && text[i + 1] === '/') i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
    else if (c === '/' && text[i + 1] === '*') i = text.indexOf('*/', i + 2) < 0 ? text.length : text.indexOf('*/', i + 2) + 1;
    else if (c === '[' || c === '{' || c === ']' || c === '}') {
      depth += c === '[' || c === '{' ? 1 : -1;
      yield { at: i, depth };
    }
  }
}

/** The text from the bracket at `open` (`[` or `{`) to its matching one; to the end when it is not closed. */
function balanced(text: string, open: number): string {
  for (const b of brackets(text, open)) if (b.depth === 0) return text.slice(open, b.at + 1);
  return text.slice(open);
}

/** How deep in brackets `at` lies within `text` (0: at its top level). */
function nesting(text: string, at: number): number {
  let depth = 0;
  for (const b of brackets(text)) {
    if (b.at >= at) break;
    depth = b.depth;
  }
  return depth;
}

/**
 * String literals of the array after `key:` in `text`, the first one or (`topLevel`) the first
 * outside any bracket of `text` (config modules read as text, never run; a spread such as
 * `...configDefaults.coverage.exclude` is not followed).
 */
function arrayIn(text: string, key: string, topLevel = false): string[] | null {
  const re = new RegExp(`\\b${key}\\s*:\\s*\\[`, 'g');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (topLevel && nesting(text, m.index) !== 0) continue;
    const array = balanced(text, m.index + m[0].length - 1);
    return [...array.matchAll(/(['"`])((?:(?!\1).)*)\1/g)].map((x) => x[2]!);
  }
  return null;
}

interface Configured {
  rule: string;
  include: string[];
  exclude: string[];
}

function fromWrapper(wrapper: { tool: string; args: string[] } | null): Configured | null {
  if (!wrapper) return null;
  const include: string[] = [];
  const exclude: string[] = [];
  wrapper.args.forEach((a, i) => {
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, wrapper.args[i + 1]];
    if ((flag === '--include' || flag === '-n') && inline) include.push(inline);
    if ((flag === '--exclude' || flag === '-x') && inline) exclude.push(inline);
  });
  return include.length + exclude.length > 0 ? { rule: `${wrapper.tool} options in the test script`, include, exclude } : null;
}

function fromCoverageConfig(cwd: string, pkg: Json): Configured | null {
  for (const [file, label] of [['.c8rc', '.c8rc'], ['.c8rc.json', '.c8rc.json'], ['.nycrc', '.nycrc'], ['.nycrc.json', '.nycrc.json']] as const) {
    const json = existsSync(path.join(cwd, file)) ? readJson(path.join(cwd, file)) : null;
    if (json && (json['include'] || json['exclude'])) return { rule: `${label}`, include: strings(json['include']), exclude: strings(json['exclude']) };
  }
  for (const key of ['c8', 'nyc']) {
    const json = pkg[key] as Json | undefined;
    if (json && (json['include'] || json['exclude'])) return { rule: `${key} config in package.json`, include: strings(json['include']), exclude: strings(json['exclude']) };
  }
  return null;
}

function fromRunnerConfig(cwd: string, pkg: Json, runner: string): Configured | null {
  if (runner === 'jest') {
    const inPkg = (pkg['jest'] as Json | undefined)?.['collectCoverageFrom'];
    const files = ['jest.config.js', 'jest.config.ts', 'jest.config.mjs', 'jest.config.cjs', 'jest.config.json'];
    const text = files.map((f) => path.join(cwd, f)).filter((f) => existsSync(f)).map((f) => readFileSync(f, 'utf8'))[0] ?? '';
    const list = inPkg ? strings(inPkg) : arrayIn(text, 'collectCoverageFrom');
    if (list && list.length > 0) {
      return { rule: 'jest collectCoverageFrom', include: list.filter((p) => !p.startsWith('!')), exclude: list.filter((p) => p.startsWith('!')).map((p) => p.slice(1)) };
    }
  }
  if (runner === 'vitest') {
    const names = ['vitest.config', 'vite.config', 'vitest.workspace'].flatMap((b) => ['.ts', '.mts', '.js', '.mjs', '.cts', '.cjs'].map((e) => b + e));
    for (const name of names) {
      if (!existsSync(path.join(cwd, name))) continue;
      const text = readFileSync(path.join(cwd, name), 'utf8');
      const at = /\bcoverage\s*:\s*\{/.exec(text);
      if (!at) continue;
      // Inside the braces of `coverage: { ... }` only, at their top level: a test project's
      // `test.include` later in the file is not the coverage include (hono's vitest.config.ts).
      const block = balanced(text, at.index + at[0].length - 1).slice(1, -1);
      const include = arrayIn(block, 'include', true);
      const exclude = arrayIn(block, 'exclude', true);
      if (include || exclude) return { rule: `vitest coverage.include/exclude in ${name}`, include: include ?? [], exclude: exclude ?? [] };
    }
  }
  return null;
}

/** Relative targets of `main`, `module`, `exports`, `bin`. */
function entryPoints(pkg: Json): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(pkg['main']);
  walk(pkg['module']);
  walk(pkg['exports']);
  walk(pkg['bin']);
  return out.filter((p) => p.startsWith('./') || !p.startsWith('.')).map((p) => p.replace(/^\.\//, ''));
}

function shipped(pkg: Json, sources: string[]): Configured | null {
  const files = strings(pkg['files']);
  const toGlob = (entry: string) => {
    const clean = entry.replace(/^\.\//, '').replace(/\/$/, '');
    return /[*?]/.test(clean) || /\.[cm]?[jt]sx?$/.test(clean) ? clean : `${clean}/**`;
  };
  const entries = entryPoints(pkg);
  // Without `files`, npm packs the whole package: an entry point at the top level means every source counts.
  if (files.length === 0 && entries.some((e) => !e.includes('/'))) return { rule: 'shipped sources (no package.json files: npm packs every source; top-level entry point)', include: [], exclude: [] };
  let include = (files.length > 0 ? files.filter((f) => !f.startsWith('!')) : entries.map((e) => `${e.split('/')[0]}/**`)).map(toGlob);
  const label = files.length > 0 ? 'package.json files' : 'package.json main/exports/bin';
  if (include.length === 0) return null;
  // Built output (dist/, lib/ built from src/; a top-level index.js a release script writes from
  // src/index.js, absent from the tree): its sources are what the index holds.
  const hasSrc = sources.some((s) => s.startsWith('src/'));
  const traced = include.flatMap((g) => {
    const top = g.split('/')[0]!;
    if (BUILD_DIRS.has(top) && !sources.some((s) => s.startsWith(`${top}/`)) && hasSrc) return ['src/**'];
    if (hasSrc && !/[*?]/.test(g) && /\.[cm]?[jt]sx?$/.test(g) && !/\.d\.[cm]?ts$/.test(g) && !sources.includes(g)) {
      const twins = sources.filter((s) => s.replace(/\.[cm]?[jt]sx?$/, '') === `src/${g.replace(/\.[cm]?[jt]sx?$/, '')}`);
      return twins.length > 0 ? twins : ['src/**'];
    }
    return [g];
  });
  const note = traced.length !== include.length || traced.some((g, i) => g !== include[i]) ? ', built output traced to src/' : '';
  include = [...new Set(traced)];
  return { rule: `shipped sources (${label}${note})`, include, exclude: files.filter((f) => f.startsWith('!')).map((f) => f.slice(1)) };
}

/**
 * Chooses the measured file set of the project at `index.root` (its package.json in `pkgDir`).
 *
 * @example
 * measuredFileSet(index, { runner: 'mocha', wrapper: null }).rule; // 'shipped sources (package.json files)'
 */
export function measuredFileSet(index: ProjectIndex, options: { runner: string; wrapper: { tool: string; args: string[] } | null; pkgDir?: string }): MeasuredFileSet {
  const cwd = options.pkgDir ?? index.root;
  const pkg = readJson(path.join(cwd, 'package.json')) ?? {};
  const sources = sourceFilesOf(index, 'js').map((f) => f.path);
  const configured = fromWrapper(options.wrapper) ?? fromCoverageConfig(cwd, pkg) ?? fromRunnerConfig(cwd, pkg, options.runner);
  const chosen = configured ?? shipped(pkg, sources) ?? { rule: 'every JS/TS source file (no coverage configuration, no package.json entry points)', include: [], exclude: [] };
  const norm = (g: string) => g.replace(/^\.\//, '').replace(/^<rootDir>\//, '');
  const inc = chosen.include.map(norm).map((g) => (/[*?]/.test(g) || /\.[cm]?[jt]sx?$/.test(g) ? g : `${g.replace(/\/$/, '')}/**`));
  const isIncluded = inc.length > 0 ? picomatch(inc, { dot: true }) : () => true;
  // A bare name excludes that directory too (vitest's `exclude: ['benchmarks']`).
  const exc = chosen.exclude.map(norm).flatMap((g) => (/[*?]/.test(g) || /\.[cm]?[jt]sx?$/.test(g) ? [g] : [g, `${g.replace(/\/$/, '')}/**`]));
  const isExcluded = exc.length > 0 ? picomatch(exc, { dot: true }) : () => false;
  const named = (dir: string) => inc.some((g) => g === `${dir}/**` || g.startsWith(`${dir}/`));
  const files = sources.filter((f) => isIncluded(f) && !isExcluded(f) && !TYPE_TESTS.test(f) && !(NEVER_MEASURED.includes(f.split('/')[0]!) && !named(f.split('/')[0]!)));
  if (files.length === 0 && !configured && inc.length > 0) {
    // The shipped files are built output whose sources live elsewhere (files: ["build"], sources in lib/).
    const all = sources.filter((f) => !TYPE_TESTS.test(f) && !NEVER_MEASURED.includes(f.split('/')[0]!));
    return { rule: `every JS/TS source file (the shipped ${inc.join(', ')} is built output)`, include: [], exclude: [], files: all, configured: false };
  }
  return { rule: chosen.rule, include: inc, exclude: chosen.exclude.map(norm), files, configured: configured !== null };
}

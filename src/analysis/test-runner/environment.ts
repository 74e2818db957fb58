/**
 * What this environment can honour: Node flags this Node accepts (probed, not guessed), modules
 * named by `--require`/`--import` that are installed, binaries in `node_modules/.bin`, and
 * glob expansion the way a shell (or a newer Node) would do it.
 *
 * @module
 */
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import picomatch from 'picomatch';
import { runCommand } from '../../core/run-command.js';

const probed = new Map<string, string | null>();

/**
 * The flags of `flags` this Node rejects (`node: bad option: X`), found by running
 * `node <flags> -p 0` until it starts. Flags that load modules must not be passed here.
 *
 * @example
 * await rejectedNodeFlags(['--experimental-test-isolation=none']); // ['--experimental-test-isolation=none'] on Node 20
 */
export async function rejectedNodeFlags(flags: string[]): Promise<string[]> {
  const rejected: string[] = [];
  let rest = flags.filter((f) => f !== '--test');
  for (let round = 0; round < flags.length + 1 && rest.length > 0; round += 1) {
    const key = rest.join('\0');
    let bad = probed.get(key);
    if (bad === undefined) {
      const r = await runCommand(process.execPath, [...rest, '-p', '0'], { cwd: os.tmpdir(), env: {}, replaceEnv: true, timeoutMs: 15_000 });
      bad = r.exitCode === 9 ? (/bad option: (\S+)/.exec(r.stderr)?.[1] ?? null) : null;
      probed.set(key, bad);
    }
    if (bad === null) break;
    const hit = rest.find((f) => f === bad || f.split('=')[0] === bad.split('=')[0]);
    if (!hit) break;
    rejected.push(hit);
    rest = rest.filter((f) => f !== hit);
  }
  return rejected;
}

/** Directories from `start` up to and including `stop` (or the file-system root). */
export function upFrom(start: string, stop?: string): string[] {
  const dirs: string[] = [];
  let dir = path.resolve(start);
  for (;;) {
    dirs.push(dir);
    if (dir === stop) break;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return dirs;
}

/** True when `spec` (`./setup.js`, `ts-node/register`, `@babel/register`) can be loaded from `cwd`. */
export function moduleAvailable(spec: string, cwd: string): boolean {
  if (spec.startsWith('.') || spec.startsWith('/')) {
    const file = path.resolve(cwd, spec);
    return ['', '.js', '.cjs', '.mjs', '.ts', '/index.js'].some((ext) => existsSync(file + ext));
  }
  if (spec.startsWith('node:')) return true;
  const parts = spec.split('/');
  const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  return upFrom(cwd).some((dir) => existsSync(path.join(dir, 'node_modules', name, 'package.json')));
}

/** The path of `node_modules/.bin/<name>` in `cwd` or a parent, or null. */
export function findBin(name: string, cwd: string): string | null {
  for (const dir of upFrom(cwd)) {
    const bin = path.join(dir, 'node_modules', '.bin', name);
    if (existsSync(bin)) return bin;
  }
  return null;
}

/**
 * PATH as `npm test` gives it to a script: the `node_modules/.bin` of `cwd` and of each parent
 * that has one, then the caller's PATH, so a wrapper the test script starts (a hot-fix script
 * that spawns `cross-env`, a runner that spawns a tool by name) finds the project's binaries.
 */
export function binPath(cwd: string): string {
  const bins = upFrom(cwd)
    .map((dir) => path.join(dir, 'node_modules', '.bin'))
    .filter((dir) => existsSync(dir));
  return [...bins, process.env['PATH'] ?? ''].join(path.delimiter);
}

/** `version` of the package `name` installed for `cwd` (or a parent), or null. */
export async function packageVersion(name: string, cwd: string): Promise<string | null> {
  for (const dir of upFrom(cwd)) {
    try {
      const json = JSON.parse(await fs.readFile(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version?: unknown };
      return typeof json.version === 'string' ? json.version : null;
    } catch {
      // not here
    }
  }
  return null;
}

const SKIP_DIRS = new Set(['node_modules', '.git']);

/** Every file under `root` (relative, `/`-separated), node_modules and .git left out. */
export async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await fs.readdir(root, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const e of entries) {
    if (!e.isFile()) continue;
    const rel = path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/');
    if (rel.split('/').some((p) => SKIP_DIRS.has(p))) continue;
    out.push(rel);
  }
  return out.sort();
}

/**
 * Expands a glob against `files` (relative to the directory the command runs in). `shell`
 * gives sh semantics (`**` is `*`; a pattern that matches nothing stays as it is).
 */
export function expandGlob(pattern: string, files: string[], shell: boolean): string[] {
  const clean = pattern.replace(/^\.\//, '');
  const matcher = picomatch(shell ? clean.replace(/\*\*/g, '*') : clean, { dot: false });
  const hits = files.filter((f) => matcher(f));
  return hits.length > 0 ? hits : shell ? [pattern] : [];
}

/**
 * Folders that tools write inside a read-only project during a contained run, and how a run gets
 * them writable without changing the project: the caches of `node_modules` (an empty throw-away
 * file system: only speed depends on them) and the state folders of known tools in the project
 * root (a throw-away copy of the folder when it exists, so the run sees what a run by hand sees;
 * an empty throw-away file system when it does not).
 *
 * Either way nothing the run writes there stays: a missing mount point is created before the run
 * and removed afterwards when it is still empty, an existing folder is never written.
 *
 * @module
 */
import { existsSync, promises as fs, lstatSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';

/** The cache folders of `node_modules` that runners write (vite's bundled config, babel's and others' caches). */
export const NODE_MODULES_CACHES: readonly string[] = ['.vite-temp', '.vite', '.cache'];

/** A tool that keeps state in a folder of the project root while tests run. */
export interface ToolStateDir {
  /** The folder, relative to the project root. */
  dir: string;
  /** npm packages whose presence in the root `package.json` says the project uses the tool. */
  packages: readonly string[];
}

/**
 * Known tools' state folders in the project root. Only tools whose test helpers write their folder
 * whatever the test does: wrangler (`unstable_dev`, `wrangler dev`, `@cloudflare/vitest-pool-workers`)
 * bundles the worker into `.wrangler/tmp` and keeps its local storage in `.wrangler/state`; in a
 * read-only project each such test waits for its timeout and fails. (pytest's `.pytest_cache` is not
 * here: the Python runner points `cache_dir` into the run's scratch directory.)
 */
export const TOOL_STATE_DIRS: readonly ToolStateDir[] = [
  { dir: '.wrangler', packages: ['wrangler', '@cloudflare/vitest-pool-workers'] },
];

/** Largest existing state folder that a run gets a copy of; above it the run gets an empty one (as on a fresh clone). */
export const STATE_COPY_MAX_BYTES = 256 * 1024 * 1024;

/** The dependency fields of `package.json` that say a project uses a package. */
const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

/** The packages `root/package.json` depends on (empty when it has none or cannot be read). */
function dependencies(root: string): Set<string> {
  try {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
    const names = new Set<string>();
    for (const field of DEPENDENCY_FIELDS) {
      const deps = manifest[field];
      if (deps && typeof deps === 'object') for (const name of Object.keys(deps)) names.add(name);
    }
    return names;
  } catch {
    return new Set();
  }
}

/**
 * The state folders (absolute) of the known tools `root` uses ({@link TOOL_STATE_DIRS}): `.wrangler`
 * when `package.json` depends on wrangler. A folder that is a link is left out (it leads outside
 * the project).
 *
 * @example
 * toolStateDirs('/repo'); // ['/repo/.wrangler'] when /repo/package.json has wrangler
 */
export function toolStateDirs(root: string): string[] {
  const deps = dependencies(root);
  return TOOL_STATE_DIRS.filter((tool) => tool.packages.some((name) => deps.has(name)))
    .map((tool) => path.join(root, tool.dir))
    .filter((dir) => !isLink(dir));
}

function isLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * The cache folders test runners write inside a project even when told not to cache (vite and
 * vitest bundle a TypeScript config into `node_modules/.vite-temp`, babel and others use
 * `node_modules/.cache`), and the state folders of the known tools the project uses
 * ({@link toolStateDirs}). The `node_modules` ones only when the project has a real
 * `node_modules` directory of its own: one that is a link (or lies behind one) leads outside the
 * project, where nothing may be created.
 *
 * @example
 * projectCacheDirs('/repo'); // ['/repo/node_modules/.vite-temp', ..., '/repo/.wrangler']
 */
export function projectCacheDirs(root: string): string[] {
  return [...nodeModulesCaches(root), ...toolStateDirs(root)];
}

function nodeModulesCaches(root: string): string[] {
  const modules = path.join(root, 'node_modules');
  let real: string;
  try {
    real = realpathSync(modules);
    if (lstatSync(modules).isSymbolicLink() || real !== path.join(realpathSync(root), 'node_modules')) return [];
  } catch {
    return [];
  }
  return NODE_MODULES_CACHES.map((name) => path.join(real, name));
}

/** How the folders of {@link projectCacheDirs} are mounted in one run. */
export interface ScratchMounts {
  /** Folders that get an empty throw-away file system. */
  empty: string[];
  /** Existing state folders replaced, for the run, by a throw-away copy of themselves. */
  copies: { copy: string; target: string }[];
  /** Removes the mount points made for the run (when still empty) and the copies. */
  cleanUp: () => Promise<void>;
}

/**
 * Prepares `dirs` for a run whose scratch directory is `scratch`: a missing folder is created as
 * a mount point (the tool would create it anyway) and removed after the run when still empty; an
 * existing state folder (not a cache of `node_modules`) of at most {@link STATE_COPY_MAX_BYTES} is copied
 * into `scratch`; every other folder gets an empty file system. A folder that cannot be prepared
 * (a read-only project) is left as it is.
 */
export async function prepareScratchMounts(dirs: readonly string[], scratch: string): Promise<ScratchMounts> {
  const made: string[] = [];
  const copied: string[] = [];
  const mounts: ScratchMounts = { empty: [], copies: [], cleanUp: async () => {
    await Promise.all(copied.map((copy) => fs.rm(copy, { recursive: true, force: true })));
    await Promise.all(made.map((dir) => fs.rmdir(dir).catch(() => undefined)));
  } };
  for (const [at, dir] of dirs.entries()) {
    try {
      if (!existsSync(dir)) {
        await fs.mkdir(dir);
        made.push(dir);
      } else if (path.basename(path.dirname(dir)) !== 'node_modules' && (await folderBytes(dir, STATE_COPY_MAX_BYTES)) <= STATE_COPY_MAX_BYTES) {
        const copy = path.join(scratch, `.empathy-state-${at}-${path.basename(dir)}`);
        copied.push(copy);
        await fs.cp(dir, copy, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
        mounts.copies.push({ copy: realpathSync(copy), target: realpathSync(dir) });
        continue;
      }
      mounts.empty.push(realpathSync(dir));
    } catch {
      // not creatable or not copyable: the run goes on without it
    }
  }
  return mounts;
}

/** The bytes of the files under `dir`, counting stops once over `limit`. */
async function folderBytes(dir: string, limit: number): Promise<number> {
  let total = 0;
  const todo = [dir];
  for (let next = todo.pop(); next !== undefined && total <= limit; next = todo.pop()) {
    for (const entry of await fs.readdir(next, { withFileTypes: true })) {
      const file = path.join(next, entry.name);
      if (entry.isDirectory()) todo.push(file);
      else if (entry.isFile()) total += (await fs.stat(file)).size;
    }
  }
  return total;
}

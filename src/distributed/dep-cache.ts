/**
 * Dependency installs of a worker's checkouts, cached per lockfile: a checkout with a
 * `package-lock.json` (or `npm-shrinkwrap.json`) and no `node_modules` gets a link to
 * `<workspace>/deps/<hash>/node_modules`, where `<hash>` is the sha256 of its package.json and
 * lockfile. The first checkout with that hash installs it (`npm ci --ignore-scripts`: no
 * lifecycle script of the repository runs) in a staging directory holding only those two files,
 * contained like every run of project code (bubblewrap: nothing writable but the staging
 * directory and npm's cache in the workspace; the network is allowed, for the registry; the
 * environment scrubbed of credentials); later checkouts with the same lockfile (other commits,
 * other jobs, other worker processes sharing the workspace) reuse it. An install that fails
 * leaves no cache entry: the checkout stays without dependencies and the analysers say so.
 *
 * Python: a checkout with a `requirements.txt` and no `.venv`/`venv` gets a `.venv` link to
 * `<workspace>/deps/py-<hash>/venv`, a virtualenv made from the interpreter that has coverage
 * and pytest (with its site packages, so the coverage agent finds them there) into which
 * `pip install --only-binary :all: -r requirements.txt` installed the requirements: wheels
 * only, so no build script of a package runs; contained the same way (writable: the entry and
 * pip's cache in the workspace; network allowed for the index the requirements name).
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { findPythonWithCoverage } from '../analysis/coverage/interpreter.js';
import { withFileLock } from '../core/file-lock.js';
import { findExecutable } from '../core/run-command.js';
import { runContained } from '../core/sandbox/index.js';

const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json'];
/** An install may take minutes; a holder that died is noticed by its pid. */
const LOCK = { timeoutMs: 20 * 60_000, staleMs: 20 * 60_000 };

/** What {@link installDependencies} did. */
export interface DependencyInstall {
  /** `cached`: linked to an earlier install; `installed`: installed now; `failed`: the install failed (see `detail`). */
  status: 'cached' | 'installed' | 'failed';
  /** The lockfile hash (the cache entry's name). */
  hash: string;
  detail?: string;
}

/**
 * Links (installing first when needed) the dependencies of the checkout at `tree`; `null` when
 * it has no npm lockfile or already has `node_modules`.
 */
export async function installDependencies(tree: string, workspace: string, signal?: AbortSignal): Promise<DependencyInstall | null> {
  const lockfile = LOCKFILES.find((f) => existsSync(path.join(tree, f)));
  if (!lockfile || !existsSync(path.join(tree, 'package.json')) || existsSync(path.join(tree, 'node_modules'))) return null;
  const files = ['package.json', lockfile];
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file}\0`).update(await fs.readFile(path.join(tree, file))).update('\0');
  const key = hash.digest('hex').slice(0, 32);
  const entry = path.join(workspace, 'deps', key);
  await fs.mkdir(path.join(workspace, 'locks'), { recursive: true });
  const result = await withFileLock(path.join(workspace, 'locks', `deps-${key}.lock`), async (): Promise<DependencyInstall> => {
    if (existsSync(path.join(entry, 'node_modules'))) return { status: 'cached', hash: key };
    const staging = `${entry}.${process.pid}.tmp`;
    const cache = path.join(workspace, 'npm-cache');
    await fs.rm(staging, { recursive: true, force: true });
    await fs.mkdir(path.join(staging, 'home'), { recursive: true });
    await fs.mkdir(cache, { recursive: true });
    for (const file of files) await fs.copyFile(path.join(tree, file), path.join(staging, file));
    const run = await runContained('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: staging,
      scratch: path.join(staging, 'home'),
      writable: [staging, cache],
      env: { npm_config_cache: cache, npm_config_update_notifier: 'false' },
      network: true,
      timeoutMs: 15 * 60_000,
      ...(signal ? { signal } : {}),
    });
    if (run.exitCode !== 0 || !existsSync(path.join(staging, 'node_modules'))) {
      await fs.rm(staging, { recursive: true, force: true });
      return { status: 'failed', hash: key, detail: `npm ci --ignore-scripts failed (${lastLine(run)})` };
    }
    await fs.rm(path.join(staging, 'home'), { recursive: true, force: true });
    await fs.rename(staging, entry);
    return { status: 'installed', hash: key };
  }, LOCK);
  if (result.status !== 'failed') await fs.symlink(path.join(entry, 'node_modules'), path.join(tree, 'node_modules'), 'dir');
  return result;
}

let basePython: Promise<string | null> | undefined;

/** The interpreter a worker's virtualenvs are made from: the first with coverage and pytest, else `python3` (probed once). */
function pythonBase(signal?: AbortSignal): Promise<string | null> {
  basePython ??= findPythonWithCoverage(['python3', '/usr/bin/python3', 'python'], signal ? { signal } : {}).then(
    (found) => found.interpreter?.path ?? findExecutable('python3'),
  );
  return basePython;
}

/** The last line of a failed run's output, for a one-line detail. */
function lastLine(run: { stdout: string; stderr: string; exitCode: number | null; timedOut?: boolean }): string {
  if (run.timedOut) return 'timed out';
  return `${run.stderr}\n${run.stdout}`.trim().split('\n').filter(Boolean).pop() ?? `exit ${String(run.exitCode)}`;
}

/**
 * Links (installing first when needed) a virtualenv with the requirements of the checkout at
 * `tree` as its `.venv`; `null` when it has no `requirements.txt`, already has a virtualenv, or
 * no Python is installed.
 */
export async function installPythonDependencies(tree: string, workspace: string, signal?: AbortSignal): Promise<DependencyInstall | null> {
  const requirements = path.join(tree, 'requirements.txt');
  if (!existsSync(requirements) || existsSync(path.join(tree, '.venv')) || existsSync(path.join(tree, 'venv'))) return null;
  const base = await pythonBase(signal);
  if (!base) return null;
  const key = `py-${createHash('sha256').update(`${base}\0`).update(await fs.readFile(requirements)).digest('hex').slice(0, 32)}`;
  const entry = path.join(workspace, 'deps', key);
  const done = path.join(entry, '.complete');
  await fs.mkdir(path.join(workspace, 'locks'), { recursive: true });
  const result = await withFileLock(path.join(workspace, 'locks', `deps-${key}.lock`), async (): Promise<DependencyInstall> => {
    if (existsSync(done)) return { status: 'cached', hash: key };
    // Made where it stays (a virtualenv's scripts name their directory); complete once `.complete` exists.
    const cache = path.join(workspace, 'pip-cache');
    await fs.rm(entry, { recursive: true, force: true });
    await fs.mkdir(path.join(entry, 'home'), { recursive: true });
    await fs.mkdir(cache, { recursive: true });
    await fs.copyFile(requirements, path.join(entry, 'requirements.txt'));
    const contained = { cwd: entry, scratch: path.join(entry, 'home'), writable: [entry, cache], timeoutMs: 15 * 60_000, ...(signal ? { signal } : {}) };
    const venv = path.join(entry, 'venv');
    const made = await runContained(base, ['-m', 'venv', '--system-site-packages', venv], contained);
    const run =
      made.exitCode !== 0
        ? made
        : await runContained(
            path.join(venv, 'bin', 'python'),
            ['-m', 'pip', 'install', '--no-input', '--disable-pip-version-check', '--only-binary', ':all:', '-r', 'requirements.txt'],
            { ...contained, env: { PIP_CACHE_DIR: cache }, network: true },
          );
    if (run.exitCode !== 0) {
      await fs.rm(entry, { recursive: true, force: true });
      const step = made.exitCode !== 0 ? `${path.basename(base)} -m venv` : 'pip install --only-binary :all: -r requirements.txt';
      return { status: 'failed', hash: key, detail: `${step} failed (${lastLine(run)})` };
    }
    await fs.rm(path.join(entry, 'home'), { recursive: true, force: true });
    await fs.writeFile(done, '');
    return { status: 'installed', hash: key };
  }, LOCK);
  if (result.status !== 'failed') await fs.symlink(path.join(entry, 'venv'), path.join(tree, '.venv'), 'dir');
  return result;
}

/**
 * Test helper: copies a fixture repository to a temporary directory (fixtures are read-only) and
 * indexes the copy.
 *
 * @module
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildProjectIndex } from '../../project/index.js';
import type { ProjectIndex } from '../../project/types.js';

/** Absolute path of `test/fixtures`. */
export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures');

/** The repository's own node_modules (vitest + @vitest/coverage-v8 4.1.12). */
export const OWN_NODE_MODULES = path.resolve(FIXTURES, '../../node_modules');

const made: string[] = [];

/**
 * Copies fixtures (merged, in order) into one new temporary directory and returns its real path.
 * `linkNodeModules` links the repository's whole node_modules; `linkTools` instead links only the
 * named packages and their binaries (`node_modules/<name>`, `node_modules/.bin/<name>`), as an
 * install of just those tools would leave them. Node runs a linked tool from its real location, so
 * the tool's own dependencies resolve from the repository's node_modules, without the network.
 */
export async function copyFixtures(names: string[], options: { linkNodeModules?: boolean; linkTools?: string[] } = {}): Promise<string> {
  const dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'empathy-cov-test-')));
  made.push(dir);
  for (const name of names) await fs.cp(path.join(FIXTURES, name), dir, { recursive: true });
  if (options.linkNodeModules) await fs.symlink(OWN_NODE_MODULES, path.join(dir, 'node_modules'), 'dir');
  if (options.linkTools?.length) {
    await fs.mkdir(path.join(dir, 'node_modules', '.bin'), { recursive: true });
    for (const tool of options.linkTools) {
      await fs.symlink(path.join(OWN_NODE_MODULES, tool), path.join(dir, 'node_modules', tool), 'dir');
      await fs.symlink(path.join(OWN_NODE_MODULES, '.bin', tool), path.join(dir, 'node_modules', '.bin', tool));
    }
  }
  return dir;
}

/** Copies a report fixture from `cov-reports` to `<root>/<relativePath>`, with the given mtime. */
export async function placeReport(root: string, fixture: string, relativePath: string, mtime: Date): Promise<string> {
  const target = path.join(root, relativePath);
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.copyFile(path.join(FIXTURES, 'cov-reports', fixture), target);
  await fs.utimes(target, mtime, mtime);
  return target;
}

/** Sets the mtime of every file under `root` (except node_modules) to `time`. */
export async function touchAll(root: string, time: Date): Promise<void> {
  for (const entry of await fs.readdir(root, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && !full.includes(`${path.sep}node_modules`)) await fs.utimes(full, time, time);
  }
}

/**
 * The deadline of a fixture's test run in these tests: a bound for a hang, never for speed (a
 * run of a small fixture takes seconds on an idle machine, much longer on a loaded 2-core CI
 * machine); below vitest's 300 s test timeout, so a hung run still fails with its own message.
 */
export const RUN_DEADLINE_SECONDS = 240;

/** Indexes a root without the result cache (nothing written into the copy). */
export function indexRoot(root: string, options: { exclude?: string[] } = {}): Promise<ProjectIndex> {
  return buildProjectIndex(root, { cache: false, ...options });
}

/** Removes every directory made by {@link copyFixtures}. */
export async function cleanupCopies(): Promise<void> {
  await Promise.all(made.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })));
}

/**
 * A scratch copy of the project in the system temporary directory: every indexed file,
 * plus links to `node_modules` and Python virtualenvs. Candidates are validated there, so the
 * user's tree is untouched until the kept tests are installed.
 *
 * The copy is `<base>/project` in a directory of its own, never directly under the temporary
 * directory: a kept test runs with the copy as its working directory, and `'..'` must be ours
 * (the explorer ran the same calls one level below the directory its guard allowed).
 *
 * @module
 */
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LINKED_DIRS } from '../../core/sandbox/index.js';
import type { ProjectIndex } from '../../project/types.js';

/** A scratch copy and its removal. */
export interface ScratchCopy {
  /** The copy of the project (`<base>/project`). */
  root: string;
  remove(): Promise<void>;
}


/**
 * Copies the files of `index` into a new temporary directory.
 *
 * @example
 * const scratch = await createScratchCopy(index);
 * try { ... } finally { await scratch.remove(); }
 */
export async function createScratchCopy(index: ProjectIndex): Promise<ScratchCopy> {
  const base = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'empathy-testgen-scratch-')));
  const root = path.join(base, 'project');
  const remove = () => fs.rm(base, { recursive: true, force: true });
  try {
    await fs.mkdir(root);
    for (const file of index.files) {
      const target = path.join(root, file.path);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.copyFile(file.absolutePath, target);
    }
    for (const name of LINKED_DIRS) {
      const source = path.join(index.root, name);
      if (!existsSync(source) || existsSync(path.join(root, name))) continue;
      // Links to the real directories (a chain of links is one more thing to go stale).
      // node_modules is a directory of the copy holding one link per package, so the tools'
      // caches (vitest bundles its TypeScript config into node_modules/.vite-temp) land in the
      // copy, never in the project's own node_modules.
      const real = await fs.realpath(source);
      if (name !== 'node_modules') await fs.symlink(real, path.join(root, name), 'dir');
      else {
        await fs.mkdir(path.join(root, name));
        for (const entry of await fs.readdir(real)) await fs.symlink(path.join(real, entry), path.join(root, name, entry));
      }
    }
  } catch (error) {
    await remove();
    throw error;
  }
  return { root, remove };
}

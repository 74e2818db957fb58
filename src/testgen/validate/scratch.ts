/**
 * A scratch copy of the project in the system temporary directory: every indexed file (tracked
 * by a git repository of its own, so an index of the copy holds the same files), the
 * project's own symbolic links that stay inside it (kept as links, with the same target), plus
 * links to `node_modules` and Python virtualenvs. A link that leads out of the project is left
 * out: the copy never reaches outside it through one. Candidates are validated there, so the
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
import { runCommand } from '../../core/run-command.js';
import { LINKED_DIRS, NODE_MODULES_CACHES } from '../../core/sandbox/index.js';
import type { ProjectIndex } from '../../project/types.js';

/** A scratch copy and its removal. */
export interface ScratchCopy {
  /** The copy of the project (`<base>/project`). */
  root: string;
  remove(): Promise<void>;
}


/**
 * Makes the copy a git work tree that tracks exactly the copied files, so that an index of the
 * copy holds the same files as the project's: git's rule keeps a tracked file that a
 * `.gitignore` pattern matches (dataloader ignores `index.js` and commits `src/index.js`), and
 * without it the copy's index, hence the measured file set of the final suite, would lose it.
 * A fresh repository of ours (no hooks, no filters); without git the copy stays a plain tree.
 */
async function trackLikeTheProject(root: string, files: string[]): Promise<void> {
  const env = { GIT_DIR: undefined, GIT_WORK_TREE: undefined, GIT_INDEX_FILE: undefined, GIT_OPTIONAL_LOCKS: '0' };
  try {
    const init = await runCommand('git', ['init', '-q'], { cwd: root, timeoutMs: 60_000, env });
    if (init.exitCode !== 0) return;
    await runCommand('git', ['add', '-f', '--pathspec-from-file=-', '--pathspec-file-nul'], { cwd: root, timeoutMs: 300_000, env, input: files.join('\0') });
  } catch {
    // git not installed: the ignore rules alone decide, as for a project outside git
  }
}

const NOT_WALKED = new Set(['.git', '.hg', '.svn', ...LINKED_DIRS]);

/**
 * Recreates in `copy` the symbolic links of the project at `root` whose target (followed to the
 * end) lies inside the project: the link's own text when it is relative and stays inside, else
 * the relative path to its target. The index leaves links out (their targets are indexed under their own paths), and a
 * suite may rely on one (a fixture directory shared through a link). Returns how many were left
 * out because they lead out of the project or nowhere.
 */
export async function copyLinks(root: string, copy: string): Promise<number> {
  const realRoot = await fs.realpath(root);
  let outside = 0;
  const walk = async (rel: string): Promise<void> => {
    const entries = await fs.readdir(path.join(root, rel), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory() && !NOT_WALKED.has(entry.name)) await walk(child);
      if (!entry.isSymbolicLink() || (rel === '' && NOT_WALKED.has(entry.name))) continue;
      const abs = path.join(root, child);
      const target = await fs.realpath(abs).catch(() => null);
      if (!target || (target !== realRoot && !target.startsWith(realRoot + path.sep))) {
        outside += 1;
        continue;
      }
      const text = await fs.readlink(abs);
      const dir = path.dirname(path.join(realRoot, child));
      const lexical = path.resolve(dir, text);
      const keepText = !path.isAbsolute(text) && (lexical === realRoot || lexical.startsWith(realRoot + path.sep));
      const link = keepText ? text : path.relative(dir, target) || '.';
      const dest = path.join(copy, child);
      if (existsSync(dest)) continue;
      await fs.mkdir(path.dirname(dest), { recursive: true });
      await fs.symlink(link, dest);
    }
  };
  await walk('');
  return outside;
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
    await copyLinks(index.root, root);
    await trackLikeTheProject(root, index.files.map((f) => f.path));
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
        // Its caches are not linked: a link to the project's own .vite-temp would lead the run out of the copy (EROFS).
        for (const entry of await fs.readdir(real)) {
          if (!NODE_MODULES_CACHES.includes(entry)) await fs.symlink(path.join(real, entry), path.join(root, name, entry));
        }
      }
    }
  } catch (error) {
    await remove();
    throw error;
  }
  return { root, remove };
}

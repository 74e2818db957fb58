/**
 * Symbolic links that lead out of a project root, found by a walk of the whole tree (default
 * excludes and `.gitignore` do not apply: an external tool such as pyright or mypy may walk
 * those folders itself). The index never follows a link; this list tells the callers that hand
 * a directory to an external tool whether that tool could read outside the root through one.
 *
 * `.git` and `node_modules` are not walked (installed dependencies are commonly links, e.g. in
 * workspaces, and the checkers do not treat them as sources); a link named `node_modules` is
 * not reported either.
 *
 * @module
 */
import type { Dirent } from 'node:fs';
import { readdir, realpath } from 'node:fs/promises';
import path from 'node:path';

const NOT_WALKED = new Set(['.git', 'node_modules']);

/**
 * Root-relative paths of the links under `root` (a real path) whose target is outside it, or
 * that cannot be resolved to somewhere inside it. Stops after `limit` links.
 *
 * @example
 * await linksOutOfRoot('/abs/repo'); // ['src/leak.ts']
 */
export async function linksOutOfRoot(root: string, limit = 100, signal?: AbortSignal): Promise<string[]> {
  const found: string[] = [];
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  const visit = async (rel: string): Promise<void> => {
    signal?.throwIfAborted();
    let entries: Dirent[];
    try {
      entries = await readdir(path.join(root, rel), { withFileTypes: true });
    } catch {
      return; // an unreadable directory cannot be read by the tool either
    }
    for (const entry of entries) {
      if (found.length >= limit) return;
      if (NOT_WALKED.has(entry.name)) continue;
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) {
        const target = await realpath(path.join(root, childRel)).catch(() => null);
        // A dangling link is harmless; a link into the root is read under its own path.
        if (target !== null && target !== root && !target.startsWith(prefix)) found.push(childRel);
      } else if (entry.isDirectory()) await visit(childRel);
    }
  };
  await visit('');
  return found;
}

/**
 * Test helper: builds a temporary directory tree under the OS temp directory.
 *
 * @module
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A tree: relative path -> file content. */
export type TreeSpec = Record<string, string | Uint8Array>;

/** Creates a fresh temp directory holding `spec`; returns its path. */
export async function makeTree(spec: TreeSpec): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'empathy-walk-'));
  await writeTree(root, spec);
  return root;
}

/** Writes `spec` under `root` (creating parent directories). */
export async function writeTree(root: string, spec: TreeSpec): Promise<void> {
  for (const [path, content] of Object.entries(spec)) {
    const file = join(root, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, content);
  }
}

/** Removes a tree made by {@link makeTree}. */
export async function removeTree(root: string): Promise<void> {
  await rm(root, { recursive: true, force: true });
}

/**
 * The trees of one test file: `tree(spec)` makes one ({@link makeTree}), `removeAll()` (for
 * `afterEach`) removes every tree made so far.
 */
export function treeStore(): { tree(spec: TreeSpec): Promise<string>; removeAll(): Promise<void> } {
  const roots: string[] = [];
  return {
    async tree(spec) {
      const root = await makeTree(spec);
      roots.push(root);
      return root;
    },
    async removeAll() {
      await Promise.all(roots.splice(0).map(removeTree));
    },
  };
}

/** The indexed paths of an index, in order. */
export const indexedPaths = (index: { files: { path: string }[] }): string[] => index.files.map((file) => file.path);

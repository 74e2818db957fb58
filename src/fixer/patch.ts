/**
 * Fixes as one unified diff (`git apply` reads it), and `--apply`: the kept fixes written to the
 * working tree, only when it is clean in git and every file still has the text the fix was made
 * from, all files or none.
 *
 * @module
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { writeFileAtomic } from '../core/atomic-write.js';
import { runCommand } from '../core/run-command.js';
import { UserError } from '../errors.js';
import type { ProposedFix } from './types.js';

/** What applying a fix needs: the file, its text the fix was made from, and its new text. */
export type FileChange = Pick<ProposedFix, 'file' | 'before' | 'after'>;

/**
 * The unified diff of `fixes` (paths `a/<file>` and `b/<file>`), files in path order; empty
 * when there is nothing to change.
 *
 * @example
 * await fs.writeFile('fixes.patch', unifiedDiff(verification.kept));
 */
export function unifiedDiff(fixes: readonly ProposedFix[]): string {
  return [...fixes]
    .sort((a, b) => a.file.localeCompare(b.file))
    .map((f) => {
      const body = createTwoFilesPatch(
        `a/${f.file}`,
        `b/${f.file}`,
        f.before,
        f.after,
        undefined,
        undefined,
        { context: 3 },
      );
      return `diff --git a/${f.file} b/${f.file}\n${body.replace(/^=+\n/m, '').replace(/^Index:.*\n/m, '')}`;
    })
    .join('');
}

/** Refuses unless `root` is a git working tree with no change (tracked or untracked). */
async function assertCleanTree(root: string): Promise<void> {
  const status = await runCommand('git', ['status', '--porcelain', '--untracked-files=normal'], {
    cwd: root,
    timeoutMs: 60_000,
  });
  if (status.exitCode !== 0) {
    throw new UserError(
      `--apply needs a git working tree: ${root} is not one (git status: ${status.stderr.trim().split('\n')[0] ?? 'failed'})`,
    );
  }
  if (status.stdout.trim() !== '') {
    throw new UserError(
      `--apply needs a clean working tree: commit or stash the changes in ${root} first (git status --porcelain lists ${status.stdout.trim().split('\n').length})`,
    );
  }
}

/**
 * Applies `fixes` to `root`: refused (nothing written) unless the tree is clean in git and every
 * file still has the fix's `before` text; then each file is written atomically, and when one
 * write fails the files already written are restored. Returns the changed paths.
 *
 * @throws UserError when the tree is not clean or a file changed since the fixes were made.
 */
export async function applyFixes(root: string, fixes: readonly FileChange[]): Promise<string[]> {
  if (fixes.length === 0) return [];
  await assertCleanTree(root);
  for (const fix of fixes) {
    const current = await fs.readFile(path.join(root, fix.file), 'utf8').catch(() => null);
    if (current !== fix.before)
      throw new UserError(`${fix.file} changed since the fixes were made: run the fix again`);
  }
  const written: FileChange[] = [];
  try {
    for (const fix of fixes) {
      await writeFileAtomic(path.join(root, fix.file), fix.after);
      written.push(fix);
    }
  } catch (error) {
    for (const fix of written)
      await writeFileAtomic(path.join(root, fix.file), fix.before).catch(() => undefined);
    throw error;
  }
  return written.map((f) => f.file);
}

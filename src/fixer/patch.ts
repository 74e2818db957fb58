/**
 * Fixes as one unified diff (`git apply` reads it), and `--apply`: the kept fixes written to the
 * working tree, only when it is clean in git and every file still has the text the fix was made
 * from, all files or none.
 *
 * @module
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { applyPatch, createTwoFilesPatch, structuredPatch } from 'diff';
import { writeFileAtomic } from '../core/atomic-write.js';
import { runCommand } from '../core/run-command.js';
import { UserError } from '../errors.js';
import type { FileChange, ProposedFix } from './types.js';

/**
 * Merges `fixes` into one change per file, in order: a later fix of a file already changed is
 * applied as a diff (3 lines of context) to the text so far; one that does not apply cleanly is a
 * conflict and left out.
 *
 * @example
 * const { changes, conflicts } = mergeFixes([eslintFix, modelFix]); // both of src/a.js: one change
 */
export function mergeFixes(fixes: readonly ProposedFix[]): {
  changes: FileChange[];
  conflicts: ProposedFix[];
} {
  const byFile = new Map<string, FileChange>();
  const conflicts: ProposedFix[] = [];
  for (const fix of fixes) {
    const current = byFile.get(fix.file);
    if (!current) {
      byFile.set(fix.file, { file: fix.file, before: fix.before, after: fix.after });
      continue;
    }
    const merged =
      current.before === fix.before
        ? applyPatch(current.after, structuredPatch(fix.file, fix.file, fix.before, fix.after))
        : false;
    if (merged === false) conflicts.push(fix);
    else current.after = merged;
  }
  return { changes: [...byFile.values()], conflicts };
}

/**
 * The unified diff of `fixes`, one change per file (paths `a/<file>` and `b/<file>`), files in path order; empty
 * when there is nothing to change.
 *
 * @example
 * await fs.writeFile('fixes.patch', unifiedDiff(verification.changes));
 */
export function unifiedDiff(fixes: readonly FileChange[]): string {
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

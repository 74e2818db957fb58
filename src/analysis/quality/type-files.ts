/**
 * Keeps the type checks inside the repository: diagnostics located in a file outside the root
 * (reached through a symbolic link, by an import or by a checker walking a linked directory)
 * are dropped before anything shows them, since their messages quote that file's text.
 *
 * @module
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';

/** Whether `file` (relative to `root`, or absolute) is really inside `root` (a real path). */
export function isInsideRoot(file: string, root: string, cache = new Map<string, boolean>()): boolean {
  const absolute = path.resolve(root, file);
  const known = cache.get(absolute);
  if (known !== undefined) return known;
  let real = absolute;
  try {
    real = realpathSync(absolute);
  } catch {
    // gone or unreadable: judged by its path
  }
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  const inside = real.startsWith(prefix) && absolute.startsWith(prefix);
  cache.set(absolute, inside);
  return inside;
}

/**
 * Splits diagnostics into those located inside `root` and a count of the others.
 *
 * @example
 * const { kept, dropped } = dropOutsideRoot(errors, '/abs/repo');
 */
export function dropOutsideRoot<T extends { file: string }>(
  diagnostics: readonly T[],
  root: string,
): { kept: T[]; dropped: number } {
  const cache = new Map<string, boolean>();
  const kept = diagnostics.filter((d) => isInsideRoot(d.file, root, cache));
  return { kept, dropped: diagnostics.length - kept.length };
}

/**
 * Per-file debt: each scored file's lines of code and the remediation minutes of the quality
 * findings located in it (the same minutes the score sums). Gates on new code score the
 * changed files from it with the same debt-ratio mapping as the whole project.
 *
 * @module
 */
import type { Finding } from '../types.js';
import type { FileDebt } from './types.js';

/**
 * The debt of every scored file that parses, sorted by path. A duplicated block's minutes go
 * to the file of its first copy, as its finding does.
 *
 * @example
 * fileDebt([{ path: 'a.ts', loc: 10 }], [{ file: 'a.ts', minutes: 5, ... }], new Set());
 * // [{ path: 'a.ts', loc: 10, minutes: 5 }]
 */
export function fileDebt(
  files: ReadonlyArray<{ path: string; loc: number }>,
  findings: readonly Finding[],
  unparsed: ReadonlySet<string>,
): FileDebt[] {
  const minutes = new Map<string, number>();
  for (const f of findings) if (f.minutes) minutes.set(f.file, (minutes.get(f.file) ?? 0) + f.minutes);
  return files
    .filter((f) => !unparsed.has(f.path))
    .map((f) => ({ path: f.path, loc: f.loc, minutes: minutes.get(f.path) ?? 0 }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

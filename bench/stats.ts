/**
 * Small figures shared by the bench scripts: the median, and the assertions of generated test files.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** The median of `xs` (the mean of the two middle values for an even count); NaN when empty. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  if (s.length === 0) return NaN;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/**
 * Assertions per test case of `files` (paths under `root`): the text is split into cases at
 * `caseStart`, and `assertion` (a global pattern) counts each case's assertions; a case with none
 * only checks "does not throw" (`bare`).
 */
export async function assertionCounts(
  root: string,
  files: readonly string[],
  caseStart: RegExp,
  assertion: RegExp,
): Promise<{ cases: number; asserts: number; bare: number }> {
  let cases = 0;
  let asserts = 0;
  let bare = 0;
  for (const f of files) {
    const text = await fs.readFile(path.join(root, f), 'utf8').catch(() => '');
    for (const body of text.split(caseStart).slice(1)) {
      cases += 1;
      const n = (body.match(assertion) ?? []).length;
      asserts += n;
      if (n === 0) bare += 1;
    }
  }
  return { cases, asserts, bare };
}

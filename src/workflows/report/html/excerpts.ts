/**
 * Code excerpts for the HTML report: a few lines around each finding, read from the analysed
 * project. Only regular files inside the project root are read (a path that leaves the root,
 * or a symbolic link that resolves outside it, gives no excerpt), at most 1 MiB each.
 *
 * @module
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { isInside } from '../../../core/user-dirs.js';

/** Lines around one place in a file. */
export interface CodeExcerpt {
  /** Line number of `lines[0]`. */
  startLine: number;
  lines: string[];
}

/** Excerpts keyed by `file:line` (see {@link excerptKey}). */
export type ExcerptMap = Readonly<Record<string, CodeExcerpt>>;

/** The key of an excerpt. */
export function excerptKey(file: string, line: number): string {
  return `${file}:${line}`;
}

const MAX_FILE_BYTES = 1024 * 1024;

async function readInside(rootReal: string, root: string, file: string): Promise<string[] | null> {
  const full = path.resolve(root, file);
  if (!isInside(root, full)) return null;
  try {
    const real = await fsp.realpath(full);
    if (!isInside(rootReal, real)) return null;
    const stat = await fsp.stat(real);
    if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return null;
    return (await fsp.readFile(real, 'utf8')).split(/\r?\n/);
  } catch {
    return null; // gone since the analysis, or unreadable: no excerpt
  }
}

/**
 * Reads `context` lines either side of each place (line 0, about the whole file, gets none).
 *
 * @example
 * const excerpts = await loadExcerpts('/repo', [{ file: 'src/a.ts', line: 12 }]);
 * excerpts['src/a.ts:12']?.lines; // lines 10-14
 */
export async function loadExcerpts(
  root: string,
  places: ReadonlyArray<{ file: string; line: number }>,
  context = 2,
): Promise<ExcerptMap> {
  const rootReal = await fsp.realpath(root).catch(() => path.resolve(root));
  const files = new Map<string, Promise<string[] | null>>();
  const out: Record<string, CodeExcerpt> = {};
  for (const { file, line } of places) {
    if (!Number.isInteger(line) || line < 1) continue;
    let text = files.get(file);
    if (!text) {
      text = readInside(rootReal, root, file);
      files.set(file, text);
    }
    const lines = await text;
    if (!lines || line > lines.length) continue;
    const start = Math.max(1, line - context);
    out[excerptKey(file, line)] = { startLine: start, lines: lines.slice(start - 1, Math.min(lines.length, line + context)) };
  }
  return out;
}

/**
 * Files the fixer leaves alone because the project does not write them by hand: copies of other
 * libraries and built bundles that the walk's default excludes (`vendor/`, `*.min.js`, `dist/`)
 * do not catch. A fix there would be overwritten by the next copy or build, or would silently
 * fork someone else's code. Each file left out carries the reason, for the report.
 *
 * The signals, in order: `.gitattributes` marks it `linguist-vendored` or `linguist-generated`
 * (GitHub's own convention); its name carries a version (`sinon-1.5.2.js`); its first lines say it
 * is generated (`@generated`, `DO NOT EDIT`) or are a bundler's wrapper (webpack, rollup's UMD
 * header, browserify's prelude); its lines of code are minified (average over 200 characters, or one
 * over 5,000, string literals left out).
 *
 * @module
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { ProjectIndex } from '../project/types.js';

const SCRIPT = /\.(?:[cm]?js|jsx|css)$/i;
/** `name-1.5.2.js`, `jquery.3.6.0.js`, `lib-v2.1-beta.js`. */
const VERSIONED_NAME = /[-._]v?\d+\.\d+(?:\.\d+)?(?:[-.][0-9a-z]+)*\.(?:[cm]?js|css)$/i;
/** `@generated`, or "generated" and "DO NOT EDIT" on one line (not a line-level "do not edit this line"). */
const GENERATED_MARK = /@generated\b|generated\b[^\n]{0,80}\bDO NOT EDIT\b|\bDO NOT EDIT\b[^\n]{0,80}\bgenerated\b/i;
/** String literals, left out of line lengths: a hand-written file may hold one long string. */
const STRING_LITERAL = /'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g;
const BUNDLE_MARKS: ReadonlyArray<[RegExp, string]> = [
  [/\bwebpackBootstrap\b|\b__webpack_require__\b/, 'a webpack bundle'],
  [/^\s*\(function \(global, factory\) \{\s*typeof exports === 'object' && typeof module !== 'undefined'/, 'a rollup UMD bundle'],
  [/^\s*\(function\(\)\{function r\(e,n,t\)\{function o\(i,f\)\{if\(!n\[i\]\)/, 'a browserify bundle'],
];

/** The `.gitattributes` patterns at the project root that mark files vendored or generated. */
async function markedByAttributes(root: string): Promise<Ignore | null> {
  let text: string;
  try {
    text = await fs.readFile(path.join(root, '.gitattributes'), 'utf8');
  } catch {
    return null;
  }
  const patterns: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const [pattern, ...attrs] = raw.trim().split(/\s+/);
    if (!pattern || pattern.startsWith('#')) continue;
    if (attrs.some((a) => /^linguist-(?:vendored|generated)(?:=true)?$/.test(a))) patterns.push(pattern);
  }
  return patterns.length > 0 ? ignore({ allowRelativePaths: true }).add(patterns) : null;
}

/**
 * Why the file `rel` with text `text` is third-party or generated code, or null when it is the
 * project's own. `marked` holds the `.gitattributes` patterns ({@link thirdPartyFiles} reads them).
 *
 * @example
 * thirdPartyReason('test/support/sinon-1.5.2.js', '/** Sinon.JS 1.5.2 *\/', null);
 * // 'a versioned copy of a library: its name carries a version'
 */
export function thirdPartyReason(rel: string, text: string, marked: Ignore | null): string | null {
  if (marked?.ignores(rel)) return 'marked linguist-vendored or linguist-generated in .gitattributes';
  const head = text.slice(0, 2000);
  if (GENERATED_MARK.test(head)) return 'generated: its header says so';
  if (!SCRIPT.test(rel)) return null;
  if (VERSIONED_NAME.test(path.posix.basename(rel))) return 'a versioned copy of a library: its name carries a version';
  for (const [mark, what] of BUNDLE_MARKS) if (mark.test(head)) return `${what}: built output`;
  const lines = text
    .replace(STRING_LITERAL, '""')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const longest = lines.reduce((n, l) => Math.max(n, l.length), 0);
  const average = lines.length > 0 ? lines.reduce((n, l) => n + l.length, 0) / lines.length : 0;
  if (longest > 5000 || (lines.length > 0 && average > 200)) return 'minified code or generated data: very long lines';
  return null;
}

/**
 * The files of `index`'s project the fixer leaves alone, each with the reason (see the module
 * notes for the signals).
 *
 * @example
 * const leftOut = await thirdPartyFiles(index);
 * leftOut.get('docs/scripts/async.js'); // 'a rollup UMD bundle: built output'
 */
export async function thirdPartyFiles(index: ProjectIndex): Promise<Map<string, string>> {
  const marked = await markedByAttributes(index.root);
  const out = new Map<string, string>();
  for (const file of index.files) {
    if (file.language !== 'javascript' && file.language !== 'typescript' && file.language !== 'python') continue;
    const reason = thirdPartyReason(file.path, await index.read(file.path), marked);
    if (reason) out.set(file.path, reason);
  }
  return out;
}

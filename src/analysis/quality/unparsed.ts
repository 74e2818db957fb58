/**
 * Fail closed on code that does not parse. ESLint (or tree-sitter for Python) reports one
 * fatal message for a file it cannot parse and nothing else, so counting that file as "one
 * error" would hide every finding inside it: a file with 1,200 warnings and one syntax error
 * would raise the score from FAIL to PASS. Instead such a file is **not measured**: its lines
 * leave the score's denominator, its parse error costs no minutes, it is listed in the report
 * (a "not measured" entry, so the verdict's confidence is MEDIUM), and when more than
 * {@link MAX_UNPARSED_PCT} % of the code lines do not parse the score itself is not measured
 * (its gate fails) with the reason and the files.
 *
 * @module
 */
import type { Finding, NotMeasured } from '../types.js';
import type { LintMessage, LintResult } from './lint-types.js';

/** Share of the code lines (percent) that may fail to parse before the score is not measured. */
export const MAX_UNPARSED_PCT = 5;

/** A file the lint pass could not parse or read. */
export interface UnparsedFile {
  file: string;
  loc: number;
  line: number;
  message: string;
}

/** The code the score could not measure. */
export interface UnparsedCode {
  files: UnparsedFile[];
  /** Non-blank lines of those files. */
  loc: number;
  /** `loc` as a percentage of all scored lines (0 when there are none). */
  pct: number;
}

/**
 * The files whose lint pass ended in a `parse-error` message (a syntax error, or a file that
 * could not be read), with their line counts.
 *
 * @example
 * unparsedCode(lint, [{ path: 'src/a.js', loc: 1200 }], 1300).pct; // 92.31
 */
export function unparsedCode(
  lint: LintResult,
  files: readonly { path: string; loc: number }[],
  totalLoc: number,
): UnparsedCode {
  const locOf = new Map(files.map((f) => [f.path, f.loc]));
  const byFile = new Map<string, UnparsedFile>();
  for (const m of lint.messages) {
    if (m.rule !== 'parse-error' || byFile.has(m.file)) continue;
    byFile.set(m.file, { file: m.file, loc: locOf.get(m.file) ?? 0, line: m.line, message: m.message });
  }
  const list = [...byFile.values()].sort((a, b) => a.file.localeCompare(b.file));
  const loc = list.reduce((sum, f) => sum + f.loc, 0);
  return { files: list, loc, pct: totalLoc > 0 ? Math.round((loc / totalLoc) * 10_000) / 100 : 0 };
}

/** The lint result without any message of an unparsed file (their parse errors cost no minutes). */
export function withoutUnparsed(lint: LintResult, unparsed: UnparsedCode): LintResult {
  if (unparsed.files.length === 0) return lint;
  const skip = new Set(unparsed.files.map((f) => f.file));
  const messages: LintMessage[] = lint.messages.filter((m) => !skip.has(m.file));
  return { ...lint, messages, filesLinted: lint.filesLinted - skip.size };
}

/** One finding per unparsed file, so the report shows where (no minutes attached). */
export function unparsedFindings(unparsed: UnparsedCode): Finding[] {
  return unparsed.files.map((f) => ({
    file: f.file,
    line: f.line,
    rule: 'parse-error',
    severity: 'high',
    message: `not measured for quality (${f.loc} lines): ${f.message}`,
    tool: f.file.endsWith('.py') || f.file.endsWith('.pyi') ? 'empathy-python-rules' : 'eslint',
  }));
}

function fileList(unparsed: UnparsedCode, max = 10): string {
  const shown = unparsed.files.slice(0, max).map((f) => `${f.file} (${f.loc} lines, line ${f.line})`);
  const more = unparsed.files.length - shown.length;
  return shown.join(', ') + (more > 0 ? ` and ${more} more` : '');
}

/** True when too much of the code does not parse for the score to mean anything. */
export function tooMuchUnparsed(unparsed: UnparsedCode): boolean {
  return unparsed.pct > MAX_UNPARSED_PCT;
}

/**
 * The "not measured" entries of the unparsed code: one listing the files; when more than
 * {@link MAX_UNPARSED_PCT} % of the lines do not parse, the score's entry as well.
 *
 * @example
 * unparsedNotMeasured(unparsedCode(lint, files, loc), loc).map((n) => n.what);
 */
export function unparsedNotMeasured(unparsed: UnparsedCode, totalLoc: number): NotMeasured[] {
  if (unparsed.files.length === 0) return [];
  const entries: NotMeasured[] = [
    {
      what: `quality of ${unparsed.files.length} file(s) that do not parse`,
      reason: `${unparsed.loc} of ${totalLoc} code lines (${unparsed.pct} %) could not be parsed, so none of their findings could be counted: ${fileList(unparsed)}`,
      fix: 'fix the syntax errors (or exclude generated files that are not meant to parse)',
    },
  ];
  if (tooMuchUnparsed(unparsed)) {
    entries.push({
      what: 'quality_score',
      reason: `${unparsed.pct} % of the code lines do not parse (more than ${MAX_UNPARSED_PCT} %): a score over the rest would hide their findings`,
      fix: 'fix the syntax errors listed above, or exclude the files that are not source code',
    });
  }
  return entries;
}

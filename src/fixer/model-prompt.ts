/**
 * What the model is asked for one finding and how its answer becomes a fix: the prompt holds the
 * finding, the lines around it (redacted, line-numbered, framed as data) and the file's style
 * (indentation, quotes, semicolons); the answer is a list of search/replace edits, each `find` an
 * exact, unique piece of the file. An answer that does not apply cleanly is malformed, never
 * guessed at.
 *
 * @module
 */
import { z } from 'zod';
import { DATA_NOTICE, frameAsData, redactSecrets } from '../providers/redaction.js';
import type { OpenFinding } from './open-findings.js';

/** The structured answer: edits of the file and one line saying what they do. */
export const modelPatchSchema = z.object({
  edits: z
    .array(z.object({ find: z.string().min(1).max(20_000), replace: z.string().max(20_000) }))
    .min(1)
    .max(10),
  explanation: z.string().max(500),
});

/** A parsed answer of {@link modelPatchSchema}. */
export type ModelPatch = z.infer<typeof modelPatchSchema>;

/** Lines shown on each side of the finding. */
const CONTEXT_LINES = 20;

/** The style of a file, as hints for the model. */
export interface FileStyle {
  indent: string;
  quotes: 'single' | 'double' | 'unknown';
  semicolons: 'always' | 'never' | 'unknown' | 'n/a';
  lineEnding: '\n' | '\r\n';
}

/** Reads the style of `text` (`python` true for a Python file: no semicolons). */
export function fileStyle(text: string, python: boolean): FileStyle {
  const lines = text.split(/\r?\n/);
  const indents = lines.map((l) => /^([ \t]+)\S/.exec(l)?.[1]).filter((s): s is string => s !== undefined);
  const tabs = indents.filter((s) => s.startsWith('\t')).length;
  const spaces = indents.filter((s) => s.startsWith(' ')).map((s) => s.length);
  const unit = spaces.length ? Math.min(...spaces.filter((n) => n > 0)) : 0;
  const indent =
    tabs > spaces.length ? '\t' : ' '.repeat(unit === 3 || unit > 4 ? 4 : unit || (python ? 4 : 2));
  const single = (text.match(/'[^'\n]*'/g) ?? []).length;
  const double = (text.match(/"[^"\n]*"/g) ?? []).length;
  const quotes = single === double ? 'unknown' : single > double ? 'single' : 'double';
  const code = lines.map((l) => l.trim()).filter((l) => /[\w)\]'"`]$/.test(l) || l.endsWith(';'));
  const ended = code.filter((l) => l.endsWith(';')).length;
  const semicolons = python
    ? 'n/a'
    : code.length < 3
      ? 'unknown'
      : ended > code.length / 2
        ? 'always'
        : ended === 0
          ? 'never'
          : 'unknown';
  return { indent, quotes, semicolons, lineEnding: text.includes('\r\n') ? '\r\n' : '\n' };
}

function describeStyle(style: FileStyle): string {
  const indent = style.indent === '\t' ? 'tabs' : `${style.indent.length} spaces`;
  const parts = [`indentation: ${indent}`];
  if (style.quotes !== 'unknown') parts.push(`strings: ${style.quotes} quotes`);
  if (style.semicolons === 'always' || style.semicolons === 'never')
    parts.push(`statements ${style.semicolons === 'always' ? 'end with' : 'have no'} semicolons`);
  return parts.join('; ');
}

/** The system prompt of a fix request. */
export function fixSystemPrompt(): string {
  return [
    'You fix one finding of a static checker in a source file with the smallest change that removes it.',
    'Keep the behaviour of the code (its tests must still pass), follow the file style given, and do not',
    'add dependencies, reformat unrelated code or silence the checker with comments.',
    'Answer with edits: each "find" is a piece of the file copied exactly (whole lines, without the line',
    'numbers shown in the excerpt) that occurs once in the file; "replace" is its new text.',
    DATA_NOTICE,
  ].join('\n');
}

/** The prompt for `finding` in `text` (the whole file as it is); secrets are redacted from the excerpt. */
export async function fixPrompt(finding: OpenFinding, text: string): Promise<string> {
  const lines = text.replace(/\r?\n$/, '').split(/\r?\n/);
  const from = Math.max(1, finding.line - CONTEXT_LINES);
  const to = Math.min(lines.length, finding.line + CONTEXT_LINES);
  const excerpt = lines
    .slice(from - 1, to)
    .map((l, i) => `${String(from + i).padStart(5)}| ${l}`)
    .join('\n');
  const redacted = (await redactSecrets(excerpt, finding.file)).text;
  const style = fileStyle(text, finding.file.endsWith('.py'));
  return [
    `Finding in ${finding.file}, line ${finding.line}, column ${finding.column}: ${finding.rule}: ${finding.message}`,
    `File style: ${describeStyle(style)}.`,
    `Lines ${from}-${to} of ${finding.file} (of ${lines.length}):`,
    frameAsData(`${finding.file}:${from}-${to}`, redacted),
  ].join('\n');
}

/**
 * Applies `patch` to `text`: each edit's `find` must occur exactly once (in the text as the earlier
 * edits left it). Returns the new text, or why the answer cannot be used.
 *
 * @example
 * applyModelPatch('a\nb\n', { edits: [{ find: 'b', replace: 'c' }], explanation: '' }); // { text: 'a\nc\n' }
 */
export function applyModelPatch(text: string, patch: ModelPatch): { text: string } | { error: string } {
  let out = text;
  for (const [i, edit] of patch.edits.entries()) {
    const n = `edit ${i + 1}`;
    if (edit.replace.includes('[REDACTED')) return { error: `${n} writes a redaction marker into the file` };
    // The model sees LF line ends; a CRLF file is matched and written back with CRLF.
    const find = text.includes('\r\n') ? edit.find.replace(/\r?\n/g, '\r\n') : edit.find;
    const replace = text.includes('\r\n') ? edit.replace.replace(/\r?\n/g, '\r\n') : edit.replace;
    const at = out.indexOf(find);
    if (at < 0) return { error: `${n}: the text to replace is not in the file` };
    if (out.indexOf(find, at + 1) >= 0) return { error: `${n}: the text to replace occurs more than once` };
    out = `${out.slice(0, at)}${replace}${out.slice(at + find.length)}`;
  }
  if (out === text) return { error: 'the edits change nothing' };
  return { text: out };
}

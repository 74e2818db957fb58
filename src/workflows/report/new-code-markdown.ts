/**
 * The "New code" section of the Markdown report: what was compared, the new-code figures
 * beside the overall ones, the uncovered changed lines and the critical findings on changed
 * lines, and what was stated or not measured. Every text from the report is escaped.
 *
 * @module
 */
import type { QualityGateResult } from '../release-prep/gates.js';
import type { NewCodeFigures } from '../new-code/figures.js';
import { lineRanges, newCodeHeadline, newCodeNotes, newCodeRows } from '../new-code/lines.js';
import { codeSpan, escapeMarkdown, markdownTable } from './markdown-text.js';

/** At most this many files of uncovered changed lines are listed (the JSON report has them all). */
export const MAX_UNCOVERED_FILES_SHOWN = 30;

/** The section's lines, under a heading `heading` (e.g. `###`). */
export function newCodeMarkdown(figures: NewCodeFigures, gates: readonly QualityGateResult[], heading: string): string[] {
  const out = [`${heading} New code`, '', escapeMarkdown(newCodeHeadline(figures)), ''];
  out.push(
    ...markdownTable(
      ['', 'New code', 'Overall'],
      newCodeRows(figures, gates).map((r) => [escapeMarkdown(r.label), escapeMarkdown(r.newCode), escapeMarkdown(r.overall)]),
    ),
    '',
  );
  if (figures.uncovered.length > 0) {
    out.push('**Uncovered changed lines:**', '');
    for (const u of figures.uncovered.slice(0, MAX_UNCOVERED_FILES_SHOWN))
      out.push(`- ${codeSpan(u.file)}: ${escapeMarkdown(lineRanges(u.lines))}`);
    const more = figures.uncovered.length - MAX_UNCOVERED_FILES_SHOWN;
    if (more > 0) out.push(`- and ${more} more file(s) (see the JSON report)`);
    out.push('');
  }
  if (figures.critical_findings.length > 0) {
    out.push('**Critical findings on changed lines:**', '');
    for (const f of figures.critical_findings)
      out.push(`- ${codeSpan(`${f.file}:${f.line}`)} ${codeSpan(f.rule)}: ${escapeMarkdown(f.message)}`);
    out.push('');
  }
  const notes = newCodeNotes(figures);
  if (notes.length > 0) out.push(...notes.map((n) => `- ${escapeMarkdown(n)}`), '');
  return out;
}

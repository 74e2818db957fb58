/**
 * Markdown text helpers shared by the Markdown report and its sections: escaping of any text
 * for one line, code spans that hold any text, and tables.
 *
 * @module
 */

/**
 * Escapes text for one line of Markdown: characters that start inline markup or HTML
 * (`\\`, backticks, `*`, `_` outside words, brackets, `<`, `>`, `~`, `&`), pipes (table
 * cells), a block marker at the start (`# `, `- `, `+ `, `1. `, a line of `-` or `=`),
 * line breaks (as `<br>`), and `@name` (a zero-width space after `@`, so a package such
 * as `@org/team` in a message does not mention a GitHub team).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*[\]<>|~&]/g, (c) => `\\${c}`)
    .replace(/_/g, (c, at: number, all: string) =>
      /[A-Za-z0-9]/.test(all[at - 1] ?? '') && /[A-Za-z0-9]/.test(all[at + 1] ?? '') ? c : `\\${c}`,
    )
    .replace(/^(\s*)(#{1,6}|[+-]|\d{1,9}(?=[.)]))(?=[.)]?(\s|$))/, (_m, space: string, marker: string) =>
      /^\d/.test(marker) ? `${space}${marker}\\` : `${space}\\${marker}`,
    )
    .replace(/^(\s*)([-=])(?=[\s\-=]*$)/, '$1\\$2')
    .replace(/@(?=\w)/g, '@\u200b')
    .replace(/\r\n|\r|\n/g, '<br>');
}

/** A code span that holds any text (longer fences around backticks); pipes escaped for tables. */
export function codeSpan(text: string): string {
  const flat = text.replace(/\r\n|\r|\n/g, ' ');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat.replace(/\|/g, '\\|')}${pad}${fence}`;
}

/** A GitHub-flavoured Markdown table (cells must already be escaped). */
export function markdownTable(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}

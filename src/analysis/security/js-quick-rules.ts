/**
 * CHEAP-tier JS/TS quick rules: a handful of regular expressions over the source with its
 * comments (and, for most rules, its string contents) blanked out, positions preserved.
 * Far less precise than ESLint (CAPABLE and up replace them), but they take milliseconds.
 *
 * @module
 */
import type { Finding } from '../types.js';
import { severityFor } from './severity-table.js';

/**
 * Blanks comments (and string/template contents unless `keepStrings`) with spaces,
 * keeping newlines, quotes and offsets. Regex literals are not recognised (read as code).
 *
 * @example
 * maskJs('a = "x"; // c', false); // 'a = " "; ' + '    '
 */
export function maskJs(text: string, keepStrings: boolean): string {
  const out = text.split('');
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c && !(c !== '`' && text[j] === '\n'))
        j += text[j] === '\\' ? 2 : 1;
      if (!keepStrings) blank(i + 1, Math.min(j, text.length));
      i = j + 1;
    } else {
      i += 1;
    }
  }
  return out.join('');
}

interface QuickRule {
  rule: string;
  keepStrings: boolean;
  pattern: RegExp;
  message: string;
}

/** The quick rules (exported for the documentation test). */
export const JS_QUICK_RULES: readonly QuickRule[] = [
  {
    rule: 'js-quick/eval',
    keepStrings: false,
    // eval( whose argument does not start with a string literal; not obj.eval(
    pattern: /(?<![.\w$])eval\s*\(\s*(?=[^\s)'"`])/g,
    message: 'eval() of a non-literal expression runs arbitrary code',
  },
  {
    rule: 'js-quick/new-function',
    keepStrings: false,
    pattern: /\bnew\s+Function\s*\(/g,
    message: 'new Function() compiles code from strings',
  },
  {
    rule: 'js-quick/child-process',
    keepStrings: true,
    pattern: /(?:require\s*\(\s*|\bfrom\s+|\bimport\s*\(\s*)['"](?:node:)?child_process['"]/g,
    message: 'child_process is imported: check that no command is built from user input',
  },
  {
    rule: 'js-quick/inner-html',
    keepStrings: false,
    // assignment to innerHTML/outerHTML of anything but a single string literal
    pattern: /\.(?:innerHTML|outerHTML)\s*(?:\+?=)(?!=)(?!\s*(['"])\s*\1\s*(?:;|$))/gm,
    message: 'HTML built from a non-literal value is assigned to innerHTML/outerHTML (XSS risk)',
  },
];

/**
 * Runs the quick rules over one JS/TS file.
 *
 * @example
 * quickJsFindings('a.js', 'eval(userInput)')[0]?.rule; // 'js-quick/eval'
 */
export function quickJsFindings(file: string, text: string): Finding[] {
  const masked = { true: maskJs(text, true), false: maskJs(text, false) };
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const position = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (lineStarts[lo] ?? 0) + 1 };
  };
  const findings: Finding[] = [];
  for (const q of JS_QUICK_RULES) {
    for (const match of masked[String(q.keepStrings) as 'true' | 'false'].matchAll(q.pattern)) {
      const { line, column } = position(match.index ?? 0);
      findings.push({
        file,
        line,
        column,
        rule: q.rule,
        severity: severityFor(q.rule).severity,
        message: q.message,
        tool: 'empathy-js-quick-rules',
      });
    }
  }
  return findings.sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
}

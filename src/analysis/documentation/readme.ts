/**
 * README checks: present at the root, and showing usage.
 *
 * The README is the first root file named `README`, `README.md`, `README.rst`, `README.txt`,
 * `README.markdown` or `README.adoc` (any case). It "has usage" when it has a heading whose
 * text mentions usage, example(s), getting started, quick start, "how to use" or tutorial, or
 * when it contains a code block (Markdown fenced with backticks or tildes, reStructuredText
 * `.. code-block::` or a `::` literal block, AsciiDoc `[source]` + `----`). Indented Markdown
 * code blocks are not recognised (they cannot be told from list continuations by a regex).
 *
 * @module
 */

/** What the README check found. */
export interface ReadmeCheck {
  /** Root-relative path of the README, or null when there is none. */
  path: string | null;
  hasUsageSection: boolean;
  hasCodeBlock: boolean;
}

const README_NAME = /^readme(?:\.(?:md|markdown|rst|txt|adoc))?$/i;
const USAGE_WORDS = /\b(?:usage|examples?|getting started|quick ?start|how to use|tutorial)\b/i;

/** The README among root-relative paths, or null. */
export function findReadme(paths: readonly string[]): string | null {
  return [...paths].sort().find((p) => !p.includes('/') && README_NAME.test(p)) ?? null;
}

function headings(lines: readonly string[]): string[] {
  const out: string[] = [];
  lines.forEach((line, i) => {
    const md = /^\s{0,3}#{1,6}\s+(.*)$/.exec(line) ?? /^=+\s+(.*)$/.exec(line); // Markdown / AsciiDoc
    if (md) out.push(md[1]!);
    const next = lines[i + 1];
    // Setext (Markdown) and reStructuredText underlined headings.
    if (next !== undefined && line.trim() !== '' && /^\s*([=\-~^"'`#*+])\1{2,}\s*$/.test(next))
      out.push(line);
  });
  return out;
}

/**
 * Checks a README's text.
 *
 * @example
 * checkReadme('README.md', '# x\n\n## Usage\n\n```js\nrun()\n```\n');
 * // { path: 'README.md', hasUsageSection: true, hasCodeBlock: true }
 */
export function checkReadme(path: string, text: string): ReadmeCheck {
  const lines = text.split(/\r?\n/);
  const hasUsageSection = headings(lines).some((h) => USAGE_WORDS.test(h));
  const fenced = lines.some((l) => /^\s{0,3}(?:```|~~~)/.test(l));
  const rst = /^\s*\.\.\s+(?:code-block|code|sourcecode)::/m.test(text) || /::\s*\n\s*\n\s+\S/.test(text);
  const asciidoc = /^\[source[^\]]*\]\s*\n-{4,}\s*$/m.test(text);
  return { path, hasUsageSection, hasCodeBlock: fenced || rst || asciidoc };
}

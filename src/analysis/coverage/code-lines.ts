/**
 * Which lines of a JavaScript/TypeScript source hold code. V8-based line coverage (Node's
 * `--experimental-test-coverage` lcov, like c8) reports every line of a file, blank lines and
 * comments included; the analyser keeps only the lines this scanner says hold code, so blank
 * and comment lines never inflate the figure.
 *
 * @module
 */

type State = 'code' | 'line-comment' | 'block-comment' | 'single' | 'double' | 'template';

/**
 * Returns the 1-based numbers of the lines that hold at least one character of code (outside
 * comments; string and template literal contents count as code). A small scanner, not a parser:
 * a `/*` inside a regular-expression literal can confuse it.
 *
 * @example
 * codeLines('// hi\nconst a = 1;\n\n/* x *\/\n'); // Set { 2 }
 */
export function codeLines(source: string): Set<number> {
  const result = new Set<number>();
  let state: State = 'code';
  let line = 1;
  for (let i = 0; i < source.length; i += 1) {
    const c = source[i]!;
    const next = source[i + 1];
    if (c === '\n') {
      line += 1;
      if (state === 'line-comment') state = 'code';
      continue;
    }
    switch (state) {
      case 'code':
        if (c === '/' && next === '/') {
          state = 'line-comment';
          i += 1;
        } else if (c === '/' && next === '*') {
          state = 'block-comment';
          i += 1;
        } else if (c.trim() !== '') {
          result.add(line);
          if (c === "'") state = 'single';
          else if (c === '"') state = 'double';
          else if (c === '`') state = 'template';
        }
        break;
      case 'block-comment':
        if (c === '*' && next === '/') {
          state = 'code';
          i += 1;
        }
        break;
      case 'single':
      case 'double':
      case 'template':
        if (c.trim() !== '') result.add(line);
        if (c === '\\') {
          if (next === '\n') line += 1;
          i += 1;
        } else if ((state === 'single' && c === "'") || (state === 'double' && c === '"') || (state === 'template' && c === '`')) {
          state = 'code';
        }
        break;
      case 'line-comment':
        break;
    }
  }
  // A shebang line is not code the tests can cover.
  if (source.startsWith('#!')) result.delete(1);
  return result;
}

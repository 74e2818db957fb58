/**
 * Our own baseline lint rules for Python, on the tree-sitter syntax tree. They need no
 * Python tooling, so a Python repository gets the same lint baseline on every machine
 * (docs/quality-score.md lists them; severities are in {@link PYTHON_RULES}).
 *
 * @module
 */
import type { Node } from 'web-tree-sitter';
import { parsePython } from '../shared/python-parser.js';
import type { LintMessage } from './lint-types.js';
import { PYTHON_RULES } from './lint-rules.js';

const MUTABLE = new Set([
  'list',
  'dictionary',
  'set',
  'list_comprehension',
  'dictionary_comprehension',
  'set_comprehension',
]);
const JUMPS = new Set(['return_statement', 'raise_statement', 'continue_statement', 'break_statement']);
const LITERAL_KEYS = new Set(['string', 'integer', 'float', 'true', 'false', 'none']);

function named(node: Node): Node[] {
  return node.namedChildren.filter((child): child is Node => child !== null);
}

function message(file: string, node: Node, rule: string, text: string): LintMessage {
  return {
    file,
    line: node.startPosition.row + 1,
    column: node.startPosition.column + 1,
    rule,
    severity: PYTHON_RULES[rule] ?? 'warning',
    message: text,
  };
}

/** Literal key text with the quote style normalised, so `'k'` and `"k"` compare equal. */
function keyText(node: Node): string | null {
  if (!LITERAL_KEYS.has(node.type)) return null;
  if (node.type !== 'string') return `${node.type}:${node.text}`;
  const parts = named(node);
  const prefix = /^[a-zA-Z]*/.exec(node.text)?.[0] ?? '';
  if (/[fF]/.test(prefix) || parts.some((p) => p.type === 'interpolation' || p.type === 'escape_sequence'))
    return null;
  return `string:${prefix.toLowerCase().replace('u', '')}:${parts
    .filter((p) => p.type === 'string_content')
    .map((p) => p.text)
    .join('')}`;
}

/** Names an import statement binds at module level, with the node to report. */
function importedNames(statement: Node): Array<{ name: string; node: Node }> {
  const result: Array<{ name: string; node: Node }> = [];
  const names = statement.childrenForFieldName('name').filter((n): n is Node => n !== null);
  for (const item of names) {
    if (item.type === 'aliased_import') {
      const alias = item.childForFieldName('alias');
      if (alias) result.push({ name: alias.text, node: item });
    } else if (item.type === 'dotted_name') {
      // `import a.b` binds `a`; `from m import a` binds `a`.
      const first = statement.type === 'import_statement' ? named(item)[0] : named(item).at(-1);
      if (first) result.push({ name: first.text, node: item });
    }
  }
  return result;
}

/** The names the module-level imports bind, checked for use (none in `__init__.py`). */
function moduleImports(file: string, root: Node): Array<{ name: string; node: Node }> {
  if (/(^|\/)__init__\.py$/.test(file)) return []; // re-exports are the point of __init__.py
  const imports: Array<{ name: string; node: Node }> = [];
  for (const statement of named(root)) {
    if (statement.type === 'import_statement' || statement.type === 'import_from_statement') {
      imports.push(...importedNames(statement));
    }
  }
  return imports;
}

/**
 * Checks `node` and its named descendants; `used` (null: not wanted) collects the identifiers and
 * the words of string contents outside import statements, for the unused-import rule.
 */
function checkNode(file: string, node: Node, out: LintMessage[], used: Set<string> | null): void {
  const type = node.type;
  let collect = used;
  if (type === 'import_statement' || type === 'import_from_statement') collect = null;
  else if (collect && type === 'identifier') collect.add(node.text);
  else if (collect && type === 'string_content')
    for (const word of node.text.match(/[A-Za-z_]\w*/g) ?? []) collect.add(word);
  switch (type) {
    case 'except_clause':
      if (!named(node).some((child) => child.type !== 'block' && child.type !== 'comment')) {
        out.push(
          message(
            file,
            node,
            'py/bare-except',
            "bare 'except:' also catches SystemExit and KeyboardInterrupt",
          ),
        );
      }
      break;
    case 'default_parameter':
    case 'typed_default_parameter': {
      const value = node.childForFieldName('value');
      if (value && MUTABLE.has(value.type)) {
        out.push(
          message(
            file,
            value,
            'py/mutable-default-argument',
            'mutable default argument is shared between calls',
          ),
        );
      }
      break;
    }
    case 'comparison_operator': {
      const operators = node.children.filter(
        (c): c is Node => c !== null && (c.type === '==' || c.type === '!='),
      );
      if (operators.length > 0 && named(node).some((c) => c.type === 'none')) {
        out.push(message(file, node, 'py/comparison-to-none', "compare to None with 'is' / 'is not'"));
      }
      break;
    }
    case 'dictionary': {
      const seen = new Set<string>();
      for (const pair of named(node)) {
        const key = pair.type === 'pair' ? pair.childForFieldName('key') : null;
        const text = key ? keyText(key) : null;
        if (text === null || !key) continue;
        if (seen.has(text))
          out.push(message(file, key, 'py/duplicate-dict-key', `duplicate key ${key.text} in dict literal`));
        seen.add(text);
      }
      break;
    }
    case 'assert_statement':
      if (named(node)[0]?.type === 'tuple') {
        out.push(message(file, node, 'py/assert-on-tuple', 'assert on a tuple is always true'));
      }
      break;
    case 'block':
    case 'module': {
      const statements = named(node).filter((c) => c.type !== 'comment');
      const jump = statements.findIndex((c) => JUMPS.has(c.type));
      const next = jump >= 0 ? statements[jump + 1] : undefined;
      if (next)
        out.push(
          message(
            file,
            next,
            'py/unreachable-code',
            'unreachable code after a return, raise, break or continue',
          ),
        );
      break;
    }
  }
  for (const child of named(node)) checkNode(file, child, out, collect);
}

/**
 * Lints one Python source text with the baseline rules. A file with syntax errors gets one
 * `parse-error` message and no other findings (tree-sitter's recovery would invent some).
 *
 * @example
 * await lintPythonSource('a.py', 'def f(x=[]):\n    return x\n');
 * // [{ file: 'a.py', line: 1, column: 9, rule: 'py/mutable-default-argument', severity: 'error', ... }]
 */
export async function lintPythonSource(file: string, text: string): Promise<LintMessage[]> {
  const tree = await parsePython(text);
  try {
    return lintPythonTree(file, tree.rootNode);
  } finally {
    tree.delete();
  }
}

/**
 * {@link lintPythonSource} on the syntax tree of one file (the shared Python pass parses once for
 * several analysers, see shared/python-pass.ts).
 *
 * @example
 * const tree = await parsePython(text);
 * lintPythonTree('a.py', tree.rootNode);
 */
export function lintPythonTree(file: string, root: Node): LintMessage[] {
  if (root.hasError) {
    const bad = root.descendantsOfType('ERROR')[0] ?? root;
    return [
      {
        ...message(file, bad, 'parse-error', 'syntax error: the file cannot be parsed'),
        severity: 'error',
      },
    ];
  }
  const out: LintMessage[] = [];
  const imports = moduleImports(file, root);
  const used = imports.length > 0 ? new Set<string>() : null;
  checkNode(file, root, out, used);
  for (const { name, node } of imports) {
    if (!used?.has(name))
      out.push(message(file, node, 'py/unused-import', `'${name}' is imported but never used`));
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
}

/**
 * Public Python symbols and their docstrings (tree-sitter, syntax only, same at every tier).
 *
 * Decisions (documented):
 * - Public module: no path segment (folder or file stem) starts with `_`, except that
 *   `pkg/__init__.py` stands for the package `pkg` and is public when `pkg` is.
 * - Public class / function: defined at module top level (or a class nested in a public class
 *   body) with a name not starting with `_`. When the module assigns a literal `__all__`, only
 *   top-level names listed in it are public.
 * - Public method: defined directly in a public class body, name not starting with `_`. Dunder
 *   methods, `__init__` included, are not counted: the class docstring documents construction
 *   (numpydoc / Google style; pydocstyle's D107 is commonly disabled for this reason).
 * - Functions nested in functions are implementation details and not counted.
 * - A docstring is a string literal (not an f-string) as the first statement of the body,
 *   with some non-blank text.
 *
 * @module
 */
import type { Node as TsNode } from 'web-tree-sitter';
import { parsePython } from '../shared/python-parser.js';

/** A public Python symbol. */
export interface PythonSymbol {
  /** Dotted name inside its module (`Polygon.perimeter`), or the module's dotted name. */
  name: string;
  kind: 'module' | 'class' | 'function' | 'method';
  line: number;
  documented: boolean;
}

function statements(block: TsNode | null): TsNode[] {
  if (!block) return [];
  return block.namedChildren.filter((c): c is TsNode => c !== null && c.type !== 'comment');
}

/** True when the first statement of `block` is a non-empty docstring. */
function hasDocstring(block: TsNode | null): boolean {
  const first = statements(block)[0];
  if (!first || first.type !== 'expression_statement') return false;
  const expr = first.namedChild(0);
  if (!expr || (expr.type !== 'string' && expr.type !== 'concatenated_string')) return false;
  if (expr.descendantsOfType('interpolation').length > 0) return false;
  const content = expr
    .descendantsOfType('string_content')
    .map((n) => n?.text ?? '')
    .join('');
  return content.trim().length > 0;
}

/** The names listed in a literal `__all__ = [...]` / `(...)` at module level, or null. */
function literalAll(module: TsNode): Set<string> | null {
  let names: Set<string> | null = null;
  for (const st of statements(module)) {
    if (st.type !== 'expression_statement') continue;
    const assign = st.namedChild(0);
    if (assign?.type !== 'assignment' || assign.childForFieldName('left')?.text !== '__all__') continue;
    const right = assign.childForFieldName('right');
    if (!right || (right.type !== 'list' && right.type !== 'tuple')) continue;
    names = new Set(
      right.namedChildren
        .filter((c): c is TsNode => c?.type === 'string')
        .map((c) =>
          c
            .descendantsOfType('string_content')
            .map((n) => n?.text ?? '')
            .join(''),
        ),
    );
  }
  return names;
}

/** The definition inside a `decorated_definition`, or the node itself. */
function definitionOf(node: TsNode): TsNode {
  return node.type === 'decorated_definition' ? (node.childForFieldName('definition') ?? node) : node;
}

function collectClassMembers(cls: TsNode, prefix: string, out: PythonSymbol[]): void {
  for (const st of statements(cls.childForFieldName('body'))) {
    const def = definitionOf(st);
    const name = def.childForFieldName('name')?.text;
    if (!name || name.startsWith('_')) continue;
    const line = def.startPosition.row + 1;
    const documented = hasDocstring(def.childForFieldName('body'));
    if (def.type === 'function_definition')
      out.push({ name: `${prefix}.${name}`, kind: 'method', line, documented });
    else if (def.type === 'class_definition') {
      out.push({ name: `${prefix}.${name}`, kind: 'class', line, documented });
      collectClassMembers(def, `${prefix}.${name}`, out);
    }
  }
}

/**
 * The public symbols of one public module's source (see the module comment for the rules).
 * `moduleName` names the module symbol itself (e.g. `shapes.area`).
 *
 * @example
 * await pythonPublicSymbols('"""Doc."""\ndef f():\n    pass\n', 'pkg.mod');
 * // [{ name: 'pkg.mod', kind: 'module', line: 1, documented: true },
 * //  { name: 'f', kind: 'function', line: 2, documented: false }]
 */
export async function pythonPublicSymbols(source: string, moduleName: string): Promise<PythonSymbol[]> {
  const tree = await parsePython(source);
  try {
    const root = tree.rootNode;
    const out: PythonSymbol[] = [
      { name: moduleName, kind: 'module', line: 1, documented: hasDocstring(root) },
    ];
    const all = literalAll(root);
    for (const st of statements(root)) {
      const def = definitionOf(st);
      if (def.type !== 'function_definition' && def.type !== 'class_definition') continue;
      const name = def.childForFieldName('name')?.text;
      if (!name || name.startsWith('_') || (all !== null && !all.has(name))) continue;
      const line = def.startPosition.row + 1;
      const documented = hasDocstring(def.childForFieldName('body'));
      if (def.type === 'function_definition') out.push({ name, kind: 'function', line, documented });
      else {
        out.push({ name, kind: 'class', line, documented });
        collectClassMembers(def, name, out);
      }
    }
    return out;
  } finally {
    tree.delete();
  }
}

/**
 * Per-function cognitive and cyclomatic complexity of Python sources, on the tree-sitter
 * syntax tree (our own implementation; docs/quality-score.md gives the rules).
 *
 * Cognitive (after G. Ann Campbell's white paper, like the JS/TS counter):
 * - +1 plus the nesting level for `if`, `for`, `while`, `except`, `match` and `x if c else y`;
 * - +1 for `elif`, for `else` of an `if`, `for` or `while`, and for each sequence of like
 *   boolean operators (`a and b and c` is +1, `a and b or c` is +2; `not` and calls break a chain);
 * - nesting grows inside the branches of those structures; `try`/`finally`/`with` and
 *   comprehensions add nothing; nested functions and lambdas are measured on their own.
 * Cyclomatic: 1, plus one for each `if`, `elif`, `for`, `while`, `except`, conditional
 * expression, `case` other than `case _`, `and`/`or` operator, and comprehension `for`/`if` clause.
 *
 * @module
 */
import type { Node } from 'web-tree-sitter';
import type { FunctionMetrics } from './complexity-types.js';
import { parsePython } from './python-parser.js';

const FUNCTIONS = new Set(['function_definition', 'lambda']);
const CYCLOMATIC = new Set([
  'if_statement',
  'elif_clause',
  'for_statement',
  'while_statement',
  'except_clause',
  'except_group_clause',
  'conditional_expression',
  'boolean_operator',
  'for_in_clause',
  'if_clause',
]);

/** Functions and lambdas (only named nodes are visited: the `lambda` keyword token is not one). */
function isFunction(node: Node): boolean {
  return FUNCTIONS.has(node.type);
}

/**
 * The named children of a node: anonymous children are keyword and punctuation tokens, leaves that
 * count for nothing. Named children only also walk the node objects the Python lint's walk made
 * (web-tree-sitter keeps a node's child lists on it; see python-pass.ts).
 */
function kids(node: Node): Node[] {
  return node.namedChildren.filter((child): child is Node => child !== null);
}

function unparen(node: Node): Node {
  let current = node;
  while (current.type === 'parenthesized_expression') {
    const inner = current.namedChildren.find((child) => child !== null && child.type !== 'comment');
    if (!inner) break;
    current = inner;
  }
  return current;
}

function operatorOf(node: Node): string {
  return node.childForFieldName('operator')?.type ?? '';
}

function functionName(node: Node): string {
  if (node.type === 'lambda') return '<lambda>';
  const own = node.childForFieldName('name')?.text ?? '<anonymous>';
  let owner = node.parent;
  if (owner?.type === 'decorated_definition') owner = owner.parent;
  if (owner?.type === 'block' && owner.parent?.type === 'class_definition') {
    const cls = owner.parent.childForFieldName('name')?.text;
    if (cls) return `${cls}.${own}`;
  }
  return own;
}

class PythonFunctionVisitor {
  cognitive = 0;
  cyclomatic = 1;
  private readonly consideredBoolean = new Set<number>();

  constructor(private readonly onNested: (node: Node) => void) {}

  visitChildren(node: Node, nesting: number): void {
    for (const child of kids(node)) this.visit(child, nesting);
  }

  visit(node: Node, nesting: number): void {
    // Read once: every read of a node's type is a call into tree-sitter.
    const type = node.type;
    if (FUNCTIONS.has(type)) {
      this.onNested(node);
      return;
    }
    this.countCyclomatic(node, type);
    switch (type) {
      case 'if_statement':
      case 'while_statement':
      case 'for_statement':
        return this.visitBranching(node, nesting);
      case 'elif_clause':
      case 'else_clause':
        // Reached only as alternatives of if/for/while (visitBranching); try's else is below.
        this.cognitive += 1;
        for (const child of kids(node)) this.visit(child, child.type === 'block' ? nesting + 1 : nesting);
        return;
      case 'except_clause':
      case 'except_group_clause':
      case 'match_statement':
        this.cognitive += nesting + 1;
        return this.visitChildren(node, nesting + 1);
      case 'conditional_expression': {
        this.cognitive += nesting + 1;
        const [whenTrue, condition, whenFalse] = node.namedChildren;
        if (whenTrue) this.visit(whenTrue, nesting + 1);
        if (condition) this.visit(condition, nesting);
        if (whenFalse) this.visit(whenFalse, nesting + 1);
        return;
      }
      case 'boolean_operator':
        if (!this.consideredBoolean.has(node.id)) this.visitBoolean(node);
        return this.visitChildren(node, nesting);
      case 'try_statement':
        for (const child of kids(node)) {
          // try's else/finally add nothing; visit their bodies at the same nesting.
          if (child.type === 'else_clause' || child.type === 'finally_clause')
            this.visitChildren(child, nesting);
          else this.visit(child, nesting);
        }
        return;
      default:
        return this.visitChildren(node, nesting);
    }
  }

  private visitBranching(node: Node, nesting: number): void {
    this.cognitive += nesting + 1;
    for (const child of kids(node)) {
      if (child.type === 'elif_clause' || child.type === 'else_clause') this.visit(child, nesting);
      else if (child.type === 'block') this.visit(child, nesting + 1);
      else this.visit(child, nesting);
    }
  }

  private flatten(root: Node): Node[] {
    const node = unparen(root);
    if (node.type !== 'boolean_operator') return [];
    this.consideredBoolean.add(node.id);
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    return [...(left ? this.flatten(left) : []), node, ...(right ? this.flatten(right) : [])];
  }

  private visitBoolean(node: Node): void {
    let previous = '';
    for (const current of this.flatten(node)) {
      const operator = operatorOf(current);
      if (operator !== previous) this.cognitive += 1;
      previous = operator;
    }
  }

  private countCyclomatic(node: Node, type: string): void {
    if (CYCLOMATIC.has(type)) this.cyclomatic += 1;
    else if (type === 'case_clause') {
      const pattern = node.namedChildren.find((child) => child?.type === 'case_pattern');
      if (pattern?.text.trim() !== '_') this.cyclomatic += 1;
    }
  }
}

/**
 * Measures every function and lambda of one Python source text.
 *
 * @example
 * await measurePythonSource('a.py', 'def f(a):\n    if a:\n        return 1\n    return 0\n');
 * // [{ file: 'a.py', name: 'f', line: 1, endLine: 4, lines: 4, cognitive: 1, cyclomatic: 2 }]
 */
export async function measurePythonSource(path: string, text: string): Promise<FunctionMetrics[]> {
  const tree = await parsePython(text);
  try {
    return measurePythonTree(path, tree.rootNode);
  } finally {
    tree.delete();
  }
}

/**
 * {@link measurePythonSource} on the syntax tree of one file (the shared Python pass parses once
 * for several analysers, see python-pass.ts).
 *
 * @example
 * const tree = await parsePython(text);
 * measurePythonTree('a.py', tree.rootNode);
 */
export function measurePythonTree(path: string, root: Node): FunctionMetrics[] {
  const results: FunctionMetrics[] = [];
  const measure = (fn: Node): void => {
    const visitor = new PythonFunctionVisitor(measure);
    visitor.visitChildren(fn, 0);
    const line = fn.startPosition.row + 1;
    const endLine =
      fn.endPosition.column === 0 && fn.endPosition.row > fn.startPosition.row
        ? fn.endPosition.row
        : fn.endPosition.row + 1;
    results.push({
      file: path,
      name: functionName(fn),
      line,
      endLine,
      lines: endLine - line + 1,
      cognitive: visitor.cognitive,
      cyclomatic: visitor.cyclomatic,
    });
  };
  const findTopLevel = (node: Node): void => {
    if (isFunction(node)) measure(node);
    else for (const child of kids(node)) findTopLevel(child);
  };
  findTopLevel(root);
  return results.sort((a, b) => a.line - b.line || a.name.localeCompare(b.name));
}

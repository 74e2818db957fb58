/**
 * Per-function cognitive and cyclomatic complexity of JavaScript and TypeScript sources, on
 * the TypeScript compiler's syntax tree (no type information needed).
 *
 * - Cognitive complexity follows eslint-plugin-sonarjs 4.2.2 (rule S3776) for a function's
 *   own code: +1 (+ nesting) for `if`, loops, `switch`, `catch` and `?:`; +1 for `else if`,
 *   `else`, labelled `break`/`continue`, and each sequence of `&&` in a flattened logical
 *   expression (sonarjs 4.2 does not count `||` and `??`, nor short-circuits rendered in JSX).
 *   Nesting grows inside the branches of those structures; nested functions are measured on
 *   their own, starting at nesting 0, and do not add to the enclosing function.
 * - Cyclomatic complexity follows ESLint's `complexity` rule (classic variant): 1, plus one
 *   for each `if`, loop, `case` with a test, `catch`, `?:`, `&&`/`||`/`??`, logical
 *   assignment, default value (parameter or destructuring) and optional chain link.
 *
 * @module
 */
import type * as TS from 'typescript';
import { parseSyntax, ts } from './typescript.js';
import type { FunctionMetrics } from './complexity-types.js';

/** A function with a body of its own: declaration, expression, arrow, method, constructor, accessor. */
type FunctionNode = TS.FunctionLikeDeclaration;

/** True for a {@link FunctionNode} (also used by the performance smells: functions are boundaries). */
export function isFunctionNode(node: TS.Node): node is FunctionNode {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

const LOGICAL = new Set([
  ts.SyntaxKind.AmpersandAmpersandToken,
  ts.SyntaxKind.BarBarToken,
  ts.SyntaxKind.QuestionQuestionToken,
]);
const LOGICAL_ASSIGNMENT = new Set([
  ts.SyntaxKind.AmpersandAmpersandEqualsToken,
  ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
]);

function isLogical(node: TS.Node): node is TS.BinaryExpression {
  return ts.isBinaryExpression(node) && LOGICAL.has(node.operatorToken.kind);
}

function unparen(node: TS.Node): TS.Node {
  let current = node;
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}

function scriptKind(path: string): TS.ScriptKind {
  const lower = path.toLowerCase();
  if (lower.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (lower.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.(ts|mts|cts)$/.test(lower)) return ts.ScriptKind.TS;
  // Plain .js may contain JSX (React projects); the JSX kind parses both.
  return ts.ScriptKind.JSX;
}

function propertyName(
  name: TS.PropertyName | TS.BindingName | undefined,
  source: TS.SourceFile,
): string | null {
  if (!name) return null;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return name.getText(source);
}

function functionName(node: FunctionNode, source: TS.SourceFile): string {
  let own: string | null = null;
  if (ts.isConstructorDeclaration(node)) own = 'constructor';
  else if (!ts.isArrowFunction(node) && node.name) own = propertyName(node.name, source);
  if (own === null) {
    const parent = node.parent;
    if (
      ts.isVariableDeclaration(parent) ||
      ts.isPropertyAssignment(parent) ||
      ts.isPropertyDeclaration(parent)
    ) {
      own = propertyName(parent.name, source);
    } else if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      own = parent.left.getText(source);
    }
  }
  const name = own ?? '<anonymous>';
  const owner = node.parent;
  if ((ts.isClassDeclaration(owner) || ts.isClassExpression(owner)) && owner.name)
    return `${owner.name.text}.${name}`;
  if (
    ts.isPropertyDeclaration(owner) &&
    (ts.isClassDeclaration(owner.parent) || ts.isClassExpression(owner.parent))
  ) {
    return owner.parent.name ? `${owner.parent.name.text}.${name}` : name;
  }
  return name;
}

/** Counts the logical chain at `root` the way sonarjs flattens it (parentheses are transparent). */
function flattenLogical(root: TS.Node, seen: Set<TS.Node>): TS.BinaryExpression[] {
  const node = unparen(root);
  if (!isLogical(node)) return [];
  seen.add(node);
  return [...flattenLogical(node.left, seen), node, ...flattenLogical(node.right, seen)];
}

function isJsxShortCircuit(node: TS.BinaryExpression): boolean {
  let parent = node.parent;
  while (ts.isParenthesizedExpression(parent)) parent = parent.parent;
  if (!ts.isJsxExpression(parent)) return false;
  const operator = node.operatorToken.kind;
  const sameChain = (current: TS.Node): boolean => {
    const inner = unparen(current);
    if (ts.isConditionalExpression(inner)) return false;
    if (isLogical(inner))
      return inner.operatorToken.kind === operator && sameChain(inner.left) && sameChain(inner.right);
    return true;
  };
  return sameChain(node);
}

class FunctionVisitor {
  cognitive = 0;
  cyclomatic = 1;
  private readonly consideredLogical = new Set<TS.Node>();

  constructor(private readonly onNested: (node: FunctionNode) => void) {}

  visitChildren(node: TS.Node, nesting: number): void {
    ts.forEachChild(node, (child) => this.visit(child, nesting));
  }

  visit(node: TS.Node, nesting: number): void {
    if (isFunctionNode(node)) {
      this.onNested(node);
      return;
    }
    this.countCyclomatic(node);
    if (ts.isIfStatement(node)) return this.visitIf(node, nesting);
    if (
      ts.isForStatement(node) ||
      ts.isForInStatement(node) ||
      ts.isForOfStatement(node) ||
      ts.isWhileStatement(node) ||
      ts.isDoStatement(node)
    ) {
      this.cognitive += nesting + 1;
      ts.forEachChild(node, (child) => this.visit(child, child === node.statement ? nesting + 1 : nesting));
      return;
    }
    if (ts.isSwitchStatement(node)) {
      this.cognitive += nesting + 1;
      this.visit(node.expression, nesting);
      for (const clause of node.caseBlock.clauses) this.visit(clause, nesting + 1);
      return;
    }
    if (ts.isCatchClause(node)) {
      this.cognitive += nesting + 1;
      if (node.variableDeclaration) this.visit(node.variableDeclaration, nesting);
      this.visit(node.block, nesting + 1);
      return;
    }
    if (ts.isConditionalExpression(node)) {
      this.cognitive += nesting + 1;
      this.visit(node.condition, nesting);
      this.visit(node.whenTrue, nesting + 1);
      this.visit(node.whenFalse, nesting + 1);
      return;
    }
    if ((ts.isBreakStatement(node) || ts.isContinueStatement(node)) && node.label) this.cognitive += 1;
    if (isLogical(node) && !this.consideredLogical.has(node)) this.visitLogical(node);
    this.visitChildren(node, nesting);
  }

  private visitIf(node: TS.IfStatement, nesting: number): void {
    const isElseIf = ts.isIfStatement(node.parent) && node.parent.elseStatement === node;
    this.cognitive += isElseIf ? 1 : nesting + 1;
    this.visit(node.expression, nesting);
    this.visit(node.thenStatement, nesting + 1);
    const otherwise = node.elseStatement;
    if (!otherwise) return;
    if (ts.isIfStatement(otherwise)) {
      this.visit(otherwise, nesting);
    } else {
      this.cognitive += 1;
      this.visit(otherwise, nesting + 1);
    }
  }

  private visitLogical(node: TS.BinaryExpression): void {
    if (isJsxShortCircuit(node)) {
      flattenLogical(node, this.consideredLogical);
      return;
    }
    let previous: TS.SyntaxKind | undefined;
    for (const current of flattenLogical(node, this.consideredLogical)) {
      const operator = current.operatorToken.kind;
      if (operator === ts.SyntaxKind.AmpersandAmpersandToken && previous !== operator) this.cognitive += 1;
      previous = operator;
    }
  }

  private countCyclomatic(node: TS.Node): void {
    if (
      ts.isIfStatement(node) ||
      ts.isForStatement(node) ||
      ts.isForInStatement(node) ||
      ts.isForOfStatement(node) ||
      ts.isWhileStatement(node) ||
      ts.isDoStatement(node) ||
      ts.isCatchClause(node) ||
      ts.isConditionalExpression(node) ||
      ts.isCaseClause(node) ||
      isLogical(node)
    ) {
      this.cyclomatic += 1;
    } else if (ts.isBinaryExpression(node) && LOGICAL_ASSIGNMENT.has(node.operatorToken.kind)) {
      this.cyclomatic += 1;
    } else if ((ts.isParameter(node) || ts.isBindingElement(node)) && node.initializer) {
      this.cyclomatic += 1;
    } else if (ts.isShorthandPropertyAssignment(node) && node.objectAssignmentInitializer) {
      this.cyclomatic += 1;
    } else if (
      (ts.isPropertyAccessExpression(node) ||
        ts.isElementAccessExpression(node) ||
        ts.isCallExpression(node)) &&
      node.questionDotToken
    ) {
      this.cyclomatic += 1;
    }
  }
}

/**
 * Measures every function of one JavaScript or TypeScript source text.
 *
 * @example
 * measureTsSource('a.ts', 'function f(a) { if (a) { return 1; } return 0; }');
 * // [{ file: 'a.ts', name: 'f', line: 1, endLine: 1, lines: 1, cognitive: 1, cyclomatic: 2 }]
 */
export function measureTsSource(path: string, text: string): FunctionMetrics[] {
  const source = parseSyntax(path, text, scriptKind(path));
  const results: FunctionMetrics[] = [];
  const measure = (fn: FunctionNode): void => {
    if (!fn.body) return; // overload signature or abstract method
    const visitor = new FunctionVisitor(measure);
    visitor.visitChildren(fn, 0);
    const line = source.getLineAndCharacterOfPosition(fn.getStart(source)).line + 1;
    const endLine = source.getLineAndCharacterOfPosition(fn.getEnd()).line + 1;
    results.push({
      file: path,
      name: functionName(fn, source),
      line,
      endLine,
      lines: endLine - line + 1,
      cognitive: visitor.cognitive,
      cyclomatic: visitor.cyclomatic,
    });
  };
  const findTopLevel = (node: TS.Node): void => {
    if (isFunctionNode(node)) measure(node);
    else ts.forEachChild(node, findTopLevel);
  };
  findTopLevel(source);
  return results.sort((a, b) => a.line - b.line || a.name.localeCompare(b.name));
}

/**
 * The complexity measurement of complexity-ts.ts on ESLint's syntax tree (ESTree), as an
 * ESLint rule, so that a run whose shared ESLint pass parses every JS/TS file anyway does not
 * parse them a second time with TypeScript. It counts exactly what complexity-ts.ts counts (a
 * test compares both on every JS/TS file of this repository and its fixtures); see that module
 * for the rules. What differs between the two trees, and how it is bridged:
 *
 * - ESTree has no parenthesis nodes: a function in parentheses is recognised by its tokens (it
 *   is not named after the variable or property it is assigned to, as in TypeScript's tree).
 * - A method, accessor or constructor is a `FunctionExpression` under a `MethodDefinition` or
 *   `Property`; its name, first line and owning class come from that parent.
 * - Default values: TypeScript counts a default in a binding (parameter, declaration) and a
 *   shorthand default in a destructuring assignment (`({ a = 1 } = o)`), not other defaults in
 *   an assignment target (`[a = 1] = xs`); ESTree calls all of them `AssignmentPattern`.
 *
 * The rule reports one message per function with a body, when it leaves the function (so in
 * post-order); its text is the JSON of {@link EstreeFunctionMetrics}.
 *
 * @module
 */
import type { Rule, SourceCode } from 'eslint';

/** What the rule reports of one function (its text is this object as JSON). */
export interface EstreeFunctionMetrics {
  /**
   * Position of the function in post-order (nested functions before the one holding them):
   * the order in which complexity-ts.ts lists functions that share a line and a name.
   */
  order: number;
  name: string;
  line: number;
  endLine: number;
  cognitive: number;
  cyclomatic: number;
}

/** A node of any ESTree flavour (espree, typescript-eslint), read generically. */
interface Node {
  type: string;
  parent?: Node;
  range: [number, number];
  loc: { start: { line: number }; end: { line: number } };
  [key: string]: unknown;
}

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
const LOOPS = new Set([
  'ForStatement',
  'ForInStatement',
  'ForOfStatement',
  'WhileStatement',
  'DoWhileStatement',
]);
const LOGICAL_ASSIGNMENT = new Set(['&&=', '||=', '??=']);
const CLASS_FIELDS = new Set(['PropertyDefinition', 'AccessorProperty']);
const PATTERN_PARTS = new Set([
  'ObjectPattern',
  'ArrayPattern',
  'Property',
  'RestElement',
  'AssignmentPattern',
]);

const child = (node: Node, key: string): Node | null => (node[key] as Node | null | undefined) ?? null;
const isLogical = (node: Node): boolean => node.type === 'LogicalExpression';

/** True when `node` sits in the target of an assignment (not a declaration or parameter). */
function inAssignmentTarget(node: Node): boolean {
  let current = node;
  let parent = node.parent;
  while (parent && PATTERN_PARTS.has(parent.type)) {
    current = parent;
    parent = parent.parent;
  }
  if (!parent) return false;
  if (parent.type === 'AssignmentExpression') return parent['left'] === current;
  if (parent.type === 'ForInStatement' || parent.type === 'ForOfStatement') return parent['left'] === current;
  return false;
}

/** The logical chain at `node` in source order (sonarjs flattens it this way). */
function flattenLogical(node: Node, seen: Set<Node>): Node[] {
  if (!isLogical(node)) return [];
  seen.add(node);
  return [
    ...flattenLogical(child(node, 'left')!, seen),
    node,
    ...flattenLogical(child(node, 'right')!, seen),
  ];
}

function isJsxShortCircuit(node: Node): boolean {
  if (node.parent?.type !== 'JSXExpressionContainer') return false;
  const operator = node['operator'];
  const sameChain = (current: Node): boolean => {
    if (current.type === 'ConditionalExpression') return false;
    if (isLogical(current))
      return (
        current['operator'] === operator &&
        sameChain(child(current, 'left')!) &&
        sameChain(child(current, 'right')!)
      );
    return true;
  };
  return sameChain(node);
}

class FunctionVisitor {
  cognitive = 0;
  cyclomatic = 1;
  private readonly consideredLogical = new Set<Node>();

  constructor(private readonly keys: SourceCode.VisitorKeys) {}

  visitChildren(node: Node, nesting: number): void {
    for (const key of this.keys[node.type] ?? []) {
      const value = node[key] as Node | (Node | null)[] | null | undefined;
      if (Array.isArray(value)) {
        for (const item of value) if (item) this.visit(item, nesting);
      } else if (value && typeof value.type === 'string') this.visit(value, nesting);
    }
  }

  visit(node: Node, nesting: number): void {
    if (FUNCTIONS.has(node.type)) return; // measured on its own
    this.countCyclomatic(node);
    if (node.type === 'IfStatement') return this.visitIf(node, nesting);
    if (LOOPS.has(node.type)) {
      this.cognitive += nesting + 1;
      const body = child(node, 'body');
      for (const key of this.keys[node.type] ?? []) {
        const part = child(node, key);
        if (part) this.visit(part, part === body ? nesting + 1 : nesting);
      }
      return;
    }
    if (node.type === 'SwitchStatement') {
      this.cognitive += nesting + 1;
      this.visit(child(node, 'discriminant')!, nesting);
      for (const clause of node['cases'] as Node[]) this.visit(clause, nesting + 1);
      return;
    }
    if (node.type === 'CatchClause') {
      this.cognitive += nesting + 1;
      const param = child(node, 'param');
      if (param) this.visit(param, nesting);
      this.visit(child(node, 'body')!, nesting + 1);
      return;
    }
    if (node.type === 'ConditionalExpression') {
      this.cognitive += nesting + 1;
      this.visit(child(node, 'test')!, nesting);
      this.visit(child(node, 'consequent')!, nesting + 1);
      this.visit(child(node, 'alternate')!, nesting + 1);
      return;
    }
    if ((node.type === 'BreakStatement' || node.type === 'ContinueStatement') && node['label'])
      this.cognitive += 1;
    if (isLogical(node) && !this.consideredLogical.has(node)) this.visitLogical(node);
    this.visitChildren(node, nesting);
  }

  private visitIf(node: Node, nesting: number): void {
    const isElseIf = node.parent?.type === 'IfStatement' && node.parent['alternate'] === node;
    this.cognitive += isElseIf ? 1 : nesting + 1;
    this.visit(child(node, 'test')!, nesting);
    this.visit(child(node, 'consequent')!, nesting + 1);
    const otherwise = child(node, 'alternate');
    if (!otherwise) return;
    if (otherwise.type === 'IfStatement') {
      this.visit(otherwise, nesting);
    } else {
      this.cognitive += 1;
      this.visit(otherwise, nesting + 1);
    }
  }

  private visitLogical(node: Node): void {
    if (isJsxShortCircuit(node)) {
      flattenLogical(node, this.consideredLogical);
      return;
    }
    let previous: unknown;
    for (const current of flattenLogical(node, this.consideredLogical)) {
      const operator = current['operator'];
      if (operator === '&&' && previous !== operator) this.cognitive += 1;
      previous = operator;
    }
  }

  private countCyclomatic(node: Node): void {
    if (LOOPS.has(node.type)) {
      this.cyclomatic += 1;
      return;
    }
    switch (node.type) {
      case 'IfStatement':
      case 'CatchClause':
      case 'ConditionalExpression':
      case 'LogicalExpression':
        this.cyclomatic += 1;
        return;
      case 'SwitchCase':
        if (node['test']) this.cyclomatic += 1;
        return;
      case 'AssignmentExpression':
        if (LOGICAL_ASSIGNMENT.has(node['operator'] as string)) this.cyclomatic += 1;
        return;
      case 'AssignmentPattern': {
        const parent = node.parent;
        const shorthand = parent?.type === 'Property' && parent['shorthand'] === true;
        if (!inAssignmentTarget(node) || shorthand) this.cyclomatic += 1;
        return;
      }
      case 'MemberExpression':
      case 'CallExpression':
        if (node['optional'] === true) this.cyclomatic += 1;
        return;
    }
  }
}

/** The `MethodDefinition` or method/accessor `Property` whose value `fn` is, else null. */
function methodOf(fn: Node): Node | null {
  const parent = fn.parent;
  if (!parent || parent['value'] !== fn) return null;
  if (parent.type === 'MethodDefinition') return parent;
  if (parent.type === 'Property' && (parent['method'] === true || parent['kind'] !== 'init')) return parent;
  return null;
}

function isParenthesized(node: Node, source: SourceCode): boolean {
  const before = source.getTokenBefore(node as never);
  const after = source.getTokenAfter(node as never);
  return before?.value === '(' && after?.value === ')';
}

/** A property key as TypeScript's `propertyName` renders it. */
function keyName(owner: Node, source: SourceCode): string {
  const key = child(owner, 'key')!;
  if (owner['computed'] === true) {
    const open = source.getTokenBefore(key as never, { filter: (t) => t.value === '[' });
    const close = source.getTokenAfter(key as never, { filter: (t) => t.value === ']' });
    return open && close ? source.text.slice(open.range[0], close.range[1]) : source.getText(key as never);
  }
  if (key.type === 'Identifier') return key['name'] as string;
  if (key.type === 'PrivateIdentifier') return `#${key['name'] as string}`;
  if (key.type === 'Literal' && (typeof key['value'] === 'string' || typeof key['value'] === 'number'))
    return String(key['value']);
  return source.getText(key as never);
}

function className(classBody: Node | undefined): string | null {
  const id = classBody?.parent ? child(classBody.parent, 'id') : null;
  return id ? (id['name'] as string) : null;
}

/** TypeScript's name for `fn`; `method` is {@link methodOf}(fn). */
function functionName(fn: Node, method: Node | null, source: SourceCode): string {
  if (method) {
    const own = method['kind'] === 'constructor' ? 'constructor' : keyName(method, source);
    const owner = method.type === 'MethodDefinition' ? className(method.parent) : null;
    return owner ? `${owner}.${own}` : own;
  }
  const id = fn.type === 'ArrowFunctionExpression' ? null : child(fn, 'id');
  let own = id ? (id['name'] as string) : null;
  const parent = fn.parent;
  const field = parent && CLASS_FIELDS.has(parent.type) && parent['value'] === fn;
  // Only a function in a naming position can be in parentheses that matter (token look-ups).
  const bare = (own === null || field) && !isParenthesized(fn, source);
  if (own === null && parent && bare) {
    if (parent.type === 'VariableDeclarator' && parent['init'] === fn) {
      const target = child(parent, 'id')!;
      own = target.type === 'Identifier' ? (target['name'] as string) : source.getText(target as never);
    } else if (field || (parent.type === 'Property' && parent['value'] === fn)) {
      own = keyName(parent, source);
    } else if (
      parent.type === 'AssignmentExpression' &&
      parent['operator'] === '=' &&
      parent['right'] === fn
    ) {
      own = source.getText(child(parent, 'left') as never);
    }
  }
  const name = own ?? '<anonymous>';
  if (field && bare) {
    const owner = className(parent.parent);
    return owner ? `${owner}.${name}` : name;
  }
  return name;
}

/** The node whose first token TypeScript's tree starts the function at; `method` is {@link methodOf}(fn). */
function startNode(fn: Node, method: Node | null): Node {
  if (method) return method;
  const parent = fn.parent;
  if (
    fn.type === 'FunctionDeclaration' &&
    (parent?.type === 'ExportNamedDeclaration' || parent?.type === 'ExportDefaultDeclaration')
  )
    return parent;
  return fn;
}

function measure(context: Rule.RuleContext, fn: Node, order: number): void {
  if (!fn['body']) return;
  const source = context.sourceCode;
  const visitor = new FunctionVisitor(source.visitorKeys);
  const method = methodOf(fn);
  // TypeScript's method node holds its (computed) key; ESTree's holds it in the parent.
  if (method?.['computed'] === true) visitor.visit(child(method, 'key')!, 0);
  visitor.visitChildren(fn, 0);
  const metrics: EstreeFunctionMetrics = {
    order,
    name: functionName(fn, method, source),
    line: startNode(fn, method).loc.start.line,
    endLine: fn.loc.end.line,
    cognitive: visitor.cognitive,
    cyclomatic: visitor.cyclomatic,
  };
  context.report({ node: fn as never, message: JSON.stringify(metrics) });
}

/** The ESLint rule: one message per function with a body, its metrics as JSON. */
export const functionMetricsRule: Rule.RuleModule = {
  meta: {
    type: 'suggestion',
    docs: { description: 'Reports the cognitive and cyclomatic complexity of every function (as JSON).' },
    schema: [],
  },
  create(context) {
    let order = 0;
    const onFunction = (node: unknown) => measure(context, node as Node, order++);
    return {
      'FunctionDeclaration:exit': onFunction,
      'FunctionExpression:exit': onFunction,
      'ArrowFunctionExpression:exit': onFunction,
    };
  },
};

/** The plugin the shared ESLint pass registers as `empathy`. */
export const empathyEslintPlugin = {
  meta: { name: 'empathy' },
  rules: { 'function-metrics': functionMetricsRule },
};

/**
 * What the JS/TS taint analysis needs to know about a program before walking it: import
 * aliases (which local names are `child_process`, `fs`, `vm`, ...), which functions are
 * exported (their parameters are a library's input) and which functions are declared in the
 * file (for one level of call summaries).
 *
 * @module
 */
import { moduleName } from './taint-js-names.js';

/** An ESTree (or typescript-estree) node, read generically. */
export interface EsNode {
  type: string;
  loc?: { start: { line: number; column: number } };
  [key: string]: unknown;
}

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
/** Keys that hold no code to look at (the parent link, positions, the token and comment lists, types). */
const SKIP = new Set([
  'parent',
  'loc',
  'range',
  'tokens',
  'comments',
  'typeAnnotation',
  'returnType',
  'typeParameters',
  'typeArguments',
]);

function each(node: unknown, visit: (n: EsNode) => void): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) each(n, visit);
    return;
  }
  const n = node as EsNode;
  if (typeof n.type !== 'string') return;
  visit(n);
  for (const [key, value] of Object.entries(n)) if (!SKIP.has(key)) each(value, visit);
}

/** Every node of a program, in source order (one walk shared by the scans below). */
export function programNodes(program: EsNode): EsNode[] {
  const nodes: EsNode[] = [];
  each(program, (node) => nodes.push(node));
  return nodes;
}

const get = (node: EsNode | undefined, key: string): EsNode | undefined => node?.[key] as EsNode | undefined;
const nameOf = (node: EsNode | undefined): string | undefined =>
  node?.type === 'Identifier' ? (node['name'] as string) : undefined;

function requiredModule(node: EsNode | undefined): string | null {
  if (node?.type !== 'CallExpression' || nameOf(get(node, 'callee')) !== 'require') return null;
  const arg = (node['arguments'] as EsNode[])[0];
  return arg?.type === 'Literal' && typeof arg['value'] === 'string' ? moduleName(arg['value']) : null;
}

/**
 * Local name -> dotted module path: `import cp from 'child_process'` gives `cp` ->
 * `child_process`; `const { exec } = require('node:child_process')` gives `exec` ->
 * `child_process.exec`.
 */
export function importAliases(nodes: readonly EsNode[]): Map<string, string> {
  const aliases = new Map<string, string>();
  nodes.forEach((node) => {
    if (node.type === 'ImportDeclaration') {
      const module = moduleName(String(get(node, 'source')?.['value'] ?? ''));
      for (const s of node['specifiers'] as EsNode[]) {
        const local = nameOf(get(s, 'local'));
        if (!local) continue;
        const imported = nameOf(get(s, 'imported')) ?? (get(s, 'imported')?.['value'] as string | undefined);
        aliases.set(local, s.type === 'ImportSpecifier' && imported ? `${module}.${imported}` : module);
      }
    } else if (node.type === 'VariableDeclarator') {
      let init = get(node, 'init');
      let suffix = '';
      if (init?.type === 'MemberExpression' && !init['computed']) {
        suffix = `.${nameOf(get(init, 'property')) ?? ''}`;
        init = get(init, 'object');
      }
      const module = requiredModule(init);
      if (!module) return;
      const id = get(node, 'id');
      if (id?.type === 'Identifier') aliases.set(id['name'] as string, module + suffix);
      if (id?.type === 'ObjectPattern') {
        for (const p of id['properties'] as EsNode[]) {
          const key = nameOf(get(p, 'key'));
          const local = nameOf(get(p, 'value'));
          if (key && local) aliases.set(local, `${module}${suffix}.${key}`);
        }
      }
    }
  });
  return aliases;
}

function markFunctionsOf(value: EsNode | undefined, names: Set<string>, marked: WeakSet<EsNode>): void {
  if (!value) return;
  if (FUNCTIONS.has(value.type)) marked.add(value);
  else if (value.type === 'Identifier') names.add(value['name'] as string);
  else if (value.type === 'ObjectExpression')
    for (const p of value['properties'] as EsNode[]) markFunctionsOf(get(p, 'value'), names, marked);
  else if (value.type === 'ClassExpression' || value.type === 'ClassDeclaration') markClass(value, marked);
}

function markClass(cls: EsNode, marked: WeakSet<EsNode>): void {
  for (const member of (get(cls, 'body')?.['body'] as EsNode[] | undefined) ?? []) {
    const value = get(member, 'value');
    if (member.type === 'MethodDefinition' && value && member['kind'] !== 'constructor') marked.add(value);
  }
}

function isModuleExports(node: EsNode | undefined): boolean {
  if (!node) return false;
  if (nameOf(node) === 'exports') return true;
  if (node.type !== 'MemberExpression') return false;
  const object = get(node, 'object');
  return (
    (nameOf(object) === 'module' && nameOf(get(node, 'property')) === 'exports') || isModuleExports(object)
  );
}

/** The function nodes whose parameters are a library's input (exported, directly or by name). */
export function exportedFunctions(nodes: readonly EsNode[]): WeakSet<EsNode> {
  const marked = new WeakSet<EsNode>();
  const names = new Set<string>();
  nodes.forEach((node) => {
    if (node.type === 'ExportNamedDeclaration' || node.type === 'ExportDefaultDeclaration') {
      const decl = get(node, 'declaration');
      if (decl?.type === 'VariableDeclaration')
        for (const d of decl['declarations'] as EsNode[]) markFunctionsOf(get(d, 'init'), names, marked);
      else markFunctionsOf(decl, names, marked);
      for (const s of (node['specifiers'] as EsNode[] | undefined) ?? []) {
        const local = nameOf(get(s, 'local'));
        if (local) names.add(local);
      }
    } else if (node.type === 'AssignmentExpression' && isModuleExports(get(node, 'left'))) {
      markFunctionsOf(get(node, 'right'), names, marked);
    }
  });
  nodes.forEach((node) => {
    const id = nameOf(get(node, 'id'));
    if (!id || !names.has(id)) return;
    if (node.type === 'FunctionDeclaration') marked.add(node);
    else if (node.type === 'ClassDeclaration') markClass(node, marked);
    else if (node.type === 'VariableDeclarator') markFunctionsOf(get(node, 'init'), new Set(), marked);
  });
  return marked;
}

/** Names of functions declared in the file (declarations and `const f = () => ...`). */
export function localFunctions(nodes: readonly EsNode[]): Set<string> {
  const names = new Set<string>();
  nodes.forEach((node) => {
    const id = nameOf(get(node, 'id'));
    if (!id) return;
    if (node.type === 'FunctionDeclaration') names.add(id);
    if (node.type === 'VariableDeclarator' && FUNCTIONS.has(get(node, 'init')?.type ?? '')) names.add(id);
  });
  return names;
}

/**
 * The dotted name of an identifier or static member chain (`a.b['c']` -> `['a', 'b', 'c']`), its
 * root resolved through `aliases` when given (`cp.exec` -> `child_process.exec`); null otherwise.
 */
export function dottedName(
  node: EsNode | undefined,
  aliases: ReadonlyMap<string, string> | null,
): string[] | null {
  if (!node) return null;
  if (node.type === 'Identifier') {
    const name = node['name'] as string;
    return (aliases?.get(name) ?? name).split('.');
  }
  if (node.type === 'ThisExpression') return ['this'];
  if (node.type !== 'MemberExpression') return null;
  const base = dottedName(get(node, 'object'), aliases);
  const property = get(node, 'property');
  if (!base || !property) return null;
  if (!node['computed'] && property.type === 'Identifier') return [...base, property['name'] as string];
  if (property.type === 'Literal' && typeof property['value'] === 'string')
    return [...base, property['value']];
  return null;
}

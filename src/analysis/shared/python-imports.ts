/**
 * Python import extraction (tree-sitter) and module resolution inside a project root, shared by
 * the documentation and architecture analysers.
 *
 * Resolution rules (documented, no interpreter involved):
 * - A file's module name is its path relative to a source root, `/` -> `.`, without `.py`;
 *   `pkg/__init__.py` is the module `pkg`. Source roots are the project root and, when
 *   present, `src/` (the "src layout").
 * - `import a.b.c` and `from a.b.c import x` resolve to the most specific module that exists:
 *   for `from P import n`, the submodule `P.n` when it is a file of the project, else `P`.
 * - Relative imports (`from . import x`, `from ..pkg import y`) resolve against the importing
 *   module's package (`__init__.py` is its own package), climbing one package per extra dot.
 * - The implicit execution of parent packages' `__init__.py` is not modelled as an edge.
 * - Modules outside the project (stdlib, site-packages) resolve to null.
 *
 * @module
 */
import { createRequire } from 'node:module';
import type { Node as TsNode, Tree } from 'web-tree-sitter';

/** One Python import statement (one entry per imported module of an `import a, b`). */
export interface PythonImport {
  /** Dotted module as written, without the leading dots (`''` for `from . import x`). */
  module: string;
  /** Number of leading dots (0 = absolute). */
  level: number;
  /** Names imported by `from M import a, b` (`['*']` for a wildcard); empty for `import M`. */
  names: string[];
  /** 1-based line. */
  line: number;
  /** True inside `if TYPE_CHECKING:` (only type checkers execute it: no runtime edge). */
  typeOnly: boolean;
}

function dottedText(node: TsNode | null): string {
  return node ? node.text.replace(/\s+/g, '') : '';
}

/** True when the statement sits in the body of an `if TYPE_CHECKING:` / `if typing.TYPE_CHECKING:`. */
function underTypeChecking(node: TsNode): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'if_statement') {
      const condition = p.childForFieldName('condition')?.text.replace(/\s+/g, '');
      if (condition === 'TYPE_CHECKING' || condition === 'typing.TYPE_CHECKING') {
        const alternatives = p.childrenForFieldName('alternative');
        if (
          !alternatives.some(
            (a) => a !== null && a.startIndex <= node.startIndex && node.endIndex <= a.endIndex,
          )
        )
          return true;
      }
    }
  }
  return false;
}

function importedName(node: TsNode): string {
  return node.type === 'aliased_import' ? dottedText(node.childForFieldName('name')) : dottedText(node);
}

/**
 * Every import statement of a parsed module, at any depth (imports inside functions and
 * `if TYPE_CHECKING:` blocks included), in source order.
 *
 * @example
 * const tree = await parsePython('from .a import b\n');
 * extractPythonImports(tree); // [{ module: 'a', level: 1, names: ['b'], line: 1, typeOnly: false }]
 */
export function extractPythonImports(tree: Tree): PythonImport[] {
  const found: PythonImport[] = [];
  const stack: TsNode[] = [tree.rootNode];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    const line = node.startPosition.row + 1;
    if (node.type === 'import_statement') {
      for (const nameNode of node.childrenForFieldName('name')) {
        if (nameNode)
          found.push({
            module: importedName(nameNode),
            level: 0,
            names: [],
            line,
            typeOnly: underTypeChecking(node),
          });
      }
      continue;
    }
    if (node.type === 'import_from_statement') {
      const moduleNode = node.childForFieldName('module_name');
      let module = '';
      let level = 0;
      if (moduleNode?.type === 'relative_import') {
        for (const child of moduleNode.namedChildren) {
          if (!child) continue;
          if (child.type === 'import_prefix') level = child.text.replace(/\s+/g, '').length;
          else if (child.type === 'dotted_name') module = dottedText(child);
        }
      } else module = dottedText(moduleNode);
      const names = node.childrenForFieldName('name').flatMap((n) => (n ? [importedName(n)] : []));
      const wildcard = node.namedChildren.some((c) => c?.type === 'wildcard_import');
      found.push({ module, level, names: wildcard ? ['*'] : names, line, typeOnly: underTypeChecking(node) });
      continue;
    }
    for (let i = node.namedChildCount - 1; i >= 0; i--) {
      const child = node.namedChild(i);
      if (child) stack.push(child);
    }
  }
  return found.sort((a, b) => a.line - b.line);
}

/** Maps dotted module names to project files and back. */
export interface PythonModuleMap {
  /** Dotted module name -> root-relative file. */
  byModule: Map<string, string>;
  /** Root-relative file -> its dotted module name (from the most specific source root). */
  byFile: Map<string, string>;
}

/** The source roots tried, most specific first. */
const SOURCE_ROOTS = ['src/', ''];

/** Dotted module name of a `.py` path relative to a source root, or null when it is not importable. */
function moduleNameOf(relative: string): string | null {
  if (!relative.endsWith('.py')) return null;
  const parts = relative.slice(0, -3).split('/');
  if (parts[parts.length - 1] === '__init__') parts.pop();
  if (parts.length === 0) return null;
  if (!parts.every((p) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(p))) return null;
  return parts.join('.');
}

/**
 * Builds the module map of the given `.py` files (root-relative paths).
 *
 * @example
 * buildPythonModuleMap(['shapes/__init__.py', 'shapes/area.py']).byModule.get('shapes.area'); // 'shapes/area.py'
 */
export function buildPythonModuleMap(files: Iterable<string>): PythonModuleMap {
  const byModule = new Map<string, string>();
  const byFile = new Map<string, string>();
  for (const file of files) {
    for (const root of SOURCE_ROOTS) {
      if (!file.startsWith(root)) continue;
      const name = moduleNameOf(file.slice(root.length));
      if (name === null) continue;
      if (!byModule.has(name)) byModule.set(name, file);
      if (!byFile.has(file)) byFile.set(file, name);
    }
  }
  return { byModule, byFile };
}

/** The package a module's relative imports start from. */
function packageOf(file: string, moduleName: string): string[] {
  const parts = moduleName.split('.');
  return file.endsWith('/__init__.py') || file === '__init__.py' ? parts : parts.slice(0, -1);
}

/**
 * The project files an import refers to (deduplicated, possibly empty when it refers to
 * something outside the project). `from P import a, b` may give several files when `a` and
 * `b` are submodules.
 *
 * @example
 * resolvePythonImport('shapes/__init__.py', { module: 'area', level: 1, names: ['x'] }, map);
 * // ['shapes/area.py']
 */
export function resolvePythonImport(
  fromFile: string,
  imp: Pick<PythonImport, 'module' | 'level' | 'names'>,
  map: PythonModuleMap,
): string[] {
  let base: string;
  if (imp.level > 0) {
    const own = map.byFile.get(fromFile);
    if (own === undefined) return [];
    const pkg = packageOf(fromFile, own);
    const up = imp.level - 1;
    if (up > pkg.length) return [];
    const parts = pkg.slice(0, pkg.length - up);
    if (imp.module !== '') parts.push(imp.module);
    base = parts.join('.');
  } else base = imp.module;

  const out = new Set<string>();
  if (imp.names.length > 0 && !imp.names.includes('*')) {
    for (const name of imp.names) {
      const sub = map.byModule.get(base === '' ? name : `${base}.${name}`);
      if (sub !== undefined) out.add(sub);
      else {
        const pkgFile = base === '' ? undefined : map.byModule.get(base);
        if (pkgFile !== undefined) out.add(pkgFile);
      }
    }
  } else if (base !== '') {
    // `import a.b.c` (or a wildcard): the most specific existing module.
    const parts = base.split('.');
    for (let n = parts.length; n > 0; n--) {
      const file = map.byModule.get(parts.slice(0, n).join('.'));
      if (file !== undefined) {
        out.add(file);
        break;
      }
    }
  }
  out.delete(fromFile);
  return [...out];
}

/** The version of the Python grammar package (tree-sitter-wasms), for reports; null when unreadable. */
export function pythonGrammarVersion(): string | null {
  try {
    const pkg = createRequire(import.meta.url)('tree-sitter-wasms/package.json') as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : null;
  } catch {
    return null;
  }
}

/** True when `relativePath` (a `.py` file) is a public module: no part of its dotted name starts with `_` (a package is its `__init__.py`). */
export function isPublicModulePath(relativePath: string): boolean {
  const parts = relativePath.replace(/\.py$/, '').split('/');
  if (parts[parts.length - 1] === '__init__') parts.pop();
  return parts.every((p) => !p.startsWith('_'));
}

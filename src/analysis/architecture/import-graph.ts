/**
 * The import graph of a repository: one node per source module (JS/TS and Python files, tests
 * excluded), one edge per distinct "module A imports module B" inside the repository.
 *
 * - JS/TS: static imports, `export ... from`, `require('...')`, `import('...')` with a literal,
 *   resolved by {@link resolveJsSpecifier} (relative paths only; packages are external).
 * - Python: `import` / `from ... import`, resolved by {@link resolvePythonImport}.
 * - An edge is `typeOnly` when every reference between the two modules is a type-only import
 *   (`import type`): erased at compile time, it cannot take part in a runtime import cycle.
 * - Self-imports are dropped. A relative import that resolves to nothing is listed as unresolved.
 *
 * @module
 */
import type { ProjectFile, ProjectIndex } from '../../project/types.js';
import {
  extractJsImports,
  isRelativeSpecifier,
  parseJsSource,
  resolveJsSpecifier,
} from '../shared/js-imports.js';
import { buildPythonModuleMap, extractPythonImports, resolvePythonImport } from '../shared/python-imports.js';
import { parsePython } from '../shared/python-parser.js';
import { isJsLike } from '../shared/source-files.js';

/** A distinct dependency between two modules. */
export interface ImportEdge {
  from: string;
  to: string;
  /** 1-based line of the first (runtime, when there is one) reference. */
  line: number;
  /** True when every reference is type-only. */
  typeOnly: boolean;
}

/** An import inside the repository that points at no file. */
export interface UnresolvedImport {
  file: string;
  line: number;
  specifier: string;
}

/** The import graph. Modules and edges are sorted. */
export interface ImportGraph {
  modules: string[];
  edges: ImportEdge[];
  unresolved: UnresolvedImport[];
}

class EdgeSet {
  private readonly byKey = new Map<string, ImportEdge>();

  add(from: string, to: string, line: number, typeOnly: boolean): void {
    if (from === to) return;
    const key = `${from}\u0000${to}`;
    const known = this.byKey.get(key);
    if (!known) {
      this.byKey.set(key, { from, to, line, typeOnly });
    } else if (known.typeOnly && !typeOnly) {
      known.typeOnly = false;
      known.line = line;
    }
  }

  sorted(): ImportEdge[] {
    return [...this.byKey.values()].sort((a, b) =>
      a.from === b.from ? cmp(a.to, b.to) : cmp(a.from, b.from),
    );
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

/**
 * Builds the import graph over `modules` (normally `sourceFiles(index)`). Relative JS/TS
 * specifiers resolve against every indexed path, so an import of a JSON file or a test helper
 * is resolved (not an edge, not unresolved).
 *
 * @example
 * const graph = await buildImportGraph(index, sourceFiles(index));
 * graph.edges; // [{ from: 'src/a.ts', to: 'src/b.ts', line: 1, typeOnly: false }, ...]
 */
export async function buildImportGraph(
  index: Pick<ProjectIndex, 'files' | 'read'>,
  modules: readonly ProjectFile[],
  signal?: AbortSignal,
): Promise<ImportGraph> {
  const allPaths = new Set(index.files.map((f) => f.path));
  const moduleSet = new Set(modules.map((f) => f.path));
  const pyMap = buildPythonModuleMap(modules.filter((f) => f.language === 'python').map((f) => f.path));
  const edges = new EdgeSet();
  const unresolved: UnresolvedImport[] = [];

  for (const file of modules) {
    throwIfAborted(signal);
    const text = await index.read(file.path);
    if (isJsLike(file)) {
      for (const imp of extractJsImports(parseJsSource(file.path, text))) {
        if (!isRelativeSpecifier(imp.specifier)) continue;
        const target = resolveJsSpecifier(file.path, imp.specifier, allPaths);
        if (target === null) unresolved.push({ file: file.path, line: imp.line, specifier: imp.specifier });
        else if (moduleSet.has(target)) edges.add(file.path, target, imp.line, imp.typeOnly);
      }
    } else if (file.language === 'python') {
      const tree = await parsePython(text);
      try {
        for (const imp of extractPythonImports(tree)) {
          const targets = resolvePythonImport(file.path, imp, pyMap);
          if (targets.length === 0 && imp.level > 0) {
            unresolved.push({
              file: file.path,
              line: imp.line,
              specifier: '.'.repeat(imp.level) + imp.module,
            });
          }
          for (const target of targets) edges.add(file.path, target, imp.line, imp.typeOnly);
        }
      } finally {
        tree.delete();
      }
    }
  }
  return { modules: [...moduleSet].sort(cmp), edges: edges.sorted(), unresolved };
}

/** Adjacency lists of a graph (sorted targets), optionally without type-only edges. */
export function adjacency(
  graph: Pick<ImportGraph, 'modules' | 'edges'>,
  runtimeOnly: boolean,
): Map<string, string[]> {
  const adj = new Map<string, string[]>(graph.modules.map((m) => [m, []]));
  for (const edge of graph.edges) {
    if (runtimeOnly && edge.typeOnly) continue;
    adj.get(edge.from)?.push(edge.to);
  }
  return adj;
}

/**
 * Import extraction and relative-path resolution for JavaScript and TypeScript, shared by the
 * documentation analyser (following re-exports) and the architecture analyser (the import graph).
 *
 * Syntax only (`ts.createSourceFile`, no type checker). What counts as an import:
 * `import ... from 's'`, `import 's'`, `export ... from 's'`, `import x = require('s')`,
 * `require('s')` and `import('s')` with a string literal (or a template literal without
 * substitutions) anywhere in the file. Imports whose specifier is computed are not seen.
 *
 * @module
 */
import type * as TS from 'typescript';
import { parseSyntax, ts } from './typescript.js';

/** How a module is referenced. */
export type JsImportKind = 'import' | 'export-from' | 'require' | 'dynamic-import';

/** One module reference found in a file. */
export interface JsImport {
  /** The specifier exactly as written, e.g. `./math.js` or `node:fs`. */
  specifier: string;
  kind: JsImportKind;
  /** 1-based line of the reference. */
  line: number;
  /** True for `import type` / `export type ... from` (erased at compile time: no runtime edge). */
  typeOnly: boolean;
}

/** The script kind TypeScript should parse a file name as. */
export function scriptKindFor(fileName: string): TS.ScriptKind {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (lower.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(lower)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/**
 * Parses a JS/TS file without a program (syntax only; parent pointers set; JSDoc not parsed).
 *
 * @example
 * const sf = parseJsSource('a.ts', 'export const x = 1;');
 */
export function parseJsSource(fileName: string, text: string): TS.SourceFile {
  return parseSyntax(fileName, text, scriptKindFor(fileName));
}

function literalText(node: TS.Node | undefined): string | undefined {
  if (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) return node.text;
  return undefined;
}

function lineOf(sf: TS.SourceFile, node: TS.Node): number {
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

function importClauseIsTypeOnly(clause: TS.ImportClause | undefined): boolean {
  if (!clause) return false;
  if (clause.isTypeOnly) return true;
  // `import { type A, type B } from` is erased too when every specifier is type-only and there is no default.
  const bindings = clause.namedBindings;
  return (
    clause.name === undefined &&
    bindings !== undefined &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((e) => e.isTypeOnly)
  );
}

/**
 * Every module reference of a parsed file, in source order.
 *
 * @example
 * extractJsImports(parseJsSource('a.ts', "import { b } from './b.js';"));
 * // [{ specifier: './b.js', kind: 'import', line: 1, typeOnly: false }]
 */
export function extractJsImports(sf: TS.SourceFile): JsImport[] {
  const found: JsImport[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const specifier = literalText(node.moduleSpecifier);
      if (specifier !== undefined) {
        found.push({
          specifier,
          kind: 'import',
          line: lineOf(sf, node),
          typeOnly: importClauseIsTypeOnly(node.importClause),
        });
      }
    } else if (ts.isExportDeclaration(node)) {
      const specifier = literalText(node.moduleSpecifier);
      if (specifier !== undefined) {
        found.push({ specifier, kind: 'export-from', line: lineOf(sf, node), typeOnly: node.isTypeOnly });
      }
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const specifier = literalText(node.moduleReference.expression);
      if (specifier !== undefined) {
        found.push({ specifier, kind: 'require', line: lineOf(sf, node), typeOnly: node.isTypeOnly });
      }
    } else if (ts.isCallExpression(node) && node.arguments.length >= 1) {
      const specifier = literalText(node.arguments[0]);
      if (specifier !== undefined) {
        if (node.expression.kind === ts.SyntaxKind.ImportKeyword) {
          found.push({ specifier, kind: 'dynamic-import', line: lineOf(sf, node), typeOnly: false });
        } else if (
          ts.isIdentifier(node.expression) &&
          node.expression.text === 'require' &&
          node.arguments.length === 1
        ) {
          found.push({ specifier, kind: 'require', line: lineOf(sf, node), typeOnly: false });
        }
      }
    } else if (ts.isImportTypeNode(node)) {
      // `typeof import('./x')` in a type position: a type-only reference.
      const arg = node.argument;
      if (ts.isLiteralTypeNode(arg)) {
        const specifier = literalText(arg.literal);
        if (specifier !== undefined)
          found.push({ specifier, kind: 'import', line: lineOf(sf, node), typeOnly: true });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** Extensions tried, in order, for a specifier without one (TypeScript's order, then JS). */
export const JS_RESOLVE_EXTENSIONS = [
  '.ts',
  '.tsx',
  '.d.ts',
  '.mts',
  '.cts',
  '.js',
  '.jsx',
  '.mjs',
  '.cjs',
] as const;

/** NodeNext style: a `.js` specifier names the `.ts` file that compiles to it. */
const EMITTED_TO_SOURCE: Record<string, string[]> = {
  '.js': ['.ts', '.tsx', '.d.ts'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts', '.d.mts'],
  '.cjs': ['.cts', '.d.cts'],
};

/** True for `./x`, `../x`, `.` and `..` (the only specifiers resolved inside the repository). */
export function isRelativeSpecifier(specifier: string): boolean {
  return specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../');
}

/** Normalises `a/./b/../c` to `a/c`; returns null when the path climbs above the root. */
export function normalizeRelPath(path: string): string | null {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/**
 * Resolves a relative specifier from `fromFile` (root-relative, `/` separators) to a file in
 * `files`, trying in order: the exact path; for `.js/.jsx/.mjs/.cjs` the TypeScript sources
 * they are emitted from (no tsconfig needed); the path plus each of
 * {@link JS_RESOLVE_EXTENSIONS}; `<path>/index` plus each extension. Bare specifiers
 * (packages, `node:` builtins) and unresolvable paths give null.
 *
 * @example
 * resolveJsSpecifier('src/index.ts', './math.js', new Set(['src/math.ts'])); // 'src/math.ts'
 */
export function resolveJsSpecifier(
  fromFile: string,
  specifier: string,
  files: ReadonlySet<string>,
): string | null {
  if (!isRelativeSpecifier(specifier)) return null;
  const clean = specifier.replace(/[?#].*$/, '');
  const base = dirOf(fromFile);
  const target = normalizeRelPath(base === '' ? clean : `${base}/${clean}`);
  if (target === null) return null;
  const candidates: string[] = [];
  if (target !== '' && !clean.endsWith('/')) {
    candidates.push(target);
    const ext = /\.[cm]?jsx?$/.exec(target)?.[0];
    if (ext !== undefined) {
      const stem = target.slice(0, -ext.length);
      for (const alt of EMITTED_TO_SOURCE[ext] ?? []) candidates.push(stem + alt);
    }
    for (const ext2 of JS_RESOLVE_EXTENSIONS) candidates.push(target + ext2);
  }
  const indexBase = target === '' ? 'index' : `${target}/index`;
  for (const ext2 of JS_RESOLVE_EXTENSIONS) candidates.push(indexBase + ext2);
  for (const candidate of candidates) if (files.has(candidate)) return candidate;
  return null;
}

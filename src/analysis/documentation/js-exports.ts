/**
 * The exports of one JS/TS file, syntax only: what it declares and exports itself, and what it
 * forwards from other modules. ES modules and the common CommonJS forms are understood:
 *
 * - declarations with `export` (functions, classes, interfaces, type aliases, enums,
 *   namespaces, variables; overloads and merged declarations are one symbol, documented when
 *   any of them is), `export default`, `export =`, `export { a, b as c }`;
 * - forwards: `export { a } from 's'`, `export * from 's'`, `export * as ns from 's'`, and
 *   imported bindings exported again (`import { a } from 's'; export { a }`);
 * - CommonJS: `module.exports = { a, b: expr, ...require('s') }`, `module.exports = require('s')`,
 *   `module.exports = localName`, `exports.a = ...` / `module.exports.a = ...`, with bindings from
 *   `const { a } = require('s')`, `const a = require('s').a` and `const m = require('s')`.
 *
 * Only top-level statements are read; class members are not separate symbols.
 *
 * @module
 */
import type * as TS from 'typescript';
import { ts } from '../shared/typescript.js';
import { hasDocComment, startLine } from './js-doc-comments.js';

/** A symbol declared in the file. */
export interface DeclaredSymbol {
  /** Local (declared) name, `default` for an anonymous default export. */
  name: string;
  kind: string;
  line: number;
  documented: boolean;
}

/** An exported name that comes from another module (`importName` `*` = the namespace). */
export interface Forward {
  specifier: string;
  importName: string;
  /** True when the export statement carries its own doc comment (single-name statements only). */
  documented: boolean;
}

/** What one file exports. */
export interface FileExports {
  /** Export name -> local declaration. */
  declared: Map<string, DeclaredSymbol>;
  /** Export name -> the module and name it forwards. */
  forwards: Map<string, Forward>;
  /** `export * from` / spread `require` specifiers (all names but `default`). */
  stars: string[];
}

type Binding = { specifier: string; importName: string };

function kindOf(node: TS.Node): string {
  if (ts.isFunctionDeclaration(node)) return 'function';
  if (ts.isClassDeclaration(node)) return 'class';
  if (ts.isInterfaceDeclaration(node)) return 'interface';
  if (ts.isTypeAliasDeclaration(node)) return 'type';
  if (ts.isEnumDeclaration(node)) return 'enum';
  if (ts.isModuleDeclaration(node)) return 'namespace';
  return 'variable';
}

function hasModifier(node: TS.Node, kind: TS.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

function bindingNames(name: TS.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : bindingNames(e.name)));
}

function requireSpecifier(expr: TS.Expression | undefined): string | undefined {
  if (
    expr &&
    ts.isCallExpression(expr) &&
    ts.isIdentifier(expr.expression) &&
    expr.expression.text === 'require' &&
    expr.arguments.length === 1 &&
    ts.isStringLiteralLike(expr.arguments[0]!)
  ) {
    return expr.arguments[0].text;
  }
  return undefined;
}

/** `module.exports` or `exports`. */
function isExportsObject(expr: TS.Expression): boolean {
  if (ts.isIdentifier(expr)) return expr.text === 'exports';
  return (
    ts.isPropertyAccessExpression(expr) &&
    ts.isIdentifier(expr.expression) &&
    expr.expression.text === 'module' &&
    expr.name.text === 'exports'
  );
}

function merge(map: Map<string, DeclaredSymbol>, symbol: DeclaredSymbol): void {
  const known = map.get(symbol.name);
  if (!known) map.set(symbol.name, symbol);
  else if (symbol.documented && !known.documented) known.documented = true;
}

/** Top-level declarations by local name, and import/require bindings by local name. */
function scanLocals(sf: TS.SourceFile): {
  locals: Map<string, DeclaredSymbol>;
  bindings: Map<string, Binding>;
} {
  const locals = new Map<string, DeclaredSymbol>();
  const bindings = new Map<string, Binding>();
  for (const st of sf.statements) {
    const documented = hasDocComment(st, sf);
    const line = startLine(st, sf);
    if (
      (ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) &&
      (st.name || hasModifier(st, ts.SyntaxKind.DefaultKeyword))
    ) {
      merge(locals, { name: st.name?.text ?? 'default', kind: kindOf(st), line, documented });
    } else if (
      ts.isInterfaceDeclaration(st) ||
      ts.isTypeAliasDeclaration(st) ||
      ts.isEnumDeclaration(st) ||
      (ts.isModuleDeclaration(st) && ts.isIdentifier(st.name))
    ) {
      merge(locals, { name: st.name.text, kind: kindOf(st), line, documented });
    } else if (ts.isVariableStatement(st)) {
      for (const decl of st.declarationList.declarations) {
        const spec = requireSpecifier(decl.initializer);
        const init = decl.initializer;
        if (spec !== undefined && ts.isIdentifier(decl.name)) {
          bindings.set(decl.name.text, { specifier: spec, importName: '*' });
        } else if (spec !== undefined && ts.isObjectBindingPattern(decl.name)) {
          for (const el of decl.name.elements) {
            if (!ts.isIdentifier(el.name)) continue;
            const imported =
              el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : el.name.text;
            bindings.set(el.name.text, { specifier: spec, importName: imported });
          }
        } else if (init && ts.isPropertyAccessExpression(init) && ts.isIdentifier(decl.name)) {
          const inner = requireSpecifier(init.expression);
          if (inner !== undefined)
            bindings.set(decl.name.text, { specifier: inner, importName: init.name.text });
          else merge(locals, { name: decl.name.text, kind: 'variable', line, documented });
        } else {
          for (const name of bindingNames(decl.name))
            merge(locals, { name, kind: 'variable', line, documented });
        }
      }
    } else if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier) && st.importClause) {
      const specifier = st.moduleSpecifier.text;
      const clause = st.importClause;
      if (clause.name) bindings.set(clause.name.text, { specifier, importName: 'default' });
      const named = clause.namedBindings;
      if (named && ts.isNamespaceImport(named)) bindings.set(named.name.text, { specifier, importName: '*' });
      if (named && ts.isNamedImports(named)) {
        for (const el of named.elements) {
          bindings.set(el.name.text, { specifier, importName: (el.propertyName ?? el.name).text });
        }
      }
    }
  }
  return { locals, bindings };
}

/**
 * Reads the exports of a parsed file.
 *
 * @example
 * const ex = collectFileExports(parseJsSource('a.ts', "export * from './b.js';\nexport const x = 1;"));
 * ex.stars; // ['./b.js']
 * ex.declared.get('x'); // { name: 'x', kind: 'variable', line: 2, documented: false }
 */
export function collectFileExports(sf: TS.SourceFile): FileExports {
  const { locals, bindings } = scanLocals(sf);
  const out: FileExports = { declared: new Map(), forwards: new Map(), stars: [] };

  /** Exports `local` under `exportName`; `statementDoc` = the export statement's own comment. */
  const exportLocal = (
    exportName: string,
    local: string,
    statementDoc: boolean,
    line: number,
    kind = 'symbol',
  ) => {
    const declared = locals.get(local);
    const binding = bindings.get(local);
    if (declared) {
      out.declared.set(exportName, { ...declared, documented: declared.documented || statementDoc });
    } else if (binding) {
      out.forwards.set(exportName, { ...binding, documented: statementDoc });
    } else {
      out.declared.set(exportName, { name: exportName, kind, line, documented: statementDoc });
    }
  };

  for (const st of sf.statements) {
    const doc = hasDocComment(st, sf);
    const line = startLine(st, sf);
    if (ts.isExportDeclaration(st)) {
      const spec =
        st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined;
      const clause = st.exportClause;
      if (spec !== undefined && (!clause || ts.isNamespaceExport(clause))) {
        // `export * as ns from` makes the same declarations reachable: followed like `export *`.
        out.stars.push(spec);
      } else if (clause && ts.isNamedExports(clause)) {
        const single = clause.elements.length === 1 && doc;
        for (const el of clause.elements) {
          const local = (el.propertyName ?? el.name).text;
          if (spec !== undefined)
            out.forwards.set(el.name.text, { specifier: spec, importName: local, documented: single });
          else exportLocal(el.name.text, local, single, line);
        }
      }
    } else if (ts.isExportAssignment(st)) {
      const name = st.isExportEquals ? 'export=' : 'default';
      if (ts.isIdentifier(st.expression)) exportLocal(name, st.expression.text, doc, line);
      else out.declared.set(name, { name, kind: 'symbol', line, documented: doc });
    } else if (hasModifier(st, ts.SyntaxKind.ExportKeyword)) {
      if (ts.isVariableStatement(st)) {
        for (const decl of st.declarationList.declarations) {
          for (const name of bindingNames(decl.name)) exportLocal(name, name, false, line, 'variable');
        }
      } else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && !st.name) {
        exportLocal('default', 'default', false, line);
      } else if (
        ts.isFunctionDeclaration(st) ||
        ts.isClassDeclaration(st) ||
        ts.isInterfaceDeclaration(st) ||
        ts.isTypeAliasDeclaration(st) ||
        ts.isEnumDeclaration(st) ||
        (ts.isModuleDeclaration(st) && ts.isIdentifier(st.name))
      ) {
        const local = st.name!.text;
        exportLocal(hasModifier(st, ts.SyntaxKind.DefaultKeyword) ? 'default' : local, local, false, line);
      }
    } else if (ts.isExpressionStatement(st)) {
      readCommonJs(st, doc, line, out, exportLocal);
    }
  }
  return out;
}

type ExportLocal = (
  exportName: string,
  local: string,
  statementDoc: boolean,
  line: number,
  kind?: string,
) => void;

/** `module.exports = ...`, `exports.a = ...`, `module.exports.a = ...` at the top level. */
function readCommonJs(
  st: TS.ExpressionStatement,
  doc: boolean,
  line: number,
  out: FileExports,
  exportLocal: ExportLocal,
): void {
  const expr = st.expression;
  if (!ts.isBinaryExpression(expr) || expr.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
  const { left, right } = expr;
  const sf = st.getSourceFile();
  if (isExportsObject(left) && ts.isPropertyAccessExpression(left)) {
    // module.exports = ...
    const spec = requireSpecifier(right);
    if (spec !== undefined) out.stars.push(spec);
    else if (ts.isIdentifier(right)) exportLocal('module.exports', right.text, doc, line);
    else if (ts.isObjectLiteralExpression(right)) {
      for (const prop of right.properties) {
        const propLine = startLine(prop, sf);
        if (ts.isShorthandPropertyAssignment(prop))
          exportLocal(prop.name.text, prop.name.text, false, propLine);
        else if (ts.isSpreadAssignment(prop)) {
          const s = requireSpecifier(prop.expression);
          if (s !== undefined) out.stars.push(s);
        } else if (
          (ts.isPropertyAssignment(prop) || ts.isMethodDeclaration(prop)) &&
          prop.name &&
          !ts.isComputedPropertyName(prop.name)
        ) {
          const name = prop.name.text;
          const propDoc = hasDocComment(prop, sf);
          const init = ts.isPropertyAssignment(prop) ? prop.initializer : undefined;
          if (init && ts.isIdentifier(init)) exportLocal(name, init.text, propDoc, propLine);
          else
            out.declared.set(name, {
              name,
              kind: init ? 'variable' : 'function',
              line: propLine,
              documented: propDoc,
            });
        }
      }
    } else
      out.declared.set('module.exports', { name: 'module.exports', kind: 'symbol', line, documented: doc });
  } else if (ts.isPropertyAccessExpression(left) && isExportsObject(left.expression)) {
    // exports.a = ... / module.exports.a = ...
    const name = left.name.text;
    if (ts.isIdentifier(right)) exportLocal(name, right.text, doc, line);
    else out.declared.set(name, { name, kind: 'variable', line, documented: doc });
  }
}

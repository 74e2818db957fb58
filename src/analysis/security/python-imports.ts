/**
 * Resolves what a Python call refers to, through the file's imports, so that the rules
 * see `yaml.load` whether the code wrote `yaml.load`, `y.load` (`import yaml as y`) or
 * `load` (`from yaml import load`).
 *
 * @module
 */
import type { Node } from 'web-tree-sitter';

/** Local names bound by imports: local name -> qualified name (`y` -> `yaml`, `L` -> `pickle.loads`). */
export type ImportBindings = Map<string, string>;

function nodes(list: (Node | null)[]): Node[] {
  return list.filter((n): n is Node => n !== null);
}

/**
 * Collects the import bindings of a module (every `import` / `from ... import`, at any depth).
 * `found` gives the module's import statements of each kind when the caller has them already
 * (`descendantsByType`).
 */
export function importBindings(root: Node, found?: ReadonlyMap<string, readonly Node[]>): ImportBindings {
  const bindings: ImportBindings = new Map();
  const statements = (type: string) => found?.get(type) ?? nodes(root.descendantsOfType(type));
  for (const statement of statements('import_statement')) {
    for (const name of nodes(statement.childrenForFieldName('name'))) {
      if (name.type === 'aliased_import') {
        const real = name.childForFieldName('name')?.text;
        const alias = name.childForFieldName('alias')?.text;
        if (real && alias) bindings.set(alias, real);
      } else {
        // `import os.path` binds `os`.
        const first = name.text.split('.')[0] ?? name.text;
        bindings.set(first, first);
      }
    }
  }
  for (const statement of statements('import_from_statement')) {
    const module = statement.childForFieldName('module_name')?.text;
    if (!module || module.startsWith('.')) continue;
    for (const name of nodes(statement.childrenForFieldName('name'))) {
      if (name.type === 'aliased_import') {
        const real = name.childForFieldName('name')?.text;
        const alias = name.childForFieldName('alias')?.text;
        if (real && alias) bindings.set(alias, `${module}.${real}`);
      } else {
        bindings.set(name.text, `${module}.${name.text}`);
      }
    }
  }
  return bindings;
}

/**
 * The qualified name of a callee: `y.load` -> `yaml.load` with `import yaml as y`; a bare
 * name not bound by an import stays as it is (`eval`). Returns null for callees that are
 * not plain dotted names (calls on call results, subscripts, ...).
 */
export function qualifiedName(callee: Node, bindings: ImportBindings): string | null {
  const parts: string[] = [];
  let node: Node | null = callee;
  while (node && node.type === 'attribute') {
    const attribute = node.childForFieldName('attribute');
    if (!attribute) return null;
    parts.unshift(attribute.text);
    node = node.childForFieldName('object');
  }
  if (!node || node.type !== 'identifier') return null;
  const head = bindings.get(node.text) ?? node.text;
  return [head, ...parts].join('.');
}

/**
 * Intra-procedural taint analysis of Python on the tree-sitter tree the Python rules already
 * parsed, with one level of calls between functions of the same module. Sources: Flask/Django
 * `request` data and route handlers' parameters, `sys.argv`, `os.environ`/`os.getenv`,
 * `input()`, `sys.stdin`, files opened and network reads, public functions' parameters. Sinks:
 * `eval`/`exec`, shells, pickle/yaml, SQL strings given to `execute`, `open()` paths,
 * `Markup`/`mark_safe`, `render_template_string`.
 *
 * @module
 */
import type { Node } from 'web-tree-sitter';
import { qualifiedName, type ImportBindings } from './python-imports.js';
import { attributePath, pyExpr } from './taint-python-expr.js';
import {
  CONSTANT,
  fromSource,
  join,
  type SinkClass,
  type SinkReport,
  type TaintFrame,
  type TaintValue,
} from './taint-types.js';
import { FRAME_PARAMS, TaintWalk } from './taint-walk.js';

type Frame = TaintFrame;

const HANDLER_DECORATOR = /\.(route|get|post|put|patch|delete|websocket|api_route)\s*\(/;
const REQUEST_ROOTS = new Set(['request', 'self.request']);
const named = (node: Node): Node[] =>
  node.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment');
const line = (node: Node): number => node.startPosition.row + 1;

/** Walks one module and returns its sink reports. */
export class PyTaint extends TaintWalk {
  readonly functions = new Set<string>();

  constructor(readonly bindings: ImportBindings) {
    super();
  }

  run(root: Node, functions: readonly (Node | null)[] = root.descendantsOfType('function_definition')): SinkReport[] {
    for (const fn of functions)
      if (fn?.childForFieldName('name')) this.functions.add(fn.childForFieldName('name')!.text);
    this.block(root, { id: this.frames++, vars: new Map(), parent: null, fnName: null }, true);
    return this.finish();
  }

  sink(sink: SinkClass, name: string, node: Node, value: TaintValue, frame: Frame): void {
    this.reachSink(sink, name, line(node), node.startPosition.column + 1, value, frame);
  }

  bind(target: Node | null, value: TaintValue, frame: Frame): void {
    if (!target) return;
    if (target.type === 'identifier') {
      const old = frame.vars.get(target.text);
      frame.vars.set(target.text, old && old.sources.length > 0 ? join(old, value) : value);
    } else if (['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list'].includes(target.type)) {
      for (const c of named(target)) this.bind(c, value, frame);
    } else if (target.type === 'attribute' || target.type === 'subscript') {
      const path = attributePath(target) ?? attributePath(target.childForFieldName('value') ?? target);
      if (path?.[0] && value.sources.length > 0)
        this.bind({ type: 'identifier', text: path[0] } as Node, value, frame);
    }
  }

  function(fn: Node, frame: Frame, decorators: string, topLevel: boolean, inClass: boolean): void {
    const name = fn.childForFieldName('name')?.text ?? null;
    const own: Frame = { id: this.frames++, vars: new Map(), parent: frame, fnName: name };
    const handler = HANDLER_DECORATOR.test(decorators);
    const isPublic = (topLevel || inClass) && !!name && !name.startsWith('_');
    const params = named(fn.childForFieldName('parameters') ?? fn).filter((p) => p.type !== 'comment');
    params.forEach((param, i) => {
      const id =
        param.type === 'identifier'
          ? param
          : (param.childForFieldName('name') ?? named(param).find((c) => c.type === 'identifier') ?? null);
      if (!id || (inClass && i === 0 && (id.text === 'self' || id.text === 'cls'))) return;
      const index = own.id * FRAME_PARAMS + i;
      let value: TaintValue = { ...CONSTANT, params: [index] };
      if (handler)
        value = fromSource({
          kind: 'remote',
          line: line(param),
          label: `parameter ${id.text} of route handler ${name}`,
        });
      else if (isPublic)
        value = {
          ...fromSource({
            kind: 'parameter',
            line: line(param),
            label: `parameter ${id.text} of public function ${name}`,
          }),
          params: [index],
        };
      own.vars.set(id.text, value);
    });
    const body = fn.childForFieldName('body');
    if (body) this.block(body, own, false);
  }

  block(node: Node, frame: Frame, topLevel: boolean, inClass = false): void {
    for (const statement of named(node)) this.statement(statement, frame, topLevel, inClass);
  }

  statement(node: Node, frame: Frame, topLevel: boolean, inClass: boolean): void {
    switch (node.type) {
      case 'function_definition':
        return this.function(node, frame, '', topLevel, inClass);
      case 'decorated_definition': {
        const def = node.childForFieldName('definition');
        const decorators = named(node)
          .filter((c) => c.type === 'decorator')
          .map((d) => d.text)
          .join(' ');
        if (def?.type === 'function_definition')
          return this.function(def, frame, decorators, topLevel, inClass);
        if (def) this.statement(def, frame, topLevel, inClass);
        return;
      }
      case 'class_definition': {
        const body = node.childForFieldName('body');
        const isPublic = !(node.childForFieldName('name')?.text ?? '_').startsWith('_');
        if (body) this.block(body, frame, false, topLevel && isPublic);
        return;
      }
      case 'expression_statement':
        for (const c of named(node)) this.expr(c, frame);
        return;
      case 'for_statement':
        this.bind(node.childForFieldName('left'), this.expr(node.childForFieldName('right'), frame), frame);
        return this.block(node.childForFieldName('body') ?? node, frame, false);
      case 'with_statement':
        for (const item of node.descendantsOfType('with_item')) {
          const value = item?.childForFieldName('value');
          if (value?.type === 'as_pattern')
            this.bind(
              value.childForFieldName('alias')?.namedChildren[0] ?? null,
              this.expr(named(value)[0] ?? null, frame),
              frame,
            );
          else if (value) this.expr(value, frame);
        }
        return this.block(node.childForFieldName('body') ?? node, frame, false);
      default:
        for (const c of named(node)) {
          if (c.type === 'block' || c.type.endsWith('_clause') || c.type === 'else_clause')
            this.block(c, frame, false);
          else if (c.type.endsWith('statement') || c.type.endsWith('definition'))
            this.statement(c, frame, false, false);
          else this.expr(c, frame);
        }
    }
  }

  expr(node: Node | null, frame: Frame): TaintValue {
    return pyExpr(this, node, frame);
  }

  /** Outside data read through an attribute path (`request.args`, `sys.argv`, `os.environ`). */
  memberSource(path: readonly string[]): { kind: 'remote' | 'local'; label: string } | null {
    const dotted = path.join('.');
    if (REQUEST_ROOTS.has(path[0] ?? '') || (path[0] === 'self' && path[1] === 'request'))
      return { kind: 'remote', label: dotted.split('.').slice(0, 2).join('.') };
    const resolved = qualifiedPath(path, this.bindings);
    if (/^sys\.(argv|stdin)/.test(resolved) || /^os\.environ/.test(resolved))
      return { kind: 'local', label: resolved.split('.').slice(0, 2).join('.') };
    if (/^flask\.request\b/.test(resolved)) return { kind: 'remote', label: 'flask.request' };
    return null;
  }

  /** A name bound in the function to a plain local value (not a parameter, not a source): `request = Request(...)`. */
  isLocalObject(name: string | undefined, frame: Frame): boolean {
    const value = name ? this.lookup(name, frame) : undefined;
    return !!value && value.params.length === 0 && value.sources.length === 0;
  }

  name(callee: Node): string | null {
    return qualifiedName(callee, this.bindings);
  }
}

function qualifiedPath(path: readonly string[], bindings: ImportBindings): string {
  const [head, ...rest] = path;
  return [bindings.get(head ?? '') ?? head, ...rest].join('.');
}

/** Frame type, for the call handling in taint-python-calls.ts. */
export type PyFrame = Frame;

/**
 * The sink reports of one parsed module.
 *
 * @example
 * pythonTaintReports(tree.rootNode, importBindings(tree.rootNode));
 */
export function pythonTaintReports(root: Node, bindings: ImportBindings, functions?: readonly Node[]): SinkReport[] {
  return new PyTaint(bindings).run(root, functions);
}

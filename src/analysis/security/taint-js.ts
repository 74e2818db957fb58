/**
 * Intra-procedural taint analysis of JS/TS on the ESTree the shared ESLint pass already parsed
 * (it is the ESLint rule `empathy-taint/flows`, so it runs inside the worker pool with the rest
 * of the pass), with one level of calls between functions of the same file. Each message is a
 * {@link SinkReport} as JSON; flow-severity.ts turns the reports into severities.
 *
 * @module
 */
import type { Rule } from 'eslint';
import { jsAssignment, jsCall } from './taint-js-calls.js';
import {
  dottedName,
  exportedFunctions,
  importAliases,
  localFunctions,
  programNodes,
  type EsNode,
} from './taint-js-scope.js';
import { memberSource } from './taint-js-names.js';
import {
  CONSTANT,
  UNKNOWN,
  constantText,
  fromSource,
  join,
  type SinkClass,
  type SinkReport,
  type TaintFrame,
  type TaintValue,
} from './taint-types.js';
import { FRAME_PARAMS, TaintWalk } from './taint-walk.js';

/** A function's variables. */
export type Frame = TaintFrame;

const SKIP_KEYS = new Set([
  'parent',
  'loc',
  'range',
  'typeAnnotation',
  'returnType',
  'typeParameters',
  'typeArguments',
  'decorators',
  'tokens',
  'comments',
]);
const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
const WRAPPERS = new Set([
  'AwaitExpression',
  'TSAsExpression',
  'TSNonNullExpression',
  'TSSatisfiesExpression',
  'TSTypeAssertion',
  'ChainExpression',
  'ParenthesizedExpression',
  'SpreadElement',
  'ExpressionStatement',
]);

const child = (node: EsNode, key: string): EsNode | undefined => node[key] as EsNode | undefined;
const children = (node: EsNode, key: string): EsNode[] =>
  ((node[key] as EsNode[] | undefined) ?? []).filter(Boolean);
const lineOf = (node: EsNode): number => node.loc?.start.line ?? 0;
const tainted = (v: TaintValue): boolean => v.sources.length > 0 || v.params.length > 0 || v.unknown;
const isConstString = (v: TaintValue): boolean => !tainted(v) && (v.text ?? '').trim() !== '';

/** Walks one program and returns its sink reports. */
export class JsTaint extends TaintWalk {
  readonly aliases: Map<string, string>;
  readonly exported: WeakSet<EsNode>;
  readonly locals: Set<string>;

  constructor(program: EsNode) {
    super();
    const nodes = programNodes(program);
    this.aliases = importAliases(nodes);
    this.exported = exportedFunctions(nodes);
    this.locals = localFunctions(nodes);
  }

  run(program: EsNode): SinkReport[] {
    this.expr(program, { id: this.frames++, vars: new Map(), parent: null, fnName: null });
    return this.finish();
  }

  sink(sink: SinkClass, name: string, node: EsNode, value: TaintValue, frame: Frame): void {
    this.reachSink(sink, name, lineOf(node), (node.loc?.start.column ?? 0) + 1, value, frame);
  }

  assign(name: string, value: TaintValue, frame: Frame): void {
    let owner: Frame | null = frame;
    while (owner && !owner.vars.has(name)) owner = owner.parent;
    const target = owner ?? frame;
    const old = target.vars.get(name);
    target.vars.set(name, old && old.sources.length > 0 ? join(old, value) : value);
  }

  bind(pattern: EsNode | undefined, value: TaintValue, frame: Frame): void {
    if (!pattern) return;
    if (pattern.type === 'Identifier') frame.vars.set(pattern['name'] as string, value);
    else if (pattern.type === 'ObjectPattern')
      for (const p of children(pattern, 'properties'))
        this.bind(child(p, 'value') ?? child(p, 'argument'), value, frame);
    else if (pattern.type === 'ArrayPattern')
      for (const e of children(pattern, 'elements')) this.bind(e, value, frame);
    else if (pattern.type === 'AssignmentPattern')
      this.bind(child(pattern, 'left'), join(value, this.expr(child(pattern, 'right'), frame)), frame);
    else if (pattern.type === 'RestElement' || pattern.type === 'TSParameterProperty')
      this.bind(child(pattern, 'argument') ?? child(pattern, 'parameter'), value, frame);
  }

  /** Dotted name of a member chain with its root resolved through imports (`cp.exec` -> `child_process.exec`). */
  dotted(node: EsNode | undefined, resolve = true): string[] | null {
    return dottedName(node, resolve ? this.aliases : null);
  }

  fn(node: EsNode, frame: Frame, mode: 'handler' | 'plain', name: string | null): TaintValue {
    const own: Frame = { id: this.frames++, vars: new Map(), parent: frame, fnName: name };
    const exported = this.exported.has(node);
    children(node, 'params').forEach((param, i) => {
      const label = `parameter ${i + 1} of ${mode === 'handler' ? 'a route handler' : `exported function ${name ?? '(anonymous)'}`}`;
      const index = own.id * FRAME_PARAMS + i;
      let value: TaintValue = { ...CONSTANT, params: [index] };
      if (mode === 'handler') value = fromSource({ kind: 'remote', line: lineOf(param), label });
      else if (exported)
        value = { ...fromSource({ kind: 'parameter', line: lineOf(param), label }), params: [index] };
      this.bind(param, value, own);
    });
    this.expr(child(node, 'body'), own);
    return UNKNOWN;
  }

  call(node: EsNode, frame: Frame): TaintValue {
    return jsCall(this, node, frame);
  }

  expr(node: EsNode | undefined, frame: Frame): TaintValue {
    if (!node) return CONSTANT;
    const t = node.type;
    if (WRAPPERS.has(t)) return this.expr(child(node, 'expression') ?? child(node, 'argument'), frame);
    if (FUNCTIONS.has(t)) {
      const id = child(node, 'id');
      return this.fn(node, frame, 'plain', id ? (id['name'] as string) : null);
    }
    switch (t) {
      case 'Literal':
        return typeof node['value'] === 'string' ? constantText(node['value']) : CONSTANT;
      case 'TemplateLiteral': {
        const parts = children(node, 'quasis').map((q) =>
          constantText((q['value'] as { cooked?: string }).cooked ?? ''),
        );
        const values = children(node, 'expressions').map((e) => this.expr(e, frame));
        const v = join(...parts, ...values);
        return { ...v, constructed: v.constructed || (parts.some(isConstString) && values.some(tainted)) };
      }
      case 'TaggedTemplateExpression':
        this.expr(child(node, 'quasi'), frame);
        return UNKNOWN;
      case 'Identifier': {
        const name = node['name'] as string;
        return this.lookup(name, frame) ?? (name === 'undefined' ? CONSTANT : UNKNOWN);
      }
      case 'MemberExpression': {
        const path = this.dotted(node, false);
        const local = path ? this.lookup(path[0] ?? '', frame) : undefined;
        const plainLocal = !!local && local.params.length === 0 && local.sources.length === 0;
        const source = path && !plainLocal ? memberSource(path) : null;
        if (source) return fromSource({ ...source, line: lineOf(node) });
        if (node['computed']) this.expr(child(node, 'property'), frame);
        return this.expr(child(node, 'object'), frame);
      }
      case 'BinaryExpression': {
        const l = this.expr(child(node, 'left'), frame);
        const r = this.expr(child(node, 'right'), frame);
        if (node['operator'] !== '+') return CONSTANT;
        const v = join(l, r);
        const built = (isConstString(l) && tainted(r)) || (isConstString(r) && tainted(l));
        return { ...v, constructed: v.constructed || built };
      }
      case 'LogicalExpression':
        return join(this.expr(child(node, 'left'), frame), this.expr(child(node, 'right'), frame));
      case 'ConditionalExpression':
        this.expr(child(node, 'test'), frame);
        return join(this.expr(child(node, 'consequent'), frame), this.expr(child(node, 'alternate'), frame));
      case 'SequenceExpression': {
        const values = children(node, 'expressions').map((e) => this.expr(e, frame));
        return values[values.length - 1] ?? CONSTANT;
      }
      case 'ArrayExpression':
        return join(...children(node, 'elements').map((e) => this.expr(e, frame)));
      case 'ObjectExpression':
        return join(
          ...children(node, 'properties').map((p) =>
            this.expr(child(p, 'value') ?? child(p, 'argument'), frame),
          ),
        );
      case 'CallExpression':
      case 'NewExpression':
        return this.call(node, frame);
      case 'VariableDeclarator': {
        const id = child(node, 'id');
        const init = child(node, 'init');
        const value =
          init && FUNCTIONS.has(init.type) && id?.type === 'Identifier'
            ? this.fn(init, frame, 'plain', id['name'] as string)
            : this.expr(init, frame);
        this.bind(id, value, frame);
        return CONSTANT;
      }
      case 'AssignmentExpression':
        return this.assignment(node, frame);
      case 'UnaryExpression':
      case 'UpdateExpression':
        this.expr(child(node, 'argument'), frame);
        return CONSTANT;
      default:
        for (const [key, value] of Object.entries(node)) {
          if (SKIP_KEYS.has(key) || !value || typeof value !== 'object') continue;
          if (Array.isArray(value))
            for (const v of value as EsNode[]) if (v && typeof v.type === 'string') this.expr(v, frame);
          if (typeof (value as EsNode).type === 'string') this.expr(value as EsNode, frame);
        }
        return UNKNOWN;
    }
  }

  assignment(node: EsNode, frame: Frame): TaintValue {
    return jsAssignment(this, node, frame);
  }
}

/**
 * The sink reports of one parsed program.
 *
 * @example
 * jsTaintReports(program).filter((r) => r.state === 'tainted');
 */
export function jsTaintReports(program: EsNode): SinkReport[] {
  return new JsTaint(program).run(program);
}

/** The ESLint rule `empathy-taint/flows`: one message per sink, its {@link SinkReport} as JSON. */
export const taintFlowsRule: Rule.RuleModule = {
  meta: {
    type: 'problem',
    docs: { description: 'Reports injection sinks and what feeds them (as JSON).' },
    schema: [],
  },
  create(context) {
    return {
      'Program:exit'(program) {
        for (const report of jsTaintReports(program as unknown as EsNode)) {
          context.report({
            loc: { line: report.line, column: report.column - 1 },
            message: JSON.stringify(report),
          });
        }
      },
    };
  },
};

/** The plugin the shared ESLint pass registers as `empathy-taint`. */
export const taintEslintPlugin = { meta: { name: 'empathy-taint' }, rules: { flows: taintFlowsRule } };

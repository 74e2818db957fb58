/**
 * Calls and assignments in the JS/TS taint analysis (taint-js.ts): which calls are sinks,
 * sources, sanitisers or local functions, and what an assignment taints.
 *
 * @module
 */
import type { EsNode } from './taint-js-scope.js';
import type { Frame, JsTaint } from './taint-js.js';
import {
  HANDLER_REGISTRARS,
  PROPAGATING_METHODS,
  SQL_TEXT,
  callSink,
  callSource,
  isPure,
  isSanitizer,
} from './taint-js-names.js';
import { CONSTANT, UNKNOWN, fromSource, join, type TaintValue } from './taint-types.js';

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
const child = (node: EsNode, key: string): EsNode | undefined => node[key] as EsNode | undefined;
const children = (node: EsNode, key: string): EsNode[] =>
  ((node[key] as EsNode[] | undefined) ?? []).filter(Boolean);
const lineOf = (node: EsNode): number => node.loc?.start.line ?? 0;
const tainted = (v: TaintValue): boolean => v.sources.length > 0 || v.params.length > 0 || v.unknown;

/** Evaluates a call or `new`: records the sink it is and the one-level call site; returns what its result carries. */
export function jsCall(t: JsTaint, node: EsNode, frame: Frame): TaintValue {
  const callee = child(node, 'callee');
  const isNew = node.type === 'NewExpression';
  const path =
    callee?.type === 'CallExpression' && t.dotted(child(callee, 'callee'))?.join('.') === 'require'
      ? null
      : t.dotted(callee);
  const name = path?.join('.') ?? '';
  const raw = t.dotted(callee, false)?.join('.') ?? '';
  const recv = callee?.type === 'MemberExpression' ? t.expr(child(callee, 'object'), frame) : CONSTANT;
  if (callee && callee.type !== 'MemberExpression' && callee.type !== 'Identifier') t.expr(callee, frame);
  const argNodes = children(node, 'arguments');
  const handler = HANDLER_REGISTRARS.test(raw);
  const args = argNodes.map((a) =>
    FUNCTIONS.has(a.type) ? t.fn(a, frame, handler ? 'handler' : 'plain', null) : t.expr(a, frame),
  );
  const match = name ? callSink(name, isNew) : null;
  if (match) {
    let value = match.arg < 0 ? join(...args) : (args[match.arg] ?? CONSTANT);
    const shell = argNodes.some(
      (a) =>
        a.type === 'ObjectExpression' &&
        children(a, 'properties').some(
          (p) => t.dotted(child(p, 'key'), false)?.[0] === 'shell' && child(p, 'value')?.['value'] === true,
        ),
    );
    if (match.needsShell) value = join(value, args[1] ?? CONSTANT);
    const sqlLike = match.sink !== 'sql' || SQL_TEXT.test(value.text ?? '');
    const sqlBuilt = match.sink !== 'sql' || value.constructed || !tainted(value);
    if ((!match.needsShell || shell) && sqlLike && sqlBuilt) t.sink(match.sink, name, node, value, frame);
  }
  if (callee?.type === 'Identifier' && t.locals.has(raw))
    t.calls.push({ name: raw, args, line: lineOf(node) });
  const source = callSource(name);
  if (source) return fromSource({ ...source, line: lineOf(node) });
  if (isSanitizer(name)) return UNKNOWN;
  if (isPure(name)) return join(...args);
  const method = path?.[path.length - 1] ?? '';
  if (callee?.type === 'MemberExpression' && PROPAGATING_METHODS.has(method)) return join(recv, ...args);
  return { ...join(recv, ...args), unknown: true };
}

/** Evaluates an assignment: variables, `innerHTML`/`outerHTML` sinks, and objects given tainted properties. */
export function jsAssignment(t: JsTaint, node: EsNode, frame: Frame): TaintValue {
  const left = child(node, 'left');
  let value = t.expr(child(node, 'right'), frame);
  if (!left) return value;
  if (left.type === 'Identifier') {
    const name = left['name'] as string;
    if (node['operator'] === '+=') {
      const old = t.lookup(name, frame) ?? UNKNOWN;
      value = { ...join(old, value), constructed: true };
    }
    t.assign(name, value, frame);
  } else if (left.type === 'MemberExpression') {
    const path = t.dotted(left, false);
    const property = path?.[path.length - 1];
    if (property === 'innerHTML' || property === 'outerHTML') t.sink('xss', property, node, value, frame);
    const root = path?.[0];
    if (root && path.length > 1 && value.sources.length > 0)
      t.assign(root, join(t.lookup(root, frame) ?? CONSTANT, value), frame);
    t.expr(child(left, 'object'), frame);
  } else t.bind(left, value, frame);
  return value;
}

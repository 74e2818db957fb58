/**
 * Expressions in the Python taint analysis (taint-python.ts): literals and f-strings,
 * names, attribute and subscript sources, concatenation and `%` formatting, assignments.
 *
 * @module
 */
import type { Node } from 'web-tree-sitter';
import type { PyFrame, PyTaint } from './taint-python.js';
import { taintPythonCall } from './taint-python-calls.js';
import { CONSTANT, UNKNOWN, constantText, fromSource, join, type TaintValue } from './taint-types.js';

const tainted = (v: TaintValue): boolean => v.sources.length > 0 || v.params.length > 0 || v.unknown;
const named = (node: Node): Node[] =>
  node.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment');
const line = (node: Node): number => node.startPosition.row + 1;

/** The attribute path of `a.b.c` (null when the chain does not start at a name). */
export function attributePath(node: Node): string[] | null {
  if (node.type === 'identifier') return [node.text];
  if (node.type !== 'attribute') return null;
  const object = node.childForFieldName('object');
  const attribute = node.childForFieldName('attribute');
  const base = object ? attributePath(object) : null;
  return base && attribute ? [...base, attribute.text] : null;
}

/** What an expression carries; evaluates nested calls (their sinks are recorded). */
export function pyExpr(t: PyTaint, node: Node | null, frame: PyFrame): TaintValue {
  if (!node) return CONSTANT;
  switch (node.type) {
    case 'string': {
      const parts = named(node)
        .filter((c) => c.type === 'interpolation')
        .map((c) => t.expr(named(c)[0] ?? null, frame));
      const text = named(node)
        .filter((c) => c.type === 'string_content')
        .map((c) => c.text)
        .join('');
      const v = join(constantText(text), ...parts);
      return { ...v, constructed: v.constructed || (text.trim() !== '' && parts.some(tainted)) };
    }
    case 'concatenated_string':
      return join(...named(node).map((c) => t.expr(c, frame)));
    case 'integer':
    case 'float':
    case 'true':
    case 'false':
    case 'none':
      return CONSTANT;
    case 'identifier': {
      const source = t.lookup(node.text, frame) ? null : t.memberSource([node.text]);
      return source ? fromSource({ ...source, line: line(node) }) : (t.lookup(node.text, frame) ?? UNKNOWN);
    }
    case 'attribute':
    case 'subscript': {
      const path = attributePath(
        node.type === 'subscript' ? (node.childForFieldName('value') ?? node) : node,
      );
      const source = path && !t.isLocalObject(path[0], frame) ? t.memberSource(path) : null;
      if (source) return fromSource({ ...source, line: line(node) });
      if (node.type === 'subscript') t.expr(node.childForFieldName('subscript'), frame);
      return t.expr(node.childForFieldName('object') ?? node.childForFieldName('value'), frame);
    }
    case 'binary_operator': {
      const l = t.expr(node.childForFieldName('left'), frame);
      const r = t.expr(node.childForFieldName('right'), frame);
      const op = node.childForFieldName('operator')?.text;
      if (op !== '+' && op !== '%') return CONSTANT;
      const v = join(l, r);
      const constText = (x: TaintValue) => !tainted(x) && (x.text ?? '').trim() !== '';
      return {
        ...v,
        constructed: v.constructed || (constText(l) && tainted(r)) || (constText(r) && tainted(l)),
      };
    }
    case 'assignment':
    case 'augmented_assignment': {
      let value = t.expr(node.childForFieldName('right'), frame);
      const left = node.childForFieldName('left');
      if (node.type === 'augmented_assignment' && left)
        value = { ...join(t.expr(left, frame), value), constructed: true };
      t.bind(left, value, frame);
      return value;
    }
    case 'call':
      return taintPythonCall(t, node, frame);
    case 'lambda':
      return UNKNOWN;
    case 'comparison_operator':
    case 'not_operator':
      for (const c of named(node)) t.expr(c, frame);
      return CONSTANT;
    default:
      return join(...named(node).map((c) => t.expr(c, frame)));
  }
}

/**
 * Static performance smells in Python (tree-sitter, syntax only). A small, documented set:
 *
 * - `performance/await-in-loop` (medium): `await` in the body or condition of a `for`/`while`
 *   loop of the same function; `async for` loops and nested functions/lambdas are boundaries.
 * - `performance/blocking-call-in-async` (medium): inside an `async def` (not in a nested
 *   function), a call that blocks the event loop: `time.sleep`, `requests.<verb>` /
 *   `requests.request`, `urllib.request.urlopen` / `urlopen`, `subprocess.run/call/check_call/
 *   check_output`.
 * - `performance/nested-loop-same-collection` (low): a `for` loop over a name or attribute
 *   (`items`, `self.points`) nested, in the same function, inside a `for` loop over the very
 *   same expression: quadratic in its length.
 * - `performance/super-linear-regex` (medium): the pattern (first argument, a plain or raw
 *   string literal) of `re.compile/match/search/fullmatch/findall/finditer/sub/subn/split`
 *   that `regexRisk` reports; `re.I` / `re.IGNORECASE` in the call fold case.
 *
 * @module
 */
import type { Node as TsNode } from 'web-tree-sitter';
import { parsePython } from '../shared/python-parser.js';
import type { Finding } from '../types.js';
import { regexRisk } from './regex-risk.js';

const TOOL = 'empathy-performance';
// prettier-ignore
const BLOCKING_CALLS = new Set([
  'time.sleep',
  'requests.get', 'requests.post', 'requests.put', 'requests.patch', 'requests.delete', 'requests.head',
  'requests.options', 'requests.request',
  'urllib.request.urlopen', 'urlopen',
  'subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output',
]);
const RE_FUNCTIONS = new Set([
  'compile',
  'match',
  'search',
  'fullmatch',
  'findall',
  'finditer',
  'sub',
  'subn',
  'split',
]);

function isFunction(node: TsNode): boolean {
  return node.type === 'function_definition' || node.type === 'lambda';
}

function isAsync(node: TsNode): boolean {
  return node.children.some((c) => c?.type === 'async');
}

function isLoop(node: TsNode): boolean {
  return node.type === 'for_statement' || node.type === 'while_statement';
}

/** True when `child` (a direct child of `loop`) runs once per iteration. */
function isLooped(child: TsNode, loop: TsNode): boolean {
  if (loop.type === 'while_statement')
    return (
      child.equals(loop.childForFieldName('body')!) || child.equals(loop.childForFieldName('condition')!)
    );
  return child.equals(loop.childForFieldName('body')!);
}

function awaitInLoop(node: TsNode): boolean {
  let child = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (isFunction(parent) || (parent.type === 'for_statement' && isAsync(parent))) return false;
    if (isLoop(parent) && isLooped(child, parent)) return true;
  }
  return false;
}

function enclosingFunction(node: TsNode): TsNode | null {
  for (let p = node.parent; p; p = p.parent) if (isFunction(p)) return p;
  return null;
}

/** The text of a plain or raw string literal (no f-string), with simple escapes decoded. */
function stringValue(node: TsNode | null): string | null {
  if (!node || node.type !== 'string') return null;
  const start = node.child(0);
  const prefix = (start?.text ?? '').replace(/['"]+$/, '').toLowerCase();
  if (prefix.includes('f') || node.descendantsOfType('interpolation').length > 0) return null;
  const raw = node
    .descendantsOfType(['string_content', 'escape_sequence'])
    .map((n) => n?.text ?? '')
    .join('');
  if (prefix.includes('r')) return raw;
  return raw.replace(/\\([\\'"nt])/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

function sameCollectionOuterLoop(loop: TsNode): TsNode | null {
  const iterable = loop.childForFieldName('right');
  if (!iterable || (iterable.type !== 'identifier' && iterable.type !== 'attribute')) return null;
  for (let p = loop.parent; p && !isFunction(p); p = p.parent) {
    if (p.type === 'for_statement' && p.childForFieldName('right')?.text === iterable.text) return p;
  }
  return null;
}

/**
 * The smells of one Python file.
 *
 * @example
 * await pythonPerformanceSmells('async def f(xs):\n    for x in xs:\n        await x\n', 'a.py');
 * // [{ rule: 'performance/await-in-loop', line: 3, ... }]
 */
export async function pythonPerformanceSmells(source: string, file: string): Promise<Finding[]> {
  const tree = await parsePython(source);
  const findings: Finding[] = [];
  const add = (node: TsNode, rule: string, severity: Finding['severity'], message: string) => {
    findings.push({
      file,
      line: node.startPosition.row + 1,
      column: node.startPosition.column + 1,
      rule,
      severity,
      message,
      tool: TOOL,
    });
  };
  try {
    for (const node of tree.rootNode.descendantsOfType(['await', 'call', 'for_statement'])) {
      if (!node) continue;
      if (node.type === 'await' && node.isNamed && awaitInLoop(node)) {
        add(
          node,
          'performance/await-in-loop',
          'medium',
          'await inside a loop runs the iterations one after another; use asyncio.gather when they are independent',
        );
      } else if (node.type === 'for_statement' && sameCollectionOuterLoop(node)) {
        add(
          node,
          'performance/nested-loop-same-collection',
          'low',
          `nested loop over ${node.childForFieldName('right')?.text ?? ''} inside a loop over the same collection: quadratic`,
        );
      } else if (node.type === 'call') {
        const callee = node.childForFieldName('function')?.text.replace(/\s+/g, '') ?? '';
        const fn = enclosingFunction(node);
        if (BLOCKING_CALLS.has(callee) && fn && fn.type === 'function_definition' && isAsync(fn)) {
          add(
            node,
            'performance/blocking-call-in-async',
            'medium',
            `${callee} blocks the event loop inside async def; use an asyncio equivalent or run it in an executor`,
          );
        }
        const [, name] = /^re\.(\w+)$/.exec(callee) ?? [];
        if (name !== undefined && RE_FUNCTIONS.has(name)) {
          const args = node.childForFieldName('arguments');
          const pattern = stringValue(args?.namedChild(0) ?? null);
          const flags = /\bre\.(?:I|IGNORECASE)\b/.test(args?.text ?? '') ? 'i' : '';
          const risk = pattern === null ? null : regexRisk(pattern, 'python', flags);
          if (risk)
            add(
              node,
              'performance/super-linear-regex',
              'medium',
              `regular expression ${JSON.stringify(pattern)} can backtrack super-linearly (${risk}) on some inputs`,
            );
        }
      }
    }
  } finally {
    tree.delete();
  }
  return findings;
}

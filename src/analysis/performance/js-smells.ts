/**
 * Static performance smells in JavaScript/TypeScript (syntax only).
 *
 * - `performance/await-in-loop` (medium): an `await` that runs once per iteration of a `for`,
 *   `for-in`, `for-of`, `while` or `do` loop of the same function: in the body, and in the
 *   condition/update of `for`/`while`/`do` (as ESLint's no-await-in-loop). A `for await` loop
 *   is serial on purpose: it is a boundary, and awaits inside it are not reported. Nested
 *   functions are boundaries too.
 * - `performance/sync-io-in-handler` (high): a synchronous file-system or child-process call
 *   (`readFileSync`, `existsSync`, `execSync`, ...) inside a request handler, i.e. inside a
 *   function passed to `.use(...)` or, after a path (string, template, regex or array), to
 *   `.get/.post/.put/.patch/.delete/.del/.all/.options/.head` (Express, Koa router, Fastify
 *   shorthand), or to `createServer(...)` / `.on('request', ...)`, or
 *   whose first parameters are `(req, res)`, `(request, response)`, `(request, reply)`,
 *   `(req, reply)` or `(ctx, next)`.
 * - `performance/sync-io` (low): the same calls in any other function. Top-level calls (run
 *   once at start-up) are not reported.
 * - `performance/super-linear-regex` (medium): a regex literal or `RegExp('literal')` that
 *   `regexRisk` reports.
 *
 * @module
 */
import type * as TS from 'typescript';
import { ts } from '../shared/typescript.js';
import type { Finding } from '../types.js';
import { isFunctionNode } from '../shared/complexity-ts.js';
import { regexRisk } from './regex-risk.js';

/** Synchronous calls that block the event loop. */
// prettier-ignore
export const BLOCKING_SYNC_CALLS: ReadonlySet<string> = new Set([
  'readFileSync', 'writeFileSync', 'appendFileSync', 'existsSync', 'statSync', 'lstatSync', 'fstatSync',
  'readdirSync', 'mkdirSync', 'mkdtempSync', 'rmSync', 'rmdirSync', 'unlinkSync', 'copyFileSync', 'cpSync',
  'renameSync', 'accessSync', 'openSync', 'closeSync', 'readSync', 'writeSync', 'realpathSync', 'opendirSync',
  'chmodSync', 'chownSync', 'truncateSync', 'symlinkSync', 'readlinkSync', 'linkSync', 'utimesSync', 'fsyncSync',
  'execSync', 'execFileSync', 'spawnSync',
]);

const ROUTE_METHODS = new Set('get post put patch delete del all use options head'.split(' '));
const HANDLER_PARAMS = [
  ['req', 'res'],
  ['request', 'response'],
  ['request', 'reply'],
  ['req', 'reply'],
  ['ctx', 'next'],
];
const TOOL = 'empathy-performance';

function isRequestHandler(fn: TS.FunctionLikeDeclaration): boolean {
  const names = fn.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ''));
  if (HANDLER_PARAMS.some(([a, b]) => names[0] === a && names[1] === b)) return true;
  const call = fn.parent;
  if (!ts.isCallExpression(call) || !call.arguments.includes(fn as TS.Expression)) return false;
  const callee = call.expression;
  const name = ts.isPropertyAccessExpression(callee)
    ? callee.name.text
    : ts.isIdentifier(callee)
      ? callee.text
      : '';
  if (name === 'createServer') return true;
  if (name === 'on')
    return ts.isStringLiteralLike(call.arguments[0]!) && call.arguments[0].text === 'request';
  if (!ts.isPropertyAccessExpression(callee) || !ROUTE_METHODS.has(name)) return false;
  // `app.use(fn)`; other routes start with a path: `app.get('/x', fn)`, `router.post(/re/, fn)`.
  const first = call.arguments[0]!;
  return (
    name === 'use' ||
    ts.isStringLiteralLike(first) ||
    ts.isTemplateExpression(first) ||
    first.kind === ts.SyntaxKind.RegularExpressionLiteral ||
    ts.isArrayLiteralExpression(first)
  );
}

/** Where an await sits relative to a loop: true when it runs once per iteration. */
function isLooped(child: TS.Node, loop: TS.Node): boolean {
  if (ts.isForStatement(loop))
    return child === loop.statement || child === loop.condition || child === loop.incrementor;
  if (ts.isForInStatement(loop) || ts.isForOfStatement(loop)) return child === loop.statement;
  if (ts.isWhileStatement(loop) || ts.isDoStatement(loop))
    return child === loop.statement || child === loop.expression;
  return false;
}

function awaitInLoop(node: TS.Node): boolean {
  let child = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (isFunctionNode(parent) || (ts.isForOfStatement(parent) && parent.awaitModifier)) return false;
    if (isLooped(child, parent)) return true;
  }
  return false;
}

function calleeName(call: TS.CallExpression): string {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return '';
}

/** `null` outside functions, else whether some enclosing function is a request handler. */
function handlerContext(node: TS.Node): boolean | null {
  let inFunction = false;
  for (let p = node.parent; p; p = p.parent) {
    if (isFunctionNode(p)) {
      inFunction = true;
      if (isRequestHandler(p)) return true;
    }
  }
  return inFunction ? false : null;
}

function regexOf(node: TS.Node): { pattern: string; flags: string } | null {
  if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
    const text = (node as TS.RegularExpressionLiteral).text;
    const slash = text.lastIndexOf('/');
    return { pattern: text.slice(1, slash), flags: text.slice(slash + 1) };
  }
  if (
    (ts.isNewExpression(node) || ts.isCallExpression(node)) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'RegExp'
  ) {
    const [source, flags] = node.arguments ?? [];
    if (source && ts.isStringLiteralLike(source)) {
      return { pattern: source.text, flags: flags && ts.isStringLiteralLike(flags) ? flags.text : '' };
    }
  }
  return null;
}

/**
 * The smells of one parsed JS/TS file.
 *
 * @example
 * jsPerformanceSmells(parseJsSource('a.js', 'async function f(xs) { for (const x of xs) await x; }'), 'a.js');
 * // [{ rule: 'performance/await-in-loop', line: 1, ... }]
 */
export function jsPerformanceSmells(sf: TS.SourceFile, file: string): Finding[] {
  const findings: Finding[] = [];
  const add = (node: TS.Node, rule: string, severity: Finding['severity'], message: string) => {
    const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    findings.push({ file, line: line + 1, column: character + 1, rule, severity, message, tool: TOOL });
  };
  const visit = (node: TS.Node): void => {
    if (ts.isAwaitExpression(node) && awaitInLoop(node)) {
      add(
        node,
        'performance/await-in-loop',
        'medium',
        'await inside a loop runs the iterations one after another; collect the promises and await Promise.all when they are independent',
      );
    } else if (ts.isCallExpression(node) && BLOCKING_SYNC_CALLS.has(calleeName(node))) {
      const context = handlerContext(node);
      const name = calleeName(node);
      if (context === true)
        add(
          node,
          'performance/sync-io-in-handler',
          'high',
          `${name} blocks the event loop for every request; use the asynchronous API in request handlers`,
        );
      else if (context === false)
        add(
          node,
          'performance/sync-io',
          'low',
          `${name} blocks the event loop; prefer the asynchronous API outside start-up code`,
        );
    }
    const regex = regexOf(node);
    if (regex) {
      const risk = regexRisk(regex.pattern, 'js', regex.flags);
      if (risk)
        add(
          node,
          'performance/super-linear-regex',
          'medium',
          `regular expression /${regex.pattern}/ can backtrack super-linearly (${risk}) on some inputs`,
        );
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return findings;
}

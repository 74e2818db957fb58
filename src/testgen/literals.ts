/**
 * Literals mined from existing tests and from the code under test (string and number
 * literals, plus the neighbours of integer constants), used to seed argument pools.
 *
 * @module
 */

/** Mined literals as source expressions (JSON-compatible, valid in JS and Python). */
export interface MinedLiterals {
  strings: string[];
  numbers: string[];
  /** Property names read from option-like parameters (`options.long` -> `long`). */
  optionKeys: string[];
  /** Property names read from any local object (`obj.type` -> `type`), builtin names left out. */
  propertyKeys: string[];
  /** Method names called on local objects (`res.getHeader(...)` -> `getHeader`), builtin names left out. */
  methodNames: string[];
}

const GLOBALS = new Set(['Math', 'JSON', 'Object', 'Array', 'String', 'Number', 'console', 'module', 'exports', 'this', 'process', 'Buffer', 'Symbol', 'Date', 'RegExp', 'Promise', 'Reflect', 'require', 'self', 'os', 'sys', 're', 'math']);
const BUILTIN_MEMBERS = new Set(['length', 'prototype', 'constructor', 'push', 'pop', 'shift', 'unshift', 'slice', 'splice', 'indexOf', 'lastIndexOf', 'charCodeAt', 'charAt', 'substr', 'substring', 'split', 'join', 'map', 'filter', 'reduce', 'forEach', 'some', 'every', 'concat', 'toString', 'toLowerCase', 'toUpperCase', 'trim', 'replace', 'test', 'exec', 'match', 'call', 'apply', 'bind', 'hasOwnProperty', 'keys', 'values', 'entries', 'sort', 'includes', 'startsWith', 'endsWith', 'valueOf', 'exports', 'then', 'catch', 'lastIndex', 'index', 'input', 'name', 'message', 'stack', 'append', 'extend', 'get', 'items', 'format', 'strip', 'lower', 'upper', 'startswith', 'endswith', 'encode', 'decode', 'isArray', 'toFixed', 'padStart', 'padEnd', 'repeat', 'fromCharCode', 'trimStart', 'trimEnd', 'has', 'add', 'set', 'delete', 'size']);
const MEMBER = /\b([A-Za-z_$][\w$]*)\s*\??\.\s*([A-Za-z_$][\w$]*)\s*(\()?/g;

const OPTION_READ = /\b(?:options|opts|option|config|cfg|settings|params|o)\s*(?:\.|\?\.)\s*([A-Za-z_$][\w$]*)|\b(?:options|opts|config|settings)\s*\[\s*['"]([\w$-]+)['"]\s*\]/g;

const STRING = /(["'])((?:\\.|(?!\1)[^\\\n]){0,40})\1/g;
const NUMBER = /(?<![\w$.])-?\d+(?:\.\d+)?(?![\w$.])/g;

/**
 * Mines string and number literals from `texts` (at most `limit` of each, most frequent
 * first). Integer literals also contribute their neighbours (n-1, n+1) to reach boundaries.
 *
 * @example
 * mineLiterals(["if (ms < 1000) return 'fast';"]).numbers; // ['1000', '999', '1001']
 */
export function mineLiterals(texts: readonly string[], limit = 40): MinedLiterals {
  const strings = new Map<string, number>();
  const numbers = new Map<string, number>();
  const keys = new Map<string, number>();
  const props = new Map<string, number>();
  const methods = new Map<string, number>();
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const text of texts) {
    const noComments = text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|\s)(\/\/|#).*$/gm, ' ');
    for (const m of noComments.matchAll(STRING)) {
      const body = m[2] ?? '';
      let value: string;
      try {
        value = m[1] === '"' ? (JSON.parse(`"${body}"`) as string) : (JSON.parse(`"${body.replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) as string);
      } catch {
        continue;
      }
      if (/^(use strict|node:|\.{0,2}\/)/.test(value)) continue;
      bump(strings, JSON.stringify(value));
    }
    for (const m of noComments.matchAll(OPTION_READ)) bump(keys, (m[1] ?? m[2]) as string);
    for (const m of noComments.replace(STRING, '""').matchAll(MEMBER)) {
      const [, base, member, call] = m;
      if (!base || !member || GLOBALS.has(base) || BUILTIN_MEMBERS.has(member) || /^[A-Z]/.test(base)) continue;
      bump(call ? methods : props, member);
    }
    for (const m of noComments.replace(STRING, ' ').matchAll(NUMBER)) {
      const n = Number(m[0]);
      if (!Number.isFinite(n) || Math.abs(n) > 1e12) continue;
      bump(numbers, String(n));
      if (Number.isInteger(n) && Math.abs(n) > 1) {
        bump(numbers, String(n - 1));
        bump(numbers, String(n + 1));
      }
    }
  }
  const top = (map: Map<string, number>) =>
    [...map].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, limit).map(([k]) => k);
  return { strings: top(strings), numbers: top(numbers), optionKeys: top(keys).slice(0, 12), propertyKeys: top(props).slice(0, 12), methodNames: top(methods).slice(0, 8) };
}

/** Calls found in documentation code blocks (README, docs/): callee -> argument lists (source text). */
export interface DocCalls {
  /** `f` for `f(...)`, `.m` for `x.m(...)`, `new C` for `new C(...)`. */
  calls: Record<string, string[][]>;
  /** Names the docs bind the package to (`const ms = require('ms')`, `import ms from 'ms'`). */
  defaultNames: string[];
}

const FENCE = /```[ \t]*(?:js|javascript|jsx|ts|typescript|mjs|cjs|node)?[ \t]*\n([\s\S]*?)```/gi;
const CALLEE = /(\.\s*)?\b(new\s+(?:[A-Za-z_$][\w$]*\.)*)?([A-Za-z_$][\w$]*)\s*\(/g;
const NOT_CALLEES = new Set(['if', 'for', 'while', 'switch', 'catch', 'function', 'return', 'typeof', 'require', 'import', 'log', 'error', 'warn', 'then', 'Promise', 'setTimeout', 'describe', 'it', 'test', 'expect', 'assert']);
const NODE_CALLBACK = /^(?:async\s+)?(?:function\s*\w*\s*)?\(\s*(?:err|error|e)\s*(?:,[^)]*)?\)\s*(?:=>|\{)/;

/** The argument text of the call whose `(` is at `open`, split at top-level commas; null when unbalanced. */
function callArgs(code: string, open: number): string[] | null {
  let depth = 0;
  let quote: string | null = null;
  const parts: string[] = [];
  let start = open + 1;
  for (let i = open; i < code.length && i < open + 400; i += 1) {
    const c = code[i] as string;
    if (quote) {
      if (c === '\\') i += 1;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if ('([{'.includes(c)) depth += 1;
    else if (')]}'.includes(c)) {
      depth -= 1;
      if (depth === 0) {
        const last = code.slice(start, i).trim();
        if (last !== '' || parts.length > 0) parts.push(last);
        return parts;
      }
    } else if (c === ',' && depth === 1) {
      parts.push(code.slice(start, i).trim());
      start = i + 1;
    }
  }
  return null;
}

/**
 * Mines calls and argument values from the code blocks of Markdown `texts` (the README and
 * docs of a package): realistic inputs, written by the package's authors. A node-style
 * callback argument (`function (err, x) {...}`, `(err) => ...`, `callback`) becomes
 * `__callback__`, which the harness turns into a callback it waits for.
 *
 * @example
 * mineDocCalls(["```js\nconst ms = require('ms')\nms('2 days')\n```"], 'ms'); // { calls: { ms: [["'2 days'"]] }, defaultNames: ['ms'] }
 */
export function mineDocCalls(texts: readonly string[], packageName: string | null): DocCalls {
  const calls: Record<string, string[][]> = {};
  const names = new Set<string>();
  const pkg = packageName?.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') ?? null;
  for (const text of texts) {
    for (const block of text.matchAll(FENCE)) {
      const code = (block[1] ?? '').replace(/(^|\s)\/\/.*$/gm, '$1');
      if (pkg) {
        for (const m of code.matchAll(new RegExp(`(?:const|let|var)\\s+([A-Za-z_$][\\w$]*)\\s*=\\s*require\\(\\s*['"]${pkg}['"]\\s*\\)|import\\s+([A-Za-z_$][\\w$]*)\\s*(?:,\\s*\\{[^}]*\\})?\\s*from\\s*['"]${pkg}['"]`, 'g'))) names.add((m[1] ?? m[2]) as string);
      }
      for (const m of code.matchAll(CALLEE)) {
        const name = m[3] as string;
        if (NOT_CALLEES.has(name) || m.index === undefined) continue;
        const args = callArgs(code, m.index + m[0].length - 1);
        if (!args || args.some((a) => a === '' || a.length > 200 || /^\.\.\./.test(a))) continue;
        const key = m[2] ? `new ${name}` : m[1] ? `.${name}` : name;
        const list = (calls[key] ??= []);
        const normalised = args.map((a) => (NODE_CALLBACK.test(a) || /^(callback|cb|done)$/.test(a) ? '__callback__' : a));
        if (list.length < 12 && !list.some((l) => l.join('\u0000') === normalised.join('\u0000'))) list.push(normalised);
      }
    }
  }
  return { calls, defaultNames: [...names] };
}

/** The fenced code blocks of Markdown `texts`, for {@link mineLiterals}. */
export function docCode(texts: readonly string[]): string[] {
  return texts.flatMap((t) => [...t.matchAll(FENCE)].map((m) => m[1] ?? ''));
}

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

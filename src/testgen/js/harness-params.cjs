// @ts-check
'use strict';
// empathy-framework: the parameters of explored functions and the pools of argument values the
// harness (harness.cjs) draws from for each. Parameters come from the function's source text
// (names, defaults, rest); the kind of a parameter from its TypeScript or JSDoc type (hints),
// its default value, or its name; the values are JavaScript source text from the job's pools.

const { evalExpr } = require('./harness-values.cjs');

/** @typedef {{ name: string, def: string | null, rest: boolean, last?: boolean }} Param */
/** @typedef {{ values: string[], typed: boolean, rest?: boolean }} Pool */

/** Splits `text` at its top-level commas (outside brackets and strings). @param {string} text @returns {string[]} */
function splitTop(text) {
  const parts = []; let depth = 0; let cur = ''; /** @type {string | null} */ let quote = null;
  for (let i = 0; i < text.length; i++) {
    const c = /** @type {string} */ (text[i]);
    if (quote) { cur += c; if (c === '\\') { cur += text[++i] || ''; } else if (c === quote) quote = null; continue; }
    if (c === '"' || c === "'" || c === '`') { quote = c; cur += c; continue; }
    if ('([{'.indexOf(c) >= 0) depth++;
    if (')]}'.indexOf(c) >= 0) depth--;
    if (c === ',' && depth === 0) { parts.push(cur); cur = ''; continue; }
    cur += c;
  }
  if (cur.trim() !== '') parts.push(cur);
  return parts.map(function (p) { return p.trim(); }).filter(Boolean);
}

/** The parameter texts of a function's source. @param {string} src @returns {string[]} */
function paramList(src) {
  const start = src.indexOf('(');
  const arrow = /^(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(src);
  if (arrow) return [/** @type {string} */ (arrow[1])];
  if (start < 0) return [];
  let depth = 0; /** @type {string | null} */ let quote = null;
  for (let i = start; i < src.length; i++) {
    const c = src[i];
    if (quote) { if (c === '\\') i++; else if (c === quote) quote = null; continue; }
    if (c === '"' || c === "'" || c === '`') { quote = c; continue; }
    if (c === '(') depth++;
    else if (c === ')') { depth--; if (depth === 0) return splitTop(src.slice(start + 1, i)); }
  }
  return [];
}

/** Splits `name = default` at its top-level `=`. @param {string} p @returns {[string, string | null]} */
function splitEq(p) {
  let depth = 0; /** @type {string | null} */ let quote = null;
  for (let i = 0; i < p.length; i++) {
    const c = /** @type {string} */ (p[i]);
    if (quote) { if (c === '\\') i++; else if (c === quote) quote = null; continue; }
    if (c === '"' || c === "'" || c === '`') { quote = c; continue; }
    if ('([{'.indexOf(c) >= 0) depth++;
    if (')]}'.indexOf(c) >= 0) depth--;
    if (c === '=' && depth === 0 && p[i + 1] !== '>' && p[i + 1] !== '=' && p[i - 1] !== '=' && p[i - 1] !== '!' && p[i - 1] !== '<' && p[i - 1] !== '>') return [p.slice(0, i), p.slice(i + 1).trim()];
  }
  return [p, null];
}

/** The parameters of a function, from its source text. @param {string} src @returns {Param[]} */
function parseParams(src) {
  return paramList(src).map(function (p) {
    const rest = p.startsWith('...');
    const body = rest ? p.slice(3) : p;
    const eq = splitEq(body);
    const name = eq[0].trim();
    return { name: /^[\w$]+$/.test(name) ? name : (name[0] === '{' ? '{}' : name[0] === '[' ? '[]' : name), def: eq[1], rest: rest };
  }).map(function (/** @type {Param} */ p, i, all) { p.last = i === all.length - 1; return p; });
}

/** The source from a class's `constructor(` on, or null when it has none. @param {Function} cls @returns {string | null} */
function ctorSource(cls) {
  const src = Function.prototype.toString.call(cls);
  const m = /\bconstructor\s*\(/.exec(src);
  if (!m) return null;
  return src.slice(m.index + 'constructor'.length);
}

/** @type {[RegExp, string][]} Parameter names -> the pool they draw from. */
const NAME_HINTS = [
  [/^(stream|readable|readableStream|inputStream|rs|stream\d)$/i, 'stream'],
  [/^(n|num|number|count|size|len|length|index|idx|i|j|k|ms|min|max|x|y|z|a|b|width|height|radius|amount|total|limit|capacity|start|end|from|to|offset|times|base|exp|precision|digits|depth|level|step|age|year|month|day|hours?|minutes?|seconds?|port|code|status|value|val|num\d)$/i, 'number'],
  [/^(s|str|string|text|name|key|title|word|input|path|url|uri|prefix|suffix|pattern|sep|separator|delimiter|format|fmt|msg|message|char|chars|label|id|type|mode|unit|email|query|src|source|template|html|css|json|line|content|body|encoding|locale|lang|tag|slug|glob|dir|file|filename|ext)$/i, 'string'],
  [/^(arr|array|list|items|values|elements|arrays?|points|entries|args|keys|rows|columns|nodes|xs|ys|parts|lines|words|numbers|strings|collection|set|queue|stack|data)$/i, 'array'],
  [/^(opts|options|config|cfg|obj|object|props|settings|params|headers|attrs|attributes|ctx|context|env|meta|map|dict|record|target|state|defaults|overrides)$/i, 'object'],
  [/^(fn|cb|callback|func|handler|predicate|iteratee|iterator|compare|comparator|mapper|reducer|listener|next|done|resolve|reject|visitor|test|transform|filter|fns)$/i, 'function'],
  [/^(is[A-Z].*|has[A-Z].*|should[A-Z].*|flag|enabled|disabled|strict|loose|deep|force|recursive|verbose|silent|async|sync|bool|b[A-Z]\w*)$/, 'boolean'],
];

/**
 * The pool kind of a TypeScript or JSDoc type, with the values of a literal union.
 * @param {string | undefined} type @returns {{ kind: string, values?: string[] } | null}
 */
function kindOfType(type) {
  if (!type) return null;
  const t = type.trim();
  const lits = t.split('|').map(function (s) { return s.trim(); });
  if (lits.length > 0 && lits.every(function (s) { return /^(['"]).*\1$/.test(s) || /^-?\d+(\.\d+)?$/.test(s); })) return { kind: 'literal', values: lits.map(function (s) { return /^['"]/.test(s) ? JSON.stringify(s.slice(1, -1)) : s; }) };
  if (/=>/.test(t) || /^Function$/.test(t)) return { kind: 'function' };
  if (/\[\]$|^Array<|^ReadonlyArray<|^readonly /.test(t)) return { kind: /^(string|'.*)/.test(t) ? 'string-array' : /^number/.test(t) ? 'number-array' : 'array' };
  if (/^(number|bigint)\b/.test(t) && !/\|/.test(t)) return { kind: t.startsWith('bigint') ? 'bigint' : 'number' };
  if (/^string\b/.test(t) && !/\|/.test(t)) return { kind: 'string' };
  if (/^boolean\b/.test(t)) return { kind: 'boolean' };
  if (/^(NodeJS\.)?(Readable|ReadableStream|Stream|Duplex|Transform)\b/.test(t)) return { kind: 'stream' };
  if (/^(Record<|Map<|\{|object\b|Partial<)/.test(t) || /^[A-Z]\w*(<.*>)?$/.test(t)) return { kind: 'object' };
  if (/\bnumber\b/.test(t)) return { kind: 'number' };
  if (/\bstring\b/.test(t)) return { kind: 'string' };
  return null;
}

/** The pool kind of a default value's type. @param {string | null | undefined} def @returns {string | null} */
function kindOfDefault(def) {
  if (def === null || def === undefined) return null;
  let v;
  try { v = evalExpr(def); } catch (e) { return null; }
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'function') return 'function';
  if (Array.isArray(v)) return 'array';
  if (v && typeof v === 'object') return 'object';
  return null;
}

/**
 * The argument values for one parameter: a node-style callback for a last `cb`/`callback`/`done`,
 * otherwise the pool of its type, default or name (typed: the kind came from a type or default).
 * @param {Param} param @param {Record<string, string> | undefined} hints @param {Record<string, string[]>} pools
 * @returns {Pool}
 */
function poolFor(param, hints, pools) {
  if (param.last && /^(cb|callback|done|next|cb\d|callback\d)$/i.test(param.name)) return { values: ['__callback__'], typed: false };
  const hint = hints ? hints[param.name] : undefined;
  const fromType = kindOfType(hint);
  /** @type {string | null} */ let kind = null; let typed = false;
  if (fromType) { typed = true; kind = fromType.kind; if (fromType.values) return { values: fromType.values, typed: true }; }
  if (!kind) { const k = kindOfDefault(param.def); if (k) { kind = k; typed = true; } }
  if (!kind && param.name === '{}') kind = 'object';
  if (!kind && param.name === '[]') kind = 'array';
  if (!kind) for (const pair of NAME_HINTS) if (pair[0].test(param.name)) { kind = pair[1]; break; }
  const any = pools['any'] || [];
  const values = ((kind && pools[kind]) || any).slice();
  if (!typed) for (const v of any) if (values.indexOf(v) < 0) values.push(v);
  if (param.def !== null && param.def !== undefined) values.unshift('undefined');
  return { values: values, typed: typed };
}

module.exports = { parseParams, ctorSource, poolFor };

// @ts-check
'use strict';
// empathy-framework: how the offline JS test generator's harness (harness.cjs) turns observed
// values and errors into JavaScript source text a generated test can assert on.
//
// A value becomes an expression only when it can be rebuilt exactly (primitives, plain arrays and
// plain objects of them, no cycles, bounded size) and holds none of the run's own paths; anything
// else is described by its kind alone (the test then asserts the kind).

const { streamOf } = require('./harness-streams.cjs');

/** @typedef {import('./harness-types.js').Outcome} Outcome */

/** @type {string[]} Texts that must not appear in an asserted value (the run's own paths). */
let roots = [];

/** Sets the texts that must not appear in asserted values. @param {string[]} paths */
function setSensitivePaths(paths) {
  roots = paths.filter(function (p) { return typeof p === 'string' && p.length > 0; });
}

/** @param {string} text @returns {boolean} */
function sensitive(text) {
  return roots.some(function (r) { return text.indexOf(r) >= 0; });
}

/**
 * Evaluates an argument expression (JavaScript source) in the global scope; `streamOf([...])`
 * (a readable stream of the chunks) is defined for it, as in the generated test file.
 * @param {string} expr @returns {unknown}
 */
function evalExpr(expr) {
  // empathy-ignore taint/code-injection -- expr is an argument expression this harness generated; it runs in the contained exploration process, as the emitted test will
  if (expr.indexOf('streamOf(') >= 0) return new Function('streamOf', 'return (' + expr + ');')(streamOf);
  return (0, eval)('(' + expr + ')');
}

/**
 * The JavaScript expression that rebuilds `v`, or null when it cannot be rebuilt exactly.
 * @param {unknown} v @param {number} depth @param {{ n: number }} budget @returns {string | null}
 */
function toExpr(v, depth, budget) {
  if (depth > 6 || budget.n++ > 400) return null;
  switch (typeof v) {
    case 'undefined': return 'undefined';
    case 'boolean': return String(v);
    case 'number':
      if (Number.isNaN(v)) return 'NaN';
      if (v === Infinity) return 'Infinity';
      if (v === -Infinity) return '-Infinity';
      if (Object.is(v, -0)) return '-0';
      return String(v);
    case 'bigint': return String(v) + 'n';
    case 'string': return v.length > 2000 || sensitive(v) ? null : JSON.stringify(v);
    case 'object': return v === null ? 'null' : Array.isArray(v) ? arrayExpr(v, depth, budget) : objectExpr(v, depth, budget);
    default: return null;
  }
}

/** @param {unknown[]} v @param {number} depth @param {{ n: number }} budget @returns {string | null} */
function arrayExpr(v, depth, budget) {
  if (Object.getPrototypeOf(v) !== Array.prototype) return null;
  const parts = [];
  for (let i = 0; i < v.length; i++) {
    if (!(i in v)) return null;
    const p = toExpr(v[i], depth + 1, budget);
    if (p === null) return null;
    parts.push(p);
  }
  const extra = Object.keys(v).filter(function (k) { return !/^(0|[1-9]\d*)$/.test(k); });
  if (extra.length === 0) return '[' + parts.join(', ') + ']';
  const props = [];
  /** @type {Record<string, unknown>} */
  const record = /** @type {any} */ (v);
  for (const k of extra) {
    const p = toExpr(record[k], depth + 1, budget);
    if (p === null) return null;
    props.push(JSON.stringify(k) + ': ' + p);
  }
  return 'Object.assign([' + parts.join(', ') + '], { ' + props.join(', ') + ' })';
}

/** @param {object} v @param {number} depth @param {{ n: number }} budget @returns {string | null} */
function objectExpr(v, depth, budget) {
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype) return null;
  if (Object.getOwnPropertySymbols(v).length > 0) return null;
  const descs = Object.getOwnPropertyDescriptors(v);
  const parts = [];
  for (const key of Object.keys(descs)) {
    const d = descs[key];
    if (!d || !('value' in d) || !d.enumerable) return null;
    const p = toExpr(d.value, depth + 1, budget);
    if (p === null) return null;
    parts.push(JSON.stringify(key) + ': ' + p);
  }
  return parts.length ? '{ ' + parts.join(', ') + ' }' : '{}';
}

/** Messages of errors the engine throws on misuse (a possible bug when the input conformed to the types). */
const NATIVE = /Cannot read propert|Cannot set propert|is not a function|is not iterable|is not a constructor|Cannot convert|undefined is not|null is not|Maximum call stack|Invalid array length|Reduce of empty array|Cannot destructure|is not defined|Invalid time value/;

/** What a thrown value looks like to a test. @param {unknown} err @returns {Outcome & { type: 'throw' }} */
function describeThrow(err) {
  /** @type {any} */
  const e = err;
  if (err instanceof Error || (e && typeof e === 'object' && typeof e.message === 'string')) {
    const name = typeof e.name === 'string' ? e.name : 'Error';
    const message = typeof e.message === 'string' && e.message.length <= 1000 && !sensitive(e.message) ? e.message : null;
    const native = (name === 'TypeError' || name === 'RangeError' || name === 'ReferenceError') && NATIVE.test(String(e.message));
    return { type: 'throw', name: name, message: message, native: native };
  }
  return { type: 'throw', name: null, message: null, expr: toExpr(err, 0, { n: 0 }), native: false };
}

/** What a returned value looks like to a test. @param {unknown} v @returns {Outcome & { type: 'return' }} */
function describeReturn(v) {
  const expr = toExpr(v, 0, { n: 0 });
  return { type: 'return', expr: expr, kind: v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v };
}

/** A thrown value seen after the call returned (a rejection, a callback's error). @param {unknown} e @returns {Outcome & { type: 'throw' }} */
function asyncThrow(e) {
  const o = describeThrow(e);
  o.async = true;
  return o;
}

/** A value seen after the call returned (a resolution, a callback's value). @param {unknown} v @returns {Outcome & { type: 'return' }} */
function asyncReturn(v) {
  const o = describeReturn(v);
  o.async = true;
  return o;
}

module.exports = { setSensitivePaths, evalExpr, toExpr, describeThrow, describeReturn, asyncThrow, asyncReturn };

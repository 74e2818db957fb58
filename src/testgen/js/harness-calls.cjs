// @ts-check
'use strict';
// empathy-framework: how the offline JS test generator's harness calls explored code.
//
// Loaded by the harness (harness.cjs) before the guard and the module under test. It
// gives the harness:
// - a per-call deadline in milliseconds for the synchronous part of a call (vm's timeout stops
//   an endless loop; the call is recorded as hung and never becomes a test);
// - node-style callbacks: an argument written `__callback__` becomes a callback whose
//   (err, value) settles the call like a promise does (the emitted test wraps the call in
//   `viaCallback`, which does the same);
// - observable state of an object after a scenario (its own enumerable properties);
// - the methods of a value a factory function returned.
// Every outcome still goes through the harness, which drops a call the guard refused, also
// when the refusal came from an asynchronous continuation it waited for.

const vm = require('node:vm');

/** The argument expression that stands for a node-style callback the harness supplies and awaits. */
const CALLBACK = '__callback__';
/** @type {any} */
const g = globalThis;
const script = new vm.Script('globalThis.__empathyCall()', { filename: 'empathy-call.vm' });

/** Thrown when the synchronous part of a call ran past its deadline. */
class HungCall extends Error {
  /** @param {number} ms */
  constructor(ms) {
    super('the call ran longer than ' + ms + ' ms');
    this.name = 'HungCall';
  }
}

/**
 * Runs `fn` synchronously with a deadline (`ms`, rounded up to a whole millisecond: vm's timeout
 * takes integers only and throws ERR_OUT_OF_RANGE for 342.5); throws HungCall when it is exceeded.
 * @template T @param {() => T} fn @param {number} ms @returns {T}
 */
function withDeadline(fn, ms) {
  g.__empathyCall = fn;
  try {
    return script.runInThisContext({ timeout: Math.max(1, Math.ceil(ms)), breakOnSigint: false });
  } catch (e) {
    if (e && /** @type {any} */ (e).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new HungCall(ms);
    throw e;
  } finally {
    delete g.__empathyCall;
  }
}

/**
 * Evaluates argument expressions; `__callback__` becomes a node-style callback.
 * @param {string[]} exprs @param {(e: string) => unknown} evalExpr
 * @returns {{ args: unknown[], callback: Promise<{ err: unknown, value: unknown }> | null }}
 */
function makeArgs(exprs, evalExpr) {
  /** @type {Promise<{ err: unknown, value: unknown }> | null} */
  let callback = null;
  const args = exprs.map(function (expr) {
    if (expr !== CALLBACK) return evalExpr(expr);
    /** @type {(r: { err: unknown, value: unknown }) => void} */
    let settle = function () {};
    callback = new Promise(function (resolve) { settle = resolve; });
    return function (/** @type {unknown} */ err, /** @type {unknown} */ value) { settle({ err: err, value: value }); };
  });
  return { args: args, callback: callback };
}

/** The public methods of a value (an object or function with methods is worth exploring further). @param {any} value @returns {string[]} */
function methodsOf(value) {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return [];
  if (typeof value.then === 'function') return [];
  const names = [];
  let obj = value;
  for (let depth = 0; obj && obj !== Object.prototype && obj !== Function.prototype && depth < 4; depth++) {
    for (const key of Object.getOwnPropertyNames(obj)) {
      if (key === 'constructor' || key.startsWith('_') || names.indexOf(key) >= 0) continue;
      const d = Object.getOwnPropertyDescriptor(obj, key);
      if (d && typeof d.value === 'function') names.push(key);
    }
    obj = Object.getPrototypeOf(obj);
  }
  return names.slice(0, 30);
}

/** The own enumerable data properties of `obj` as a plain object (functions left out), or null. @param {unknown} obj @returns {Record<string, unknown> | null} */
function stateOf(obj) {
  if (obj === null || typeof obj !== 'object') return null;
  /** @type {Record<string, unknown>} */
  const out = {};
  let n = 0;
  for (const key of Object.keys(obj)) {
    const d = Object.getOwnPropertyDescriptor(obj, key);
    if (!d || !('value' in d) || typeof d.value === 'function') continue;
    out[key] = d.value;
    n++;
  }
  return n > 0 ? out : null;
}

/** True for functions built the old way: a constructor with methods on its prototype. @param {unknown} fn @returns {boolean} */
function isConstructorFunction(fn) {
  if (typeof fn !== 'function' || !fn.prototype) return false;
  const names = Object.getOwnPropertyNames(fn.prototype).filter(function (k) { return k !== 'constructor'; });
  return names.some(function (k) { const d = Object.getOwnPropertyDescriptor(fn.prototype, k); return d && typeof d.value === 'function'; });
}

module.exports = { CALLBACK, HungCall, withDeadline, makeArgs, methodsOf, stateOf, isConstructorFunction };

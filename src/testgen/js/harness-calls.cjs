'use strict';
// empathy-framework: how the offline JS test generator's harness calls explored code.
//
// Loaded by the harness (harness-source.ts) before the guard and the module under test. It
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
const script = new vm.Script('globalThis.__empathyCall()', { filename: 'empathy-call.vm' });

/** Thrown when the synchronous part of a call ran past its deadline. */
class HungCall extends Error {
  constructor(ms) {
    super('the call ran longer than ' + ms + ' ms');
    this.name = 'HungCall';
  }
}

/**
 * Runs `fn` synchronously with a deadline (`ms`); throws HungCall when it is exceeded.
 * @template T @param {() => T} fn @param {number} ms @returns {T}
 */
function withDeadline(fn, ms) {
  globalThis.__empathyCall = fn;
  try {
    return script.runInThisContext({ timeout: ms, breakOnSigint: false });
  } catch (e) {
    if (e && e.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new HungCall(ms);
    throw e;
  } finally {
    delete globalThis.__empathyCall;
  }
}

/**
 * Evaluates argument expressions; `__callback__` becomes a node-style callback.
 * @param {string[]} exprs @param {(e: string) => unknown} evalExpr
 * @returns {{ args: unknown[], callback: Promise<{ err: unknown, value: unknown }> | null }}
 */
function makeArgs(exprs, evalExpr) {
  let callback = null;
  const args = exprs.map(function (expr) {
    if (expr !== CALLBACK) return evalExpr(expr);
    let settle;
    callback = new Promise(function (resolve) { settle = resolve; });
    return function (err, value) { settle({ err: err, value: value }); };
  });
  return { args: args, callback: callback };
}

/** True when the value is worth exploring further: an object or function with methods. */
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

/** The own enumerable data properties of `obj` as a plain object (functions left out), or null. */
function stateOf(obj) {
  if (obj === null || typeof obj !== 'object') return null;
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

/** True for functions built the old way: a constructor with methods on its prototype. */
function isConstructorFunction(fn) {
  if (typeof fn !== 'function' || !fn.prototype) return false;
  const names = Object.getOwnPropertyNames(fn.prototype).filter(function (k) { return k !== 'constructor'; });
  return names.some(function (k) { const d = Object.getOwnPropertyDescriptor(fn.prototype, k); return d && typeof d.value === 'function'; });
}

// ---- timers a call leaves behind ----
// A call that arms a timer and returns (or throws) runs more code later: in a generated test
// that code runs after the test, where an error fails the whole file. The harness waits for
// the timers a keeper armed (a short while) and drops it when some are still pending.
const real = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout, setInterval: globalThis.setInterval, clearInterval: globalThis.clearInterval };
const active = new Map();
globalThis.setTimeout = function (fn, ms) {
  const args = Array.prototype.slice.call(arguments, 2);
  const h = real.setTimeout(function () { active.delete(h); if (typeof fn === 'function') return fn.apply(this, args); }, ms);
  active.set(h, Date.now() + (Number(ms) > 0 ? Number(ms) : 0));
  return h;
};
globalThis.clearTimeout = function (h) { active.delete(h); return real.clearTimeout(h); };
globalThis.setInterval = function (fn, ms) {
  const args = Array.prototype.slice.call(arguments, 2);
  const h = real.setInterval(function () { if (typeof fn === 'function') return fn.apply(this, args); }, ms);
  active.set(h, Infinity);
  return h;
};
globalThis.clearInterval = function (h) { active.delete(h); return real.clearInterval(h); };

/** The timers pending now (a mark to compare with later). */
function timerMark() { return new Set(active.keys()); }

/**
 * Waits (at most `limitMs`) for the timers armed since `mark`; resolves to how many are still pending.
 * @param {Set<unknown>} mark @param {number} limitMs @returns {Promise<number>}
 */
function settleTimers(mark, limitMs) {
  const until = Date.now() + limitMs;
  return new Promise(function (resolve) {
    (function check() {
      const left = [];
      for (const [h, due] of active) if (!mark.has(h)) left.push(due);
      if (left.length === 0) return resolve(0);
      if (Date.now() >= until || left.some(function (due) { return due > until; })) return resolve(left.length);
      real.setTimeout(check, 5);
    })();
  });
}

/** Sleeps `ms` with the real timer (not counted as the explored code's). */
function sleep(ms) { return new Promise(function (resolve) { real.setTimeout(resolve, ms); }); }

/** The real `setTimeout`, captured before the explored code can replace or count it. */
const realSetTimeout = real.setTimeout;

module.exports = { CALLBACK, HungCall, withDeadline, makeArgs, methodsOf, stateOf, isConstructorFunction, timerMark, settleTimers, sleep, realSetTimeout };

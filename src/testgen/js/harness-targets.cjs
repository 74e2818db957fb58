// @ts-check
'use strict';
// empathy-framework: what the harness (harness.cjs) explores in a loaded module and which
// argument lists it tries: the exported functions and classes (also one level down, e.g.
// `lib.parse`), the methods and getters of a class, and argument tuples drawn from the pools
// with a seeded random generator (the same job explores the same calls).

const { isConstructorFunction } = require('./harness-calls.cjs');

/** @typedef {import('./harness-params.cjs').Pool} Pool */
/** @typedef {{ kind: 'class' | 'function', access: string[], value: Function }} Target */

/** True for a `class` (calling it without `new` throws). @param {unknown} fn @returns {boolean} */
function isClass(fn) {
  try { return /^class[\s{]/.test(Function.prototype.toString.call(fn)); } catch (e) { return false; }
}

/** True for a class or an old-style constructor with prototype methods. @param {unknown} fn @returns {boolean} */
function isClassLike(fn) {
  return isClass(fn) || isConstructorFunction(fn);
}

/**
 * The functions and classes a module exposes: the module itself when it is one, its own
 * properties, and the functions hanging off those (one level).
 * @param {unknown} mod @returns {Target[]}
 */
function targetsOf(mod) {
  /** @type {Target[]} */
  const out = [];
  const seen = new Set();
  /** @param {any} value @param {string[]} access @param {number} depth */
  function visit(value, access, depth) {
    if (value === null || value === undefined) return;
    if (typeof value === 'function') {
      if (seen.has(value)) return;
      seen.add(value);
      if (isClassLike(value)) out.push({ kind: 'class', access: access, value: value });
      if (!isClass(value)) out.push({ kind: 'function', access: access, value: value });
      if (depth < 1) for (const key of Object.keys(value)) if (typeof value[key] === 'function') visit(value[key], access.concat([key]), depth + 1);
      return;
    }
    if (typeof value === 'object' && depth < 1 && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null || access.length === 0)) {
      for (const key of Object.keys(value)) {
        if (key === '__esModule') continue;
        let v; try { v = value[key]; } catch (e) { continue; }
        visit(v, access.concat([key]), access.length === 0 ? depth : depth + 1);
      }
    }
  }
  visit(mod, [], 0);
  return out;
}

/**
 * The value at `access` in `mod` and the object that holds it (the `this` of a call): undefined
 * for the module itself (a module that is a function), as in the emitted `mod(...)`; with null,
 * a call reading `this` failed with "of null" in the harness and "of undefined" in the test.
 * @param {any} mod @param {string[]} access @returns {{ value: any, owner: any }}
 */
function resolveAccess(mod, access) {
  let v = mod; let owner;
  for (const k of access) { owner = v; v = v[k]; }
  return { value: v, owner: owner };
}

/** The methods and getters of a class, own and inherited (up to Object). @param {Function} cls @returns {{ methods: string[], getters: string[] }} */
function methodNames(cls) {
  /** @type {string[]} */ const names = [];
  /** @type {string[]} */ const getters = [];
  let proto = cls.prototype;
  while (proto && proto !== Object.prototype) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (key === 'constructor' || names.indexOf(key) >= 0 || getters.indexOf(key) >= 0) continue;
      const d = Object.getOwnPropertyDescriptor(proto, key);
      if (d && d.get) getters.push(key);
      else if (d && typeof d.value === 'function') names.push(key);
    }
    proto = Object.getPrototypeOf(proto);
  }
  return { methods: names, getters: getters };
}

/** A seeded random generator (mulberry32) and a picker over it. @param {number} start */
function seeded(start) {
  let seed = start >>> 0;
  /** @returns {number} in [0, 1) */
  function rand() { seed = (seed + 0x6D2B79F5) >>> 0; let t = seed; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; }
  /** @template T @param {T[]} list @returns {T} */
  function pick(list) { return /** @type {T} */ (list[Math.floor(rand() * list.length)]); }
  return { rand, pick };
}

/**
 * Up to `max` distinct argument tuples: the typical values, shorter prefixes, the same value in
 * every position, one position varied at a time, then random combinations.
 * @param {Pool[]} pools @param {number} max @param {(list: string[]) => string} pick @returns {string[][]}
 */
function tuples(pools, max, pick) {
  /** @type {string[][]} */ const out = [];
  const seen = new Set();
  /** @param {string[]} t */
  function add(t) { const key = t.join('\u0000'); if (!seen.has(key) && out.length < max) { seen.add(key); out.push(t); } }
  const base = pools.map(function (p) { return /** @type {string} */ (p.values.find(function (v) { return v !== 'undefined'; }) || p.values[0]); });
  add(base);
  for (let n = 0; n < pools.length; n++) add(base.slice(0, n));
  // The same value in every position (equal, separately built objects: deep-equal and compare functions).
  const first = pools[0];
  if (first && pools.length >= 2) for (const v of first.values) if (v !== '__callback__' && pools.every(function (p) { return p.values.indexOf(v) >= 0; })) add(pools.map(function () { return v; }));
  for (let i = 0; i < pools.length; i++) for (const v of /** @type {Pool} */ (pools[i]).values) { const t = base.slice(); t[i] = v; add(t); }
  let guard = 0;
  while (out.length < max && guard++ < max * 5 && pools.length > 0) add(pools.map(function (p) { return pick(p.values); }));
  return out;
}

/** True when every argument came from a typed pool (a native throw on it is then a possible bug). @param {Pool[] | null} pools @param {string[]} args @returns {boolean} */
function conforming(pools, args) {
  return !!pools && pools.length > 0 && args.length === pools.length && pools.every(function (p, i) { return p.typed && args[i] !== 'undefined' && args[i] !== 'null'; });
}

module.exports = { isClass, targetsOf, resolveAccess, methodNames, seeded, tuples, conforming };

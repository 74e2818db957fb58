/**
 * The source of the child-process harness of the offline JS/TS generator, written to a
 * temporary file at run time (a string, so it works the same from `src` and `dist`).
 *
 * The harness loads one module, enumerates its exported functions and classes, synthesises
 * arguments from the pools it is given (calls mined from the README first, then types,
 * defaults, parameter names, mined literals), calls them under V8 precise coverage
 * (`node:inspector`), keeps the calls that add covered lines (greedy), and writes one JSON line
 * per kept test, possible bug or note. Classes, old-style constructors and the objects or
 * functions factories return get method sequences that extend the kept ones. How a call is made
 * (a per-call deadline, node-style callbacks, pending timers, observable state) lives in
 * `harness-calls.cjs`. In replay mode it re-runs given tests in order and reports their
 * outcomes (the determinism check).
 *
 * @module
 */

/** The harness program (CommonJS). Arguments: `<job.json> <out.jsonl>`. */
export const HARNESS_SOURCE = String.raw`
'use strict';
// empathy-framework offline test generator: explores one module in a child process.
// argv: <job.json> <out.jsonl>. Writes one JSON object per line: {type:'test'|'bug'|'note'|'done'|'replay'}.
const fs = require('node:fs');
const path = require('node:path');
const url = require('node:url');
const inspector = require('node:inspector');

const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const outFile = process.argv[3];
const started = Date.now();
// Opened before the guard is installed: the guard checks opens, not writes to an open descriptor.
const outFd = fs.openSync(outFile, 'a');
function emit(obj) { fs.writeSync(outFd, JSON.stringify(obj) + '\n'); }
// The guard (fs-guard.cjs) refuses writes outside the allowed directory, child processes and
// the network from here on; a call that causes a refusal is dropped.
// Calls, callbacks, deadlines and state (harness-calls.cjs), loaded before the guard.
const C = require(job.calls);
const fsGuard = job.guard ? require(job.guard).installGuard(job.allowedDir) : { refused: { count: 0, latest: '?' } };
function refusals() { return fsGuard.refused.count; }
function timeLeft() { return Date.now() - started < job.budgetMs; }

const realExit = process.exit;
process.exit = function (code) { throw new Error('process.exit(' + code + ') called'); };
// Errors thrown later by work a call left behind (timers, callbacks) would fail the emitted test: counted.
let uncaught = 0;
process.on('uncaughtException', function () { uncaught++; });
process.on('unhandledRejection', function () { uncaught++; });
// After a keeper: let what it left behind run (its timers, up to 300 ms); false when timers are still pending.
async function grace(mark) { await C.sleep(job.graceMs || 25); return (await C.settleTimers(mark, job.timerWaitMs || 300)) === 0; }
for (const k of ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table']) console[k] = function () {};
try { process.stdout.write = function () { return true; }; } catch (e) { /* ignore */ }

const session = new inspector.Session();
session.connect();
function post(method, params) {
  let result, error;
  session.post(method, params || {}, function (e, r) { error = e; result = r; });
  if (error) throw error;
  return result;
}
post('Profiler.enable');
post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });

// ---- line coverage from V8 block ranges ----
const files = new Map();
function isCodeLineText(t) { const s = t.trim(); return s !== '' && !s.startsWith('//') && !s.startsWith('*') && !s.startsWith('/*'); }
function fileInfo(file) {
  let inf = files.get(file);
  if (inf !== undefined) return inf;
  inf = null;
  const rel = path.relative(job.coverageRoot, file);
  if (!rel.startsWith('..') && !path.isAbsolute(rel) && rel.split(path.sep).indexOf('node_modules') < 0) {
    try {
      const text = fs.readFileSync(file, 'utf8');
      const firsts = [];
      let offset = 0;
      const lines = text.split('\n');
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i];
        if (isCodeLineText(line)) firsts.push([i + 1, offset + (line.length - line.trimStart().length)]);
        offset += line.length + 1;
      }
      inf = { id: rel.split(path.sep).join('/'), firsts: firsts, fns: [] };
    } catch (e) { inf = null; }
  }
  files.set(file, inf);
  return inf;
}
function takeCovered() {
  // Probes: the first code character of every line plus every block boundary seen so far. A
  // probe is covered in this window when the innermost reported range around it ran (and no
  // smaller, unreported function encloses it). Same-line branches (if (x) throw ...) count.
  const out = [];
  const res = post('Profiler.takePreciseCoverage').result;
  for (const script of res) {
    if (!script.url.startsWith('file://')) continue;
    const inf = fileInfo(url.fileURLToPath(script.url));
    if (!inf) continue;
    if (!inf.probes) { inf.probes = new Set(); for (const pair of inf.firsts) inf.probes.add(pair[1]); }
    const ranges = [];
    const present = new Set();
    for (const fn of script.functions) {
      const whole = fn.ranges[0];
      if (whole) {
        const key = whole.startOffset + ':' + whole.endOffset;
        present.add(key);
        if (!inf.fns.some(function (f) { return f.key === key; })) inf.fns.push({ key: key, s: whole.startOffset, e: whole.endOffset });
      }
      for (const r of fn.ranges) {
        ranges.push(r);
        inf.probes.add(r.startOffset);
        inf.probes.add(r.endOffset);
      }
    }
    for (const off of inf.probes) {
      let best = null;
      for (const r of ranges) if (off >= r.startOffset && off < r.endOffset && (!best || r.endOffset - r.startOffset <= best.endOffset - best.startOffset)) best = r;
      if (!best || best.count <= 0) continue;
      let fnBest = null;
      for (const f of inf.fns) if (off >= f.s && off < f.e && (!fnBest || f.e - f.s < fnBest.e - fnBest.s)) fnBest = f;
      if (fnBest && !present.has(fnBest.key) && fnBest.e - fnBest.s < best.endOffset - best.startOffset) continue;
      out.push(inf.id + '@' + off);
    }
  }
  return out;
}
const covered = new Set();
function addsCoverage(keys) {
  let added = 0;
  for (const k of keys) if (!covered.has(k)) { covered.add(k); added++; }
  return added;
}

// ---- values ----
function evalExpr(expr) { return (0, eval)('(' + expr + ')'); }
const roots = job.sensitivePaths || [];
function sensitive(text) { return roots.some(function (r) { return r && text.indexOf(r) >= 0; }); }
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
    case 'object': {
      if (v === null) return 'null';
      if (Array.isArray(v) && Object.getPrototypeOf(v) === Array.prototype) {
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
        for (const k of extra) {
          const p = toExpr(v[k], depth + 1, budget);
          if (p === null) return null;
          props.push(JSON.stringify(k) + ': ' + p);
        }
        return 'Object.assign([' + parts.join(', ') + '], { ' + props.join(', ') + ' })';
      }
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return null;
      if (Object.getOwnPropertySymbols(v).length > 0) return null;
      const descs = Object.getOwnPropertyDescriptors(v);
      const parts = [];
      for (const key of Object.keys(descs)) {
        const d = descs[key];
        if (!('value' in d) || !d.enumerable) return null;
        const p = toExpr(d.value, depth + 1, budget);
        if (p === null) return null;
        parts.push(JSON.stringify(key) + ': ' + p);
      }
      if (proto === null) return null;
      return parts.length ? '{ ' + parts.join(', ') + ' }' : '{}';
    }
    default: return null;
  }
}
const NATIVE = /Cannot read propert|Cannot set propert|is not a function|is not iterable|is not a constructor|Cannot convert|undefined is not|null is not|Maximum call stack|Invalid array length|Reduce of empty array|Cannot destructure|is not defined|Invalid time value/;
function describeThrow(err) {
  if (err instanceof Error || (err && typeof err === 'object' && typeof err.message === 'string')) {
    const name = typeof err.name === 'string' ? err.name : 'Error';
    const message = typeof err.message === 'string' && err.message.length <= 1000 && !sensitive(err.message) ? err.message : null;
    const native = (name === 'TypeError' || name === 'RangeError' || name === 'ReferenceError') && NATIVE.test(String(err.message));
    return { type: 'throw', name: name, message: message, native: native };
  }
  return { type: 'throw', name: null, message: null, expr: toExpr(err, 0, { n: 0 }), native: false };
}
function describeReturn(v) {
  const expr = toExpr(v, 0, { n: 0 });
  return { type: 'return', expr: expr, kind: v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v };
}
function settleCallback(value, callback) {
  if (!callback) return settle(value);
  return Promise.race([
    callback.then(function (r) { if (r.err) { const o = describeThrow(r.err); o.async = true; return o; } const o = describeReturn(r.value); o.async = true; return o; }),
    new Promise(function (resolve) { C.realSetTimeout(function () { resolve({ type: 'pending' }); }, job.asyncTimeoutMs || 300).unref(); }),
  ]);
}
function asyncThrow(e) { const o = describeThrow(e); o.async = true; return o; }
function invoke(fn, self, exprs) {
  // Runs one call with the per-call deadline (ms); resolves to its outcome.
  let made;
  try { made = C.makeArgs(exprs, evalExpr); } catch (e) { return Promise.resolve(describeThrow(e)); }
  let value;
  try { value = C.withDeadline(function () { return fn.apply(self, made.args); }, job.callDeadlineMs || 250); } catch (e) {
    if (e instanceof C.HungCall) return Promise.resolve({ type: 'hung' });
    return Promise.resolve(made.callback ? asyncThrow(e) : describeThrow(e));
  }
  return settleCallback(value, made.callback);
}
function settle(value) {
  if (value && (typeof value === 'object' || typeof value === 'function') && typeof value.then === 'function') {
    return Promise.race([
      Promise.resolve(value).then(function (v) { const o = describeReturn(v); o.async = true; return o; }, function (e) { const o = describeThrow(e); o.async = true; return o; }),
      new Promise(function (resolve) { C.realSetTimeout(function () { resolve({ type: 'pending' }); }, job.asyncTimeoutMs || 300).unref(); }),
    ]);
  }
  return Promise.resolve(describeReturn(value));
}

// ---- parameters ----
function splitTop(text) {
  const parts = []; let depth = 0; let cur = ''; let quote = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) { cur += c; if (c === '\\') { cur += text[++i] || ''; } else if (c === quote) quote = null; continue; }
    if (c === '"' || c === "'" || c === '\`') { quote = c; cur += c; continue; }
    if ('([{'.indexOf(c) >= 0) depth++;
    if (')]}'.indexOf(c) >= 0) depth--;
    if (c === ',' && depth === 0) { parts.push(cur); cur = ''; continue; }
    cur += c;
  }
  if (cur.trim() !== '') parts.push(cur);
  return parts.map(function (p) { return p.trim(); }).filter(Boolean);
}
function paramList(src) {
  let start = src.indexOf('(');
  const arrow = /^(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(src);
  if (arrow) return [arrow[1]];
  if (start < 0) return [];
  let depth = 0; let quote = null;
  for (let i = start; i < src.length; i++) {
    const c = src[i];
    if (quote) { if (c === '\\') i++; else if (c === quote) quote = null; continue; }
    if (c === '"' || c === "'" || c === '\`') { quote = c; continue; }
    if (c === '(') depth++;
    else if (c === ')') { depth--; if (depth === 0) return splitTop(src.slice(start + 1, i)); }
  }
  return [];
}
function parseParams(src) {
  return paramList(src).map(function (p) {
    const rest = p.startsWith('...');
    const body = rest ? p.slice(3) : p;
    const eq = splitEq(body);
    const name = eq[0].trim();
    return { name: /^[\w$]+$/.test(name) ? name : (name[0] === '{' ? '{}' : name[0] === '[' ? '[]' : name), def: eq[1], rest: rest };
  }).map(function (p, i, all) { p.last = i === all.length - 1; return p; });
}
function splitEq(p) {
  let depth = 0; let quote = null;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (quote) { if (c === '\\') i++; else if (c === quote) quote = null; continue; }
    if (c === '"' || c === "'" || c === '\`') { quote = c; continue; }
    if ('([{'.indexOf(c) >= 0) depth++;
    if (')]}'.indexOf(c) >= 0) depth--;
    if (c === '=' && depth === 0 && p[i + 1] !== '>' && p[i + 1] !== '=' && p[i - 1] !== '=' && p[i - 1] !== '!' && p[i - 1] !== '<' && p[i - 1] !== '>') return [p.slice(0, i), p.slice(i + 1).trim()];
  }
  return [p, null];
}
function ctorSource(cls) {
  const src = Function.prototype.toString.call(cls);
  const m = /\bconstructor\s*\(/.exec(src);
  if (!m) return null;
  return src.slice(m.index + 'constructor'.length);
}

// ---- pools ----
const P = job.pools;
const NAME_HINTS = [
  [/^(n|num|number|count|size|len|length|index|idx|i|j|k|ms|min|max|x|y|z|a|b|width|height|radius|amount|total|limit|capacity|start|end|from|to|offset|times|base|exp|precision|digits|depth|level|step|age|year|month|day|hours?|minutes?|seconds?|port|code|status|value|val|num\d)$/i, 'number'],
  [/^(s|str|string|text|name|key|title|word|input|path|url|uri|prefix|suffix|pattern|sep|separator|delimiter|format|fmt|msg|message|char|chars|label|id|type|mode|unit|email|query|src|source|template|html|css|json|line|content|body|encoding|locale|lang|tag|slug|glob|dir|file|filename|ext)$/i, 'string'],
  [/^(arr|array|list|items|values|elements|arrays?|points|entries|args|keys|rows|columns|nodes|xs|ys|parts|lines|words|numbers|strings|collection|set|queue|stack|data)$/i, 'array'],
  [/^(opts|options|config|cfg|obj|object|props|settings|params|headers|attrs|attributes|ctx|context|env|meta|map|dict|record|target|state|defaults|overrides)$/i, 'object'],
  [/^(fn|cb|callback|func|handler|predicate|iteratee|iterator|compare|comparator|mapper|reducer|listener|next|done|resolve|reject|visitor|test|transform|filter|fns)$/i, 'function'],
  [/^(is[A-Z].*|has[A-Z].*|should[A-Z].*|flag|enabled|disabled|strict|loose|deep|force|recursive|verbose|silent|async|sync|bool|b[A-Z]\w*)$/, 'boolean'],
];
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
  if (/^(Record<|Map<|\{|object\b|Partial<)/.test(t) || /^[A-Z]\w*(<.*>)?$/.test(t)) return { kind: 'object' };
  if (/\bnumber\b/.test(t)) return { kind: 'number' };
  if (/\bstring\b/.test(t)) return { kind: 'string' };
  return null;
}
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
function poolFor(param, hints) {
  if (param.last && /^(cb|callback|done|next|cb\d|callback\d)$/i.test(param.name)) return { values: ['__callback__'], typed: false };
  const hint = hints ? hints[param.name] : undefined;
  const fromType = kindOfType(hint);
  let kind = null; let typed = false;
  if (fromType) { typed = true; kind = fromType.kind; if (kind === 'literal') return { values: fromType.values.concat(param.def ? [] : []), typed: true }; }
  if (!kind) { const k = kindOfDefault(param.def); if (k) { kind = k; typed = true; } }
  if (!kind && param.name === '{}') kind = 'object';
  if (!kind && param.name === '[]') kind = 'array';
  if (!kind) for (const pair of NAME_HINTS) if (pair[0].test(param.name)) { kind = pair[1]; break; }
  const values = (P[kind] || P.any).slice();
  if (!typed) for (const v of P.any) if (values.indexOf(v) < 0) values.push(v);
  if (param.def !== null && param.def !== undefined) values.unshift('undefined');
  return { values: values, typed: typed };
}

// ---- deterministic random ----
let seed = job.seed >>> 0;
function rand() { seed = (seed + 0x6D2B79F5) >>> 0; let t = seed; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; }
function pick(list) { return list[Math.floor(rand() * list.length)]; }

function tuples(pools, max) {
  const out = []; const seen = new Set();
  function add(t) { const key = t.join('\u0000'); if (!seen.has(key) && out.length < max) { seen.add(key); out.push(t); } }
  const base = pools.map(function (p) { return p.values.find(function (v) { return v !== 'undefined'; }) || p.values[0]; });
  add(base);
  for (let n = 0; n < pools.length; n++) add(base.slice(0, n));
  // The same value in every position (equal, separately built objects: deep-equal and compare functions).
  if (pools.length >= 2) for (const v of pools[0].values) if (v !== '__callback__' && pools.every(function (p) { return p.values.indexOf(v) >= 0; })) add(pools.map(function () { return v; }));
  for (let i = 0; i < pools.length; i++) for (const v of pools[i].values) { const t = base.slice(); t[i] = v; add(t); }
  let guard = 0;
  while (out.length < max && guard++ < max * 5 && pools.length > 0) add(pools.map(function (p) { return pick(p.values); }));
  return out;
}
function conforming(pools, args) {
  return pools.length > 0 && args.length === pools.length && pools.every(function (p, i) { return p.typed && args[i] !== 'undefined' && args[i] !== 'null'; });
}

// ---- targets ----
function isClass(fn) { try { return /^class[\s{]/.test(Function.prototype.toString.call(fn)); } catch (e) { return false; } }
function isClassLike(fn) { return isClass(fn) || C.isConstructorFunction(fn); }
function targetsOf(mod) {
  const out = [];
  const seen = new Set();
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
function resolveAccess(mod, access) { let v = mod; let owner = null; for (const k of access) { owner = v; v = v[k]; } return { value: v, owner: owner }; }

async function runCall(mod, test) {
  const r = resolveAccess(mod, test.access);
  return invoke(r.value, r.owner, test.args);
}
function methodNames(cls) {
  const names = []; const getters = [];
  let proto = cls.prototype;
  while (proto && proto !== Object.prototype) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (key === 'constructor' || names.indexOf(key) >= 0 || getters.indexOf(key) >= 0) continue;
      const d = Object.getOwnPropertyDescriptor(proto, key);
      if (d.get) getters.push(key);
      else if (typeof d.value === 'function') names.push(key);
    }
    proto = Object.getPrototypeOf(proto);
  }
  return { methods: names, getters: getters };
}
async function runScenario(mod, test) {
  const r = resolveAccess(mod, test.access);
  let obj;
  if (test.factory) {
    // A factory function: the object (or function) it returns is what the steps use.
    try { obj = C.withDeadline(function () { return r.value.apply(r.owner, test.ctorArgs.map(evalExpr)); }, job.callDeadlineMs || 250); } catch (e) { return { ctor: e instanceof C.HungCall ? { type: 'hung' } : describeThrow(e), steps: [] }; }
  } else {
    const cls = r.value;
    try { obj = C.withDeadline(function () { return new cls(...test.ctorArgs.map(evalExpr)); }, job.callDeadlineMs || 250); } catch (e) { return { ctor: e instanceof C.HungCall ? { type: 'hung' } : describeThrow(e), steps: [] }; }
  }
  const steps = [];
  for (const step of test.steps) {
    if (step.op === 'get') {
      try { steps.push(describeReturn(obj[step.name])); } catch (e) { steps.push(describeThrow(e)); }
      continue;
    }
    if (step.op === 'state') { steps.push(describeReturn(C.stateOf(obj))); continue; }
    const out = step.op === 'invoke' ? await invoke(obj, undefined, step.args) : typeof (obj && obj[step.name]) === 'function' ? await invoke(obj[step.name], obj, step.args) : { type: 'throw', name: 'TypeError', message: null, native: true };
    steps.push(out);
    if (out.type === 'hung') break;
  }
  return { ctor: { type: 'return', expr: null, kind: typeof obj === 'function' ? 'function' : 'object' }, steps: steps };
}
async function execute(mod, test) {
  return test.kind === 'call' ? { result: await runCall(mod, test) } : await runScenario(mod, test);
}

function docTuples(names, pools) {
  // Calls mined from the README and docs, first: each argument must evaluate on its own.
  const docs = job.docCalls || {};
  const out = [];
  for (const n of names) for (const args of (docs[n] || [])) {
    if (pools && pools.length > 0 && args.length > pools.length && !pools.some(function (p) { return p.rest; })) continue;
    let ok = true;
    for (const a of args) { if (a === '__callback__') continue; try { evalExpr(a); } catch (e) { ok = false; break; } }
    if (ok && out.length < 12) out.push(args.map(function (a) { return a === 'callback' || a === 'cb' ? '__callback__' : a; }));
  }
  return out;
}
function namesOf(t) {
  const last = t.access[t.access.length - 1];
  return last ? [last, '.' + last] : (job.defaultNames || []);
}
function paramPools(fn, hintsOf) {
  let src = ''; try { src = Function.prototype.toString.call(fn); } catch (e) { return null; }
  if (/\{\s*\[native code\]\s*\}$/.test(src)) return null;
  const params = parseParams(src);
  while (params.length < fn.length) params.push({ name: 'arg' + params.length, def: null, rest: false, last: params.length === fn.length - 1 });
  return params.map(function (p) { const pool = poolFor(p, hintsOf); pool.rest = p.rest; return pool; });
}

async function explore(mod) {
  const hints = job.hints || {};
  const targets = targetsOf(mod);
  emit({ type: 'note', message: 'targets: ' + targets.map(function (t) { return (t.kind === 'class' ? 'new ' : '') + (t.access.join('.') || '(module)'); }).join(', ') });
  let count = 0;
  const hungBy = new Map();
  // Each target gets a share of the time left, so the last exports are reached too.
  let sliceEnd = Infinity;
  function share(left) { sliceEnd = Date.now() + Math.max(150, (job.budgetMs - (Date.now() - started)) / Math.max(1, left)); }
  async function consider(test, pools) {
    if (!timeLeft() || Date.now() > sliceEnd) return false;
    const key = test.access.join('.');
    if ((hungBy.get(key) || 0) >= 2) return false;
    takeCovered();
    const before = refusals();
    const errorsBefore = uncaught;
    const mark = C.timerMark();
    const out = await execute(mod, test);
    let keys = takeCovered();
    if (refusals() > before) {
      emit({ type: 'refused', access: test.access, what: fsGuard.refused.latest });
      return true;
    }
    const outcomes = test.kind === 'call' ? [out.result] : [out.ctor].concat(out.steps);
    if (outcomes.some(function (o) { return o.type === 'hung'; })) {
      hungBy.set(key, (hungBy.get(key) || 0) + 1);
      emit({ type: 'hung', access: test.access, args: test.kind === 'call' ? test.args : test.ctorArgs });
      return true;
    }
    if (outcomes.some(function (o) { return o.type === 'pending'; })) return true;
    if (test.kind === 'call' && out.result.type === 'throw' && out.result.native && conforming(pools, test.args)) {
      emit({ type: 'bug', access: test.access, args: test.args, error: out.result });
      return true;
    }
    if (keys.some(function (k) { return !covered.has(k); })) {
      // A keeper: let what it left behind run, then drop it if that was refused or threw.
      const quiet = await grace(mark);
      keys = keys.concat(takeCovered());
      if (refusals() > before) { emit({ type: 'refused', access: test.access, what: fsGuard.refused.latest }); return true; }
      if (uncaught > errorsBefore || !quiet) return true;
      addsCoverage(keys);
      count++;
      emit({ type: 'test', test: test, outcome: out });
      return 'kept';
    }
    return true;
  }
  // Calls the object a constructor or factory made: each method alone, then sequences that
  // extend the sequences kept so far (state built by earlier calls reaches later branches).
  async function exploreObject(t, ctors, methods, mpools, gets, factory, callable) {
    const base = { kind: 'scenario', access: t.access, factory: factory || undefined };
    const tail = gets.concat([{ op: 'state' }]);
    const names = methods.slice();
    if (callable) names.unshift('()');
    const stepOf = function (m, args) { return m === '()' ? { op: 'invoke', name: '()', args: args } : { op: 'call', name: m, args: args }; };
    const kept = [];
    for (const ctorArgs of ctors) {
      if (!timeLeft()) return;
      await consider(Object.assign({}, base, { ctorArgs: ctorArgs, steps: tail.slice() }), []);
      for (const m of names) {
        const mine = docTuples(['.' + m], mpools[m]).concat(tuples(mpools[m], ctorArgs === ctors[0] ? 24 : 6));
        for (const args of mine) {
          const steps = [stepOf(m, args)];
          const r = await consider(Object.assign({}, base, { ctorArgs: ctorArgs, steps: steps.concat(tail) }), []);
          if (!r) break;
          if (r === 'kept') kept.push({ ctorArgs: ctorArgs, steps: steps });
        }
      }
    }
    for (let n = 0; n < job.maxCallsPerTarget && timeLeft() && Date.now() <= sliceEnd && names.length > 0; n++) {
      const prefix = kept.length > 0 && rand() < 0.6 ? pick(kept) : { ctorArgs: pick(ctors) || [], steps: [] };
      const steps = prefix.steps.slice();
      const len = 1 + Math.floor(rand() * 4);
      for (let s = 0; s < len; s++) {
        const m = pick(names);
        steps.push(stepOf(m, mpools[m].map(function (p) { return pick(p.values); })));
      }
      if (steps.length > 10) continue;
      const r = await consider(Object.assign({}, base, { ctorArgs: prefix.ctorArgs, steps: steps.concat(tail) }), []);
      if (r === 'kept') kept.push({ ctorArgs: prefix.ctorArgs, steps: steps });
    }
  }
  function poolsOfMethods(obj, methods) {
    const out = {};
    for (const m of methods) out[m] = (m === '()' ? paramPools(obj, hints.default) : paramPools(obj[m], hints[m])) || [];
    return out;
  }
  const factories = [];
  for (let ti = 0; ti < targets.length; ti++) {
    const t = targets[ti];
    if (!timeLeft()) break;
    share(targets.length - ti + 1);
    const name = t.access[t.access.length - 1] || 'default';
    if (t.kind === 'function') {
      const pools = paramPools(t.value, hints[name]);
      if (!pools) continue;
      const all = docTuples(namesOf(t), pools).concat(tuples(pools, job.maxCallsPerTarget));
      for (const args of all) if (!(await consider({ kind: 'call', access: t.access, args: args }, pools))) break;
      // A factory: the function returns an object with methods, or a function; explored later.
      for (const args of all.slice(0, 8)) {
        if (args.indexOf('__callback__') >= 0) continue;
        const before = refusals();
        let value;
        try { value = C.withDeadline(function () { return t.value.apply(resolveAccess(mod, t.access).owner, args.map(evalExpr)); }, job.callDeadlineMs || 250); } catch (e) { continue; }
        if (refusals() > before) continue;
        const methods = C.methodsOf(value);
        if (methods.length > 0 || (typeof value === 'function' && !isClass(value))) { factories.push({ t: t, args: args, value: value, methods: methods }); break; }
      }
    } else {
      const csrc = ctorSource(t.value);
      const cparams = csrc ? parseParams(csrc) : isClass(t.value) ? [] : parseParams(Function.prototype.toString.call(t.value));
      const cpools = cparams.map(function (p) { return poolFor(p, hints.constructor || hints[name]); });
      const ctors = docTuples(namesOf(t).map(function (n) { return 'new ' + n; }), cpools).concat(tuples(cpools, 6)).slice(0, 8);
      const info = methodNames(t.value);
      const gets = info.getters.map(function (g) { return { op: 'get', name: g }; });
      const mpools = {};
      for (const m of info.methods) mpools[m] = paramPools(t.value.prototype[m], hints[m]) || [];
      await exploreObject(t, ctors, info.methods, mpools, gets, false, false);
    }
  }
  for (let fi = 0; fi < factories.length; fi++) {
    const f = factories[fi];
    if (!timeLeft()) break;
    share(factories.length - fi);
    const mpools = poolsOfMethods(f.value, f.methods);
    if (typeof f.value === 'function') mpools['()'] = paramPools(f.value, hints.default) || [];
    await exploreObject(f.t, [f.args], f.methods, mpools, [], true, typeof f.value === 'function');
  }
  emit({ type: 'done', tests: count, units: covered.size, ms: Date.now() - started });
}

async function load() {
  if (job.kind === 'cjs') return require(job.file);
  const ns = await import(url.pathToFileURL(job.file).href);
  return ns;
}

(async function main() {
  let mod;
  try { mod = await load(); } catch (e) { emit({ type: 'load-error', message: String(e && e.stack || e).slice(0, 2000) }); realExit(0); return; }
  addsCoverage(takeCovered());
  if (job.mode === 'replay') {
    for (let i = 0; i < job.tests.length; i++) {
      const before = refusals();
      const errorsBefore = uncaught;
      const mark = C.timerMark();
      const out = await execute(mod, job.tests[i]);
      const quiet = await grace(mark);
      emit({ type: 'replay', index: i, outcome: refusals() === before && uncaught === errorsBefore && quiet ? out : { type: 'refused' } });
    }
    emit({ type: 'done' });
  } else {
    await explore(mod);
  }
  realExit(0);
})().catch(function (e) { emit({ type: 'crash', message: String(e && e.stack || e).slice(0, 2000) }); realExit(0); });
`;

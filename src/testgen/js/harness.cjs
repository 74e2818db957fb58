// @ts-check
'use strict';
// empathy-framework: the child-process harness of the offline JS/TS test generator.
// Run as `node harness.cjs <job.json> <out.jsonl>` (explore.ts starts it, contained).
//
// It loads one module, enumerates its exported functions and classes (harness-targets.cjs),
// synthesises arguments from the pools it is given (calls mined from the README first, then
// types, defaults, parameter names, mined literals: harness-params.cjs), calls them under V8
// precise coverage (harness-coverage.cjs), keeps the calls that add covered lines (greedy), and
// writes one JSON line per kept test, possible bug or note ({type: 'test'|'bug'|'note'|'hung'|
// 'refused'|'done'|...}). Classes, old-style constructors and the objects or functions factories
// return get method sequences that extend the kept ones. How a call is made (a per-call deadline,
// node-style callbacks, pending timers, observable state) lives in harness-calls.cjs; how values
// become assertable source text in harness-values.cjs. In replay mode it re-runs given tests in
// order and reports their outcomes (the determinism check).

const fs = require('node:fs');
const os = require('node:os');
const url = require('node:url');
const C = require('./harness-calls.cjs');
const Tm = require('./harness-timers.cjs');
const S = require('./harness-streams.cjs');
const V = require('./harness-values.cjs');
const { parseParams, ctorSource, poolFor } = require('./harness-params.cjs');
const T = require('./harness-targets.cjs');
const { startCoverage } = require('./harness-coverage.cjs');

/** @typedef {import('./harness-types.js').Outcome} Outcome */
/** @typedef {import('./harness-types.js').HarnessTest} HarnessTest */
/** @typedef {import('./harness-types.js').HarnessOutcome} HarnessOutcome */
/** @typedef {import('./harness-types.js').ScenarioStep} ScenarioStep */
/** @typedef {import('./harness-params.cjs').Pool} Pool */
/** @typedef {import('./harness-targets.cjs').Target} Target */
/**
 * The job explore.ts writes (see HarnessJob there), plus the guard it adds.
 * @typedef {import('./explore.js').HarnessJob & { guard?: string, allowedDir?: string, graceMs?: number, timerWaitMs?: number }} Job
 */

/** @type {Job} */
const job = JSON.parse(fs.readFileSync(/** @type {string} */ (process.argv[2]), 'utf8'));
const outFile = /** @type {string} */ (process.argv[3]);
const started = Date.now();
// Opened before the guard is installed: the guard checks opens, not writes to an open descriptor.
const outFd = fs.openSync(outFile, 'a');
/** @param {object} obj */
function emit(obj) { fs.writeSync(outFd, JSON.stringify(obj) + '\n'); }
V.setSensitivePaths(job.sensitivePaths || []);
// The guard (fs-guard.cjs) refuses writes outside the allowed directory, child processes and
// the network from here on; a call that causes a refusal is dropped.
const fsGuard = job.guard && job.allowedDir ? require(job.guard).installGuard(job.allowedDir) : { refused: { count: 0, latest: '?' } };
/** @returns {number} */
function refusals() { return fsGuard.refused.count; }
function timeLeft() { return Date.now() - started < job.budgetMs; }
// The per-call deadline is wall-clock time (vm's timeout): on a machine busier than its cores
// (load average per core above 1) a call gets that much longer, up to 8 times, so that a call
// waiting for a CPU is not taken for a hung one.
const loadPerCore = (function () { try { return (os.loadavg()[0] ?? 1) / Math.max(1, os.cpus().length); } catch (e) { return 1; } })();
const callDeadline = (job.callDeadlineMs || 250) * Math.min(8, Math.max(1, loadPerCore || 1));

const realExit = process.exit;
process.exit = /** @type {any} */ (function (/** @type {unknown} */ code) { throw new Error('process.exit(' + code + ') called'); });
// Errors thrown later by work a call left behind (timers, callbacks) would fail the emitted test: counted.
let uncaught = 0;
process.on('uncaughtException', function () { uncaught++; });
process.on('unhandledRejection', function () { uncaught++; });
/** After a keeper: let what it left behind run (its timers, up to 300 ms); false when timers are still pending. @param {Set<unknown>} mark */
async function grace(mark) { await Tm.sleep(job.graceMs || 25); return (await Tm.settleTimers(mark, job.timerWaitMs || 300)) === 0; }
/** @type {Record<string, unknown>} */
const quietConsole = /** @type {any} */ (console);
for (const k of ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table']) quietConsole[k] = function () {};
try { process.stdout.write = function () { return true; }; } catch (e) { /* ignore */ }

const cov = startCoverage(job.coverageRoot);
const R = T.seeded(job.seed);

// ---- calls ----
/** @param {number} ms @returns {Promise<Outcome>} */
function pendingAfter(ms) {
  return new Promise(function (resolve) { Tm.steadyTimeout(function () { resolve({ type: 'pending' }); }, ms); });
}
/** @param {unknown} value @returns {value is PromiseLike<unknown>} */
function isThenable(value) {
  return !!value && (typeof value === 'object' || typeof value === 'function') && typeof (/** @type {any} */ (value)).then === 'function';
}
/** What a returned readable stream produces (after a small input when it is writable too). @param {unknown} stream @returns {Promise<Outcome>} */
async function streamOutcome(stream) {
  const input = S.inputFor(stream);
  const r = await S.collect(stream, input, job.asyncTimeoutMs || 300, V.evalExpr, Tm.steadyTimeout);
  if (r.pending) return { type: 'pending' };
  const o = 'error' in r ? V.asyncThrow(r.error) : V.asyncReturn(r.output);
  o.stream = { input: input };
  return o;
}
/** The most virtual timers run after one call under fake timers (an interval never ends). */
const TIMER_LIMIT = 1000;
/**
 * Runs one call with the per-call deadline (ms); resolves to its outcome: the returned value,
 * or what its promise or node-style callback settles with (pending after a while). Under fake
 * timers, the timers the call armed run (virtual time) before the outcome is read, as the
 * emitted test does with the runner's fake timers.
 * @param {Function} fn @param {unknown} self @param {string[]} exprs @returns {Promise<Outcome>}
 */
async function invoke(fn, self, exprs) {
  let made;
  try { made = C.makeArgs(exprs, V.evalExpr); } catch (e) { return V.describeThrow(e); }
  const args = made.args;
  /** @type {{ value: unknown } | null} */ let returned = null;
  /** @type {Outcome | null} */ let thrown = null;
  /** @type {Promise<Outcome> | null} */ let later = null;
  /** @type {unknown} */ let value;
  try {
    value = C.withDeadline(function () { return fn.apply(self, args); }, callDeadline);
  } catch (e) {
    if (e instanceof C.HungCall) return { type: 'hung' };
    thrown = made.callback ? V.asyncThrow(e) : V.describeThrow(e);
  }
  // Looking at the value may throw (a Proxy whose traps fail): then it is no test (pending).
  try {
    const callback = made.callback;
    if (thrown) later = null;
    else if (callback) later = callback.then(function (r) { return r.err ? V.asyncThrow(r.err) : V.asyncReturn(r.value); });
    else if (isThenable(value)) later = Promise.resolve(value).then(V.asyncReturn, V.asyncThrow);
    else if (S.isReadable(value)) later = streamOutcome(value);
    else returned = { value: value };
  } catch (e) { return { type: 'pending' }; }
  if (Tm.fake.on) await Tm.fake.runAll(TIMER_LIMIT);
  if (later) return Promise.race([later, pendingAfter(job.asyncTimeoutMs || 300)]);
  // A returned value is described after the timers ran (the emitted test asserts it then too).
  if (!returned) return /** @type {Outcome} */ (thrown);
  try { return V.describeReturn(returned.value); } catch (e) { return { type: 'pending' }; }
}

/** @param {any} mod @param {HarnessTest & { kind: 'call' }} test */
async function runCall(mod, test) {
  const r = T.resolveAccess(mod, test.access);
  return invoke(r.value, r.owner, test.args);
}
/** @param {any} mod @param {HarnessTest & { kind: 'scenario' }} test @returns {Promise<HarnessOutcome>} */
async function runScenario(mod, test) {
  const r = T.resolveAccess(mod, test.access);
  /** @type {any} */ let obj;
  try {
    // A factory function: the object (or function) it returns is what the steps use.
    obj = C.withDeadline(test.factory ? function () { return r.value.apply(r.owner, test.ctorArgs.map(V.evalExpr)); } : function () { return new r.value(...test.ctorArgs.map(V.evalExpr)); }, callDeadline);
  } catch (e) { return { ctor: e instanceof C.HungCall ? { type: 'hung' } : V.describeThrow(e), steps: [] }; }
  /** @type {Outcome[]} */
  const steps = [];
  for (const step of test.steps) {
    if (step.op === 'get') {
      try { steps.push(V.describeReturn(obj[step.name])); } catch (e) { steps.push(V.describeThrow(e)); }
      continue;
    }
    if (step.op === 'state') { steps.push(V.describeReturn(C.stateOf(obj))); continue; }
    /** @type {Outcome} */
    const out = step.op === 'invoke' ? await invoke(obj, undefined, step.args) : typeof (obj && obj[step.name]) === 'function' ? await invoke(obj[step.name], obj, step.args) : { type: 'throw', name: 'TypeError', message: null, native: true };
    steps.push(out);
    if (out.type === 'hung') break;
  }
  return { ctor: { type: 'return', expr: null, kind: typeof obj === 'function' ? 'function' : 'object' }, steps: steps };
}
/**
 * Runs a test; one marked `timers: 'fake'` runs under the virtual clock, and what its calls left
 * behind (timers still pending, a timer callback that threw) makes it pending: not a test.
 * @param {any} mod @param {HarnessTest} test @returns {Promise<HarnessOutcome>}
 */
async function execute(mod, test) {
  if (test.timers !== 'fake') return test.kind === 'call' ? { result: await runCall(mod, test) } : await runScenario(mod, test);
  Tm.fake.install();
  try {
    const out = test.kind === 'call' ? { result: await runCall(mod, test) } : await runScenario(mod, test);
    const left = await Tm.fake.runAll(TIMER_LIMIT);
    if (left === 0 && Tm.fake.errors === 0) return out;
    return test.kind === 'call' ? { result: { type: 'pending' } } : { ctor: out.ctor, steps: (out.steps || []).concat([{ type: 'pending' }]) };
  } finally {
    Tm.fake.uninstall();
  }
}

// ---- arguments ----
/** Calls mined from the README and docs, first: each argument must evaluate on its own. @param {string[]} names @param {Pool[] | null | undefined} pools @returns {string[][]} */
function docTuples(names, pools) {
  const docs = job.docCalls || {};
  const out = [];
  for (const n of names) for (const args of (docs[n] || [])) {
    if (pools && pools.length > 0 && args.length > pools.length && !pools.some(function (p) { return p.rest; })) continue;
    let ok = true;
    for (const a of args) { if (a === '__callback__') continue; try { V.evalExpr(a); } catch (e) { ok = false; break; } }
    if (ok && out.length < 12) out.push(args.map(function (a) { return a === 'callback' || a === 'cb' ? '__callback__' : a; }));
  }
  return out;
}
/** The names the docs may call a target by. @param {Target} t @returns {string[]} */
function namesOf(t) {
  const last = t.access[t.access.length - 1];
  return last ? [last, '.' + last] : (job.defaultNames || []);
}
/** One pool per parameter of `fn`, or null for a native function. @param {any} fn @param {Record<string, string> | undefined} hintsOf @returns {Pool[] | null} */
function paramPools(fn, hintsOf) {
  let src = ''; try { src = Function.prototype.toString.call(fn); } catch (e) { return null; }
  if (/\{\s*\[native code\]\s*\}$/.test(src)) return null;
  const params = parseParams(src);
  while (params.length < fn.length) params.push({ name: 'arg' + params.length, def: null, rest: false, last: params.length === fn.length - 1 });
  return params.map(function (p) { const pool = poolFor(p, hintsOf, job.pools); pool.rest = p.rest; return pool; });
}

// ---- exploration ----
/** @param {any} mod */
async function explore(mod) {
  const hints = job.hints || {};
  const targets = T.targetsOf(mod);
  emit({ type: 'note', message: 'targets: ' + targets.map(function (t) { return (t.kind === 'class' ? 'new ' : '') + (t.access.join('.') || '(module)'); }).join(', ') });
  let count = 0;
  /** @type {Map<string, number>} */
  const hungBy = new Map();
  // Each target gets a share of the time left, so the last exports are reached too.
  let sliceEnd = Infinity;
  /** @param {number} left */
  function share(left) { sliceEnd = Date.now() + Math.max(150, (job.budgetMs - (Date.now() - started)) / Math.max(1, left)); }
  // Targets whose calls wait on timers: their later calls run under fake timers first.
  /** @type {Set<string>} */
  const fakeFirst = new Set();
  /**
   * Runs a test and keeps it when it adds coverage. Resolves to false (stop this target: no time
   * left, or it hung twice), 'kept', 'timers' (it waited on timers: pending, or timers left
   * behind) or true (anything else).
   * @param {HarnessTest} test @param {Pool[] | null} pools @returns {Promise<boolean | 'kept' | 'timers'>}
   */
  async function attempt(test, pools) {
    if (!timeLeft() || Date.now() > sliceEnd) return false;
    const key = test.access.join('.');
    if ((hungBy.get(key) || 0) >= 2) return false;
    cov.takeCovered();
    const before = refusals();
    const errorsBefore = uncaught;
    const mark = Tm.timerMark();
    const out = await execute(mod, test);
    let keys = cov.takeCovered();
    if (refusals() > before) {
      emit({ type: 'refused', access: test.access, what: fsGuard.refused.latest });
      return true;
    }
    const outcomes = /** @type {Outcome[]} */ (test.kind === 'call' ? [out.result] : [out.ctor].concat(out.steps));
    if (outcomes.some(function (o) { return o.type === 'hung'; })) {
      hungBy.set(key, (hungBy.get(key) || 0) + 1);
      emit({ type: 'hung', access: test.access, args: test.kind === 'call' ? test.args : test.ctorArgs });
      return true;
    }
    if (outcomes.some(function (o) { return o.type === 'pending'; })) return Tm.pendingSince(mark) > 0 ? 'timers' : true;
    const result = out.result;
    if (test.kind === 'call' && result && result.type === 'throw' && result.native && T.conforming(pools, test.args)) {
      emit({ type: 'bug', access: test.access, args: test.args, error: result });
      return true;
    }
    if (keys.some(function (k) { return !cov.covered.has(k); })) {
      // A keeper: let what it left behind run, then drop it if that was refused or threw.
      const quiet = await grace(mark);
      keys = keys.concat(cov.takeCovered());
      if (refusals() > before) { emit({ type: 'refused', access: test.access, what: fsGuard.refused.latest }); return true; }
      if (uncaught > errorsBefore) return true;
      if (!quiet) return 'timers';
      cov.addsCoverage(keys);
      count++;
      emit({ type: 'test', test: test, outcome: out });
      return 'kept';
    }
    return true;
  }
  /**
   * Tries a test; one that waited on timers is tried again under fake timers (when the project
   * has them), and later calls of the same target then start with fake timers.
   * @param {HarnessTest} test @param {Pool[] | null} pools @returns {Promise<boolean | 'kept'>}
   */
  async function consider(test, pools) {
    const key = test.access.join('.');
    const fakeOnly = job.fakeTimers === true && fakeFirst.has(key);
    const r = await attempt(fakeOnly ? Object.assign({}, test, { timers: /** @type {'fake'} */ ('fake') }) : test, pools);
    if (r !== 'timers') return r;
    if (job.fakeTimers !== true || fakeOnly) return true;
    const again = await attempt(Object.assign({}, test, { timers: /** @type {'fake'} */ ('fake') }), pools);
    if (again === 'timers') return true;
    fakeFirst.add(key);
    return again;
  }
  /**
   * Calls the object a constructor or factory made: each method alone, then sequences that
   * extend the sequences kept so far (state built by earlier calls reaches later branches).
   * @param {Target} t @param {string[][]} ctors @param {string[]} methods @param {Record<string, Pool[]>} mpools
   * @param {ScenarioStep[]} gets @param {boolean} factory @param {boolean} callable
   */
  async function exploreObject(t, ctors, methods, mpools, gets, factory, callable) {
    const base = { kind: /** @type {'scenario'} */ ('scenario'), access: t.access, factory: factory || undefined };
    /** @type {ScenarioStep[]} */
    const tail = gets.concat([{ op: 'state' }]);
    const names = methods.slice();
    if (callable) names.unshift('()');
    /** @param {string} m @param {string[]} args @returns {ScenarioStep} */
    const stepOf = function (m, args) { return m === '()' ? { op: 'invoke', name: '()', args: args } : { op: 'call', name: m, args: args }; };
    /** @type {{ ctorArgs: string[], steps: ScenarioStep[] }[]} */
    const kept = [];
    for (const ctorArgs of ctors) {
      if (!timeLeft()) return;
      await consider(Object.assign({}, base, { ctorArgs: ctorArgs, steps: tail.slice() }), []);
      const tuplesOf = names.map(function (m) { const pools = mpools[m] || []; return docTuples(['.' + m], pools).concat(T.tuples(pools, ctorArgs === ctors[0] ? 24 : 6, R.pick)); });
      // Every method gets its first few argument lists before any gets the rest: on a slow
      // machine the time may end within this loop, and the methods listed last must not go untried.
      const stopped = new Set();
      for (const [from, to] of [[0, 3], [3, Infinity]]) {
        for (let k = 0; k < names.length; k++) {
          if (stopped.has(k)) continue;
          const m = /** @type {string} */ (names[k]);
          for (const args of (tuplesOf[k] || []).slice(from, to)) {
            const steps = [stepOf(m, args)];
            const r = await consider(Object.assign({}, base, { ctorArgs: ctorArgs, steps: steps.concat(tail) }), []);
            if (!r) { stopped.add(k); break; }
            if (r === 'kept') kept.push({ ctorArgs: ctorArgs, steps: steps });
          }
        }
      }
    }
    for (let n = 0; n < job.maxCallsPerTarget && timeLeft() && Date.now() <= sliceEnd && names.length > 0; n++) {
      const prefix = kept.length > 0 && R.rand() < 0.6 ? R.pick(kept) : { ctorArgs: R.pick(ctors) || [], steps: [] };
      const steps = prefix.steps.slice();
      const len = 1 + Math.floor(R.rand() * 4);
      for (let s = 0; s < len; s++) {
        const m = R.pick(names);
        steps.push(stepOf(m, (mpools[m] || []).map(function (p, i) { return sharedArg(steps, i) || R.pick(p.values); })));
      }
      if (steps.length > 10) continue;
      const r = await consider(Object.assign({}, base, { ctorArgs: prefix.ctorArgs, steps: steps.concat(tail) }), []);
      if (r === 'kept') kept.push({ ctorArgs: prefix.ctorArgs, steps: steps });
    }
  }
  /**
   * Half the time, an argument an earlier step of the sequence passed in the same position (a
   * key set then read, an event listened to then emitted): state built by one call is reached by
   * the next only through the same key. Null: pick afresh.
   * @param {ScenarioStep[]} steps @param {number} i @returns {string | null}
   */
  function sharedArg(steps, i) {
    /** @type {string[]} */
    const earlier = [];
    for (const step of steps) if ('args' in step && step.args[i] !== undefined && step.args[i] !== C.CALLBACK) earlier.push(step.args[i]);
    return earlier.length > 0 && R.rand() < 0.5 ? R.pick(earlier) : null;
  }
  /** @param {any} obj @param {string[]} methods @returns {Record<string, Pool[]>} */
  function poolsOfMethods(obj, methods) {
    /** @type {Record<string, Pool[]>} */
    const out = {};
    for (const m of methods) out[m] = (m === '()' ? paramPools(obj, hints['default']) : paramPools(obj[m], hints[m])) || [];
    return out;
  }
  /** @type {{ t: Target, args: string[], value: any, methods: string[] }[]} */
  const factories = [];
  for (let ti = 0; ti < targets.length; ti++) {
    const t = /** @type {Target} */ (targets[ti]);
    if (!timeLeft()) break;
    share(targets.length - ti + 1);
    const name = t.access[t.access.length - 1] || 'default';
    if (t.kind === 'function') {
      const pools = paramPools(t.value, hints[name]);
      if (!pools) continue;
      const all = docTuples(namesOf(t), pools).concat(T.tuples(pools, job.maxCallsPerTarget, R.pick));
      for (const args of all) if (!(await consider({ kind: 'call', access: t.access, args: args }, pools))) break;
      // A factory: the function returns an object with methods, or a function; explored later.
      for (const args of all.slice(0, 8)) {
        if (args.indexOf('__callback__') >= 0) continue;
        const before = refusals();
        let value;
        try { value = C.withDeadline(function () { return t.value.apply(T.resolveAccess(mod, t.access).owner, args.map(V.evalExpr)); }, callDeadline); } catch (e) { continue; }
        if (refusals() > before) continue;
        const methods = C.methodsOf(value);
        if (methods.length > 0 || (typeof value === 'function' && !T.isClass(value))) { factories.push({ t: t, args: args, value: value, methods: methods }); break; }
      }
    } else {
      const csrc = ctorSource(t.value);
      const cparams = csrc ? parseParams(csrc) : T.isClass(t.value) ? [] : parseParams(Function.prototype.toString.call(t.value));
      const cpools = cparams.map(function (p) { return poolFor(p, hints['constructor'] || hints[name], job.pools); });
      const ctors = docTuples(namesOf(t).map(function (n) { return 'new ' + n; }), cpools).concat(T.tuples(cpools, 6, R.pick)).slice(0, 8);
      const info = T.methodNames(t.value);
      /** @type {ScenarioStep[]} */
      const gets = info.getters.map(function (g) { return { op: 'get', name: g }; });
      /** @type {Record<string, Pool[]>} */
      const mpools = {};
      for (const m of info.methods) mpools[m] = paramPools(t.value.prototype[m], hints[m]) || [];
      await exploreObject(t, ctors, info.methods, mpools, gets, false, false);
    }
  }
  for (let fi = 0; fi < factories.length; fi++) {
    const f = /** @type {(typeof factories)[number]} */ (factories[fi]);
    if (!timeLeft()) break;
    share(factories.length - fi);
    const mpools = poolsOfMethods(f.value, f.methods);
    if (typeof f.value === 'function') mpools['()'] = paramPools(f.value, hints['default']) || [];
    await exploreObject(f.t, [f.args], f.methods, mpools, [], true, typeof f.value === 'function');
  }
  emit({ type: 'done', tests: count, units: cov.covered.size, ms: Date.now() - started });
}

/** @returns {Promise<unknown>} */
async function load() {
  if (job.kind === 'cjs') return require(job.file);
  return import(url.pathToFileURL(job.file).href);
}

(async function main() {
  let mod;
  try { mod = await load(); } catch (e) { emit({ type: 'load-error', message: String((e && /** @type {Error} */ (e).stack) || e).slice(0, 2000) }); realExit(0); return; }
  cov.addsCoverage(cov.takeCovered());
  if (job.mode === 'replay') {
    const tests = job.tests || [];
    for (let i = 0; i < tests.length; i++) {
      const before = refusals();
      const errorsBefore = uncaught;
      const mark = Tm.timerMark();
      const out = await execute(mod, /** @type {HarnessTest} */ (tests[i]));
      const quiet = await grace(mark);
      emit({ type: 'replay', index: i, outcome: refusals() === before && uncaught === errorsBefore && quiet ? out : { type: 'refused' } });
    }
    emit({ type: 'done' });
  } else {
    await explore(mod);
  }
  realExit(0);
})().catch(function (e) { emit({ type: 'crash', message: String((e && e.stack) || e).slice(0, 2000) }); realExit(0); });

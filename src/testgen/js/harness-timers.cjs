// @ts-check
'use strict';
// empathy-framework: the timers of explored code, seen from the harness (harness.cjs).
//
// Loaded before the guard and the module under test, it replaces setTimeout, setInterval and
// their clear functions with versions that count what is pending:
// - real mode (the default): a call that arms a timer and returns runs more code later; in a
//   generated test that code runs after the test, where an error fails the whole file. The
//   harness waits for the timers a keeper armed (a short while) and drops it when some are
//   still pending.
// - fake mode (`fake.install()`): timers and `Date` follow a virtual clock that only moves when
//   the harness runs the timers (`fake.runAll()`), as the test runners' fake timers do
//   (vi.useFakeTimers + vi.runAllTimersAsync, jest's, @sinonjs/fake-timers' runAllAsync,
//   node:test's mock.timers). A call that waits on a timer (delay, timeout, debounce,
//   throttle, retry) is then covered without waiting; the emitted test does the same with the
//   project runner's fake timers.

/** @typedef {{ id: number, due: number, every: number, fn: Function, args: unknown[] }} FakeTimer */

const real = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout, setInterval: globalThis.setInterval, clearInterval: globalThis.clearInterval, setImmediate: globalThis.setImmediate, Date: globalThis.Date };
/** Real timers armed by explored code -> when they are due (Infinity for an interval). @type {Map<unknown, number>} */
const active = new Map();

// ---- the virtual clock ----
/** @type {Map<number, FakeTimer>} */
const queue = new Map();
const clock = { on: false, now: 0, next: 1, errors: 0 };

/** A handle with the methods of Node's Timeout (code calls `unref()` on its timers). @param {number} id */
function handle(id) {
  const h = {
    unref() { return h; },
    ref() { return h; },
    hasRef() { return true; },
    refresh() { const t = queue.get(id); if (t) t.due = clock.now + Math.max(1, t.every || 1); return h; },
    [Symbol.toPrimitive]() { return id; },
  };
  return h;
}
/** @param {unknown} fn @param {unknown} ms @param {unknown[]} args @param {boolean} repeat */
function arm(fn, ms, args, repeat) {
  const delay = Math.max(1, Number(ms) > 0 ? Math.floor(Number(ms)) : 1);
  const id = clock.next++;
  queue.set(id, { id: id, due: clock.now + delay, every: repeat ? delay : 0, fn: typeof fn === 'function' ? fn : function () {}, args: args });
  return handle(id);
}
/** @param {unknown} h @returns {boolean} true when `h` was a fake timer */
function disarm(h) {
  if (h === null || h === undefined) return false;
  const id = Number(/** @type {any} */ (h));
  if (!queue.has(id) || (typeof h === 'object' && typeof (/** @type {any} */ (h))[Symbol.toPrimitive] !== 'function')) return false;
  queue.delete(id);
  return true;
}

class FakeDate extends real.Date {
  /** @param {any[]} args */
  constructor(...args) {
    if (args.length === 0) super(clock.now);
    else super(...(/** @type {[any]} */ (args)));
  }
  /** @override */
  static now() { return clock.now; }
}

/** @type {any} */
const g = globalThis;
g.setTimeout = function (/** @type {unknown} */ fn, /** @type {unknown} */ ms) {
  const args = Array.prototype.slice.call(arguments, 2);
  if (clock.on) return arm(fn, ms, args, false);
  const h = real.setTimeout(/** @this {unknown} */ function () { active.delete(h); if (typeof fn === 'function') return fn.apply(this, args); }, /** @type {number} */ (ms));
  active.set(h, real.Date.now() + (Number(ms) > 0 ? Number(ms) : 0));
  return h;
};
g.clearTimeout = function (/** @type {any} */ h) { if (disarm(h)) return undefined; active.delete(h); return real.clearTimeout(h); };
g.setInterval = function (/** @type {unknown} */ fn, /** @type {unknown} */ ms) {
  const args = Array.prototype.slice.call(arguments, 2);
  if (clock.on) return arm(fn, ms, args, true);
  const h = real.setInterval(/** @this {unknown} */ function () { if (typeof fn === 'function') return fn.apply(this, args); }, /** @type {number} */ (ms));
  active.set(h, Infinity);
  return h;
};
g.clearInterval = function (/** @type {any} */ h) { if (disarm(h)) return undefined; active.delete(h); return real.clearInterval(h); };

/** Lets promise continuations and immediates run (real time, a macrotask turn). @returns {Promise<void>} */
function turn() { return new Promise(function (resolve) { real.setImmediate(resolve); }); }

/** The virtual clock (fake mode): install, uninstall and run the pending timers, as a test runner's fake timers do. */
const fake = {
  /** Starts the virtual clock at the real time; timers armed from now on are virtual. */
  install() { clock.on = true; clock.now = real.Date.now(); clock.errors = 0; queue.clear(); g.Date = FakeDate; },
  /** Back to real timers; virtual timers still pending are dropped. */
  uninstall() { clock.on = false; queue.clear(); g.Date = real.Date; },
  /** True while the virtual clock is on. */
  get on() { return clock.on; },
  /** How many virtual timers are pending. */
  get pending() { return queue.size; },
  /** How many virtual timer callbacks threw since install. */
  get errors() { return clock.errors; },
  /**
   * Runs the virtual timers in the order they are due, moving the clock, with a turn of real
   * time between them for promise continuations (as vi.runAllTimersAsync does); at most `limit`
   * timers (an interval never ends). Resolves to the number still pending.
   * @param {number} limit @returns {Promise<number>}
   */
  async runAll(limit) {
    await turn();
    for (let n = 0; n < limit && queue.size > 0; n++) {
      /** @type {FakeTimer | null} */ let next = null;
      for (const t of queue.values()) if (!next || t.due < next.due) next = t;
      if (!next) break;
      clock.now = Math.max(clock.now, next.due);
      if (next.every > 0) next.due += next.every;
      else queue.delete(next.id);
      try { next.fn.apply(undefined, next.args); } catch (e) { clock.errors++; }
      await turn();
    }
    return queue.size;
  },
};

/** The real timers pending now (a mark to compare with later). */
function timerMark() { return new Set(active.keys()); }

/** How many real timers armed since `mark` are still pending. @param {Set<unknown>} mark @returns {number} */
function pendingSince(mark) {
  let n = 0;
  for (const h of active.keys()) if (!mark.has(h)) n++;
  return n;
}

/**
 * Waits (at most `limitMs`) for the real timers armed since `mark`; resolves to how many are still pending.
 * @param {Set<unknown>} mark @param {number} limitMs @returns {Promise<number>}
 */
function settleTimers(mark, limitMs) {
  const until = real.Date.now() + limitMs;
  const waited = steadyClock(5);
  return new Promise(function (resolve) {
    (function check() {
      const left = [];
      for (const [h, due] of active) if (!mark.has(h)) left.push(due);
      if (left.length === 0) return resolve(0);
      if (waited.over(limitMs) || left.some(function (due) { return due > until; })) return resolve(left.length);
      real.setTimeout(check, 5);
    })();
  });
}

/**
 * A clock of the time this process could run, read every `step` ms or so: each reading counts
 * at most twice the step since the last one, so time spent waiting for a CPU on a loaded machine
 * does not count (a 300 ms wait stays 300 ms of the process's own time, not 300 ms of a machine
 * at load 30). `over(ms)` is true once `ms` counted, or 20 times `ms` of wall-clock time passed.
 * @param {number} step @returns {{ over: (ms: number) => boolean }}
 */
function steadyClock(step) {
  const start = real.Date.now();
  let last = start;
  let counted = 0;
  return {
    over(ms) {
      const now = real.Date.now();
      counted += Math.min(now - last, 2 * step);
      last = now;
      return counted >= ms || now - start >= 20 * ms;
    },
  };
}

/**
 * Calls `fn` after `ms` of the process's own time (see steadyClock), with a chain of short,
 * unref'd real timers.
 * @param {() => void} fn @param {number} ms
 */
function steadyTimeout(fn, ms) {
  const step = 10;
  const waited = steadyClock(step);
  (function tick() {
    real.setTimeout(function () { if (waited.over(ms)) fn(); else tick(); }, step).unref();
  })();
}

/** Sleeps `ms` with the real timer (not counted as the explored code's). @param {number} ms @returns {Promise<void>} */
function sleep(ms) { return new Promise(function (resolve) { real.setTimeout(resolve, ms); }); }

module.exports = { fake, timerMark, pendingSince, settleTimers, sleep, steadyTimeout };

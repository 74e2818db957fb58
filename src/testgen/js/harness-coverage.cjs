// @ts-check
'use strict';
// empathy-framework: line coverage of the explored project, measured inside the harness
// (harness.cjs) from V8's precise block coverage (node:inspector), call by call.
//
// Probes: the first code character of every line plus every block boundary seen so far. A probe
// is covered in a window (between two takeCovered calls) when the innermost reported range around
// it ran, and no smaller, unreported function encloses it. Same-line branches
// (`if (x) throw ...`) count. Files outside the project root, under node_modules, or the
// harness's own files are left out.

const fs = require('node:fs');
const path = require('node:path');
const url = require('node:url');
const inspector = require('node:inspector');

/** @typedef {{ key: string, s: number, e: number }} FnRange */
/** @typedef {{ id: string, firsts: [number, number][], fns: FnRange[], probes?: Set<number> }} FileInfo */
/** @typedef {{ startOffset: number, endOffset: number, count: number }} Range */

/** @param {string} t @returns {boolean} */
function isCodeLineText(t) {
  const s = t.trim();
  return s !== '' && !s.startsWith('//') && !s.startsWith('*') && !s.startsWith('/*');
}

/**
 * Starts precise coverage; the returned functions read what ran since the previous read.
 * @param {string} root the project root: only files under it count
 */
function startCoverage(root) {
  const session = new inspector.Session();
  session.connect();
  /** @param {string} method @param {object} [params] @returns {any} */
  function post(method, params) {
    /** @type {any} */ let result;
    /** @type {Error | null} */ let error = null;
    session.post(method, params || {}, function (e, r) { error = e; result = r; });
    if (error) throw error;
    return result;
  }
  post('Profiler.enable');
  post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });

  /** @type {Map<string, FileInfo | null>} */
  const files = new Map();
  /** @param {string} file @returns {FileInfo | null} */
  function fileInfo(file) {
    const known = files.get(file);
    if (known !== undefined) return known;
    /** @type {FileInfo | null} */ let inf = null;
    const rel = path.relative(root, file);
    const own = path.dirname(file) === __dirname && /^(harness|fs-guard)/.test(path.basename(file));
    if (!own && !rel.startsWith('..') && !path.isAbsolute(rel) && rel.split(path.sep).indexOf('node_modules') < 0) {
      try {
        const text = fs.readFileSync(file, 'utf8');
        /** @type {[number, number][]} */
        const firsts = [];
        let offset = 0;
        const lines = text.split('\n');
        for (let i = 0; i < lines.length; i++) {
          const line = /** @type {string} */ (lines[i]);
          if (isCodeLineText(line)) firsts.push([i + 1, offset + (line.length - line.trimStart().length)]);
          offset += line.length + 1;
        }
        inf = { id: rel.split(path.sep).join('/'), firsts: firsts, fns: [] };
      } catch (e) { inf = null; }
    }
    files.set(file, inf);
    return inf;
  }

  /** The probes (`file@offset`) covered since the previous call. @returns {string[]} */
  function takeCovered() {
    const out = [];
    /** @type {{ url: string, functions: { ranges: Range[] }[] }[]} */
    const res = post('Profiler.takePreciseCoverage').result;
    for (const script of res) {
      if (!script.url.startsWith('file://')) continue;
      const inf = fileInfo(url.fileURLToPath(script.url));
      if (!inf) continue;
      const probes = inf.probes || (inf.probes = new Set(inf.firsts.map(function (pair) { return pair[1]; })));
      /** @type {Range[]} */
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
          probes.add(r.startOffset);
          probes.add(r.endOffset);
        }
      }
      for (const off of probes) {
        /** @type {Range | null} */ let best = null;
        for (const r of ranges) if (off >= r.startOffset && off < r.endOffset && (!best || r.endOffset - r.startOffset <= best.endOffset - best.startOffset)) best = r;
        if (!best || best.count <= 0) continue;
        /** @type {FnRange | null} */ let fnBest = null;
        for (const f of inf.fns) if (off >= f.s && off < f.e && (!fnBest || f.e - f.s < fnBest.e - fnBest.s)) fnBest = f;
        if (fnBest && !present.has(fnBest.key) && fnBest.e - fnBest.s < best.endOffset - best.startOffset) continue;
        out.push(inf.id + '@' + off);
      }
    }
    return out;
  }

  /** The probes covered by the calls kept so far. */
  const covered = new Set();
  /** Adds `keys` to the kept coverage; returns how many were new. @param {string[]} keys @returns {number} */
  function addsCoverage(keys) {
    let added = 0;
    for (const k of keys) if (!covered.has(k)) { covered.add(k); added++; }
    return added;
  }
  return { takeCovered, addsCoverage, covered };
}

module.exports = { startCoverage };

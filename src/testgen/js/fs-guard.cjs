// @ts-check
'use strict';
// empathy-framework: the in-process guard of the offline JS test generator's harness.
//
// Installed before the explored module loads. Every write, delete, rename, mode change or
// link of node:fs (callback, sync and promise forms, streams, FileHandle opens) whose target
// lies outside the allowed directory is refused with an ERR_ACCESS_DENIED error; child
// processes, worker threads, native addons, process.binding, network connections and signals
// to other processes are refused too. Each refusal is counted, so the harness drops the call
// that caused it: a call that tried to touch the machine never becomes a test.
//
// This is the fallback layer (bubblewrap is the strong one); it covers the public APIs of
// Node, which is what JavaScript libraries use. Node's own permission model cannot be used
// here: on Node 20 it also disables the inspector the harness measures coverage with.

const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

/** @type {{ count: number, last: string[], latest: string }} */
const refused = { count: 0, last: [], latest: '?' };

/**
 * @param {string} allowedDir absolute, real path of the only directory tree that may change
 * @returns {{ refused: { count: number, last: string[], latest: string } }}
 */
function installGuard(allowedDir) {
  const realpathSync = fs.realpathSync.bind(fs);
  const root = realpathSync(allowedDir);

  /** @param {unknown} p @returns {string | null} */
  function toPath(p) {
    if (typeof p === 'string') return p;
    if (Buffer.isBuffer(p)) return p.toString('utf8');
    if (p instanceof URL) return p.protocol === 'file:' ? require('node:url').fileURLToPath(p) : String(p);
    return null;
  }

  /** Resolves symbolic links of the longest existing prefix, so a link cannot lead outside. @param {string} abs @returns {string} */
  function real(abs) {
    let head = abs;
    /** @type {string[]} */
    const rest = [];
    for (;;) {
      try {
        return path.join(realpathSync(head), ...rest.reverse());
      } catch (e) {
        const parent = path.dirname(head);
        if (parent === head) return abs;
        rest.push(path.basename(head));
        head = parent;
      }
    }
  }

  /** Absolute real path of a path argument; null for a descriptor; throws when unusable. @param {unknown} p @returns {string | null} */
  function target(p) {
    const text = toPath(p);
    if (text === null) {
      // An already opened descriptor or FileHandle: its open was checked.
      if (typeof p === 'number' || (p !== null && typeof p === 'object' && typeof /** @type {any} */ (p).fd === 'number')) return null;
      throw new Error('not a path');
    }
    return real(path.resolve(text));
  }
  const inside = (/** @type {string} */ abs) => abs === root || abs.startsWith(root + path.sep);
  const exists = (/** @type {string} */ abs) => {
    try {
      fs.lstatSync(abs);
      return true;
    } catch (e) {
      return false;
    }
  };
  // What the explored code created: only that may be deleted, renamed or overwritten. What was
  // there before (the mirror of the project's files in the working directory, the folders
  // around it) may not, so a call that would harm the project's tree in the validator's scratch
  // copy is refused here already.
  /** @type {Set<string>} */
  const created = new Set();
  /** @param {string} abs @returns {boolean} */
  function own(abs) {
    for (let p = abs; inside(p); p = path.dirname(p)) {
      if (created.has(p)) return true;
      if (p === root) break;
    }
    return false;
  }
  /** Checks one path argument; returns a refusal reason or null. @param {unknown} p @param {string} role @returns {string | null} */
  function verdict(p, role) {
    let abs;
    try {
      abs = target(p);
    } catch (e) {
      return 'unusable path'; // e.g. the working directory was deleted: refuse rather than guess
    }
    if (abs === null) return null;
    if (!inside(abs)) return 'outside its scratch directory';
    if (role === 'delete') return own(abs) ? null : 'of a file it did not create';
    if (exists(abs)) return own(abs) ? null : 'of a file it did not create';
    if (role === 'create') {
      // A recursive mkdir creates the missing parents too.
      for (let q = abs; inside(q) && q !== root && !exists(q); q = path.dirname(q)) created.add(q);
    }
    return null;
  }

  /** Counts a refusal and returns the error it throws. @param {string} what @returns {Error} */
  function denial(what) {
    refused.count += 1;
    refused.latest = what;
    if (refused.last.length < 5) refused.last.push(what);
    const error = new Error('empathy sandbox: ' + what + ' refused');
    /** @type {any} */ (error).code = 'ERR_ACCESS_DENIED';
    return error;
  }

  const WRITE_FLAGS = fs.constants.O_WRONLY | fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_TRUNC | fs.constants.O_APPEND;
  /** @param {unknown} flags @returns {boolean} */
  function writesFlags(flags) {
    if (flags === undefined || flags === null) return false;
    if (typeof flags === 'number') return (flags & WRITE_FLAGS) !== 0;
    return /[wa+]/.test(String(flags));
  }

  // name -> [index of a path argument, its role]: 'create' (a new path, or one it created),
  // 'change' (only a path it created), 'delete' (only a path it created).
  /** @type {Record<string, [number, string][]>} */
  const WRITES = {
    writeFile: [[0, 'create']], appendFile: [[0, 'create']], mkdir: [[0, 'create']], mkdtemp: [[0, 'create']],
    rm: [[0, 'delete']], rmdir: [[0, 'delete']], unlink: [[0, 'delete']], rename: [[0, 'delete'], [1, 'create']],
    copyFile: [[1, 'create']], cp: [[1, 'create']], symlink: [[1, 'create']], link: [[1, 'create']],
    truncate: [[0, 'change']], chmod: [[0, 'change']], lchmod: [[0, 'change']], chown: [[0, 'change']],
    lchown: [[0, 'change']], utimes: [[0, 'change']], lutimes: [[0, 'change']],
  };

  /** The refusal of one call, or null when it may run. @param {string} name @param {any[]} args @returns {Error | null} */
  function check(name, args) {
    let checks = WRITES[name];
    if (name === 'open' || name === 'createWriteStream' || name === 'createReadStream') {
      const options = args[1];
      const flags = name === 'createWriteStream' ? (options && typeof options === 'object' ? options.flags || 'w' : 'w') : name === 'open' ? args[1] : options && typeof options === 'object' ? options.flags : undefined;
      checks = writesFlags(flags) ? [[0, 'create']] : [];
    }
    if (!checks) return null;
    for (const [i, role] of checks) {
      const why = verdict(args[i], role);
      if (why) return denial(name + ' ' + String(toPath(args[i])) + ' (' + (role === 'delete' ? 'deletion' : 'write') + ' ' + why + ')');
    }
    return null;
  }

  /** Replaces `target[name]` with a checked version. @param {any} target @param {string} name @param {'callback' | 'sync' | 'promise'} kind */
  function wrap(target, name, kind) {
    const original = target[name];
    if (typeof original !== 'function') return;
    /** @this {unknown} */
    const wrapped = function () {
      const args = Array.prototype.slice.call(arguments);
      const error = check(name.replace(/Sync$/, ''), args);
      if (error) {
        if (kind === 'promise') return Promise.reject(error);
        if (kind === 'callback' && typeof args[args.length - 1] === 'function') {
          process.nextTick(args[args.length - 1], error);
          return undefined;
        }
        throw error;
      }
      return original.apply(this, args);
    };
    Object.defineProperty(wrapped, 'name', { value: original.name });
    target[name] = wrapped;
  }

  for (const name of Object.keys(WRITES).concat(['open'])) {
    wrap(fs, name, 'callback');
    wrap(fs, name + 'Sync', 'sync');
    wrap(fs.promises, name, 'promise');
  }
  wrap(fs, 'createWriteStream', 'sync');
  wrap(fs, 'createReadStream', 'sync');

  /** Replaces the functions `names` of `target` with ones that refuse. @param {any} target @param {string[]} names @param {string} what */
  function refuseAll(target, names, what) {
    for (const name of names) {
      if (typeof target[name] !== 'function') continue;
      target[name] = function () {
        throw denial(what + '.' + name);
      };
    }
  }
  refuseAll(require('node:child_process'), ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'], 'child_process');
  const workers = require('node:worker_threads');
  const RealWorker = workers.Worker;
  /** @type {any} */ (workers).Worker = function Worker() {
    void RealWorker;
    throw denial('worker_threads.Worker');
  };
  const net = require('node:net');
  const realConnect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function () {
    void realConnect;
    throw denial('network connection');
  };
  refuseAll(require('node:dgram'), ['createSocket'], 'dgram');
  const realKill = process.kill.bind(process);
  process.kill = function (pid, signal) {
    if (pid === process.pid) return realKill(pid, signal);
    throw denial('process.kill(' + String(pid) + ')');
  };
  process.dlopen = function () {
    throw denial('native addon');
  };
  /** @type {any} */ (process).binding = function (/** @type {unknown} */ name) {
    throw denial('process.binding(' + String(name) + ')');
  };
  // ESM named imports of node:fs and friends are copies made at startup: bring them up to date.
  Module.syncBuiltinESMExports();
  return { refused };
}

module.exports = { installGuard, refused };

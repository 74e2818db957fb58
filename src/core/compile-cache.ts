/**
 * V8 code cache for the CommonJS modules of `node_modules` (ESLint, its plugins, TypeScript,
 * ...), the way Node 22's `module.enableCompileCache()` does it (Node 20 has none). Compiling
 * those files again in every process and worker thread is a fixed cost of every run: about
 * 0.1-0.2 s of CPU per thread that loads ESLint and TypeScript, the main part of what a run after
 * a one-file change spends besides its one file. With the cache, V8 deserialises the bytecode it
 * made the first time instead of compiling the source again.
 *
 * Only what V8 compiled is cached, never a result: a module runs exactly as without the cache.
 * An entry is used only for the same file path, the same bytes of source (its SHA-1 is checked
 * on every read: V8 alone would take the code of another source of the same length) and the same
 * Node version; V8 itself rejects data made by another V8 or with other flags, and the module is
 * then compiled from source as usual (and the entry rewritten). A module that calls `import()`
 * or `eval` is never cached: on Node 20, code deserialised from a cache loses what `import()`
 * needs (it throws ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING). Whether a module does is decided by
 * acorn's tokenizer, once per source (the verdict is the entry; TypeScript's 9 MB take about
 * 0.7 s once), and only when the text `import(` or `eval` appears at all (in a comment or string
 * it is no call). Cached modules run in the same wrapper as Node's own loader gives them; only a
 * column on their first line reads differently in a stack trace (the wrapper is in the text).
 * Entries live in the user's cache directory (`<cache>/v8-compile/<format>-<node version>-<arch>/`, one
 * file per module path, replaced when the file changes), are written atomically (a temporary
 * file renamed), and an unreadable or unwritable directory only means no cache.
 * `EMPATHY_COMPILE_CACHE=0` turns it off. It is on in the CLI's main thread (src/cli/run.ts) and in
 * every analysis worker thread (pool-worker.ts); a program that imports the library keeps its own
 * module loader as it is.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { threadId } from 'node:worker_threads';
import { jitTieringTag } from './jit-tiering.js';
import { userCacheDir } from './user-dirs.js';

/** The CommonJS loader's per-module compile step (not in Node's public types). */
type Compile = (this: CjsModule, content: string, filename: string, ...rest: unknown[]) => unknown;

interface CjsModule {
  exports: unknown;
  require(id: string): unknown;
}

interface ModuleInternals {
  prototype: { _compile: Compile };
  _resolveFilename(request: string, parent: CjsModule, isMain: boolean, options?: unknown): string;
  _resolveLookupPaths(request: string, parent: CjsModule): string[] | null;
  _extensions: unknown;
  _cache: unknown;
}

const internals = Module as unknown as ModuleInternals;
const NODE_MODULES = `${path.sep}node_modules${path.sep}`;
/** Bump when the layout of an entry changes (source hash, kind byte, bytecode). */
const ENTRY_FORMAT = '2';
const HASH_BYTES = 20;
/** The byte after the source hash: the entry holds bytecode, or says the module is not cached. */
const CODE = 1;
const NOT_CACHED = 0;
/** `require` of this module: acorn, for the tokenizer and to know its file. */
const ownRequire = createRequire(import.meta.url);
const WRAPPER = ['(function (exports, require, module, __filename, __dirname) { ', '\n});'] as const;

/**
 * Where the entries of this Node version live; `tag` sets apart those made under other V8 flags
 * (`jitTieringTag()` of jit-tiering.ts: V8 rejects code made under other flags).
 */
export function compileCacheDir(env: NodeJS.ProcessEnv = process.env, tag = ''): string {
  return path.join(userCacheDir(env), 'v8-compile', `${ENTRY_FORMAT}-${process.version}-${process.arch}${tag}`);
}

/** The `require` a module's code receives (what Node's own loader gives it). */
function requireFor(mod: CjsModule): NodeJS.Require {
  const require = ((id: string) => mod.require(id)) as NodeJS.Require;
  const resolve = ((request: string, options?: unknown) =>
    internals._resolveFilename(request, mod, false, options)) as NodeJS.RequireResolve;
  resolve.paths = (request: string) => internals._resolveLookupPaths(request, mod);
  require.resolve = resolve;
  require.main = process.mainModule;
  require.extensions = internals._extensions as NodeJS.Require['extensions'];
  require.cache = internals._cache as NodeJS.Require['cache'];
  return require;
}

/** A module's entry: its bytecode, `not-cached`, or undefined (none for this source). */
function readEntry(entry: string, sourceHash: Buffer): Buffer | 'not-cached' | undefined {
  try {
    const data = readFileSync(entry);
    if (data.length <= HASH_BYTES || !data.subarray(0, HASH_BYTES).equals(sourceHash)) return undefined;
    if (data[HASH_BYTES] === NOT_CACHED) return 'not-cached';
    if (data[HASH_BYTES] === CODE && data.length > HASH_BYTES + 1) return data.subarray(HASH_BYTES + 1);
  } catch {
    // No entry yet, or unreadable: compile from source.
  }
  return undefined;
}

/** The tokens acorn's tokenizer reads (the part used here). */
interface AcornToken {
  type: unknown;
  value?: unknown;
}
interface Acorn {
  tokenizer(input: string, options: Record<string, unknown>): Iterable<AcornToken>;
  tokTypes: { _import: unknown; parenL: unknown; name: unknown };
}

/**
 * True when `source` has no `import(` call and no `eval` (so its code can come from the cache).
 * Without the text `import(` anywhere it has none; otherwise acorn's tokenizer tells a call from
 * the same text in a comment, string or regular expression. Source acorn cannot read: false.
 */
export function cacheableSource(source: string): boolean {
  if (!/\bimport\s*\(/.test(source) && !/\beval\b/.test(source)) return true;
  try {
    const acorn = ownRequire('acorn') as Acorn;
    let afterImport = false;
    const options = { ecmaVersion: 'latest', allowHashBang: true, allowReturnOutsideFunction: true, allowAwaitOutsideFunction: true };
    for (const token of acorn.tokenizer(source, options)) {
      if (afterImport && token.type === acorn.tokTypes.parenL) return false;
      if (token.type === acorn.tokTypes.name && token.value === 'eval') return false;
      afterImport = token.type === acorn.tokTypes._import;
    }
    return true;
  } catch {
    return false;
  }
}

function writeEntry(dir: string, entry: string, sourceHash: Buffer, data: Buffer | null): void {
  const temporary = `${entry}.${process.pid}-${threadId}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(temporary, Buffer.concat([sourceHash, Buffer.from([data ? CODE : NOT_CACHED]), data ?? Buffer.alloc(0)]));
    renameSync(temporary, entry);
  } catch {
    rmSync(temporary, { force: true });
  }
}

let acornFile: string | undefined;

/**
 * Whether `filename` is acorn's CommonJS build, the tokenizer {@link cacheableSource} requires:
 * acorn itself is never cached. Deciding on it while it loads would require it from inside its
 * own loading (an empty module: Node warns "Accessing non-existent property 'tokenizer' ... inside
 * circular dependency" on stderr, and the verdict is lost): that happened when acorn's first load
 * on a thread was a require from another package (espree) and the cache had no entry for it.
 */
function isAcorn(filename: string): boolean {
  acornFile ??= ownRequire.resolve('acorn');
  return filename === acornFile;
}

/**
 * Installs the cache on the calling thread's CommonJS loader, entries in `dir`; returns the
 * function that takes it off again.
 *
 * @example
 * const off = installCompileCache('/tmp/cache'); // ... require(...) ...; off();
 */
export function installCompileCache(dir: string): () => void {
  const original = internals.prototype._compile;
  let deciding = false;
  internals.prototype._compile = function compile(this: CjsModule, content: string, filename: string, ...rest: unknown[]) {
    const format = rest[0];
    if (
      deciding ||
      !filename.includes(NODE_MODULES) ||
      !/\.c?js$/.test(filename) ||
      (format !== undefined && format !== 'commonjs') ||
      isAcorn(filename)
    )
      return original.call(this, content, filename, ...rest);
    // A `#!` line is legal only at the very start of a script: keep the line, comment it out.
    const source = content.startsWith('#!') ? `//${content}` : content;
    const sourceHash = createHash('sha1').update(source).digest();
    const entry = path.join(dir, createHash('sha1').update(filename).digest('hex'));
    const found = readEntry(entry, sourceHash);
    if (found === 'not-cached') return original.call(this, content, filename, ...rest);
    if (found === undefined) {
      deciding = true; // acorn itself loads without the cache
      let cacheable: boolean;
      try {
        cacheable = cacheableSource(source);
      } finally {
        deciding = false;
      }
      if (!cacheable) {
        writeEntry(dir, entry, sourceHash, null);
        return original.call(this, content, filename, ...rest);
      }
    }
    const script = new vm.Script(WRAPPER[0] + source + WRAPPER[1], { filename, cachedData: found });
    const run = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    const result = run.call(this.exports, this.exports, requireFor(this), this, filename, path.dirname(filename));
    // Made after the module ran: the functions its loading compiled are in the entry too.
    if (found === undefined || script.cachedDataRejected === true)
      writeEntry(dir, entry, sourceHash, script.createCachedData());
    return result;
  };
  return () => {
    internals.prototype._compile = original;
  };
}

let enabled = false;

/**
 * Turns the cache on for the calling thread (each worker thread has its own module loader and
 * calls this itself), entries in {@link compileCacheDir} (`tag`: the V8 flags of the process, see
 * `jitTieringTag()`; a worker thread gets its parent's); a second call does nothing. Off when
 * `EMPATHY_COMPILE_CACHE=0`. Returns whether the cache is on.
 *
 * @example
 * enableCompileCache(); // then: await import('eslint') compiles from the cache when it can
 */
export function enableCompileCache(tag = jitTieringTag()): boolean {
  if (enabled || process.env['EMPATHY_COMPILE_CACHE'] === '0') return enabled;
  installCompileCache(compileCacheDir(process.env, tag));
  enabled = true;
  return true;
}

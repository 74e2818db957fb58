/**
 * Runs CPU-heavy analysis (the shared ESLint pass, complexity, the documentation, architecture
 * and performance scans, secretlint) in a small pool of worker threads, so that the analysers
 * of a parallel run really overlap without starting one thread per analyser.
 *
 * - Every worker runs `pool-worker.js`, which imports job modules on demand: a job names its
 *   module (an entry file beside the caller, see {@link workerEntry}) that exports `handle`.
 *   A worker keeps the modules it has loaded, and a job goes to a free worker that already
 *   loaded its module when there is one, so the TypeScript compiler and ESLint are loaded by
 *   as few threads as possible.
 * - At most {@link workerPoolSize} workers exist at once (default: the number of cores, 1 to 4,
 *   less the cores a running test suite holds, see {@link reserveCores}; `EMPATHY_WORKERS`
 *   overrides); further jobs wait in a queue. On 2 cores the four
 *   release-prep analysers thus use two workers, not five: their peak memory measured 0.87 GiB
 *   instead of 1.27 GiB on a 96k-line corpus.
 * - A job that is one piece of a task split into many (a chunk of the shared ESLint pass) is
 *   queued with priority `low`: every queued `normal` job starts first, so that the jobs that
 *   cannot be split (documentation, Python complexity) do not run last, alone, while the other
 *   workers have nothing left to do.
 * - An idle worker is kept, unreferenced (it never keeps the process alive), for
 *   {@link IDLE_WORKER_MS}, or {@link IDLE_WORKER_RESERVED_MS} while a test run holds cores (its
 *   processes need the memory). An aborted job terminates its worker; a queued one just leaves the queue.
 * - While a test run holds cores, or the pool may run more than one worker on a machine short of
 *   memory (or with `EMPATHY_WORKER_HEAP_MB` set), a worker starts with a heap cap (`heapCapFor`
 *   in worker-heap-cap.ts), and an idle
 *   worker without one leaves; a job whose capped worker runs out of memory runs again, first in
 *   the queue, on a worker without the cap (so the cap changes memory, never a result).
 *
 * Loading works from both places the code runs: from `dist/` (JavaScript) a worker starts
 * `pool-worker.js` directly; from the TypeScript sources (vitest, tsx) Node 20 cannot run
 * `.ts` in a worker and does not pass `--import tsx` hooks on to workers, so a tiny CommonJS
 * bootstrap loads modules through tsx's ESM `tsImport` (tsx resolved from this package).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { jitTieringTag } from '../../core/jit-tiering.js';
import { getLogger } from '../../core/logger.js';
import { packageModule } from '../../core/package-paths.js';
import { ToolError, errorMessage } from '../../errors.js';
import { availableMemoryMb, heapCapFor, isWorkerOutOfMemory } from './worker-heap-cap.js';

const log = getLogger('analysis.workers');

/** The message a worker posts back for job `id`. */
export type WorkerReply<T> = { id: number; ok: true; result: T } | { id: number; ok: false; error: string };

/** The message a worker receives: run `entry`'s `handle(data)`. */
export interface WorkerJobMessage {
  id: number;
  entry: string;
  data: unknown;
}

/**
 * A per-file job over at most this many Python files runs on the calling thread instead: starting
 * a worker and loading its modules there cost more than tree-sitter on one file (click after a
 * one-file change: two workers started for one file each, ~1 s CPU), and the main thread has
 * tree-sitter loaded already (the security scan's Python rules).
 */
export const INLINE_PYTHON_FILES = 2;

/** Whether a job over `files` runs on the calling thread (see {@link INLINE_PYTHON_FILES}). */
export function runsInline(files: readonly { language: string }[]): boolean {
  return files.length <= INLINE_PYTHON_FILES && files.every((f) => f.language === 'python');
}

/**
 * A job over at most this many JS/TS files (the shared ESLint pass, the documentation parse) runs
 * on the calling thread when {@link runsInlineJs} says so: after a one-file change, starting a
 * worker thread and loading our modules (and zod) in it again cost more than the main thread,
 * idle meanwhile, loading ESLint and TypeScript itself.
 */
export const INLINE_JS_FILES = 2;

/**
 * Whether a job of the module `entry` over `files` JS/TS files runs on the calling thread: a few
 * files ({@link INLINE_JS_FILES}), no test run holding cores (an idle worker then leaves after
 * {@link IDLE_WORKER_RESERVED_MS} and gives its memory back to the suite, the main thread would keep
 * ESLint and TypeScript to the end), and no worker that has `entry` loaded already (it is cheaper
 * there). Where a job runs never changes its result.
 *
 * @example
 * runsInlineJs(workerEntry('analysis/shared/eslint-pass-worker'), 1); // true in a one-file run without a suite
 */
export function runsInlineJs(entry: URL, files: number): boolean {
  return files <= INLINE_JS_FILES && reservedCores === 0 && !pool.some((p) => p.loaded.has(entry.href));
}

/** How long an idle worker is kept for reuse. */
export const IDLE_WORKER_MS = 30_000;

/**
 * How long an idle worker is kept while a test run holds cores ({@link reserveCores}): the
 * suite's processes need the memory more than a warm worker saves loading time (an idle
 * worker with ESLint and TypeScript loaded holds about 170 MiB, measured on luxon's jest run).
 */
export const IDLE_WORKER_RESERVED_MS = 2_000;

const TSX_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.__tsxApi).then(({ tsImport }) => {
  globalThis.__empathyImport = (href) => tsImport(href, href);
  return tsImport(workerData.__entry, workerData.__entry);
});
`;

/**
 * File URL of tsx's ESM API (its CommonJS build cannot `tsImport` ES modules from a worker), used by
 * the bootstrap that starts the pool worker from TypeScript sources.
 */
export function tsxEsmApi(): string {
  const manifestPath = createRequire(import.meta.url).resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    exports?: Record<string, { import?: { default?: string } }>;
  };
  const relative = manifest.exports?.['./esm/api']?.import?.default ?? './dist/esm/api/index.mjs';
  return pathToFileURL(path.join(path.dirname(manifestPath), relative)).href;
}

/**
 * The URL of a job module by its path under `src/` without extension ({@link packageModule}):
 * the `.ts` source when running from the sources, tsc's `.js` in `dist/` otherwise, also when the
 * caller runs from the CLI bundle (a worker loads the job's own module, never a bundle chunk).
 *
 * @example
 * workerEntry('analysis/quality/lint-worker');
 */
export function workerEntry(modulePath: string): URL {
  return packageModule(modulePath);
}

interface PooledWorker {
  worker: Worker;
  /** Job modules this worker has imported. */
  loaded: Set<string>;
  job: Job | null;
  idleTimer: NodeJS.Timeout | null;
  /** The worker's old-generation heap limit (MB), null when it has none of ours. */
  capMb: number | null;
}

/** Options of {@link runWorker}. */
export interface RunWorkerOptions {
  /**
   * `low` for a piece of a task split into many: queued `normal` jobs start before it.
   * Default `normal`.
   */
  priority?: 'normal' | 'low';
  /**
   * A job over a few files (at most {@link SMALL_JOB_FILES}), whose cost is mostly the loading of
   * its modules: it never starts a worker while another exists, it waits for one (after a
   * one-file change the ESLint pass and the documentation parse then load TypeScript in one
   * thread, not two).
   */
  small?: boolean;
}

/** Most files of a job that {@link RunWorkerOptions.small} calls small. */
export const SMALL_JOB_FILES = 16;

interface Job {
  id: number;
  low: boolean;
  small: boolean;
  /** The job ran out of memory under the heap cap: it runs again on a worker without one. */
  uncapped: boolean;
  entry: string;
  data: unknown;
  tool: string;
  signal: AbortSignal | undefined;
  onAbort: () => void;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  queuedAt: number;
  startedAt: number;
}

const pool: PooledWorker[] = [];
const queue: Job[] = [];
let nextId = 1;
let configuredSize: number | null = null;

/**
 * How many worker threads the pool may run at once: `EMPATHY_WORKERS` when it is a positive
 * integer, else the number of cores clamped to 1-4 (or what {@link configureWorkerPool} set).
 */
export function workerPoolSize(): number {
  if (configuredSize !== null) return configuredSize;
  const fromEnv = Number(process.env['EMPATHY_WORKERS']);
  if (Number.isInteger(fromEnv) && fromEnv >= 1) return fromEnv;
  const cores = os.availableParallelism();
  return Math.max(1, Math.min(cores, 4) - Math.min(reservedCores, cores));
}

/** Cores taken by processes the analysers started (a test run and its workers). */
let reservedCores = 0;

/**
 * Declares that `cores` cores are busy with work outside the pool (the coverage agent's test run
 * with its own workers) until the returned function is called: meanwhile the default pool size
 * shrinks by as much (never below one worker), so the two share the cores instead of fighting
 * for them. A size set by `EMPATHY_WORKERS` or {@link configureWorkerPool} does not yield.
 * Idle workers over the smaller size leave at once, busy ones when they finish their job, and
 * the rest are kept idle for {@link IDLE_WORKER_RESERVED_MS} only.
 *
 * @example
 * const release = reserveCores(1);
 * try { await runTests(); } finally { release(); }
 */
export function reserveCores(cores: number): () => void {
  const taken = Math.max(0, Math.floor(cores));
  reservedCores += taken;
  retireIdle();
  for (const idle of pool.filter((p) => p.job === null)) keepIdle(idle);
  log.debug('cores reserved outside the pool', { cores: taken, reserved: reservedCores, poolSize: workerPoolSize(), ...workerPoolState() });
  let released = false;
  return () => {
    if (released) return;
    released = true;
    reservedCores -= taken;
    for (const idle of pool.filter((p) => p.job === null)) keepIdle(idle);
    pump();
  };
}

/** A reservation made by {@link holdCores}, whose size can change while it is held. */
export interface CoreHold {
  /** The cores held now (0 once released). */
  readonly cores: number;
  /** Holds `cores` cores from now on instead (nothing once released). */
  set(cores: number): void;
  /** Gives the cores back; a second call changes nothing. */
  release(): void;
}

/**
 * {@link reserveCores}, for a caller that knows a test run is coming before it knows how many
 * workers the run will have: it holds `cores` now and {@link CoreHold.set}s the run's count once
 * known (the new size is taken before the old one is given back, so the pool never grows in
 * between). The coverage analyser holds a core from its first line, so that no pool worker starts
 * without the heap cap (or as one too many) while the run is being planned.
 *
 * @example
 * const hold = holdCores(1);
 * try { hold.set(await planWorkers()); await runTests(); } finally { hold.release(); }
 */
export function holdCores(cores: number): CoreHold {
  let held = Math.max(0, Math.floor(cores));
  let giveBack = reserveCores(held);
  let released = false;
  return {
    get cores() {
      return released ? 0 : held;
    },
    set(next) {
      const count = Math.max(0, Math.floor(next));
      if (released || count === held) return;
      const previous = giveBack;
      giveBack = reserveCores(count);
      held = count;
      previous();
    },
    release() {
      if (released) return;
      released = true;
      giveBack();
    },
  };
}

/** Cores held outside the pool right now (see {@link reserveCores}; for tests and debug logs). */
export function reservedCoreCount(): number {
  return reservedCores;
}

/**
 * Sets the pool size (`null`: back to the default). Running jobs are not interrupted; a
 * smaller size takes effect as workers finish.
 *
 * @example
 * configureWorkerPool({ size: 1 }); // one analysis thread at a time
 */
export function configureWorkerPool(options: { size: number | null }): void {
  if (options.size !== null && !(Number.isInteger(options.size) && options.size >= 1)) {
    throw new RangeError(`worker pool size must be a positive integer, got ${options.size}`);
  }
  configuredSize = options.size;
  retireIdle();
  pump();
}

/** Idle workers over the size leave, and while the heap cap applies, those without it. */
function retireIdle(): void {
  for (const idle of pool.filter((p) => p.job === null)) {
    if (pool.length > workerPoolSize() || outOfCap(idle)) retire(idle);
  }
}

/** The heap cap of a worker started now (`heapCapFor`: while a test run holds cores, or two workers may run on a machine short of memory). */
export function currentHeapCapMb(): number | null {
  return heapCapFor({ reservedCores, poolSize: workerPoolSize(), availableMb: availableMemoryMb() });
}

/** A worker without a cap while the cap applies (it leaves when idle: its heap may hold GiBs of garbage). */
function outOfCap(pooled: PooledWorker): boolean {
  return pooled.capMb === null && currentHeapCapMb() !== null;
}

/** Whether `pooled` may run `job`: a job retried after running out of memory needs a worker without a cap. */
function fits(pooled: PooledWorker, job: Job): boolean {
  return !job.uncapped || pooled.capMb === null;
}

/** How long an idle worker is kept now: shorter while a test run holds cores (see {@link IDLE_WORKER_RESERVED_MS}). */
export function idleWorkerMs(): number {
  return reservedCores > 0 ? IDLE_WORKER_RESERVED_MS : IDLE_WORKER_MS;
}

/** Counts of the pool right now (for tests and debug logs). */
export function workerPoolState(): { workers: number; busy: number; queued: number } {
  return { workers: pool.length, busy: pool.filter((p) => p.job !== null).length, queued: queue.length };
}

function poolWorkerEntry(): URL {
  return workerEntry('analysis/shared/pool-worker');
}

function startWorker(capMb: number | null): PooledWorker {
  const entry = poolWorkerEntry();
  const resourceLimits = capMb === null ? {} : { resourceLimits: { maxOldGenerationSizeMb: capMb } };
  const tag = { jitTieringTag: jitTieringTag() };
  const worker = entry.pathname.endsWith('.ts')
    ? new Worker(TSX_BOOTSTRAP, { eval: true, workerData: { __entry: entry.href, __tsxApi: tsxEsmApi(), ...tag }, ...resourceLimits })
    : new Worker(entry, { workerData: tag, ...resourceLimits });
  const pooled: PooledWorker = { worker, loaded: new Set(), job: null, idleTimer: null, capMb };
  worker.on('message', (reply: WorkerReply<unknown>) => {
    const job = pooled.job;
    if (!job || reply.id !== job.id) return;
    pooled.job = null;
    pooled.loaded.add(job.entry);
    log.debug('worker job done', {
      job: jobName(job),
      thread: pooled.worker.threadId,
      ok: reply.ok,
      waitedMs: Math.round(job.startedAt - job.queuedAt),
      ranMs: Math.round(performance.now() - job.startedAt),
    });
    settle(job, () =>
      reply.ok ? job.resolve(reply.result) : job.reject(new ToolError(job.tool, reply.error)),
    );
    becomeIdle(pooled);
    pump();
  });
  // A crash fires 'error' then 'exit': the first one fails the job, both forget the worker.
  const fail = (message: string, cause?: Error) => {
    remove(pooled);
    const job = pooled.job;
    pooled.job = null;
    if (job && pooled.capMb !== null && isWorkerOutOfMemory(cause)) {
      // The cap, not the job, failed: the job runs again first, on a worker without the cap.
      log.debug('worker out of memory under the heap cap: job runs again without the cap', { job: jobName(job), capMb: pooled.capMb, ranMs: Math.round(performance.now() - job.startedAt) });
      job.uncapped = true;
      queue.unshift(job);
    } else if (job) settle(job, () => job.reject(new ToolError(job.tool, `${job.tool} ${message}`, { cause })));
    pump();
  };
  worker.on('error', (error: Error) => fail(`worker failed: ${error.message}`, error));
  worker.on('exit', (code: number) => fail(`worker exited (code ${code}) without a result`));
  pool.push(pooled);
  return pooled;
}

function settle(job: Job, action: () => void): void {
  job.signal?.removeEventListener('abort', job.onAbort);
  action();
}

function remove(pooled: PooledWorker): void {
  const at = pool.indexOf(pooled);
  if (at >= 0) pool.splice(at, 1);
  if (pooled.idleTimer) clearTimeout(pooled.idleTimer);
}

function retire(pooled: PooledWorker): void {
  remove(pooled);
  void pooled.worker.terminate();
}

/** A worker without a job waits for the next one, or leaves when the pool is over its size. */
function becomeIdle(pooled: PooledWorker): void {
  if (pool.length > workerPoolSize() || outOfCap(pooled)) {
    retire(pooled);
    return;
  }
  pooled.worker.unref();
  keepIdle(pooled);
}

/** (Re)starts the idle timer of a worker without a job. */
function keepIdle(pooled: PooledWorker): void {
  if (pooled.idleTimer) clearTimeout(pooled.idleTimer);
  pooled.idleTimer = setTimeout(() => retire(pooled), idleWorkerMs());
  pooled.idleTimer.unref();
}

function dispatch(pooled: PooledWorker, job: Job): void {
  if (pooled.idleTimer) clearTimeout(pooled.idleTimer);
  pooled.idleTimer = null;
  try {
    pooled.worker.postMessage({ id: job.id, entry: job.entry, data: job.data } satisfies WorkerJobMessage);
  } catch (error) {
    // Data that cannot be cloned (a function, a class instance with private state): the job
    // fails; the worker never saw it and stays free.
    becomeIdle(pooled);
    settle(job, () =>
      job.reject(new ToolError(job.tool, `cannot send the job to a worker thread: ${errorMessage(error)}`)),
    );
    return;
  }
  pooled.job = job;
  job.startedAt = performance.now();
  log.debug('worker job started', {
    job: jobName(job),
    thread: pooled.worker.threadId,
    warm: pooled.loaded.has(job.entry),
    low: job.low,
  });
  pooled.worker.ref();
}

function jobName(job: Job): string {
  return path.basename(new URL(job.entry).pathname).replace(/\.[jt]s$/, '');
}

/**
 * Starts queued jobs on free workers: `normal` jobs before `low` ones, and within that, a job
 * whose module a free worker already loaded first.
 */
function pump(): void {
  while (queue.length > 0) {
    // Idle workers above the size (it shrank while they worked) take no job.
    if (pool.length - pool.filter((p) => p.job === null).length >= workerPoolSize()) return;
    const free = pool.filter((p) => p.job === null);
    const normal = queue.filter((j) => !j.low);
    const candidates = normal.length > 0 ? normal : queue;
    let choice: { worker: PooledWorker; job: Job } | null = null;
    for (const job of candidates) {
      const warm = free.find((p) => p.loaded.has(job.entry) && fits(p, job));
      if (warm) {
        choice = { worker: warm, job };
        break;
      }
    }
    for (const job of choice ? [] : candidates) {
      const worker = free.find((p) => fits(p, job));
      if (worker) {
        choice = { worker, job };
        break;
      }
      // A job that needs a worker without the cap takes the place of an idle capped one.
      if (job.uncapped && free[0]) {
        if (pool.length >= workerPoolSize()) retire(free[0]);
        choice = { worker: startWorker(null), job };
        break;
      }
    }
    if (!choice) {
      // A new worker only for a job that is not small, or when there is no worker at all.
      const job = candidates.find((j) => j.uncapped || !j.small || pool.length === 0);
      if (!job || pool.length >= workerPoolSize()) return;
      choice = { worker: startWorker(job.uncapped ? null : currentHeapCapMb()), job };
    }
    queue.splice(queue.indexOf(choice.job), 1);
    dispatch(choice.worker, choice.job);
  }
}

/**
 * Runs one job in the worker pool: `entry` (a module exporting `handle(data)`, see
 * {@link workerEntry}) is imported by a worker thread and `handle(data)` runs there.
 *
 * @throws ToolError when the worker fails, exits, or the handler throws; the abort reason on abort.
 * @example
 * const metrics = await runWorker<FileMetrics[]>(workerEntry('analysis/shared/complexity-worker'), { inputs });
 * await runWorker(entry, chunk, signal, 'eslint', { priority: 'low' }); // one chunk of a split pass
 */
export function runWorker<T>(
  entry: URL,
  data: unknown,
  signal?: AbortSignal,
  tool = 'worker',
  options: RunWorkerOptions = {},
): Promise<T> {
  signal?.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const job: Job = {
      id: nextId++,
      low: options.priority === 'low',
      small: options.small === true,
      uncapped: false,
      entry: entry.href,
      data,
      tool,
      signal,
      resolve: resolve as (value: unknown) => void,
      reject,
      queuedAt: performance.now(),
      startedAt: 0,
      onAbort: () => {
        const queued = queue.indexOf(job);
        if (queued >= 0) queue.splice(queued, 1);
        const running = pool.find((p) => p.job === job);
        if (running) {
          running.job = null;
          retire(running);
        }
        reject(signal?.reason ?? new Error('aborted'));
        pump();
      },
    };
    signal?.addEventListener('abort', job.onAbort, { once: true });
    queue.push(job);
    pump();
  });
}

/**
 * Runs CPU-heavy analysis (complexity, the quality and security ESLint passes, the
 * documentation, architecture and performance scans) in worker threads so that analysers of a
 * parallel run really overlap.
 *
 * Loading works from both places the code runs:
 * - from `dist/` (plain JavaScript) the worker file `x.js` beside the caller is started directly;
 * - from the TypeScript sources (vitest, tsx) Node 20 cannot run `x.ts` in a worker and does not
 *   pass `--import tsx` hooks on to workers, so a tiny CommonJS bootstrap is started with
 *   `eval: true` that loads the entry through tsx's ESM `tsImport` (tsx is resolved from this
 *   package, not from the current directory).
 *
 * Workers are reused: one request at a time per worker, a second concurrent request gets a
 * second worker, and one idle worker per entry is kept (unreferenced, so it never keeps the
 * process alive) for up to {@link IDLE_WORKER_MS}, so repeated analyses do not pay the start-up
 * (loading TypeScript and ESLint) again. An aborted request terminates its worker.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, parentPort } from 'node:worker_threads';
import { ToolError, errorMessage } from '../../errors.js';

/** The message a worker posts back for request `id`. */
export type WorkerReply<T> = { id: number; ok: true; result: T } | { id: number; ok: false; error: string };

/** How long an idle worker is kept for reuse. */
export const IDLE_WORKER_MS = 30_000;

const TSX_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.__tsxApi).then(({ tsImport }) => tsImport(workerData.__entry, workerData.__entry));
`;

/**
 * File URL of tsx's ESM API (its CommonJS build cannot `tsImport` ES modules from a worker), used by
 * the bootstrap that starts a TypeScript entry.
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
 * The URL of a worker entry beside `callerUrl` (`import.meta.url`): `name.ts` when the caller
 * runs from TypeScript sources, `name.js` otherwise.
 *
 * @example
 * workerEntry(import.meta.url, './lint-worker');
 */
export function workerEntry(callerUrl: string, relativeName: string): URL {
  const extension = /\.[cm]?ts$/.test(new URL(callerUrl).pathname) ? '.ts' : '.js';
  return new URL(relativeName + extension, callerUrl);
}

/**
 * Serves requests inside a worker entry file: `handler` gets each request's data; its result
 * (or error message) is posted back. Call it once at the top level of the entry.
 *
 * @example
 * serveWorkerRequests((data: { inputs: ComplexityInput[] }) => measureFiles(data.inputs));
 */
export function serveWorkerRequests<D, T>(handler: (data: D) => Promise<T>): void {
  parentPort?.on('message', (message: { id: number; data: D }) => {
    handler(message.data).then(
      (result) => parentPort?.postMessage({ id: message.id, ok: true, result } satisfies WorkerReply<T>),
      (error: unknown) =>
        parentPort?.postMessage({
          id: message.id,
          ok: false,
          error: errorMessage(error),
        } satisfies WorkerReply<T>),
    );
  });
}

interface IdleWorker {
  worker: Worker;
  timer: NodeJS.Timeout;
  /** Forgets the worker when it dies while idle; removed on reuse. */
  onGone: () => void;
}

const idle = new Map<string, IdleWorker>();
let nextId = 1;

function startWorker(entry: URL): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry);
  return new Worker(TSX_BOOTSTRAP, {
    eval: true,
    workerData: { __entry: entry.href, __tsxApi: tsxEsmApi() },
  });
}

function acquire(entry: URL): Worker {
  const kept = idle.get(entry.href);
  if (!kept) return startWorker(entry);
  idle.delete(entry.href);
  clearTimeout(kept.timer);
  kept.worker.off('error', kept.onGone);
  kept.worker.off('exit', kept.onGone);
  kept.worker.ref();
  return kept.worker;
}

function release(entry: URL, worker: Worker): void {
  if (idle.has(entry.href)) {
    void worker.terminate();
    return;
  }
  const onGone = () => {
    const kept = idle.get(entry.href);
    if (kept?.worker !== worker) return;
    clearTimeout(kept.timer);
    idle.delete(entry.href);
  };
  worker.on('error', onGone);
  worker.on('exit', onGone);
  worker.unref();
  const timer = setTimeout(() => {
    onGone();
    void worker.terminate();
  }, IDLE_WORKER_MS);
  timer.unref();
  idle.set(entry.href, { worker, timer, onGone });
}

/**
 * Runs one request in a worker started from `entry` (a file that calls {@link serveWorkerRequests})
 * and resolves with its result.
 *
 * @throws ToolError when the worker fails, exits, or replies with an error; the abort reason on abort.
 * @example
 * const metrics = await runWorker<FileMetrics[]>(workerEntry(import.meta.url, './complexity-worker'), { inputs });
 */
export function runWorker<T>(entry: URL, data: unknown, signal?: AbortSignal, tool = 'worker'): Promise<T> {
  signal?.throwIfAborted();
  const worker = acquire(entry);
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (keep: boolean, action: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (keep) release(entry, worker);
      else void worker.terminate();
      action();
    };
    const onAbort = () => finish(false, () => reject(signal?.reason ?? new Error('aborted')));
    const onMessage = (reply: WorkerReply<T>) => {
      if (reply.id !== id) return;
      finish(true, () => (reply.ok ? resolve(reply.result) : reject(new ToolError(tool, reply.error))));
    };
    const onError = (error: Error) =>
      finish(false, () =>
        reject(new ToolError(tool, `${tool} worker failed: ${error.message}`, { cause: error })),
      );
    const onExit = (code: number) =>
      finish(false, () =>
        reject(new ToolError(tool, `${tool} worker exited (code ${code}) without a result`)),
      );
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage({ id, data });
  });
}

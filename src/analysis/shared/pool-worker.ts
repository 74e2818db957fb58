/**
 * Entry of every analysis worker thread (started by worker-host.ts). Each message names a job
 * module and its data; the module is imported once per thread and its `handle(data)` result
 * (or error message) is posted back.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { enableCompileCache } from '../../core/compile-cache.js';
import { errorMessage } from '../../errors.js';
import type { WorkerJobMessage, WorkerReply } from './worker-host.js';

type Handler = (data: unknown) => unknown;

// ESLint, its plugins and TypeScript (CommonJS) from the V8 code cache of earlier runs: each
// thread has its own module loader. The CLI's main thread turns it on in src/cli/run.ts; a program
// that imports the library keeps its own loader untouched. The entries are those of the V8 flags
// the parent thread set (jit-tiering.ts: flags are process-wide, module state is per thread).
enableCompileCache((workerData as { jitTieringTag?: string } | null)?.jitTieringTag ?? '');

/** From TypeScript sources the tsx bootstrap provides an importer that compiles `.ts`. */
const importModule =
  (globalThis as { __empathyImport?: (href: string) => Promise<unknown> }).__empathyImport ??
  ((href: string) => import(href) as Promise<unknown>);

const handlers = new Map<string, Promise<Handler>>();

function handlerOf(entry: string): Promise<Handler> {
  let handler = handlers.get(entry);
  if (!handler) {
    handler = importModule(entry).then((loaded) => {
      const handle = (loaded as { handle?: unknown }).handle;
      if (typeof handle !== 'function') throw new Error(`worker module ${entry} exports no handle function`);
      return handle as Handler;
    });
    handlers.set(entry, handler);
  }
  return handler;
}

parentPort?.on('message', (message: WorkerJobMessage) => {
  handlerOf(message.entry)
    .then((handle) => handle(message.data))
    .then(
      (result) =>
        parentPort?.postMessage({ id: message.id, ok: true, result } satisfies WorkerReply<unknown>),
      (error: unknown) =>
        parentPort?.postMessage({
          id: message.id,
          ok: false,
          error: errorMessage(error),
        } satisfies WorkerReply<unknown>),
    );
});

/**
 * Runs CPU-heavy analysis (complexity, ESLint) in a worker thread so that analysers of a
 * parallel run really overlap.
 *
 * Loading works from both places the code runs:
 * - from `dist/` (plain JavaScript) the worker file `x.js` beside the caller is started directly;
 * - from the TypeScript sources (vitest, tsx) Node 20 cannot run `x.ts` in a worker and does not
 *   pass `--import tsx` hooks on to workers, so a tiny CommonJS bootstrap is started with
 *   `eval: true` that loads the entry through tsx's `tsImport` (tsx is resolved from this
 *   package, not from the current directory).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ToolError } from '../../errors.js';
import type { ComplexityInput, FileMetrics } from './complexity-types.js';

/** The one message a worker posts back. */
export type WorkerReply<T> = { ok: true; result: T } | { ok: false; error: string };

const TSX_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.__tsxApi).then(({ tsImport }) => tsImport(workerData.__entry, workerData.__entry));
`;

/** File URL of tsx's ESM API (its CommonJS build cannot `tsImport` ES modules from a worker). */
function tsxEsmApi(): string {
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
 * Starts `entry` in a worker thread with `data` as `workerData` and resolves with the result it
 * posts. The worker is terminated on abort and after it replies.
 *
 * @throws ToolError when the worker fails, exits without replying, or replies with an error.
 * @example
 * const metrics = await runWorker<FileMetrics[]>(workerEntry(import.meta.url, './complexity-worker'), { inputs });
 */
export function runWorker<T>(
  entry: URL,
  data: Record<string, unknown>,
  signal?: AbortSignal,
  tool = 'worker',
): Promise<T> {
  signal?.throwIfAborted();
  const fromSource = entry.pathname.endsWith('.ts');
  const worker = fromSource
    ? new Worker(TSX_BOOTSTRAP, {
        eval: true,
        workerData: {
          ...data,
          __entry: entry.href,
          __tsxApi: tsxEsmApi(),
        },
      })
    : new Worker(entry, { workerData: data });
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (action: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      action();
    };
    const onAbort = () => finish(() => reject(signal?.reason ?? new Error('aborted')));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (reply: WorkerReply<T>) =>
      finish(() => (reply.ok ? resolve(reply.result) : reject(new ToolError(tool, reply.error)))),
    );
    worker.on('error', (error) =>
      finish(() => reject(new ToolError(tool, `${tool} worker failed: ${error.message}`, { cause: error }))),
    );
    worker.on('exit', (code) =>
      finish(() => reject(new ToolError(tool, `${tool} worker exited (code ${code}) without a result`))),
    );
  });
}

/**
 * Measures the complexity of `inputs` in a worker thread.
 *
 * @example
 * const metrics = await measureComplexityInWorker(index.byLanguage('typescript').map(toInput));
 */
export function measureComplexityInWorker(
  inputs: readonly ComplexityInput[],
  signal?: AbortSignal,
): Promise<FileMetrics[]> {
  if (inputs.length === 0) return Promise.resolve([]);
  return runWorker<FileMetrics[]>(
    workerEntry(import.meta.url, './complexity-worker'),
    { inputs },
    signal,
    'complexity',
  );
}

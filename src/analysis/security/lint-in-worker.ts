/**
 * Runs the JS/TS security lint (eslint-lint.ts) in a worker thread, so that a parallel
 * team really overlaps ESLint's CPU work with the other agents.
 *
 * Loading the worker: from the build, this module is `dist/.../lint-in-worker.js` and the
 * worker is its compiled sibling `lint-worker.js`. From source (vitest, tsx), this module's
 * URL ends in `.ts`; the worker is then `lint-worker.ts`, imported by a small bootstrap that
 * first registers tsx's ESM hooks (tsx is a dev dependency) so Node can run TypeScript in the
 * thread.
 * There is no in-thread fallback: if the worker cannot start, the lint fails and the
 * report says so.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ToolError } from '../../errors.js';
import type { Tier } from '../../types.js';
import type { LintInput, LintOutput } from './eslint-lint.js';
import type { LintWorkerReply, LintWorkerRequest } from './lint-worker.js';

/** How the worker is started: a compiled file, or (from source) a bootstrap that registers tsx first. */
export type LintWorkerEntry = { kind: 'file'; url: URL } | { kind: 'source'; url: URL; bootstrap: string };

/** URL of tsx's ESM api (`tsx/esm/api`, import condition), resolved from `moduleUrl`. */
function tsxEsmApiUrl(moduleUrl: string): string {
  const require = createRequire(moduleUrl);
  const manifestPath = require.resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    exports?: Record<string, { import?: { default?: string } } | string>;
  };
  const entry = manifest.exports?.['./esm/api'];
  const relative = typeof entry === 'object' ? entry.import?.default : undefined;
  if (!relative)
    throw new ToolError('tsx', 'tsx/esm/api has no ESM entry: cannot run the lint worker from source');
  return pathToFileURL(path.join(path.dirname(manifestPath), relative)).href;
}

/** How the worker is started from this module's location (exported for tests). */
export function lintWorkerEntry(moduleUrl: string = import.meta.url): LintWorkerEntry {
  if (moduleUrl.endsWith('.ts')) {
    const url = new URL('./lint-worker.ts', moduleUrl);
    const tsxApi = tsxEsmApiUrl(moduleUrl);
    // Node 20 does not apply `--import` loaders given in a worker's execArgv, so the thread
    // registers tsx's hooks itself before importing the TypeScript entry. A failure rejects
    // inside the thread, which ends it with an 'error' event (Node's default for unhandled rejections).
    const bootstrap =
      `(async () => { const { register } = await import(${JSON.stringify(tsxApi)}); register();` +
      ` await import(${JSON.stringify(url.href)}); })();`;
    return { kind: 'source', url, bootstrap };
  }
  return { kind: 'file', url: new URL('./lint-worker.js', moduleUrl) };
}

/**
 * Lints `files` in a new worker thread and resolves with its output. Aborting `signal`
 * terminates the worker.
 *
 * @throws ToolError when the worker cannot start, crashes, reports an error, or is aborted.
 * @example
 * const out = await lintInWorker('/repo', [{ path: 'a.js', text: 'eval(x)' }], 'CAPABLE');
 * out.threadId !== 0; // true: the lint ran off the main thread
 */
export async function lintInWorker(
  root: string,
  files: LintInput[],
  tier: Tier,
  signal?: AbortSignal,
): Promise<LintOutput> {
  const entry = lintWorkerEntry();
  const request: LintWorkerRequest = { root, files, tier };
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new ToolError('eslint', 'security lint aborted before it started'));
      return;
    }
    const worker =
      entry.kind === 'file'
        ? new Worker(entry.url, { workerData: request })
        : new Worker(entry.bootstrap, { eval: true, workerData: request });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      fn();
      void worker.terminate();
    };
    const onAbort = () => finish(() => reject(new ToolError('eslint', 'security lint aborted')));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (reply: LintWorkerReply) =>
      finish(() => (reply.ok ? resolve(reply.output) : reject(new ToolError('eslint', reply.error)))),
    );
    worker.once('error', (error: Error) =>
      finish(() =>
        reject(new ToolError('eslint', `security lint worker failed: ${error.message}`, { cause: error })),
      ),
    );
    worker.once('exit', (code) =>
      finish(() =>
        reject(new ToolError('eslint', `security lint worker exited (code ${code}) without a result`)),
      ),
    );
  });
}

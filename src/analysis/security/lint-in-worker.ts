/**
 * Runs the JS/TS security lint (eslint-lint.ts) in a worker thread, so that a parallel
 * team really overlaps ESLint's CPU work with the other agents.
 *
 * The worker is `lint-worker.js` beside this module in the build, `lint-worker.ts` (through tsx)
 * from source; it is started, reused and ended by the shared worker host (shared/worker-host.ts).
 * There is no in-thread fallback: if the worker cannot start, the lint fails and the
 * report says so.
 *
 * @module
 */
import { ToolError } from '../../errors.js';
import type { Tier } from '../../types.js';
import { runWorker, workerEntry } from '../shared/worker-host.js';
import type { LintInput, LintOutput } from './eslint-lint.js';
import type { LintWorkerRequest } from './lint-worker.js';

/**
 * Lints `files` in a worker thread and resolves with its output. Aborting `signal`
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
  if (signal?.aborted) throw new ToolError('eslint', 'security lint aborted before it started');
  const request: LintWorkerRequest = { root, files, tier };
  try {
    return await runWorker<LintOutput>(
      workerEntry(import.meta.url, './lint-worker'),
      request,
      signal,
      'eslint',
    );
  } catch (error) {
    if (signal?.aborted) throw new ToolError('eslint', 'security lint aborted', { cause: error });
    throw error;
  }
}

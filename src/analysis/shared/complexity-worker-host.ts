/**
 * Runs the complexity pass in a worker thread (see worker-host.ts for how workers are started
 * and reused).
 *
 * @module
 */
import type { ComplexityInput, FileMetrics } from './complexity-types.js';
import { runWorker, workerEntry } from './worker-host.js';

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
    workerEntry('analysis/shared/complexity-worker'),
    { inputs },
    signal,
    'complexity',
  );
}

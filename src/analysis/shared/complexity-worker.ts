/**
 * Worker-thread entry that measures complexity (started by {@link measureComplexityInWorker}).
 * Receives `{ inputs }` as `workerData`, posts one {@link WorkerReply}, then ends.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../../errors.js';
import { measureFiles } from './complexity.js';
import type { ComplexityInput } from './complexity-types.js';
import type { WorkerReply } from './complexity-worker-host.js';

const data = workerData as { inputs: ComplexityInput[] };
measureFiles(data.inputs).then(
  (result) => parentPort?.postMessage({ ok: true, result } satisfies WorkerReply<unknown>),
  (error: unknown) =>
    parentPort?.postMessage({ ok: false, error: errorMessage(error) } satisfies WorkerReply<unknown>),
);

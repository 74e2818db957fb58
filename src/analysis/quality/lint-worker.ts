/**
 * Worker-thread entry of the baseline lint pass (started by `runBaselineLint`). Receives a
 * {@link LintRequest} as `workerData`, posts one reply, then ends.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../../errors.js';
import type { WorkerReply } from '../shared/complexity-worker-host.js';
import { lintInThread } from './lint-runner.js';
import type { LintRequest, LintResult } from './lint-types.js';

lintInThread(workerData as LintRequest).then(
  (result) => parentPort?.postMessage({ ok: true, result } satisfies WorkerReply<LintResult>),
  (error: unknown) =>
    parentPort?.postMessage({ ok: false, error: errorMessage(error) } satisfies WorkerReply<LintResult>),
);

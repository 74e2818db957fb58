/**
 * Worker-thread entry of the baseline lint pass (started by `runBaselineLint`). Each request
 * is a {@link LintRequest}; the reply is its {@link LintResult}.
 *
 * @module
 */
import { serveWorkerRequests } from '../shared/worker-host.js';
import { lintInThread } from './lint-runner.js';
import type { LintRequest } from './lint-types.js';

serveWorkerRequests((request: LintRequest) => lintInThread(request));

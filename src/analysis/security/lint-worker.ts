/**
 * Entry of the JS/TS security lint worker thread (started by lint-in-worker.ts through the
 * shared worker host): each request is a {@link LintWorkerRequest}, the reply its
 * {@link LintOutput}. Compiled to `dist/analysis/security/lint-worker.js` by the build like
 * every other module.
 *
 * @module
 */
import type { Tier } from '../../types.js';
import { serveWorkerRequests } from '../shared/worker-host.js';
import { lintJsFiles, type LintInput, type LintOutput } from './eslint-lint.js';

/** The request a lint worker receives. */
export interface LintWorkerRequest {
  root: string;
  files: LintInput[];
  tier: Tier;
}

serveWorkerRequests((request: LintWorkerRequest): Promise<LintOutput> =>
  lintJsFiles(request.root, request.files, request.tier),
);

/**
 * Entry of the JS/TS security lint worker thread (started by lint-in-worker.ts through the
 * shared worker host): each request is a {@link LintWorkerRequest}, the reply its
 * {@link LintOutput}. Compiled to `dist/analysis/security/lint-worker.js` by the build like
 * every other module.
 *
 * @module
 */
import type { Tier } from '../../types.js';
import { lintJsFiles, type LintInput, type LintOutput } from './eslint-lint.js';

/** The request a lint worker receives. */
export interface LintWorkerRequest {
  root: string;
  files: LintInput[];
  tier: Tier;
}

/** Runs the security lint of `request`. */
export function handle(request: LintWorkerRequest): Promise<LintOutput> {
  return lintJsFiles(request.root, request.files, request.tier);
}

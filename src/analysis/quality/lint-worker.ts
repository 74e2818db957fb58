/**
 * Worker-thread entry of the baseline lint pass (started by `runBaselineLint`). Each request
 * is a {@link LintRequest}; the reply is its {@link LintResult}.
 *
 * @module
 */
import { lintInThread } from './lint-runner.js';
import type { LintRequest } from './lint-types.js';

/** Runs the baseline lint pass of `request`. */
export function handle(request: LintRequest) {
  return lintInThread(request);
}

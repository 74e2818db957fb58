/**
 * Worker job module of the quality analyser's Python rules (started by `runBaselineLint`).
 *
 * @module
 */
import { lintPythonFiles } from './lint-runner.js';
import type { LintInput, LintMessage } from './lint-types.js';

/** Runs our Python rules over `request.files`. */
export function handle(request: { files: LintInput[] }): Promise<LintMessage[]> {
  return lintPythonFiles(request.files);
}

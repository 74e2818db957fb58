/**
 * Worker job module of the shared ESLint pass (see eslint-pass.ts and eslint-plan.ts).
 *
 * @module
 */
import { runEslintPass, type EslintPassRequest, type EslintPassResult } from './eslint-pass.js';

/** Runs one ESLint pass. */
export function handle(request: EslintPassRequest): Promise<EslintPassResult> {
  return runEslintPass(request);
}

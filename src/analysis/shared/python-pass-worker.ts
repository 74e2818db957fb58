/**
 * Worker job module of the shared Python pass (see python-pass.ts and python-pass-plan.ts).
 *
 * @module
 */
import { runPythonPass, type PythonPassRequest, type PythonPassResult } from './python-pass.js';

/** Runs one Python pass. */
export function handle(request: PythonPassRequest): Promise<PythonPassResult> {
  return runPythonPass(request);
}

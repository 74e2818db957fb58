/**
 * How the candidates of a test-coverage run are run: JS/TS candidates as the project runs its
 * tests, pytest candidates with an interpreter that has coverage.py and pytest.
 *
 * @module
 */
import { findPythonWithCoverage } from '../../analysis/coverage/index.js';
import type { CandidateTestFile } from '../../testgen/types.js';
import type { RunnerSpec } from '../../testgen/validate/run-tests.js';

/** The runners of `candidates`' parts, and why one is missing. */
export async function runnersFor(
  candidates: readonly CandidateTestFile[],
  pythonCandidates: string[],
  signal: AbortSignal,
): Promise<{ runners: { js?: RunnerSpec; python?: RunnerSpec }; notes: string[] }> {
  const runners: { js?: RunnerSpec; python?: RunnerSpec } = {};
  const notes: string[] = [];
  const js = candidates.find((c) => c.runner !== 'pytest');
  // JS/TS candidates run as the project runs its tests (the test-runner library's plan).
  if (js) runners.js = { runner: js.runner };
  if (candidates.some((c) => c.runner === 'pytest')) {
    const { interpreter, tried } = await findPythonWithCoverage(pythonCandidates, { signal });
    if (interpreter) runners.python = { runner: 'pytest', python: interpreter.path };
    else notes.push(`no Python interpreter with coverage.py and pytest (${tried.join('; ')})`);
  }
  return { runners, notes };
}

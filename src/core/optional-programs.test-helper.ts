/**
 * The optional programs some tests need (Python with pytest and coverage.py, bandit, mypy,
 * bubblewrap), found the way a fresh machine would (on PATH), and the one line a skipped test
 * prints: what is missing and how to install it. `.ci/run` installs them all, so CI runs every
 * test.
 *
 * `EMPATHY_TEST_PYTHON` (a `:`-separated list of interpreters) replaces the Python candidates
 * the tests probe, e.g. to check what a machine without Debian's python3-pytest does:
 * `EMPATHY_TEST_PYTHON=$(command -v python3) npm test` with a python3 that has no pytest.
 *
 * @module
 */
import { defaultPythonCandidates, findPythonWithCoverage } from '../analysis/coverage/interpreter.js';
import { findExecutable } from './run-command.js';

/** How to install each optional program on Debian (what `.ci/run` does). */
export const INSTALL_HINTS = {
  python: 'apt-get install python3-pytest python3-coverage',
  bandit: 'apt-get install bandit',
  mypy: 'apt-get install mypy',
  bwrap: 'apt-get install bubblewrap',
} as const;

/** An optional program the tests know how to ask for. */
export type OptionalProgram = keyof typeof INSTALL_HINTS;

/** The Python interpreters the tests probe (see the module comment). */
export function testPythonCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const given = env['EMPATHY_TEST_PYTHON'];
  return given ? given.split(':').filter((p) => p !== '') : defaultPythonCandidates('/nonexistent');
}

/** The first test interpreter with pytest and coverage.py, or null with what each lacked. */
export const testPython = await findPythonWithCoverage(testPythonCandidates());

/** The path of `name` on PATH, or null. */
export function programOnPath(name: string): string | null {
  return findExecutable(name);
}

const announced = new Set<string>();

/**
 * The one line of a skipped test: `SKIPPED (<what> missing: <install hint>, .ci/run installs
 * it)`. Printed once per title on stderr; returned for the test's title.
 *
 * @example
 * describe.skipIf(!testPython.interpreter)(`pytest runs${skipNote(!testPython.interpreter, 'python', 'Python 3 with pytest and coverage.py')}`, ...)
 */
export function skipNote(skipped: boolean, program: OptionalProgram, what: string, detail?: string): string {
  if (!skipped) return '';
  const note = ` - SKIPPED (${what} missing${detail ? `: ${detail}` : ''}; install: ${INSTALL_HINTS[program]}, as .ci/run does)`;
  if (!announced.has(note)) {
    announced.add(note);
    process.stderr.write(`empathy tests:${note}\n`);
  }
  return note;
}

/**
 * Runs a Python project's tests with coverage.py: `python -m coverage run --source=<source dirs>
 * -m pytest -q <the indexed test files>` (no test files: an empty script, so every statement
 * counts as not covered), then `coverage json`, with the data file and report in a temporary directory and
 * no bytecode or pytest cache written into the repository.
 *
 * @module
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runContained } from '../../../core/sandbox/index.js';
import type { ProjectIndex } from '../../../project/types.js';
import { errorMessage } from '../../../errors.js';
import { findPythonWithCoverage } from '../interpreter.js';
import { sourceFilesOf } from '../measure.js';
import { isPythonTestModule } from '../paths.js';
import { readCoverageReport } from '../readers/index.js';
import type { RunnerOptions, RunOutcome } from './outcome.js';
import { readOnlyHint, runnerSandbox, runProblem, tail } from './outcome.js';

/**
 * The `--source` directories: every directory holding non-test Python files, or `.` when there
 * are top-level modules. Passing `--source` matters: without it coverage.py measures pytest
 * itself (TOOL-FACTS). Each file's own directory is listed because coverage.py looks for files
 * that never ran only inside packages (directories with `__init__.py`) below a source directory:
 * with `src/tools` as the source, an untested `src/tools/py/helper.py` would not be reported.
 */
export function pythonSourceDirs(index: ProjectIndex): string[] {
  const dirs = new Set<string>();
  for (const file of sourceFilesOf(index, 'python')) {
    const slash = file.path.lastIndexOf('/');
    if (slash < 0) return ['.'];
    dirs.add(file.path.slice(0, slash));
  }
  return [...dirs].sort();
}

/**
 * The project's Python test files (`test_*.py`, `*_test.py`) among the indexed files: pytest is
 * given exactly these, so it never collects what the index excludes (vendored code, fixtures).
 */
export function pythonTestFiles(index: ProjectIndex): string[] {
  return index.files
    .filter((f) => f.language === 'python' && isPythonTestModule(f.path))
    .map((f) => f.path)
    .sort();
}

/**
 * Runs pytest under coverage.py with the first interpreter that has both.
 *
 * @example
 * const outcome = await runPythonCoverage(index, ['/usr/bin/python3'], { timeoutMs: 300_000, tmpDir, branches: false });
 */
export async function runPythonCoverage(index: ProjectIndex, candidates: string[], options: RunnerOptions): Promise<RunOutcome> {
  const { interpreter, tried } = await findPythonWithCoverage(candidates, { signal: options.signal });
  if (!interpreter) {
    return {
      ok: false,
      tools: [],
      notMeasured: {
        what: 'coverage (Python)',
        reason: `no Python interpreter with both coverage.py and pytest (${tried.join('; ')})`,
        fix: 'install them (apt-get install python3-coverage python3-pytest, or pip install coverage pytest in the project .venv)',
      },
    };
  }
  const tools = [
    { name: 'coverage.py', version: interpreter.coverageVersion },
    { name: 'pytest', version: interpreter.pytestVersion },
    { name: 'python', version: interpreter.pythonVersion },
  ];
  const dataFile = path.join(options.tmpDir, '.coverage');
  const reportFile = path.join(options.tmpDir, 'coverage.json');
  const env = { COVERAGE_FILE: dataFile, PYTHONDONTWRITEBYTECODE: '1' };
  const sources = pythonSourceDirs(index);
  const tests = pythonTestFiles(index);
  const args = ['-m', 'coverage', 'run', ...(options.branches ? ['--branch'] : []), `--source=${sources.join(',')}`];
  if (tests.length > 0) args.push('-m', 'pytest', '-q', '-p', 'no:cacheprovider', ...tests);
  else {
    // No Python tests: coverage.py runs an empty script, so every statement is counted as not
    // covered (measured: 0 of N), instead of pytest collecting nothing and no report at all.
    const empty = path.join(options.tmpDir, 'no-python-tests.py');
    writeFileSync(empty, '');
    args.push(empty);
  }
  const display = `${interpreter.path} ${args.join(' ')}`;
  const sandbox = { cwd: index.root, ...(await runnerSandbox(index.root, options)), env, signal: options.signal };
  let run;
  try {
    run = await runContained(interpreter.path, args, { ...sandbox, timeoutMs: options.timeoutMs });
  } catch (error) {
    return { ok: false, tools, notMeasured: { what: 'coverage (Python)', reason: errorMessage(error) } };
  }
  const containment = run.containment;
  const problem = runProblem(run, display, options.timeoutMs);
  if (problem) return { ok: false, tools, containment, notMeasured: { ...problem, what: 'coverage (Python)' } };
  if (!existsSync(dataFile)) {
    return {
      ok: false,
      tools,
      containment,
      notMeasured: {
        what: 'coverage (Python)',
        reason: `pytest exited ${run.exitCode} without coverage data: ${tail(run.stdout + '\n' + run.stderr)}`,
        fix: readOnlyHint(run.stdout + run.stderr) ?? `run \`${display}\` in the project to see the error`,
      },
    };
  }
  const json = await runContained(interpreter.path, ['-m', 'coverage', 'json', '-o', reportFile], { ...sandbox, timeoutMs: 60_000 });
  if (json.exitCode !== 0 || !existsSync(reportFile)) {
    return {
      ok: false,
      tools,
      notMeasured: { what: 'coverage (Python)', reason: `coverage json failed: ${tail(json.stdout + '\n' + json.stderr)}` },
    };
  }
  try {
    const raw = await readCoverageReport(reportFile, 'coverage json output');
    // pytest exit 1 = some tests failed, 5 = no tests collected; coverage data is still valid.
    return {
      ok: true,
      raw,
      source: tests.length > 0 ? 'run:pytest' : 'run:coverage.py (no Python test files)',
      testsFailed: run.exitCode !== 0,
      v8Lines: false,
      tools,
      finishedAtMs: Date.now(),
      reportDir: index.root,
      command: display,
      containment,
    };
  } catch (error) {
    return { ok: false, tools, notMeasured: { what: 'coverage (Python)', reason: errorMessage(error) } };
  }
}

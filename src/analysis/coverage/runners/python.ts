/**
 * Runs a Python project's tests with coverage.py as its maintainers run them (`python-plan.ts`):
 * `python -m coverage run [--branch] [--source=<shipped sources>] -m pytest` with the project's
 * own configuration and no file list, or `-m unittest discover`; with no test file at all, an
 * empty script, so every statement counts as not covered ("no tests"). Then `coverage combine`
 * when the configuration writes parallel data, and the JSON report without the test files
 * (`python-report.ts`); the data file, report and
 * pytest cache live in a temporary directory, and no bytecode is written into the repository.
 * A run in which no test executed gives no figure (`python-result.ts`).
 *
 * @module
 */
import { existsSync, promises as fs, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runContained } from '../../../core/sandbox/index.js';
import type { ProjectIndex } from '../../../project/types.js';
import { errorMessage } from '../../../errors.js';
import { holdCores } from '../../shared/worker-host.js';
import { findPythonWithCoverage } from '../interpreter.js';
import type { CoverageTestRun } from '../types.js';
import { readCoverageReport } from '../readers/index.js';
import type { RunnerOptions, RunNothingToMeasure, RunOutcome } from './outcome.js';
import { followProgress, readOnlyHint, refusedWritesNote, runnerSandbox, runProblem, tail } from './outcome.js';
import { planForFiles, planPythonRun, type PythonRunPlan } from './python-plan.js';
import { probePythonProject } from './python-probe.js';
import { JSON_REPORT_SOURCE, reportOmissions } from './python-report.js';
import { judgePytest, judgeUnittest, type RunVerdict } from './python-result.js';
import { shlexJoin, unrecognizedArguments } from './pytest-options.js';

const WHAT = 'coverage (Python)';

/**
 * A minimal `<name>-<version>.dist-info/METADATA` under `dir` (what an editable install adds to
 * site-packages), so `importlib.metadata.version(name)` answers for a checkout that is not installed.
 * Returns `dir`, to put on PYTHONPATH (bench/python-by-hand.ts gives its by-hand run the same).
 *
 * @example
 * await writeDistInfo('/tmp/x/metadata', { name: 'click', version: '8.5.0.dev' }); // '/tmp/x/metadata'
 */
export async function writeDistInfo(dir: string, meta: { name: string; version: string }): Promise<string> {
  const info = path.join(dir, `${meta.name.replace(/[-.]+/g, '_')}-${meta.version.replace(/-/g, '_')}.dist-info`);
  await fs.mkdir(info, { recursive: true });
  await fs.writeFile(path.join(info, 'METADATA'), `Metadata-Version: 2.1\nName: ${meta.name}\nVersion: ${meta.version}\n`);
  return dir;
}

/** The plan's arguments without `words` (pytest said it does not know them); `addopts` is overridden without them too. */
function withoutWords(plan: PythonRunPlan, words: readonly string[]): string[] {
  const drop = new Set(words);
  const rest: string[] = [];
  for (let i = 2; i < plan.runArgs.length; i += 1) {
    const word = plan.runArgs[i]!;
    if (word === '-o' && plan.runArgs[i + 1]?.startsWith('addopts=')) {
      i += 1;
      continue;
    }
    if (!drop.has(word)) rest.push(word);
  }
  return [...plan.runArgs.slice(0, 2), '-o', `addopts=${shlexJoin(plan.addopts.filter((w) => !drop.has(w)))}`, ...rest];
}

/** What ran, for the report's `test_run`. */
function testRun(plan: PythonRunPlan, verdict: RunVerdict & { executed: true }, command: string, root: string, reported: number): CoverageTestRun {
  const c = verdict.counts;
  const configured = plan.measured.files.length === 0 && plan.measured.coverageArgs.length === 0;
  return {
    runner: plan.kind === 'no-tests' ? 'none' : plan.kind,
    command,
    cwd: root,
    tests: c ? { run: c.passed + c.failed + c.errors + c.xfailed + c.xpassed, passed: c.passed, failed: c.failed + c.errors, skipped: c.skipped } : plan.kind === 'no-tests' ? { run: 0, passed: 0, failed: 0, skipped: 0 } : { run: null, passed: null, failed: null, skipped: null },
    file_set: { rule: plan.measured.rule, count: configured ? reported : plan.measured.files.length, configured },
    neutralised: plan.removed.map((r) => ({ item: r.words.join(' '), reason: `${r.plugin}: ${r.reason}` })),
    skipped_steps: [],
    evidence: plan.evidence,
    built_output: null,
  };
}

/**
 * Runs the project's tests under coverage.py with the first interpreter that has coverage.py and
 * pytest, as planned by {@link planPythonRun}.
 *
 * @example
 * const outcome = await runPythonCoverage(index, ['/usr/bin/python3'], { timeoutMs: 300_000, tmpDir, branches: false });
 */
export async function runPythonCoverage(index: ProjectIndex, candidates: string[], options: RunnerOptions): Promise<RunOutcome | RunNothingToMeasure> {
  const { interpreter, tried } = await findPythonWithCoverage(candidates, { signal: options.signal });
  if (!interpreter) {
    return {
      ok: false,
      tools: [],
      notMeasured: {
        what: WHAT,
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
  let plan: PythonRunPlan;
  try {
    const facts = await probePythonProject(interpreter.path, index.root, { signal: options.signal });
    plan = await planPythonRun(index, facts, { cacheDir: path.join(options.tmpDir, 'pytest-cache') });
    if (options.files) plan = planForFiles(plan, options.files, path.join(options.tmpDir, 'pytest-cache'));
  } catch (error) {
    return { ok: false, tools, notMeasured: { what: WHAT, reason: errorMessage(error) } };
  }
  // No test and no shipped source (a JS project's release script, say), and no coverage.py
  // configuration choosing the files: nothing to measure (coverage.py would find no data).
  if (!options.files && plan.kind === 'no-tests' && plan.measured.files.length === 0 && plan.measured.coverageArgs.length > 0) {
    return { ok: false, nothingToMeasure: `no tests: no Python test file in the project, and no file in the measured set (${plan.measured.rule})`, tools };
  }
  const dataDir = path.join(options.tmpDir, 'data');
  await fs.mkdir(dataDir, { recursive: true });
  const dataFile = path.join(dataDir, '.coverage');
  const reportFile = path.join(options.tmpDir, 'coverage.json');
  // Unbuffered: the runner's progress lines arrive as it writes them (the same whether anyone follows them or not).
  const env: Record<string, string> = { COVERAGE_FILE: dataFile, PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1', ...plan.env };
  const notes = [...plan.notes];
  if (plan.metadata) {
    const metaDir = await writeDistInfo(path.join(options.tmpDir, 'metadata'), plan.metadata);
    env.PYTHONPATH = [env.PYTHONPATH, metaDir].filter(Boolean).join(path.delimiter);
    notes.push(`package metadata ${plan.metadata.name} ${plan.metadata.version} (from ${plan.metadata.file}) on PYTHONPATH, as an install would give it (importlib.metadata); nothing is installed`);
  }
  const coverageRun = ['-m', 'coverage', 'run', ...(options.branches ? ['--branch'] : []), ...plan.measured.coverageArgs];
  let runArgs = plan.runArgs;
  if (plan.kind === 'no-tests') {
    // No test at all: coverage.py runs an empty script, so every statement is counted as not covered (0 of N).
    const empty = path.join(options.tmpDir, 'no-python-tests.py');
    writeFileSync(empty, '');
    runArgs = [empty];
  }
  const sandbox = { cwd: index.root, ...(await runnerSandbox(index.root, options)), env, signal: options.signal };
  let display = '';
  let run;
  let verdict: RunVerdict;
  // pytest under coverage.py keeps one core busy: the analysis pool yields it while it runs.
  const cores = options.cores ?? holdCores(0);
  cores.set(1);
  try {
    for (let attempt = 0; ; attempt += 1) {
      // The run's temporary directory is shown as <tmp>, so the command reads the same on every run.
      display = `${interpreter.path} ${shlexJoin([...coverageRun, ...runArgs])}`.replaceAll(options.tmpDir, '<tmp>');
      await fs.rm(dataDir, { recursive: true, force: true });
      await fs.mkdir(dataDir, { recursive: true });
      run = await runContained(interpreter.path, [...coverageRun, ...runArgs], { ...sandbox, timeoutMs: options.timeoutMs, onOutput: followProgress(plan.kind, options.onProgress) });
      const output = `${run.stdout}\n${run.stderr}`;
      const unknown = plan.kind === 'pytest' && run.exitCode === 4 ? unrecognizedArguments(output) : null;
      if (unknown && attempt === 0) {
        notes.push(`neutralised ${unknown.join(' ')}: pytest here does not recognise them (a plugin is missing)`);
        runArgs = withoutWords(plan, unknown);
        continue;
      }
      verdict =
        plan.kind === 'pytest'
          ? judgePytest(run.exitCode, output)
          : plan.kind === 'unittest'
            ? judgeUnittest(run.exitCode, output)
            : run.exitCode === 0
              ? { executed: true, counts: null, testsFailed: false, summary: 'no tests' }
              : { executed: false, reason: `coverage.py could not run: ${tail(output)}` };
      break;
    }
  } catch (error) {
    return { ok: false, tools, notMeasured: { what: WHAT, reason: errorMessage(error) } };
  } finally {
    cores.release();
  }
  const containment = run.containment;
  const problem = runProblem(run, display, options.timeoutMs);
  if (problem) return { ok: false, tools, containment, notMeasured: { ...problem, what: WHAT } };
  if (!verdict.executed) {
    const output = run.stdout + run.stderr;
    return {
      ok: false,
      tools,
      containment,
      notMeasured: { what: WHAT, reason: `${verdict.reason} (command: ${display})`, fix: readOnlyHint(output) ?? `run \`${display}\` in the project to see the error` },
    };
  }
  const refused = refusedWritesNote(verdict.testsFailed, run.stdout + run.stderr);
  if (refused) notes.push(refused);
  const parallel = (await fs.readdir(dataDir)).some((f) => f.startsWith('.coverage.'));
  if (!existsSync(dataFile) && parallel) {
    await runContained(interpreter.path, ['-m', 'coverage', 'combine'], { ...sandbox, timeoutMs: 60_000 });
    notes.push('coverage combine: the configuration writes parallel data files');
  }
  if (!existsSync(dataFile)) {
    return {
      ok: false,
      tools,
      containment,
      notMeasured: { what: WHAT, reason: `the run exited ${run.exitCode} without coverage data: ${tail(run.stdout + '\n' + run.stderr)}`, fix: `run \`${display}\` in the project to see the error` },
    };
  }
  // `coverage json` through coverage.py's API, the test files left out (python-report.ts).
  const json = await runContained(interpreter.path, ['-c', JSON_REPORT_SOURCE, reportFile], { ...sandbox, timeoutMs: 60_000, input: reportOmissions(index).join('\n') });
  if (json.exitCode !== 0 || !existsSync(reportFile)) {
    return { ok: false, tools, notMeasured: { what: WHAT, reason: `coverage json failed: ${tail(json.stdout + '\n' + json.stderr)}` } };
  }
  try {
    const raw = await readCoverageReport(reportFile, 'coverage json output');
    const ran = plan.kind === 'no-tests' ? 'no tests: every statement of the measured files counted as not covered' : `${plan.kind}: ${verdict.summary}`;
    return {
      ok: true,
      raw,
      source: plan.kind === 'no-tests' ? 'run:coverage.py (no Python test files)' : `run:${plan.kind}`,
      testsFailed: verdict.testsFailed,
      v8Lines: false,
      tools,
      finishedAtMs: Date.now(),
      reportDir: index.root,
      command: display,
      containment,
      notes: [`${ran} (${display})`, ...notes, ...raw.notes],
      // The shipped sources filter the data; with the project's own coverage configuration, coverage.py decides.
      ...(plan.measured.files.length > 0 ? { measuredSet: plan.measured.files } : { expectedFiles: [] }),
      run: testRun(plan, verdict, display, index.root, raw.files.length),
      ...(plan.kind === 'no-tests' ? { noTests: true } : {}),
    };
  } catch (error) {
    return { ok: false, tools, notMeasured: { what: WHAT, reason: errorMessage(error) } };
  }
}

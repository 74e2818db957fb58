/**
 * Runs a JavaScript/TypeScript project's own tests with coverage, as planned by the test-runner
 * library (`planJsTestRun`: the test-runner step of the project's script with its own
 * arguments, minus what this environment cannot honour), contained, every output file in a
 * temporary directory outside the repository:
 * - vitest and jest: their own coverage options (istanbul JSON), the project's thresholds off;
 * - every other runner (node:test, mocha, ava, tap, any test command): under
 *   `NODE_V8_COVERAGE`, converted by c8 (the project's, else ours; source maps followed, so
 *   TypeScript run through a loader and tests of built output map back to the sources), or by
 *   our V8 reader when no c8 is at hand.
 *
 * Honest outcomes: a run in which no test executed (a usage error, `node: bad option`, a crash,
 * "no tests found") is not measured, with the runner's first useful error lines and the command;
 * a project with sources and truly no test file is measured as 0 % of its file set ("no tests").
 * Failing tests still give coverage, flagged `testsFailed`.
 *
 * @module
 */
import path from 'node:path';
import { errorMessage } from '../../../errors.js';
import { runContained } from '../../../core/sandbox/index.js';
import type { ProjectIndex } from '../../../project/types.js';
import type { ToolUsed } from '../../types.js';
import { collectCoverage, firstErrorLines, isPlan, parseTestCounts, planJsTestRun } from '../../test-runner/index.js';
import type { JsTestPlan, MeasuredFileSet, TestCounts } from '../../test-runner/index.js';
import { packageVersion } from '../../test-runner/environment.js';
import { indexTestFiles } from '../../test-runner/evidence.js';
import type { RawCoverage } from '../model.js';
import type { CoverageTestRun } from '../types.js';
import { holdCores } from '../../shared/worker-host.js';
import type { RunnerOptions, RunNothingToMeasure, RunOutcome } from './outcome.js';
import { followProgress, readOnlyHint, refusedWritesNote, runnerSandbox, runProblem } from './outcome.js';
import { jsRunWorkers } from './run-workers.js';
import { namesJestCache, runnerCacheFor } from './runner-cache.js';

const WHAT = 'coverage (JS/TS)';
/** How runners say there is nothing to run (jest, vitest, mocha, ava, node:test with no file). */
const NO_TESTS = /\bNo tests? (?:files )?found\b|Couldn.t find any files to test|No test files found|^# tests 0$/im;

/** The report's account of a run (snake_case, as serialised). */
export function testRunFigures(plan: JsTestPlan, tests: TestCounts): CoverageTestRun {
  return {
    runner: plan.runner,
    command: plan.display,
    cwd: plan.cwd,
    tests,
    file_set: { rule: plan.fileSet.rule, count: plan.fileSet.files.length, configured: plan.fileSet.configured },
    neutralised: plan.neutralised,
    skipped_steps: plan.skippedSteps,
    evidence: plan.evidence,
    built_output: plan.builtOutput ? `${plan.builtOutput.dir}/${plan.builtOutput.sourceMaps ? ' (source maps followed)' : ' (no source maps)'}` : null,
  };
}

/** One line per fact of the run, for `notes`. */
function runNotes(run: CoverageTestRun): string[] {
  const t = run.tests;
  const counts = t.run === null ? 'test counts not reported by the runner' : `${t.run} tests run, ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`;
  return [
    `ran ${run.command}${run.cwd ? ` (in ${run.cwd})` : ''}: ${counts}`,
    `measured file set: ${run.file_set.count} file(s), ${run.file_set.rule}`,
    ...run.neutralised.map((n) => `neutralised ${n.item}: ${n.reason}`),
    ...run.skipped_steps.map((s) => `not run (not the tests): ${s}`),
    ...(run.built_output ? [`the tests load built output ${run.built_output}`] : []),
  ];
}

function noTestsOutcome(index: ProjectIndex, fileSet: MeasuredFileSet, reason: string): RunOutcome {
  const raw: RawCoverage = { format: 'lcov', files: [], sourceRoots: [], generator: null, notes: [] };
  const run: CoverageTestRun = { runner: 'none', command: '(none)', cwd: index.root, tests: { run: 0, passed: 0, failed: 0, skipped: 0 }, file_set: { rule: fileSet.rule, count: fileSet.files.length, configured: fileSet.configured }, neutralised: [], skipped_steps: [], evidence: [], built_output: null };
  return {
    ok: true, raw, source: 'run:none', testsFailed: false, v8Lines: true, tools: [], finishedAtMs: Date.now(), reportDir: index.root,
    command: '(no test run)', notes: [`no tests: ${reason}; every line of the ${fileSet.files.length} measured file(s) counts as uncovered (${fileSet.rule})`], measuredSet: fileSet.files, run, noTests: true,
  };
}

/**
 * Runs the project's JS/TS tests with coverage.
 *
 * @example
 * const outcome = await runJsCoverage(index, { timeoutMs: 300_000, tmpDir: await makeTempDir(), branches: false });
 * if (outcome.ok) outcome.raw.files.length;
 */
export async function runJsCoverage(index: ProjectIndex, options: RunnerOptions): Promise<RunOutcome | RunNothingToMeasure> {
  const planned = await planJsTestRun(index, { outDir: options.tmpDir });
  if (!isPlan(planned)) {
    if (planned.noTests && planned.fileSet) {
      if (planned.fileSet.files.length > 0) return noTestsOutcome(index, planned.fileSet, planned.reason);
      return { ok: false, nothingToMeasure: `${planned.reason}, and no file in the measured set (${planned.fileSet.rule})`, tools: [] };
    }
    return { ok: false, tools: [], notMeasured: { what: WHAT, reason: planned.reason, ...(planned.fix ? { fix: planned.fix } : {}) } };
  }
  const runnerName = planned.runner === 'script' ? path.basename(planned.command) : planned.runner;
  const tools: ToolUsed[] = [planned.runner === 'node:test' ? { name: 'node:test', version: process.versions.node } : { name: runnerName, version: await packageVersion(runnerName, planned.cwd) }];
  const workers = jsRunWorkers(planned.runner, planned.args, tools[0]!.version);
  // The run's temporary directory is shown as <tmp>, so the command reads the same on every run.
  const plan: JsTestPlan = { ...planned, args: [...planned.args, ...workers.args], display: [planned.display, ...workers.args].join(' ').replaceAll(options.tmpDir, '<tmp>') };
  if (plan.builtOutput && !plan.builtOutput.exists) {
    return { ok: false, tools, notMeasured: { what: WHAT, reason: `the tests load built output ${plan.builtOutput.dir}/, which is not built (the analyser never builds into your repository)`, fix: 'run the build (e.g. npm run build) first, then measure again' } };
  }
  const sandbox = await runnerSandbox(index.root, options);
  // jest's transform cache, kept across runs in the project's own cache directory (runner-cache.ts);
  // left out of the command shown, which reads the same with or without it (so do the figures).
  const runnerCache = plan.runner === 'jest' && options.runnerCacheBase !== undefined && !namesJestCache(plan.args) ? await runnerCacheFor(options.runnerCacheBase, 'jest', index.root, options.timeoutMs) : null;
  const args = runnerCache ? [...plan.args, `--cacheDirectory=${runnerCache.dir}`] : plan.args;
  // The run's workers share the cores with our analysis pool: the pool yields them while it runs.
  const cores = options.cores ?? holdCores(0);
  cores.set(workers.cores);
  let run;
  try {
    run = await runContained(plan.command, args, { cwd: plan.cwd, ...sandbox, writable: [...sandbox.writable, ...(runnerCache ? [runnerCache.dir] : [])], env: plan.env, timeoutMs: options.timeoutMs, signal: options.signal, onOutput: followProgress(plan.runner, options.onProgress) });
  } catch (error) {
    return { ok: false, tools, notMeasured: { what: WHAT, reason: errorMessage(error) } };
  } finally {
    cores.release();
    await runnerCache?.release();
  }
  const containment = run.containment;
  const problem = runProblem(run, plan.display, options.timeoutMs);
  if (problem) return { ok: false, tools, containment, notMeasured: { ...problem, what: WHAT } };
  const output = `${run.stdout}\n${run.stderr}`;
  const tests = parseTestCounts(plan.runner, output);
  // No test executed: never a figure, not even 0; unless the project truly has no test file and
  // the runner says it found none (then every line of the file set is uncovered: "no tests").
  const noneFound = NO_TESTS.test(output) && !(plan.testFiles?.length) && indexTestFiles(index).length === 0;
  if (noneFound && (tests.run ?? 0) === 0 && plan.fileSet.files.length > 0) return noTestsOutcome(index, plan.fileSet, `${plan.runner} found no test file (${firstErrorLines(output, 1)})`);
  if (tests.run === 0 || (tests.run === null && run.exitCode !== 0)) {
    return {
      ok: false, tools, containment,
      notMeasured: {
        what: WHAT,
        reason: `no test executed (exit ${run.exitCode}): ${firstErrorLines(output) || 'no output'}; command: ${plan.display}`,
        fix: readOnlyHint(output) ?? `run \`${plan.display}\` in ${plan.cwd} to see the error`,
      },
    };
  }
  const figures = testRunFigures(plan, tests);
  const testsFailed = run.exitCode !== 0 || (tests.failed ?? 0) > 0;
  const refused = refusedWritesNote(testsFailed, output);
  const base = {
    source: `run:${plan.runner === 'script' ? path.basename(plan.command) : plan.runner}`,
    testsFailed,
    tools, finishedAtMs: Date.now(), reportDir: plan.cwd, command: plan.display, containment,
    notes: [...runNotes(figures), ...(refused ? [refused] : [])], measuredSet: plan.fileSet.files, run: figures,
  };
  const noData = { ok: false as const, tools, containment, notMeasured: { what: WHAT, reason: `${plan.runner} exited ${run.exitCode} without coverage data: ${firstErrorLines(output)}`, fix: readOnlyHint(output) ?? `run \`${plan.display}\` in the project to see the error` } };
  try {
    const data = await collectCoverage(plan, { tmpDir: options.tmpDir, sandbox, timeoutMs: options.timeoutMs, signal: options.signal, root: index.root });
    if (!data) return noData;
    if (data.tool) tools.push(data.tool);
    return { ok: true, raw: data.raw, v8Lines: plan.coverage.kind === 'v8', ...base };
  } catch (error) {
    return { ok: false, tools, notMeasured: { what: WHAT, reason: errorMessage(error) } };
  }
}

/**
 * Runs a project's tests (all of them, or given files) in a scratch copy with the project's
 * own runner, optionally with coverage, under a deadline and a memory limit, contained (the
 * scratch copy and the run's output directory are the only writable places under bubblewrap;
 * the environment is scrubbed). Coverage comes back as covered lines per source file (index
 * paths), for the "strictly raises coverage" check.
 *
 * @module
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { RunCommandResult } from '../../core/run-command.js';
import { runContained } from '../../core/sandbox/index.js';
import { mapCoverage } from '../../analysis/coverage/measure.js';
import { runPythonCoverage } from '../../analysis/coverage/runners/python.js';
import type { RawCoverage } from '../../analysis/coverage/model.js';
import {
  collectCoverage,
  failingTestNames,
  isPlan,
  parseTestCounts,
  planJsTestRun,
  type JsTestPlan,
} from '../../analysis/test-runner/index.js';
import type { ProjectIndex } from '../../project/types.js';
import type { TestRunnerKind } from '../types.js';

/** How to run the project's tests. */
export interface RunnerSpec {
  runner: TestRunnerKind;
  /** pytest: the interpreter with coverage.py and pytest. */
  python?: string;
}

/** Options of one run. */
export interface RunTestsOptions {
  coverage: boolean;
  /** A private temporary directory for coverage output. */
  tmpDir: string;
  timeoutMs: number;
  memoryMb: number;
  signal: AbortSignal;
}

/** What one run did. */
export interface TestRunResult {
  passed: boolean;
  timedOut: boolean;
  /** Last lines of the output (for rejection details). */
  output: string;
  /** Covered line numbers per source file (relative), when coverage was asked and produced. */
  covered: Map<string, Set<number>> | null;
  /** Failing tests, from the runner's summary (null when it did not say). */
  failed: number | null;
  /** Names of failing tests found in the whole output (at most 10; empty when none could be read). */
  failedTests: string[];
  command: string;
}

let runs = 0;

function tail(r: RunCommandResult, lines = 12): string {
  return `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-lines).join('\n');
}

function coveredOf(raw: RawCoverage, index: ProjectIndex, part: 'js' | 'python'): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const file of mapCoverage(raw, index, part, { reportDir: index.root }).files) {
    const set = new Set<number>();
    for (const [line, hits] of file.lines ?? []) if (hits > 0) set.add(line);
    out.set(file.path, set);
  }
  return out;
}

/** Runs a plan of the test-runner library (JS/TS): passed only when tests executed and none failed. */
async function runPlanned(
  index: ProjectIndex,
  plan: JsTestPlan,
  out: string,
  options: RunTestsOptions,
): Promise<TestRunResult> {
  const sandbox = { scratch: path.join(out, 'home'), writable: [index.root, out] };
  const memory = `--max-old-space-size=${options.memoryMb}`;
  const env = {
    ...plan.env,
    NODE_OPTIONS: plan.env['NODE_OPTIONS'] ? `${plan.env['NODE_OPTIONS']} ${memory}` : memory,
  };
  const run = await runContained(plan.command, plan.args, {
    cwd: plan.cwd,
    ...sandbox,
    env,
    signal: options.signal,
    timeoutMs: options.timeoutMs,
    maxOutputBytes: 1024 * 1024,
  });
  const counts = parseTestCounts(plan.runner, `${run.stdout}\n${run.stderr}`);
  const passed =
    run.exitCode === 0 && !run.timedOut && !run.aborted && counts.run !== 0 && (counts.failed ?? 0) === 0;
  let covered: Map<string, Set<number>> | null = null;
  try {
    const data = await collectCoverage(plan, {
      tmpDir: out,
      sandbox,
      timeoutMs: 60_000,
      signal: options.signal,
      root: index.root,
    });
    if (data) covered = coveredOf(data.raw, index, 'js');
  } catch {
    covered = null;
  }
  await fs.rm(out, { recursive: true, force: true }).catch(() => undefined);
  return {
    passed,
    timedOut: run.timedOut,
    output: tail(run),
    covered,
    failed: counts.failed,
    failedTests: failingTestNames(`${run.stdout}\n${run.stderr}`),
    command: plan.display,
  };
}

/** A run of node's own test runner on `files`, for a project with no test runner of its own (nothing planned). */
function nodeTestPlan(index: ProjectIndex, files: string[], out: string, coverage: boolean): JsTestPlan {
  const v8Dir = coverage ? path.join(out, 'v8') : null;
  return {
    runner: 'node:test',
    cwd: index.root,
    command: process.execPath,
    args: ['--test', ...files],
    env: v8Dir ? { NODE_V8_COVERAGE: v8Dir } : {},
    display: `node --test ${files.join(' ')}`,
    coverage: { kind: 'v8', v8Dir, c8: null },
    neutralised: [],
    skippedSteps: [],
    builtOutput: null,
    evidence: ['the project has no test runner: node --test'],
    fileSet: { rule: 'every source file', include: [], exclude: [], files: [], configured: false },
    testFiles: files,
  };
}

/** A Python run through the coverage analyser's own plan (`runPythonCoverage`): the same figure, for `files` only. */
async function runPython(
  index: ProjectIndex,
  spec: RunnerSpec,
  files: string[] | null,
  out: string,
  options: RunTestsOptions,
): Promise<TestRunResult> {
  const python = spec.python ?? 'python3';
  const r = await runPythonCoverage(index, [python], {
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    tmpDir: out,
    branches: false,
    writableProject: true,
    ...(files ? { files } : {}),
  });
  await fs.rm(out, { recursive: true, force: true }).catch(() => undefined);
  if (!r.ok) {
    const failure: { reason: string; fix?: string } = 'nothingToMeasure' in r ? { reason: r.nothingToMeasure } : r.notMeasured;
    const reason = `${failure.reason}${failure.fix ? ` (${failure.fix})` : ''}`;
    return {
      passed: false,
      timedOut: /timed out/.test(failure.reason),
      output: reason,
      covered: null,
      failed: null,
      failedTests: [],
      command: /\(command: (.*)\)$/.exec(failure.reason)?.[1] ?? python,
    };
  }
  return {
    passed: !r.testsFailed,
    timedOut: false,
    output: (r.notes ?? []).slice(0, 3).join('\n'),
    covered: coveredOf(r.raw, index, 'python'),
    failed: r.run?.tests.failed ?? null,
    failedTests: [],
    command: r.command,
  };
}

/**
 * Runs the tests of `index` (a scratch copy): `files` alone, or the whole suite when null, as the
 * coverage analyser runs them: JS/TS through the test-runner library's plan (the project's runner,
 * its arguments and config), Python through the analyser's Python plan (rootdir, testpaths,
 * options it cannot honour neutralised, src/ on PYTHONPATH, parallel data combined). Only a
 * project without any test runner gets a plain `node --test` run.
 *
 * @example
 * const r = await runTests(index, { runner: 'vitest' }, ['test/a.generated.test.ts'], { coverage: true, tmpDir, timeoutMs: 60_000, memoryMb: 2048, signal });
 */
export async function runTests(
  index: ProjectIndex,
  spec: RunnerSpec,
  files: string[] | null,
  options: RunTestsOptions,
): Promise<TestRunResult> {
  runs += 1;
  const out = path.join(options.tmpDir, `run-${runs}`);
  await fs.mkdir(path.join(out, 'home'), { recursive: true });
  if (spec.runner === 'pytest') return runPython(index, spec, files, out, options);
  const plan = await planJsTestRun(index, {
    ...(options.coverage ? { outDir: out } : {}),
    ...(files ? { files } : {}),
  });
  if (isPlan(plan)) return runPlanned(index, plan, out, options);
  if (spec.runner === 'node:test' && files && plan.noTests)
    return runPlanned(index, nodeTestPlan(index, files, out, options.coverage), out, options);
  await fs.rm(out, { recursive: true, force: true }).catch(() => undefined);
  return {
    passed: false,
    timedOut: false,
    output: `no test run: ${plan.reason}${plan.fix ? ` (${plan.fix})` : ''}`,
    covered: null,
    failed: null,
    failedTests: [],
    command: '(none)',
  };
}

/**
 * Runs a project's tests (all of them, or given files) in a scratch copy with the project's
 * own runner, optionally with coverage, under a deadline and a memory limit, contained (the
 * scratch copy and the run's output directory are the only writable places under bubblewrap;
 * the environment is scrubbed). Coverage comes back as covered lines per source file (index
 * paths), for the "strictly raises coverage" check.
 *
 * @module
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type { RunCommandResult } from '../../core/run-command.js';
import { runContained } from '../../core/sandbox/index.js';
import { mapCoverage } from '../../analysis/coverage/measure.js';
import { readCoverageReport } from '../../analysis/coverage/readers/index.js';
import { jsIncludeGlobs } from '../../analysis/coverage/runners/js.js';
import { pythonSourceDirs } from '../../analysis/coverage/runners/python.js';
import { readV8CoverageDir } from '../../analysis/coverage/v8-coverage.js';
import type { RawCoverage } from '../../analysis/coverage/model.js';
import { collectCoverage, isPlan, parseTestCounts, planJsTestRun, type JsTestPlan } from '../../analysis/test-runner/index.js';
import type { ProjectIndex } from '../../project/types.js';
import type { TestRunnerKind } from '../types.js';

/** How to run the project's tests. */
export interface RunnerSpec {
  runner: TestRunnerKind;
  /** node:test: the arguments of the project's `node --test ...` script. */
  nodeTestArgs?: string[];
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

/** Python bootstrap: caps the address space (memory limit), then runs `module` as `python -m module`. */
function pyBoot(module: 'coverage' | 'pytest'): string {
  return (
    'import resource, runpy, sys\n' +
    'limit = int(sys.argv[1]) * 1024 * 1024\n' +
    'try:\n    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))\nexcept (ValueError, OSError):\n    pass\n' +
    `sys.argv = ['${module}'] + sys.argv[2:]\n` +
    `runpy.run_module('${module}', run_name='__main__', alter_sys=True)\n`
  );
}

/** Runs a plan of the test-runner library (JS/TS): passed only when tests executed and none failed. */
async function runPlanned(index: ProjectIndex, plan: JsTestPlan, out: string, options: RunTestsOptions): Promise<TestRunResult> {
  const sandbox = { scratch: path.join(out, 'home'), writable: [index.root, out] };
  const memory = `--max-old-space-size=${options.memoryMb}`;
  const env = { ...plan.env, NODE_OPTIONS: plan.env['NODE_OPTIONS'] ? `${plan.env['NODE_OPTIONS']} ${memory}` : memory };
  const run = await runContained(plan.command, plan.args, { cwd: plan.cwd, ...sandbox, env, signal: options.signal, timeoutMs: options.timeoutMs, maxOutputBytes: 1024 * 1024 });
  const counts = parseTestCounts(plan.runner, `${run.stdout}\n${run.stderr}`);
  const passed = run.exitCode === 0 && !run.timedOut && !run.aborted && counts.run !== 0 && (counts.failed ?? 0) === 0;
  let covered: Map<string, Set<number>> | null = null;
  try {
    const data = await collectCoverage(plan, { tmpDir: out, sandbox, timeoutMs: 60_000, signal: options.signal, root: index.root });
    if (data) covered = coveredOf(data.raw, index, 'js');
  } catch {
    covered = null;
  }
  await fs.rm(out, { recursive: true, force: true }).catch(() => undefined);
  return { passed, timedOut: run.timedOut, output: tail(run), covered, command: plan.display };
}

/**
 * Runs the tests of `index` (a scratch copy): `files` alone, or the whole suite when null.
 *
 * @example
 * const r = await runTests(index, { runner: 'vitest' }, ['test/a.generated.test.ts'], { coverage: true, tmpDir, timeoutMs: 60_000, memoryMb: 2048, signal });
 */
export async function runTests(index: ProjectIndex, spec: RunnerSpec, files: string[] | null, options: RunTestsOptions): Promise<TestRunResult> {
  runs += 1;
  const root = index.root;
  const out = path.join(options.tmpDir, `run-${runs}`);
  const home = path.join(out, 'home');
  await fs.mkdir(home, { recursive: true });
  if (spec.runner !== 'pytest') {
    // The project's own run, planned by the test-runner library (its flags, loaders, config).
    const plan = await planJsTestRun(index, { ...(options.coverage ? { outDir: out } : {}), ...(files ? { files } : {}) });
    if (isPlan(plan) && plan.runner === spec.runner) return runPlanned(index, plan, out, options);
  }
  const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
  const env: Record<string, string | undefined> = { NODE_OPTIONS: `--max-old-space-size=${options.memoryMb}`, FORCE_COLOR: '0' };
  let command: string;
  let args: string[];
  let report: { kind: 'file'; file: string } | { kind: 'v8'; dir: string } | null = null;
  const part: 'js' | 'python' = spec.runner === 'pytest' ? 'python' : 'js';
  switch (spec.runner) {
    case 'vitest': {
      command = bin('vitest');
      args = ['run', ...(files ?? [])];
      if (options.coverage) {
        const provider = existsSync(path.join(root, 'node_modules', '@vitest', 'coverage-v8')) ? 'v8' : 'istanbul';
        const dir = path.join(out, 'vitest');
        args.push('--coverage.enabled=true', `--coverage.provider=${provider}`, '--coverage.reporter=json', `--coverage.reportsDirectory=${dir}`);
        for (const glob of jsIncludeGlobs(index)) args.push(`--coverage.include=${glob}`);
        report = { kind: 'file', file: path.join(dir, 'coverage-final.json') };
      }
      break;
    }
    case 'jest': {
      command = bin('jest');
      args = ['--ci', '--watchAll=false', ...(files ? ['--runTestsByPath', ...files] : [])];
      if (options.coverage) {
        const dir = path.join(out, 'jest');
        args.push('--coverage', '--coverageReporters=json', `--coverageDirectory=${dir}`);
        for (const glob of jsIncludeGlobs(index)) args.push(`--collectCoverageFrom=${glob}`);
        report = { kind: 'file', file: path.join(dir, 'coverage-final.json') };
      }
      break;
    }
    case 'mocha':
    case 'node:test': {
      command = spec.runner === 'mocha' ? bin('mocha') : process.execPath;
      args = spec.runner === 'mocha' ? [...(files ?? [])] : ['--test', ...(files ?? spec.nodeTestArgs ?? [])];
      if (options.coverage) {
        const dir = path.join(out, 'v8');
        env['NODE_V8_COVERAGE'] = dir;
        report = { kind: 'v8', dir };
      }
      break;
    }
    case 'pytest': {
      command = spec.python ?? 'python3';
      const data = path.join(out, '.coverage');
      env['COVERAGE_FILE'] = data;
      env['PYTHONDONTWRITEBYTECODE'] = '1';
      // src layout: the package imports from src/ as an install would (what the coverage analyser's Python plan does).
      if (pythonSourceDirs(index).some((d) => d === 'src' || d.startsWith('src/'))) env['PYTHONPATH'] = path.join(root, 'src');
      const pytest = ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', ...(files ?? [])];
      args = options.coverage
        ? ['-c', pyBoot('coverage'), String(options.memoryMb), 'run', `--source=${pythonSourceDirs(index).join(',')}`, ...pytest]
        : ['-c', pyBoot('pytest'), String(options.memoryMb), ...pytest.slice(2)];
      if (options.coverage) report = { kind: 'file', file: path.join(out, 'coverage.json') };
      break;
    }
  }
  const display = `${command} ${args.join(' ')}`;
  const contained = { cwd: root, scratch: home, writable: [root, out], env, signal: options.signal };
  const run = await runContained(command, args, { ...contained, timeoutMs: options.timeoutMs, maxOutputBytes: 1024 * 1024 });
  const passed = run.exitCode === 0 && !run.timedOut && !run.aborted;
  let covered: Map<string, Set<number>> | null = null;
  try {
    if (report?.kind === 'file' && spec.runner === 'pytest' && existsSync(path.join(out, '.coverage'))) {
      await runContained(command, ['-m', 'coverage', 'json', '-o', report.file], { ...contained, timeoutMs: 60_000 });
    }
    if (report?.kind === 'file' && existsSync(report.file)) covered = coveredOf(await readCoverageReport(report.file, `${spec.runner} coverage`), index, part);
    if (report?.kind === 'v8' && existsSync(report.dir)) covered = coveredOf(await readV8CoverageDir(report.dir, root), index, part);
  } catch {
    covered = null;
  }
  await fs.rm(out, { recursive: true, force: true }).catch(() => undefined);
  return { passed, timedOut: run.timedOut, output: tail(run), covered, command: display };
}

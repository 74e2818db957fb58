/**
 * Runs a JavaScript/TypeScript project's own tests with coverage, every output file in a
 * temporary directory outside the repository:
 * - vitest: `vitest run --no-cache --coverage.enabled --coverage.reporter=json --coverage.reportsDirectory=<tmp>`
 *   (needs @vitest/coverage-v8 or -istanbul installed in the project), `--coverage.include` for
 *   every source directory so files no test loads count too;
 * - jest: `jest --coverage --coverageReporters=json --coverageDirectory=<tmp> --collectCoverageFrom=...`
 *   with the project's own transform and coverage provider (babel/istanbul by default; with
 *   `coverageProvider: 'v8'` the data lists every line and gets the V8 line rules, see `fromRun`);
 * - node:test: `node --test --experimental-test-coverage --test-reporter=lcov` (Node >= 20.11);
 * - mocha: through the project's c8 when installed, else under `NODE_V8_COVERAGE`;
 * - any other test script: `npm test` under `NODE_V8_COVERAGE`.
 *
 * Failing tests: every runner still writes its coverage data (vitest because of
 * `reportOnFailure`; jest, c8 and `NODE_V8_COVERAGE` do so by themselves), and a non-zero exit
 * becomes `testsFailed` (the `coverage/failing-tests` finding, figures from that run). So that a
 * non-zero exit means failing tests, the project's own coverage thresholds are switched off (jest
 * `coverageThreshold`, c8 `check-coverage`): they would fail a run whose tests all passed. A
 * runner that says it found no test file ("No tests found", "No test files found") gives "not
 * measured" with that reason, even when c8 wrote an empty report.
 *
 * @module
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { errorMessage } from '../../../errors.js';
import { findExecutable } from '../../../core/run-command.js';
import { runContained } from '../../../core/sandbox/index.js';
import type { ProjectIndex } from '../../../project/types.js';
import type { ToolUsed } from '../../types.js';
import { sourceFilesOf } from '../measure.js';
import { readCoverageReport } from '../readers/index.js';
import { readV8CoverageDir } from '../v8-coverage.js';
import { detectJsRunner } from './js-detect.js';
import type { JsRunnerChoice } from './js-detect.js';
import type { RunnerOptions, RunOutcome } from './outcome.js';
import { installedVersion, readOnlyHint, runnerSandbox, runProblem, tail } from './outcome.js';

const WHAT = 'coverage (JS/TS)';
/** How jest ("No tests found"), vitest ("No test files found") and mocha ("No test files found") say there is nothing to run. */
const NO_TESTS = /\bNo tests? (?:files )?found\b/;

/** Globs of the directories (and top-level files) holding the project's JS/TS sources. */
export function jsIncludeGlobs(index: ProjectIndex): string[] {
  const globs = new Set<string>();
  for (const file of sourceFilesOf(index, 'js')) {
    const slash = file.path.indexOf('/');
    globs.add(slash < 0 ? file.path : `${file.path.slice(0, slash)}/**`);
  }
  return [...globs].sort();
}

interface Plan {
  command: string;
  args: string[];
  env: Record<string, string>;
  /** Where the data lands: a report file, or a NODE_V8_COVERAGE directory. */
  output: { kind: 'report'; file: string } | { kind: 'v8-dir'; dir: string };
  v8Lines: boolean;
  tools: ToolUsed[];
}

async function plan(index: ProjectIndex, choice: JsRunnerChoice, options: RunnerOptions): Promise<Plan | { reason: string; fix: string }> {
  const root = index.root;
  const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
  const tmp = options.tmpDir;
  const include = jsIncludeGlobs(index);
  const node: ToolUsed = { name: 'node', version: process.versions.node };
  switch (choice.kind) {
    case 'vitest': {
      if (!existsSync(bin('vitest'))) return { reason: 'dependencies not installed (no node_modules/.bin/vitest)', fix: 'run npm ci' };
      const version = await installedVersion(root, 'vitest');
      const provider = (await installedVersion(root, '@vitest/coverage-v8')) !== null ? 'v8' : (await installedVersion(root, '@vitest/coverage-istanbul')) !== null ? 'istanbul' : null;
      if (!provider) return { reason: 'vitest coverage provider not installed', fix: `npm i -D @vitest/coverage-v8@${version ?? 'latest'}` };
      const providerVersion = await installedVersion(root, `@vitest/coverage-${provider}`);
      if (version && providerVersion && version !== providerVersion) {
        return { reason: `@vitest/coverage-${provider} ${providerVersion} does not match vitest ${version}`, fix: `npm i -D @vitest/coverage-${provider}@${version}` };
      }
      const dir = path.join(tmp, 'vitest');
      // reportOnFailure: failing tests still give coverage (flagged as tests_failed).
      const args = ['run', '--no-cache', '--coverage.enabled=true', '--coverage.reportOnFailure=true', `--coverage.provider=${provider}`, '--coverage.reporter=json', `--coverage.reportsDirectory=${dir}`];
      for (const glob of include) args.push(`--coverage.include=${glob}`);
      return {
        command: bin('vitest'),
        args,
        env: {},
        output: { kind: 'report', file: path.join(dir, 'coverage-final.json') },
        v8Lines: false,
        tools: [{ name: 'vitest', version }, { name: `@vitest/coverage-${provider}`, version: providerVersion }],
      };
    }
    case 'jest': {
      if (!existsSync(bin('jest'))) return { reason: 'dependencies not installed (no node_modules/.bin/jest)', fix: 'run npm ci' };
      const dir = path.join(tmp, 'jest');
      // `--coverageThreshold={}` replaces the project's thresholds (see the module comment).
      const args = ['--coverage', '--coverageReporters=json', `--coverageDirectory=${dir}`, '--coverageThreshold={}', '--watchAll=false', '--ci'];
      for (const glob of include) args.push(`--collectCoverageFrom=${glob}`);
      return {
        command: bin('jest'),
        args,
        env: {},
        output: { kind: 'report', file: path.join(dir, 'coverage-final.json') },
        v8Lines: false,
        tools: [{ name: 'jest', version: await installedVersion(root, 'jest') }],
      };
    }
    case 'node:test': {
      const file = path.join(tmp, 'lcov.info');
      return {
        command: process.execPath,
        args: ['--test', '--experimental-test-coverage', '--test-reporter=lcov', `--test-reporter-destination=${file}`, '--test-reporter=tap', '--test-reporter-destination=stdout', ...choice.args],
        env: {},
        output: { kind: 'report', file },
        v8Lines: true,
        tools: [{ name: 'node:test', version: process.versions.node }],
      };
    }
    case 'mocha': {
      if (!existsSync(bin('mocha'))) return { reason: 'dependencies not installed (no node_modules/.bin/mocha)', fix: 'run npm ci' };
      const mocha: ToolUsed = { name: 'mocha', version: await installedVersion(root, 'mocha') };
      if (existsSync(bin('c8'))) {
        const dir = path.join(tmp, 'c8');
        return {
          command: bin('c8'),
          args: ['--reporter=json', `--report-dir=${dir}`, `--temp-directory=${path.join(tmp, 'c8-raw')}`, '--check-coverage=false', bin('mocha')],
          env: {},
          output: { kind: 'report', file: path.join(dir, 'coverage-final.json') },
          v8Lines: true,
          tools: [mocha, { name: 'c8', version: await installedVersion(root, 'c8') }],
        };
      }
      const dir = path.join(tmp, 'v8');
      return { command: bin('mocha'), args: [], env: { NODE_V8_COVERAGE: dir }, output: { kind: 'v8-dir', dir }, v8Lines: true, tools: [mocha, node] };
    }
    case 'script': {
      const npm = findExecutable('npm');
      if (!npm) return { reason: 'npm not found on PATH to run the test script', fix: 'install npm or generate a coverage report' };
      const dir = path.join(tmp, 'v8');
      return { command: npm, args: ['test', '--silent'], env: { NODE_V8_COVERAGE: dir }, output: { kind: 'v8-dir', dir }, v8Lines: true, tools: [node] };
    }
  }
}

/**
 * Runs the project's JS/TS tests with coverage.
 *
 * @example
 * const outcome = await runJsCoverage(index, { timeoutMs: 300_000, tmpDir: await makeTempDir(), branches: false });
 * if (outcome.ok) outcome.raw.files.length;
 */
export async function runJsCoverage(index: ProjectIndex, options: RunnerOptions): Promise<RunOutcome> {
  const choice = await detectJsRunner(index.root);
  if ('notMeasured' in choice) return { ok: false, tools: [], notMeasured: choice.notMeasured };
  const p = await plan(index, choice, options);
  if ('reason' in p) return { ok: false, tools: [], notMeasured: { what: WHAT, reason: p.reason, fix: p.fix } };
  const display = [p.command, ...p.args].join(' ');
  let run;
  try {
    run = await runContained(p.command, p.args, { cwd: index.root, ...(await runnerSandbox(index.root, options)), env: p.env, timeoutMs: options.timeoutMs, signal: options.signal });
  } catch (error) {
    return { ok: false, tools: p.tools, notMeasured: { what: WHAT, reason: errorMessage(error) } };
  }
  const containment = run.containment;
  const problem = runProblem(run, display, options.timeoutMs);
  if (problem) return { ok: false, tools: p.tools, containment, notMeasured: { ...problem, what: WHAT } };
  const source = `run:${choice.kind === 'script' ? 'npm test' : choice.kind}`;
  const base = { source, testsFailed: run.exitCode !== 0, v8Lines: p.v8Lines, tools: p.tools, finishedAtMs: Date.now(), reportDir: index.root, command: display, containment };
  const output = run.stdout + '\n' + run.stderr;
  // A runner that found nothing to run fails; what c8 may still write then is not a measurement.
  if (run.exitCode !== 0 && NO_TESTS.test(output)) {
    return { ok: false, tools: p.tools, notMeasured: { what: WHAT, reason: `${choice.kind} found no test file, so no test ran and there is no coverage`, fix: 'add tests, or generate a coverage report' } };
  }
  const noData = {
    ok: false as const,
    tools: p.tools,
    containment,
    notMeasured: { what: WHAT, reason: `${choice.kind} exited ${run.exitCode} without coverage data: ${tail(output)}`, fix: readOnlyHint(output) ?? `run \`${display}\` in the project to see the error` },
  };
  try {
    if (p.output.kind === 'report') {
      if (!existsSync(p.output.file)) return noData;
      return { ok: true, raw: await readCoverageReport(p.output.file, `${choice.kind} coverage output`), ...base };
    }
    if (!existsSync(p.output.dir) || (await fs.readdir(p.output.dir)).length === 0) return noData;
    return { ok: true, raw: await readV8CoverageDir(p.output.dir, index.root), ...base };
  } catch (error) {
    return { ok: false, tools: p.tools, notMeasured: { what: WHAT, reason: errorMessage(error) } };
  }
}

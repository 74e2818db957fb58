/**
 * The test-coverage boost workflow (spec "Test Coverage Boost"): the team "Coverage Analyzer
 * -> Test Generator -> Test Validator" runs with the sequential strategy; the tests the
 * validator kept (passed 3 isolated runs, strictly raised coverage, whole suite still passes)
 * are then installed as new files. Existing files are never changed; a dry run writes nothing;
 * an interrupted run leaves no generated file behind.
 *
 * @module
 */
import { statSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultPythonCandidates } from '../../analysis/coverage/index.js';
import { getLogger } from '../../core/logger.js';
import { plannedContainment } from '../../core/sandbox/index.js';
import { UserError, errorMessage } from '../../errors.js';
import { getTemplate } from '../../orchestration/index.js';
import { SequentialStrategy } from '../../orchestration/strategies/sequential.js';
import type { ModelRuntime } from '../../providers/runtime.js';
import { createModelTestGenerator, MODEL_GENERATOR_ID } from '../../testgen/model/generator.js';
import { modelUsageNote, withModelUsage } from '../../testgen/model/run-usage.js';
import { createDefaultGeneratorRegistry, type TestGeneratorRegistry } from '../../testgen/registry.js';
import { installKeptTests } from '../../testgen/validate/install.js';
import { createAnalysisRegistry, createAnalysisServices } from '../analysis-means.js';
import { ProgressRunner, type AgentProgressEvent } from '../progress-runner.js';
import { compositionFor, findProvenTeam, projectStore, recordOutcome } from '../learning.js';
import {
  testGenerationMeans,
  testValidationMeans,
  type TestCoverageServices,
  type TestgenServices,
} from './means.js';
import type { ModuleUnitExecutor } from './module-unit.js';
import { buildResult } from './summary.js';
import { runTimeouts } from './timeouts.js';
import type { TestCoverageBoostResult } from './result.js';

const log = getLogger('workflows.test-coverage');

/** The agents of the team, in order. */
export const TEST_COVERAGE_AGENT_IDS = [
  'test_coverage_analyzer',
  'test_generator',
  'test_validator',
] as const;

/** Task pattern under which compositions are saved. */
export const TEST_COVERAGE_TASK_PATTERN = 'test_coverage';

/** Progress events of a run. */
export type TestCoverageProgressEvent =
  AgentProgressEvent | { type: 'candidate'; testFile: string; kept: boolean; reason?: string };

/** Options of {@link TestCoverageBoostWorkflow}. */
export interface TestCoverageBoostOptions {
  /** Target line coverage in percent (0-100, default 80). */
  targetCoverage?: number;
  /** Project root (default `.`). */
  projectRoot?: string;
  /** Record the outcome of the composition in the project's configuration store (default false). */
  savePatterns?: boolean;
  /**
   * A learning store directory instead of the default in the user's data directory (holds
   * `compositions/` and `patterns/`; relative to the project root). CLI `--store-dir`.
   */
  storeDir?: string;
  /**
   * A coverage report you name (CLI `--coverage-report`; relative to the project root): the
   * starting coverage is read from it instead of running the tests first.
   */
  coverageReport?: string;
  /** Time budget of the whole run in seconds (default 600). */
  maxTimeSeconds?: number;
  /** Most gap files to generate tests for (default: every file with a gap, the package's entry points first). */
  maxFiles?: number;
  /** Generate and validate, but write nothing into the project. */
  dryRun?: boolean;
  /** Memory limit of every child process, in MiB (default 2048). */
  memoryMb?: number;
  /**
   * Deadline of every test run, in seconds. Default: derived from `maxTimeSeconds` (a whole-suite
   * run gets the budget, or `coverageTimeoutSeconds`; a candidate run a tenth of it, at least 60 s).
   */
  runTimeoutSeconds?: number;
  /** The coverage analyser's `timeoutSeconds` from the project's configuration: the deadline of a whole-suite run. */
  coverageTimeoutSeconds?: number;
  /** Test generators (default: the offline JS/TS and Python generators). */
  generators?: TestGeneratorRegistry;
  /**
   * Model runtime (from `createModelRuntime`): when set, the model-based generator is registered
   * beside the offline ones; its calls count in `usage` and stay within the runtime's `--max-cost`.
   */
  modelRuntime?: ModelRuntime | null;
  /** Python interpreters to probe (default: the project's venvs, python3, /usr/bin/python3, python). */
  pythonCandidates?: string[];
  onProgress?: (event: TestCoverageProgressEvent) => void;
  /**
   * Where each module's generation and candidate trials run (CLI `--queue`: a `BullmqExecutor`,
   * on workers). The coverage measurement, the decisions and the final suite stay here, and only
   * this process writes files. Unset: everything runs in this process.
   */
  executor?: ModuleUnitExecutor;
}

/** What {@link TestCoverageBoostWorkflow.execute} takes. */
export interface TestCoverageBoostRequest {
  /** The coverage the caller believes the project has (context only; the figure is measured). */
  currentCoverage?: number;
  /** Modules whose gaps come first (`auth` matches `src/auth/*` and `auth.ts`). */
  priorityModules?: string[];
  /** Aborts the run: `execute` settles once the agents' work has stopped (see `AgentRunner.idle`). */
  signal?: AbortSignal;
}

function checkNumber(
  name: string,
  value: number | undefined,
  min: number,
  max: number,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new UserError(`${name} must be a number between ${min} and ${max}, got ${String(value)}`);
  }
  return value;
}

/**
 * Boosts test coverage with generated tests that pass and raise coverage.
 *
 * @example
 * const boost = new TestCoverageBoostWorkflow({ targetCoverage: 90, projectRoot: '.', savePatterns: true });
 * const r = await boost.execute({ currentCoverage: 75, priorityModules: ['auth'] });
 * console.log(`Coverage improved by ${r.coverageImprovement}%`, `New tests: ${r.testsGenerated}`);
 */
export class TestCoverageBoostWorkflow {
  readonly targetCoverage: number;
  readonly projectRoot: string;
  readonly #options: TestCoverageBoostOptions;
  readonly #maxTime: number;
  readonly #maxFiles: number;

  /** @throws UserError for an out-of-range option. */
  constructor(options: TestCoverageBoostOptions = {}) {
    this.#options = options;
    this.targetCoverage = checkNumber('targetCoverage', options.targetCoverage, 0, 100, 80);
    this.#maxTime = checkNumber('maxTimeSeconds', options.maxTimeSeconds, 1, 86_400, 600);
    this.#maxFiles = Math.floor(checkNumber('maxFiles', options.maxFiles, 1, 10_000, 10_000));
    checkNumber('memoryMb', options.memoryMb, 64, 1_048_576, 2048);
    checkNumber('runTimeoutSeconds', options.runTimeoutSeconds, 1, 86_400, 120);
    checkNumber('coverageTimeoutSeconds', options.coverageTimeoutSeconds, 1, 86_400, 120);
    this.projectRoot = path.resolve(options.projectRoot ?? '.');
  }

  /** Runs the team and installs the kept tests (unless `dryRun`). Bad input is a `UserError`. */
  async execute(request: TestCoverageBoostRequest = {}): Promise<TestCoverageBoostResult> {
    const root = this.projectRoot;
    let isDirectory = false;
    try {
      isDirectory = statSync(root).isDirectory();
    } catch {
      throw new UserError(`project root ${root}: no such directory`);
    }
    if (!isDirectory) throw new UserError(`project root ${root}: not a directory`);
    const stated =
      request.currentCoverage === undefined
        ? null
        : checkNumber('currentCoverage', request.currentCoverage, 0, 100, 0);
    const priorities = (request.priorityModules ?? [])
      .map(String)
      .map((m) => m.trim())
      .filter(Boolean);
    const options = this.#options;
    const started = performance.now();
    const startedAt = Date.now();
    const timeouts = runTimeouts({
      maxTimeSeconds: this.#maxTime,
      ...(options.runTimeoutSeconds !== undefined ? { runTimeoutSeconds: options.runTimeoutSeconds } : {}),
      ...(options.coverageTimeoutSeconds !== undefined ? { configuredSeconds: options.coverageTimeoutSeconds } : {}),
    });
    const store = options.savePatterns ? projectStore(root, options.storeDir) : null;
    await store?.checkStorageDir(); // a store under a symlink in the repository: usage error, nothing written
    const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'empathy-testgen-'));
    const generators = options.generators ?? (await createDefaultGeneratorRegistry());
    if (options.modelRuntime && !generators.get(MODEL_GENERATOR_ID))
      generators.register(createModelTestGenerator(options.modelRuntime));
    const testgen: TestgenServices = {
      generators,
      workDir,
      maxFiles: this.#maxFiles,
      memoryMb: options.memoryMb ?? 2048,
      runTimeoutMs: timeouts.candidateMs,
      suiteTimeoutMs: timeouts.suiteMs,
      runDeadline: startedAt + this.#maxTime * 1000,
      generationDeadline: startedAt + this.#maxTime * 450,
      validationDeadline: startedAt + this.#maxTime * 850,
      pythonCandidates: options.pythonCandidates ?? defaultPythonCandidates(root),
      pending: new Set(),
      validation: null,
      onCandidate: (e) => options.onProgress?.({ type: 'candidate', ...e }),
      ...(options.executor ? { modules: options.executor } : {}),
      ...(options.executor && options.modelRuntime
        ? { model: { provider: options.modelRuntime.settings.name, exclude: options.modelRuntime.settings.exclude } }
        : {}),
    };
    // On workers, the model generator's calls come back here: this process's key, budget and rate limits.
    const gateway = options.executor && options.modelRuntime ? await options.executor.serveModelCalls(options.modelRuntime.client) : null;
    const services: TestCoverageServices = {
      ...createAnalysisServices(root, {
        cache: false,
        shippedEntries: true, // a package that ships only built code is tested through what it ships
        analyzerOptions: {
          coverage: {
            forceRun: true,
            ...(options.coverageReport === undefined ? {} : { reportFile: path.resolve(root, options.coverageReport) }),
            timeoutSeconds: timeouts.suiteMs / 1000,
            pythonCandidates: testgen.pythonCandidates,
          },
        },
      }, {
        onTestProgress: (agentId, progress, part) => options.onProgress?.({ type: 'agent_progress', agentId, part, progress }),
      }),
      testgen,
    };
    const registry = createAnalysisRegistry().register(testGenerationMeans).register(testValidationMeans);
    const runner = new ProgressRunner(
      { registry, services, timeoutSeconds: this.#maxTime + timeouts.suiteMs / 1000 + 60 },
      options.onProgress,
    );
    // Learning loop: reuse the best proven composition of this task (its tiers), record the outcome.
    // It may change tiers or order, never leave out one of the three agents (else: composed afresh).
    const found = store ? await findProvenTeam(store, TEST_COVERAGE_TASK_PATTERN) : undefined;
    const proven = TEST_COVERAGE_AGENT_IDS.every((id) => found?.agents.some((a) => a.id === id))
      ? found
      : undefined;
    const agents = proven?.agents ?? TEST_COVERAGE_AGENT_IDS.map((id) => getTemplate(id));
    try {
      const strategy = await new SequentialStrategy({ stopOnFailure: true }).execute(
        agents,
        {
          path: root,
          priority_modules: priorities,
          current_coverage: stated,
          target_coverage: this.targetCoverage,
        },
        { runner, ...(request.signal ? { signal: request.signal } : {}) },
      );
      await Promise.allSettled([...testgen.pending]);
      // Interrupted: returns once every agent's work has stopped, the coverage analyser's too
      // (its test run killed, its temporary directory removed), not only the means in `pending`.
      if (request.signal?.aborted) await runner.idle();
      const interrupted = request.signal?.aborted === true;
      let written: string[] = [];
      const errors = strategy.errors.slice();
      const kept = testgen.validation?.kept ?? [];
      if (!options.dryRun && !interrupted && kept.length > 0) {
        try {
          written = (await installKeptTests(root, kept, request.signal)).written;
        } catch (error) {
          errors.push(`kept tests not installed: ${errorMessage(error)}`);
        }
      }
      const result = buildResult({
        target: this.targetCoverage,
        stated,
        priorities,
        outputs: withModelUsage(strategy.outputs, options.modelRuntime),
        validation: testgen.validation,
        written,
        dryRun: options.dryRun === true,
        interrupted: interrupted || request.signal?.aborted === true,
        errors,
        seconds: (performance.now() - started) / 1000,
        containment: await plannedContainment(),
      });
      const modelNote = modelUsageNote(options.modelRuntime);
      if (modelNote) result.notes.push(modelNote);
      if (store && !options.dryRun && !interrupted) {
        const config =
          proven?.config ??
          compositionFor(TEST_COVERAGE_TASK_PATTERN, agents, 'sequential', {
            min_coverage: this.targetCoverage,
          });
        const score =
          result.coverageAfter === null
            ? 0
            : Math.min(100, (result.coverageAfter / Math.max(1, this.targetCoverage)) * 100);
        const recorded = await recordOutcome(
          store,
          config,
          result.qualityGatesPassed,
          Math.round(score * 100) / 100,
          proven !== undefined,
        );
        if (recorded.warning) result.notes.push(recorded.warning);
        result.composition = recorded.composition;
      }
      log.debug('test-coverage done', {
        before: result.coverageBefore,
        after: result.coverageAfter,
        kept: result.testsGenerated,
      });
      return result;
    } finally {
      await gateway?.close();
      await fs.rm(workDir, { recursive: true, force: true }).catch(() => undefined);
    }
  }
}

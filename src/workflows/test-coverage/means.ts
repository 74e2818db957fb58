/**
 * The means of the test-coverage team's second and third agents: `test_generation` (ranks the
 * analyser's gaps and runs the registered generators) and `test_validation` (validates the
 * candidates in a scratch copy). Both read the earlier agents' work from `previous_outputs`
 * (sequential strategy) and their settings from the run's {@link TestgenServices}.
 *
 * @module
 */
import type { CoverageFigures } from '../../analysis/coverage/types.js';
import { defineMeans } from '../../orchestration/agents/means-registry.js';
import { rankGaps } from '../../testgen/gaps.js';
import type { TestGeneratorRegistry } from '../../testgen/registry.js';
import type { CandidateTestFile, GenerationContext, GeneratorResult, PossibleBug } from '../../testgen/types.js';
import { validateCandidates, type ValidationOutcome } from '../../testgen/validate/validator.js';
import type { TrialRecord } from '../../testgen/validate/trial.js';
import type { Means, MeansInput, RunServices } from '../../types.js';
import type { AnalysisServices } from '../analysis-means.js';
import { phaseDeadlines } from './timeouts.js';
import { generateForGap, generateOnUnits, type ModuleUnitExecutor, type ModuleWork } from './module-unit.js';
import { runnersFor } from './runners.js';

/** Settings and shared state of one test-coverage run. */
export interface TestgenServices {
  generators: TestGeneratorRegistry;
  workDir: string;
  maxFiles: number;
  memoryMb: number;
  /** Deadline of one candidate run, in ms. */
  runTimeoutMs: number;
  /** Deadline of a whole-suite run (the validator's baseline and final suite), in ms. */
  suiteTimeoutMs: number;
  /** Epoch ms: the end of the run's time budget. */
  runDeadline: number;
  /** Epoch ms: no new generation after it (set from the time left when generation starts). */
  generationDeadline: number;
  /** Epoch ms: no new candidate validated after it (set with `generationDeadline`). */
  validationDeadline: number;
  pythonCandidates: string[];
  /** Work of means still running after the runner gave up on them (awaited before the run returns). */
  pending: Set<Promise<unknown>>;
  /** Validation outcome with the kept files (contents), for the workflow to install. */
  validation: ValidationOutcome | null;
  onCandidate?: (event: { testFile: string; kept: boolean; reason?: string }) => void;
  /** Where each module's generation and trials run (a distributed run); unset: here, all at once. */
  modules?: ModuleUnitExecutor;
  /** The provider the module units' model generator names (set when the run has a model runtime). */
  model?: ModuleWork['model'];
  /** The trials the module units sent back, by candidate id (the validator decides on them). */
  trials?: Map<string, TrialRecord>;
}

/** Services of a test-coverage run: the analysis services plus `testgen`. */
export interface TestCoverageServices extends AnalysisServices {
  testgen: TestgenServices;
}

function servicesOf(services: RunServices): TestCoverageServices {
  if (typeof services['projectIndex'] !== 'function' || !services['testgen']) {
    throw new Error('test generation needs the services of a test-coverage run (TestCoverageBoostWorkflow)');
  }
  return services as TestCoverageServices;
}

function previous(input: MeansInput, agentId: string): Record<string, unknown> | undefined {
  const outputs = input.context['previous_outputs'] as Record<string, Record<string, unknown>> | undefined;
  return outputs?.[agentId];
}

function track<T>(services: TestgenServices, work: Promise<T>): Promise<T> {
  services.pending.add(work);
  void work.finally(() => services.pending.delete(work)).catch(() => undefined);
  return work;
}

function isTestFile(file: string): boolean {
  return (
    /(^|\/)(test_[^/]*|[^/]*_test)\.py$/.test(file) ||
    /(^|\/)(__tests__|tests?)\/.*\.[cm]?[jt]sx?$|\.(test|spec)\.[cm]?[jt]sx?$/.test(file)
  );
}

/** The settings every module unit of the run carries. */
function moduleWorkOf(t: TestgenServices): Omit<ModuleWork, 'gap' | 'position' | 'gapFiles'> {
  return {
    generationDeadline: t.generationDeadline,
    validationDeadline: t.validationDeadline,
    memoryMb: t.memoryMb,
    runTimeoutMs: t.runTimeoutMs,
    maxFiles: t.maxFiles,
    pythonCandidates: t.pythonCandidates,
    ...(t.model ? { model: t.model } : {}),
  };
}

async function generate(input: MeansInput) {
  const services = servicesOf(input.services);
  const t = services.testgen;
  const figures = previous(input, 'test_coverage_analyzer')?.['figures'] as CoverageFigures | undefined;
  if (!figures || figures.coverage === null) {
    const reasons = (
      previous(input, 'test_coverage_analyzer')?.['not_measured'] as { reason: string }[] | undefined
    )?.map((n) => n.reason);
    return {
      output: { gaps: [], candidates: [], test_cases: 0, possible_bugs: [], notes: [] },
      confidence: 0,
      success: false,
      error: `no coverage measurement to generate tests for${reasons?.length ? `: ${reasons.join('; ')}` : ' (the coverage analyzer failed)'}`,
    };
  }
  const suiteSeconds = Number(previous(input, 'test_coverage_analyzer')?.['duration_seconds'] ?? 0);
  const phases = phaseDeadlines(Date.now(), t.runDeadline, (Number.isFinite(suiteSeconds) ? suiteSeconds : 0) * 1000);
  t.generationDeadline = phases.generation;
  t.validationDeadline = phases.validation;
  const priority = (input.context['priority_modules'] as string[] | undefined) ?? [];
  const gaps = rankGaps(figures, priority);
  const index = await services.projectIndex(services.projectRoot);
  const context: GenerationContext = {
    root: index.root,
    index,
    workDir: t.workDir,
    signal: input.signal,
    deadline: t.generationDeadline,
    memoryMb: t.memoryMb,
    reservedPaths: new Set(index.files.map((f) => f.path)),
    memo: new Map(),
    maxFiles: t.maxFiles,
    gapFiles: gaps.slice(0, t.maxFiles).map((g) => g.path),
  };
  const candidates: CandidateTestFile[] = [];
  const bugs: PossibleBug[] = [];
  const notes: string[] = [];
  const chosen = gaps.slice(0, t.maxFiles);
  const take = (result: GeneratorResult) => {
    candidates.push(...result.candidates);
    bugs.push(...result.possibleBugs);
    notes.push(...result.notes);
  };
  if (t.modules) {
    const work = { ...moduleWorkOf(t), gapFiles: chosen.map((g) => g.path) };
    const { trials, ...result } = await generateOnUnits(t.modules, services.projectRoot, chosen, work, input.signal);
    take(result);
    t.trials = trials;
  } else {
    for (const gap of chosen) {
      if (input.signal.aborted || Date.now() > t.generationDeadline) {
        notes.push(`stopped before ${gap.path}: ${input.signal.aborted ? 'interrupted' : 'time budget used up'}`);
        break;
      }
      take(await generateForGap(gap, t.generators, context));
    }
  }
  if (gaps.length > t.maxFiles)
    notes.push(`${gaps.length - t.maxFiles} gap file(s) left out (--max-files ${t.maxFiles})`);
  return {
    output: {
      gaps: gaps.map((g) => ({
        path: g.path,
        uncovered: g.uncovered,
        lines_total: g.linesTotal,
        pct: g.pct,
        priority: g.priority,
        functions: g.functions.map((f) => f.name),
      })),
      candidates: candidates.map((c) => ({
        id: c.id,
        generator: c.generator,
        target_file: c.targetFile,
        test_file: c.testFile,
        runner: c.runner,
        test_cases: c.testCases,
        content: c.content,
      })),
      test_cases: candidates.reduce((n, c) => n + c.testCases, 0),
      possible_bugs: bugs.map((b) => ({
        file: b.file,
        target: b.target,
        input: b.input,
        error: b.error,
        found_by: b.foundBy,
      })),
      notes,
    },
    confidence: gaps.length === 0 ? 1 : candidates.length > 0 ? 0.8 : 0.3,
  };
}

async function validate(input: MeansInput) {
  const services = servicesOf(input.services);
  const t = services.testgen;
  const generated = previous(input, 'test_generator');
  const raw = (generated?.['candidates'] as Record<string, unknown>[] | undefined) ?? [];
  const candidates: CandidateTestFile[] = raw.map((c) => ({
    id: String(c['id']),
    generator: String(c['generator']),
    targetFile: String(c['target_file']),
    testFile: String(c['test_file']),
    runner: c['runner'] as CandidateTestFile['runner'],
    content: String(c['content']),
    testCases: Number(c['test_cases']),
  }));
  if (!generated) {
    return {
      output: { tests_kept: 0, tests_rejected: 0, kept: [], rejected: [] },
      confidence: 0,
      success: false,
      error: 'no candidates: the test generator failed',
    };
  }
  const index = await services.projectIndex(services.projectRoot);
  const { runners, notes } = await runnersFor(candidates, t.pythonCandidates, input.signal);
  const hasTests = {
    js: index.files.some((f) => isTestFile(f.path) && !f.path.endsWith('.py')),
    python: index.files.some((f) => isTestFile(f.path) && f.path.endsWith('.py')),
  };
  const outcome = await validateCandidates(index, candidates, {
    runners,
    hasTests,
    runTimeoutMs: t.runTimeoutMs,
    suiteTimeoutMs: t.suiteTimeoutMs,
    deadline: t.validationDeadline,
    memoryMb: t.memoryMb,
    signal: input.signal,
    pythonCandidates: t.pythonCandidates,
    ...(t.trials ? { trials: t.trials } : {}),
    ...(t.onCandidate ? { onCandidate: t.onCandidate } : {}),
  });
  outcome.notes.unshift(...notes);
  t.validation = outcome;
  // Only a failure the generated tests cause counts: not a suite that failed before generation, nor one with nothing kept.
  const failed = outcome.newFailure;
  return {
    output: {
      tests_kept: outcome.kept.reduce((n, k) => n + k.testCases, 0),
      files_kept: outcome.kept.map((k) => ({
        test_file: k.testFile,
        target_file: k.targetFile,
        test_cases: k.testCases,
        lines_gained: k.linesGained,
      })),
      rejected: outcome.rejected.map((r) => ({
        test_file: r.testFile,
        target_file: r.targetFile,
        reason: r.reason,
        detail: r.detail,
      })),
      baseline_passed: outcome.baselinePassed,
      suite_passed: outcome.suitePassed,
      final_coverage: outcome.finalFigures?.coverage ?? null,
      not_measured: outcome.notMeasured,
      notes: outcome.notes,
    },
    confidence: outcome.finalFigures?.coverage === null || outcome.finalFigures === null ? 0 : 1,
    ...(failed ? { success: false, error: 'the whole suite fails with the generated tests' } : {}),
    ...(outcome.finalFigures?.coverage === null
      ? {
          success: false,
          error: `final coverage not measured: ${outcome.notMeasured.map((n) => n.reason).join('; ')}`,
        }
      : {}),
  };
}

/** The `test_generation` means. */
export const testGenerationMeans: Means = defineMeans({
  tool: 'test_generation',
  description:
    'Ranks coverage gaps and generates candidate tests with the registered generators (offline JS/TS and Python)',
  run: (input) => track(servicesOf(input.services).testgen, generate(input)),
});

/** The `test_validation` means. */
export const testValidationMeans: Means = defineMeans({
  tool: 'test_validation',
  description:
    'Runs each candidate alone 3 times in a scratch copy; keeps it only if it always passes and strictly raises coverage',
  run: (input) => track(servicesOf(input.services).testgen, validate(input)),
});

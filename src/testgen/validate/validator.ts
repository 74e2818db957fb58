/**
 * The validator: in a scratch copy of the project, each candidate test file
 * runs alone with a timeout, three times; it is kept only if it passes every run and strictly
 * raises coverage over the existing suite plus the files kept before it. At the end the whole
 * suite runs once with the kept files (through the coverage analyser, which also gives the
 * final figure); while it fails beyond the baseline (the existing suite's own failures before any
 * candidate), the latest kept file is removed.
 *
 * Nothing is written into the project here: kept files come back as contents, and
 * `installKeptTests` writes them.
 *
 * @module
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { coverageAnalyzer } from '../../analysis/coverage/index.js';
import type { CoverageFigures, CoveragePartFigures } from '../../analysis/coverage/types.js';
import type { NotMeasured } from '../../analysis/types.js';
import { getLogger } from '../../core/logger.js';
import { buildProjectIndex, type BuildProjectIndexOptions } from '../../project/index.js';
import type { ProjectIndex } from '../../project/types.js';
import type { CandidateTestFile, KeptTest, RejectedTest } from '../types.js';
import { runTests, type RunnerSpec } from './run-tests.js';
import { createScratchCopy } from './scratch.js';
import { coveredOf, decide, merge, tryCandidate, type Covered, type TrialRecord } from './trial.js';

const log = getLogger('testgen.validate');

/** Options of {@link validateCandidates}. */
export interface ValidateOptions {
  /** How to run the tests of each part of the project. */
  runners: { js?: RunnerSpec; python?: RunnerSpec };
  /** Whether the project has test files of each part already (a part without tests has an empty baseline). */
  hasTests: { js: boolean; python: boolean };
  /** Deadline of one candidate run, in ms. */
  runTimeoutMs: number;
  /** Deadline of a whole-suite run (baseline, final suite), in ms (default: `runTimeoutMs`). */
  suiteTimeoutMs?: number;
  /** Epoch ms after which no new candidate is started (the final suite run still happens). */
  deadline: number;
  memoryMb: number;
  signal: AbortSignal;
  /** Python interpreters to probe for the final coverage run. */
  pythonCandidates?: string[];
  /**
   * Trials made elsewhere, by candidate id (a distributed run: each module's candidates were
   * tried on a worker). Candidates are then decided from them in order, not run here; a
   * candidate without one is not kept.
   */
  trials?: ReadonlyMap<string, TrialRecord>;
  /** Called after each candidate. */
  onCandidate?: (event: { testFile: string; kept: boolean; reason?: string }) => void;
}

/** What the validator decided. */
export interface ValidationOutcome {
  kept: KeptTest[];
  rejected: RejectedTest[];
  /** The existing suite passed in the scratch copy before any candidate was added (null: no tests). */
  baselinePassed: boolean | null;
  /** The whole suite with the kept files passed (null: not measured). */
  suitePassed: boolean | null;
  /**
   * The whole suite fails with the kept files where it did not before: a part that passed now
   * fails, or has more failing tests than its baseline. A suite that already failed before
   * generation is its own baseline, and a failure with no kept file is not the generated tests'.
   */
  newFailure: boolean;
  /** Coverage figures of the final suite run (null when not measured). */
  finalFigures: CoverageFigures | null;
  notMeasured: NotMeasured[];
  notes: string[];
}

function partOfRunner(candidate: CandidateTestFile): 'js' | 'python' {
  return candidate.runner === 'pytest' ? 'python' : 'js';
}

/**
 * Validates `candidates` (in order) against the project behind `index`.
 *
 * @example
 * const outcome = await validateCandidates(index, candidates, { runners: { js: { runner: 'vitest' } }, hasTests: { js: true, python: false }, runTimeoutMs: 60_000, deadline: Date.now() + 600_000, memoryMb: 2048, signal });
 * outcome.kept.map((k) => k.testFile);
 */
export async function validateCandidates(index: ProjectIndex, candidates: readonly CandidateTestFile[], options: ValidateOptions): Promise<ValidationOutcome> {
  const scratch = await createScratchCopy(index);
  const tmpDir = await fs.mkdtemp(path.join(os.tmpdir(), 'empathy-testgen-runs-'));
  const outcome: ValidationOutcome = { kept: [], rejected: [], baselinePassed: null, suitePassed: null, newFailure: false, finalFigures: null, notMeasured: [], notes: [] };
  const baseline: Baseline = new Map();
  try {
    // The copy is indexed as the project was (shipped entry files of built code included).
    const indexOptions = { cache: false, shippedEntries: index.selection?.shippedEntries === true };
    const scratchIndex = await buildProjectIndex(scratch.root, indexOptions);
    const run = (spec: RunnerSpec, files: string[] | null, coverage: boolean) =>
      runTests(scratchIndex, spec, files, { coverage, tmpDir, timeoutMs: files ? options.runTimeoutMs : suiteTimeoutMs(options), memoryMb: options.memoryMb, signal: options.signal });
    const known: Covered = new Map();
    const parts = [...new Set(candidates.map(partOfRunner))];
    for (const part of parts) {
      const spec = options.runners[part];
      if (!spec) continue;
      if (!options.hasTests[part]) {
        baseline.set(part, { passed: true, failed: 0 });
        continue;
      }
      const base = await run(spec, null, true);
      baseline.set(part, { passed: base.passed, failed: base.failed });
      outcome.baselinePassed = (outcome.baselinePassed ?? true) && base.passed;
      if (!base.passed) outcome.notes.push(`the existing ${part} suite fails before any generated test (${base.failed ?? 'an unknown number of'} failing, ${base.command}): only failures beyond that baseline count against generated tests`);
      if (!base.covered) {
        outcome.notes.push(`baseline coverage of the existing ${part} tests could not be read (${base.command}); every covered line of a candidate counts as new`);
      } else merge(known, base.covered);
    }
    for (const candidate of candidates) {
      const reject = (reason: RejectedTest['reason'], detail: string) => {
        outcome.rejected.push({ testFile: candidate.testFile, targetFile: candidate.targetFile, reason, detail });
        options.onCandidate?.({ testFile: candidate.testFile, kept: false, reason });
      };
      // Trials made elsewhere met the deadline there.
      if (options.signal.aborted || (!options.trials && Date.now() > options.deadline)) {
        reject('not_run', options.signal.aborted ? 'interrupted' : 'time budget used up');
        continue;
      }
      const spec = options.runners[partOfRunner(candidate)];
      if (!spec) {
        reject('not_run', noRunner(candidate));
        continue;
      }
      const file = path.join(scratch.root, candidate.testFile);
      const record = options.trials
        ? (options.trials.get(candidate.id) ?? { notRun: 'no trial came back from the worker' })
        : await tryCandidate(scratch.root, candidate, spec, run, known);
      const verdict = decide(record, known);
      if (!verdict.kept) {
        await fs.rm(file, { force: true });
        reject(verdict.reason, verdict.detail);
        continue;
      }
      if (options.trials) {
        await fs.mkdir(path.dirname(file), { recursive: true });
        await fs.writeFile(file, candidate.content);
      }
      merge(known, coveredOf(record) as Covered);
      outcome.kept.push({ testFile: candidate.testFile, targetFile: candidate.targetFile, content: candidate.content, testCases: candidate.testCases, linesGained: verdict.added });
      options.onCandidate?.({ testFile: candidate.testFile, kept: true });
      log.debug('kept', { testFile: candidate.testFile, linesGained: verdict.added });
    }
    await finalSuite(scratch.root, indexOptions, outcome, baseline, options);
  } finally {
    await Promise.all([scratch.remove(), fs.rm(tmpDir, { recursive: true, force: true })]);
  }
  return outcome;
}

function noRunner(candidate: CandidateTestFile): string {
  return `no runner for ${candidate.runner}`;
}

/**
 * Tries each of `candidates` alone in a scratch copy of the project behind `index`, without
 * deciding on them (a distributed run's module: the coordinator decides in the run's order with
 * {@link ValidateOptions.trials}). Returns the trials by candidate id.
 */
export async function tryCandidatesApart(
  index: ProjectIndex,
  candidates: readonly CandidateTestFile[],
  options: Pick<ValidateOptions, 'runners' | 'runTimeoutMs' | 'deadline' | 'memoryMb' | 'signal'>,
): Promise<Map<string, TrialRecord>> {
  const trials = new Map<string, TrialRecord>();
  if (candidates.length === 0) return trials;
  const scratch = await createScratchCopy(index);
  const tmpDir = await fs.mkdtemp(path.join(os.tmpdir(), 'empathy-testgen-runs-'));
  try {
    const scratchIndex = await buildProjectIndex(scratch.root, { cache: false });
    const run = (spec: RunnerSpec, files: string[], coverage: boolean) =>
      runTests(scratchIndex, spec, files, { coverage, tmpDir, timeoutMs: options.runTimeoutMs, memoryMb: options.memoryMb, signal: options.signal });
    for (const candidate of candidates) {
      const spec = options.runners[partOfRunner(candidate)];
      if (options.signal.aborted || Date.now() > options.deadline) trials.set(candidate.id, { notRun: options.signal.aborted ? 'interrupted' : 'time budget used up' });
      else if (!spec) trials.set(candidate.id, { notRun: noRunner(candidate) });
      else {
        trials.set(candidate.id, await tryCandidate(scratch.root, candidate, spec, run, null));
        await fs.rm(path.join(scratch.root, candidate.testFile), { force: true });
      }
    }
  } finally {
    await Promise.all([scratch.remove(), fs.rm(tmpDir, { recursive: true, force: true })]);
  }
  return trials;
}

function suiteTimeoutMs(options: ValidateOptions): number {
  return options.suiteTimeoutMs ?? options.runTimeoutMs;
}

/** Per part, how the existing suite did in the scratch copy before any candidate (a part without tests: passed, 0 failing). */
type Baseline = Map<'js' | 'python', { passed: boolean; failed: number | null }>;

/**
 * True when the final run of `part` fails in a way its baseline did not: it passed before, or
 * has more failing tests now. A part with no baseline (no candidate of it) is not ours to blame.
 */
export function failsBeyondBaseline(part: CoveragePartFigures, baseline: Baseline): boolean {
  if (!part.tests_failed) return false;
  const base = baseline.get(part.part === 'python' ? 'python' : 'js');
  if (!base) return false;
  if (base.passed) return true;
  const now = part.test_run?.tests.failed ?? null;
  return base.failed !== null && now !== null && now > base.failed;
}

/** Runs the whole suite once with the kept files; removes the latest kept file while the suite fails beyond its baseline. */
async function finalSuite(root: string, indexOptions: BuildProjectIndexOptions, outcome: ValidationOutcome, baseline: Baseline, options: ValidateOptions): Promise<void> {
  for (;;) {
    const index = await buildProjectIndex(root, indexOptions);
    const report = await coverageAnalyzer.analyze(index, {
      tier: 'CAPABLE',
      forceRun: true,
      writableProject: true,
      runnerCache: false, // a throw-away scratch copy: nothing to keep for a next run
      timeoutSeconds: Math.max(1, suiteTimeoutMs(options) / 1000),
      signal: options.signal,
      ...(options.pythonCandidates ? { pythonCandidates: options.pythonCandidates } : {}),
    });
    outcome.finalFigures = report.figures;
    outcome.notMeasured = report.notMeasured;
    const failed = report.figures.tests_failed;
    outcome.suitePassed = failed === null ? null : !failed;
    const beyond = report.figures.parts.some((p) => failsBeyondBaseline(p, baseline));
    outcome.newFailure = beyond && outcome.kept.length > 0;
    if (!outcome.newFailure || options.signal.aborted) return;
    const last = outcome.kept.pop() as KeptTest;
    await fs.rm(path.join(root, last.testFile), { force: true });
    outcome.rejected.push({ testFile: last.testFile, targetFile: last.targetFile, reason: 'suite_failed', detail: 'the whole suite failed with it (it passed alone)' });
    outcome.notes.push(`removed ${last.testFile}: the whole suite failed with it`);
  }
}

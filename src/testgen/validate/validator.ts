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

type Covered = Map<string, Set<number>>;

function gain(known: Covered, found: Covered): number {
  let added = 0;
  for (const [file, lines] of found) {
    const have = known.get(file);
    for (const line of lines) if (!have?.has(line)) added += 1;
  }
  return added;
}

function merge(known: Covered, found: Covered): void {
  for (const [file, lines] of found) {
    const have = known.get(file) ?? new Set<number>();
    for (const line of lines) have.add(line);
    known.set(file, have);
  }
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
      if (options.signal.aborted || Date.now() > options.deadline) {
        reject('not_run', options.signal.aborted ? 'interrupted' : 'time budget used up');
        continue;
      }
      const spec = options.runners[partOfRunner(candidate)];
      if (!spec) {
        reject('not_run', `no runner for ${candidate.runner}`);
        continue;
      }
      const file = path.join(scratch.root, candidate.testFile);
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, candidate.content);
      const first = await run(spec, [candidate.testFile], true);
      let verdict: { reason: RejectedTest['reason']; detail: string } | null = null;
      let added = 0;
      if (!first.passed) verdict = { reason: first.timedOut ? 'timeout' : 'failed', detail: `run 1: ${first.output}` };
      else if (!first.covered) verdict = { reason: 'failed', detail: `run 1 passed but wrote no coverage data (${first.command})` };
      else if ((added = gain(known, first.covered)) === 0) verdict = { reason: 'no_coverage_gain', detail: 'covers no line that the suite and the tests kept before it do not already cover' };
      for (let n = 2; n <= 3 && verdict === null; n += 1) {
        const again = await run(spec, [candidate.testFile], false);
        if (!again.passed) verdict = { reason: again.timedOut ? 'timeout' : 'flaky', detail: `run ${n} failed after run 1 passed: ${again.output}` };
      }
      if (verdict) {
        await fs.rm(file, { force: true });
        reject(verdict.reason, verdict.detail);
        continue;
      }
      merge(known, first.covered as Covered);
      outcome.kept.push({ testFile: candidate.testFile, targetFile: candidate.targetFile, content: candidate.content, testCases: candidate.testCases, linesGained: added });
      options.onCandidate?.({ testFile: candidate.testFile, kept: true });
      log.debug('kept', { testFile: candidate.testFile, linesGained: added });
    }
    await finalSuite(scratch.root, indexOptions, outcome, baseline, options);
  } finally {
    await Promise.all([scratch.remove(), fs.rm(tmpDir, { recursive: true, force: true })]);
  }
  return outcome;
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

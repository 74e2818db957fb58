/**
 * The work unit of a distributed test-coverage run: one module (one gap file) explored,
 * generated for and tried, on a worker. The unit returns data only (candidate files as
 * contents, possible bugs, notes, and each candidate's trial); the coordinator decides on the
 * trials in the run's order and alone writes files, so "existing files are never changed" and
 * "an interrupted run leaves nothing" hold as in-process, and the kept files are the same.
 *
 * The first module of a run also explores the package's entry points (as the in-process run
 * does before its first gap); the others treat them as explored.
 *
 * @module
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { errorMessage } from '../../errors.js';
import type { ModelClient } from '../../providers/model-client.js';
import type { ProviderName } from '../../providers/types.js';
import { createModelTestGenerator, type ModelGeneratorRuntime } from '../../testgen/model/generator.js';
import { buildProjectIndex } from '../../project/index.js';
import { createDefaultGeneratorRegistry, type TestGeneratorRegistry } from '../../testgen/registry.js';
import type { CandidateTestFile, Gap, GenerationContext, GeneratorResult, PossibleBug } from '../../testgen/types.js';
import type { TrialRecord } from '../../testgen/validate/trial.js';
import { tryCandidatesApart } from '../../testgen/validate/validator.js';
import { runnersFor } from './runners.js';

/** One module of a test-coverage run, as a job carries it (plain JSON). */
export interface ModuleWork {
  /** The gap file, as the coordinator ranked it. */
  gap: Gap;
  /** Its place in the run's order (0: it also explores the entry points). */
  position: number;
  /** The run's gap files in order (what the generators are told waits behind this one). */
  gapFiles: string[];
  /** Epoch ms: no generation starts after it. */
  generationDeadline: number;
  /** Epoch ms: no candidate is tried after it. */
  validationDeadline: number;
  memoryMb: number;
  /** Deadline of one candidate run, in ms. */
  runTimeoutMs: number;
  maxFiles: number;
  pythonCandidates: string[];
  /** Set when the run has a model provider: the model generator runs too, its calls made by the coordinator. */
  model?: { provider: ProviderName; exclude: string[] };
}

/** What a module unit sends back. */
export interface ModuleOutcome {
  /** Set when the module was not started: `interrupted` or `time budget used up`. */
  stopped?: string;
  candidates: CandidateTestFile[];
  possibleBugs: PossibleBug[];
  notes: string[];
  /** Each candidate's trial, by candidate id. */
  trials: Record<string, TrialRecord>;
}

/** Runs module units somewhere (the BullMQ executor: on workers). */
export interface ModuleUnitExecutor {
  /** A short name for logs and reports. */
  readonly kind: string;
  /** Runs one module of the project at `root`; rejects when the unit could not run (a lost server, a cancelled run). */
  runModule(root: string, work: ModuleWork, signal: AbortSignal): Promise<ModuleOutcome>;
  /** Makes the model calls of the run's units with `client` (here: its key, its budget) until closed. */
  serveModelCalls(client: ModelClient): Promise<{ close(): Promise<void> }>;
}

/** Runs every generator that supports `gap`; a generator that throws becomes a note. */
export async function generateForGap(gap: Gap, generators: TestGeneratorRegistry, context: GenerationContext): Promise<GeneratorResult> {
  const out: GeneratorResult = { candidates: [], possibleBugs: [], notes: [] };
  for (const generator of await generators.forGap(gap, context)) {
    try {
      const result = await generator.generate(gap, context);
      out.candidates.push(...result.candidates);
      out.possibleBugs.push(...result.possibleBugs);
      out.notes.push(...result.notes);
    } catch (error) {
      out.notes.push(`${generator.id} failed on ${gap.path}: ${errorMessage(error)}`);
    }
  }
  return out;
}

/**
 * Runs one module unit on the repository at `root` (a worker's copy): generates the module's
 * candidates (offline generators; the model generator too when the run has a provider, its calls
 * made through `modelClient`) and tries each one alone in a scratch copy.
 */
export async function runModuleWork(
  work: ModuleWork,
  root: string,
  signal: AbortSignal,
  modelClient?: ModelGeneratorRuntime['client'],
): Promise<ModuleOutcome> {
  if (signal.aborted || Date.now() > work.generationDeadline)
    return { stopped: signal.aborted ? 'interrupted' : 'time budget used up', candidates: [], possibleBugs: [], notes: [], trials: {} };
  const index = await buildProjectIndex(root, { cache: false });
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'empathy-testgen-'));
  try {
    const context: GenerationContext = {
      root: index.root,
      index,
      workDir,
      signal,
      deadline: work.generationDeadline,
      memoryMb: work.memoryMb,
      reservedPaths: new Set(index.files.map((f) => f.path)),
      memo: new Map(),
      maxFiles: work.maxFiles,
      gapFiles: work.gapFiles,
      gapsBefore: work.gapFiles.slice(0, work.position),
    };
    const generators = await createDefaultGeneratorRegistry();
    if (work.model && modelClient)
      generators.register(createModelTestGenerator({ settings: { name: work.model.provider, exclude: work.model.exclude }, client: modelClient }));
    const generated = await generateForGap(work.gap, generators, context);
    const { runners } = await runnersFor(generated.candidates, work.pythonCandidates, signal);
    const trials = await tryCandidatesApart(index, generated.candidates, {
      runners,
      runTimeoutMs: work.runTimeoutMs,
      deadline: work.validationDeadline,
      memoryMb: work.memoryMb,
      signal,
    });
    return { ...generated, trials: Object.fromEntries(trials) };
  } finally {
    await fs.rm(workDir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/**
 * The coordinator's side: sends one unit per gap at once (workers take them as they can) and
 * gathers the outcomes in the run's order, as the in-process loop would have produced them:
 * the first module that was not started ends the list, a candidate whose file name an earlier
 * module already took is left out with a note.
 */
export async function generateOnUnits(
  executor: ModuleUnitExecutor,
  root: string,
  gaps: readonly Gap[],
  work: Omit<ModuleWork, 'gap' | 'position'>,
  signal: AbortSignal,
): Promise<GeneratorResult & { trials: Map<string, TrialRecord> }> {
  const outcomes = await Promise.all(
    gaps.map((gap, position) =>
      executor.runModule(root, { ...work, gap, position }, signal).catch((error: unknown) => new Error(errorMessage(error))),
    ),
  );
  const out = { candidates: [] as CandidateTestFile[], possibleBugs: [] as PossibleBug[], notes: [] as string[], trials: new Map<string, TrialRecord>() };
  const taken = new Set<string>();
  for (const [i, outcome] of outcomes.entries()) {
    const gap = gaps[i] as Gap;
    const stopped = outcome instanceof Error ? (signal.aborted ? 'interrupted' : undefined) : outcome.stopped;
    if (stopped) {
      out.notes.push(`stopped before ${gap.path}: ${stopped}`);
      break;
    }
    if (outcome instanceof Error) {
      out.notes.push(`${gap.path}: its work unit failed: ${outcome.message}`);
      continue;
    }
    for (const candidate of outcome.candidates) {
      if (taken.has(candidate.testFile)) {
        out.notes.push(`${candidate.testFile}: left out (an earlier module's candidate has the same file name)`);
        continue;
      }
      taken.add(candidate.testFile);
      out.candidates.push(candidate);
      const trial = outcome.trials[candidate.id];
      if (trial) out.trials.set(candidate.id, trial);
    }
    out.possibleBugs.push(...outcome.possibleBugs);
    out.notes.push(...outcome.notes);
  }
  return out;
}

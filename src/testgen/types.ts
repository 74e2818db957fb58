/**
 * Types of test generation: coverage gaps, the generator interface and
 * its registry entries, candidate test files, possible bugs and validation outcomes.
 *
 * TypeScript names are camelCase; the workflow converts them to the spec's snake_case wire form.
 *
 * @module
 */
import type { ProjectIndex } from '../project/types.js';

/** The test runner a candidate test file is written for. */
export type TestRunnerKind = 'vitest' | 'jest' | 'mocha' | 'ava' | 'node:test' | 'pytest';

/** A function (or method) of a gap file with uncovered lines. */
export interface FunctionGap {
  name: string;
  startLine: number;
  endLine: number | null;
  uncoveredLines: number[];
}

/** A source file with uncovered lines, ranked for test generation. */
export interface Gap {
  /** Path relative to the project root, `/` separators. */
  path: string;
  language: 'javascript' | 'typescript' | 'python';
  /** Uncovered line numbers (empty when only the count is known). */
  uncoveredLines: number[];
  uncovered: number;
  linesTotal: number;
  /** Line coverage of the file in percent, null when unknown. */
  pct: number | null;
  /** Functions with uncovered lines, most uncovered first. */
  functions: FunctionGap[];
  /** True when the file matches one of the `priority_modules`. */
  priority: boolean;
  /** Ranking score: uncovered lines, weighted x10 for priority modules. */
  score: number;
}

/** A call the generator observed throwing in a way the signature does not suggest. */
export interface PossibleBug {
  /** Source file, relative to the root. */
  file: string;
  /** What was called, e.g. `first` or `Queue#push`. */
  target: string;
  /** The triggering input, as source code (e.g. `first([])`). */
  input: string;
  /** The error, e.g. `TypeError: Cannot read properties of undefined (reading 'x')`. */
  error: string;
  /** Where it was found: while generating, or while validating a candidate. */
  foundBy: 'generation' | 'validation';
}

/** A candidate test file, not yet validated. Never written into the project by the generator. */
export interface CandidateTestFile {
  /** Stable id (`<generator>:<target file>`). */
  id: string;
  generator: string;
  /** The source file the tests exercise (relative). */
  targetFile: string;
  /** Where the file would live in the project (relative; a new, recognisable `*.generated.*` / `test_generated_*` name). */
  testFile: string;
  runner: TestRunnerKind;
  /** The complete file text. */
  content: string;
  /** Number of test cases in the file. */
  testCases: number;
}

/** What a generator returns for one gap. */
export interface GeneratorResult {
  candidates: CandidateTestFile[];
  possibleBugs: PossibleBug[];
  /** Why nothing (or less) was generated, e.g. "module failed to load: ...". */
  notes: string[];
}

/** What every generator receives besides the gap. */
export interface GenerationContext {
  /** Absolute project root. */
  root: string;
  index: ProjectIndex;
  /** A private temporary directory of this run (removed by the caller). */
  workDir: string;
  signal: AbortSignal;
  /** Epoch ms after which generators must stop starting new work. */
  deadline: number;
  /** Memory limit of child processes, in MiB. */
  memoryMb: number;
  /** Paths that already exist or are taken by earlier candidates (relative); new test files must avoid them. */
  reservedPaths: Set<string>;
  /** Per-run memo shared by generators (e.g. a transpiled copy of the sources), keyed by generator id. */
  memo: Map<string, unknown>;
  /** Most source files a generator explores in this run (`--max-files`; entry points count). */
  maxFiles?: number;
  /** The gap files of this run in the order they are given to generators (relative paths). */
  gapFiles?: readonly string[];
  /**
   * Set on a work unit of a distributed run (one module): the run's gap files before this one.
   * A generator that keeps state across gaps (the offline JS generator's explored files, which
   * `--max-files` counts) starts from the state the in-process run had when this gap's turn came.
   */
  gapsBefore?: readonly string[];
}

/**
 * A test generator. Offline generators (JS/TS, Python) are built in; a model-based one can
 * be added to a {@link TestGeneratorRegistry} when a provider is configured.
 */
export interface TestGenerator {
  /** Unique id, e.g. `offline-js`. */
  readonly id: string;
  /** One line: how it generates. */
  readonly description: string;
  /** Whether it can generate tests for this gap (language, runner available...). */
  supports(gap: Gap, context: GenerationContext): boolean | Promise<boolean>;
  /** Generates candidate test files for one gap. Throws only for broken invariants; problems go in `notes`. */
  generate(gap: Gap, context: GenerationContext): Promise<GeneratorResult>;
}

/** Why a candidate was not kept. */
export type RejectionReason = 'failed' | 'flaky' | 'no_coverage_gain' | 'timeout' | 'suite_failed' | 'not_run';

/** A candidate that was not kept. */
export interface RejectedTest {
  testFile: string;
  targetFile: string;
  reason: RejectionReason;
  /** Details: the failing output tail, the run that differed, ... */
  detail: string;
}

/** A kept test file (passed 3 runs alone, strictly raised coverage, and the whole suite passed with it). */
export interface KeptTest {
  testFile: string;
  targetFile: string;
  content: string;
  testCases: number;
  /** Lines (of all source files) it newly covered when it was kept. */
  linesGained: number;
}

/**
 * What a coverage test run returns, and helpers shared by the JS and Python runners.
 *
 * @module
 */
import { stripVTControlCharacters } from 'node:util';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { NotMeasured, ToolUsed } from '../../types.js';
import type { RunCommandResult } from '../../../core/run-command.js';
import { projectCacheDirs, type Containment } from '../../../core/sandbox/index.js';
import type { CoreHold } from '../../shared/worker-host.js';
import type { RawCoverage } from '../model.js';
import type { CoverageTestRun } from '../types.js';
import { createTestProgressParser, type TestProgress, type TestProgressRunner } from '../../test-runner/index.js';

/** A run that produced coverage data. */
export interface RunSuccess {
  ok: true;
  raw: RawCoverage;
  /** `run:<runner>`, e.g. `run:vitest`. */
  source: string;
  /** True when the test command exited non-zero (some tests failed) but still wrote coverage. */
  testsFailed: boolean;
  /** True for V8 line data listing every line (Node's lcov): blank/comment lines must be dropped. */
  v8Lines: boolean;
  tools: ToolUsed[];
  finishedAtMs: number;
  /** Directories report paths may be relative to. */
  reportDir: string;
  /** The command line, for the report. */
  command: string;
  /** How the project's tests were contained. */
  containment?: Containment;
  /** Lines for the report: what ran, the tests' results, the measured file set, what was neutralised. */
  notes?: string[];
  /**
   * Index paths the run was meant to measure: those missing from the data are reported as
   * unmeasured (instead of every source file of the part). Empty: the project's coverage configuration decides.
   */
  expectedFiles?: string[];
  /**
   * JS/TS: the measured file set (index paths). Data of other files is dropped; files of the set
   * the tests never loaded count as uncovered (V8 data) or unmeasured (istanbul data).
   */
  measuredSet?: string[];
  /** What ran (JS/TS runs), for the report. */
  run?: CoverageTestRun;
  /** True when the project has no test file: nothing ran, every line of the set is uncovered. */
  noTests?: boolean;
}

/** A run that could not produce coverage. */
export interface RunFailure {
  ok: false;
  notMeasured: NotMeasured;
  tools: ToolUsed[];
  containment?: Containment;
}

/**
 * A part with nothing to measure: the project has no test file for it and its measured file set
 * is empty (a Python project's documentation scripts, a JS project's release script). That follows from the indexed files
 * alone, so it is neither "not measured" nor a reason to keep the result out of the cache.
 */
export interface RunNothingToMeasure {
  ok: false;
  /** Why, for the report's notes. */
  nothingToMeasure: string;
  tools: ToolUsed[];
}

/** The outcome of a coverage run (a run may also find {@link RunNothingToMeasure}). */
export type RunOutcome = RunSuccess | RunFailure;

/** Options every runner takes. */
export interface RunnerOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** A fresh temporary directory outside the project for reports and data files. */
  tmpDir: string;
  /** PREMIUM: ask for branch data where the runner needs a flag for it. */
  branches: boolean;
  /** The project is a scratch copy of ours: its tests may write into it (the user's repository never is). */
  writableProject?: boolean;
  /** Run only these test files (index paths), with the project's configuration otherwise (the test validator). */
  files?: string[];
  /** Called as the runner reports its progress (read from its output; the run itself is the same without it). */
  onProgress?: (progress: TestProgress) => void;
  /**
   * The cores held for the run since the analyser knew it would run a suite (see `holdCores`): the
   * runner sets them to the run's worker count and releases them when the run ends. Without it the
   * runner holds cores of its own for the run.
   */
  cores?: CoreHold;
  /**
   * The project's result cache directory, under which a runner with a cache of its own keeps it
   * across runs (`tools/jest`, see runner-cache.ts); absent: the runner starts without one
   * (`--no-cache`, `analyzers.coverage.runnerCache: false`, scratch copies).
   */
  runnerCacheBase?: string;
}

/** The `onOutput` of a contained run that follows `runner`'s progress for `onProgress`; undefined without one. */
export function followProgress(runner: TestProgressRunner, onProgress: ((p: TestProgress) => void) | undefined): ((text: string, stream: 'stdout' | 'stderr') => void) | undefined {
  if (!onProgress) return undefined;
  const parser = createTestProgressParser(runner);
  return (text, stream) => {
    const progress = parser.feed(text, stream);
    if (progress) onProgress(progress);
  };
}

/**
 * Where a contained test run may write: its output directory (with HOME and TMPDIR in
 * `<tmpDir>/home`), and the project itself only when it is a scratch copy.
 */
export async function runnerSandbox(root: string, options: RunnerOptions): Promise<{ scratch: string; writable: string[]; cacheDirs: string[] }> {
  const scratch = path.join(options.tmpDir, 'home');
  await fs.mkdir(scratch, { recursive: true });
  return { scratch, writable: [options.tmpDir, ...(options.writableProject ? [root] : [])], cacheDirs: options.writableProject ? [] : projectCacheDirs(root) };
}

/** A hint for a failed run whose output shows writes refused by the read-only sandbox. */
export function readOnlyHint(output: string): string | null {
  return /EROFS|read-only file system/i.test(output)
    ? 'the tests tried to write into the repository or outside their scratch directory, which the sandbox keeps read-only (to let them write into the repository, still contained: "analyzers": { "coverage": { "writableProject": true } } in your user config; on a repository you trust: --sandbox off)'
    : null;
}

/** The note of a run whose failing tests had writes refused by the sandbox; null otherwise. */
export function refusedWritesNote(testsFailed: boolean, output: string): string | null {
  const hint = testsFailed ? readOnlyHint(output) : null;
  return hint === null ? null : `some failures come from writes the sandbox refused: ${hint}`;
}

/** Creates a temporary directory outside the user's repository. */
export function makeTempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'empathy-coverage-'));
}

/** Last lines of a command's output, for a one-line reason. */
export function tail(text: string, lines = 3): string {
  const plain = stripVTControlCharacters(text);
  const meaningful = plain.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !/^[\s⎯─-]+(\[\d+\/\d+\])?[\s⎯─-]*$/.test(l));
  return meaningful.slice(-lines).join(' | ').slice(0, 400);
}

/** The `NotMeasured` for a run that timed out, was aborted, or wrote no data; null otherwise. */
export function runProblem(r: RunCommandResult, display: string, timeoutMs: number): NotMeasured | null {
  if (r.timedOut) {
    return {
      what: 'coverage',
      reason: `test command timed out after ${Math.round(timeoutMs / 1000)} s and was stopped: ${display}`,
      fix: 'fix the hanging test, or raise the coverage timeout (timeoutSeconds)',
    };
  }
  if (r.aborted) return { what: 'coverage', reason: `test run cancelled: ${display}` };
  return null;
}

/** Reads `version` from `<root>/node_modules/<name>/package.json`, or null. */
export async function installedVersion(root: string, name: string): Promise<string | null> {
  try {
    const json = JSON.parse(await fs.readFile(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof json.version === 'string' ? json.version : null;
  } catch {
    return null;
  }
}

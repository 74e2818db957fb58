/**
 * Public types of the test-runner library: the plan of a JavaScript/TypeScript test run.
 *
 * @module
 */

/** The runners the library plans for. `script` = any other test command, run as written. */
export type JsRunner = 'vitest' | 'jest' | 'mocha' | 'node:test' | 'ava' | 'tap' | 'script';

/** Something of the project's configuration the run does not honour, and why. */
export interface Neutralised {
  /** The flag, option or step, as written by the project. */
  item: string;
  reason: string;
}

/**
 * How coverage is collected:
 * - `vitest` / `jest`: the runner's own coverage option (istanbul JSON in `reportFile`);
 * - `v8`: the command runs under `NODE_V8_COVERAGE=<v8Dir>` and the raw data is converted
 *   afterwards (by c8 when `c8` is set, with source maps; else by our V8 reader, plain JS only).
 */
export type CoverageCollection =
  | { kind: 'vitest' | 'jest'; reportFile: string | null; provider: string | null }
  | { kind: 'v8'; v8Dir: string | null; c8: string | null };

/** The files whose lines make the figure, and the rule that chose them. */
export interface MeasuredFileSet {
  /** e.g. `c8 config in package.json`, `jest collectCoverageFrom`, `shipped sources (package.json files)`. */
  rule: string;
  include: string[];
  exclude: string[];
  /** Index paths (relative to the analysed root) of the set. */
  files: string[];
  /** True when the project's own coverage configuration chose the set. */
  configured: boolean;
}

/** The planned run. */
export interface JsTestPlan {
  runner: JsRunner;
  /** Where the command runs: the package, or the workspace root for a monorepo package. */
  cwd: string;
  command: string;
  args: string[];
  /** Variables of the project's script (`NODE_ENV=test`) and ours (`NODE_V8_COVERAGE`). */
  env: Record<string, string>;
  /** The command line to show in reports. */
  display: string;
  coverage: CoverageCollection;
  /** What the project asks for that this run leaves out, with why. */
  neutralised: Neutralised[];
  /** Steps of the test script that are not the tests (lint, type-check, build), not run. */
  skippedSteps: string[];
  /** Built output the tests load, when they do (e.g. `dist`), and whether it exists. */
  builtOutput: { dir: string; exists: boolean; sourceMaps: boolean } | null;
  /** Where the plan comes from: scripts, config files, CI workflows. */
  evidence: string[];
  /** The measured file set. */
  fileSet: MeasuredFileSet;
  /** Test files the plan found (null when the runner finds them itself from its config). */
  testFiles: string[] | null;
}

/** A project the library cannot plan a run for, with the reason and the fix. */
export interface JsTestPlanRefusal {
  reason: string;
  fix?: string;
  /** True when the project has source files and truly no test file: measured as 0 %. */
  noTests: boolean;
  fileSet: MeasuredFileSet | null;
  evidence: string[];
}

/** Counts parsed from a runner's summary (null when the runner did not say). */
export interface TestCounts {
  run: number | null;
  passed: number | null;
  failed: number | null;
  skipped: number | null;
}

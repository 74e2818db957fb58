/**
 * The deadlines of the test runs of one test-coverage run, derived from its time budget
 * (`--max-time`) instead of a fixed figure: a suite that takes minutes under coverage on a
 * busy machine must not be cut at 120 s when the user gave the run ten minutes.
 *
 * @module
 */

/** Deadlines of the runs of one test-coverage run, in ms. */
export interface RunTimeouts {
  /** A whole-suite run: the analyser's measurements, the validator's baseline and final suite. */
  suiteMs: number;
  /** One candidate test file run alone. */
  candidateMs: number;
}

/**
 * Whole-suite runs get the run's time budget (a suite that cannot finish within it gives no
 * figure anyway), or the project's coverage `timeoutSeconds` when it sets one; a candidate run
 * gets a tenth of the budget (at least 60 s, at most the suite's deadline). An explicit
 * `runTimeoutSeconds` sets both.
 *
 * @example
 * runTimeouts({ maxTimeSeconds: 600 }); // { suiteMs: 600_000, candidateMs: 60_000 }
 * runTimeouts({ maxTimeSeconds: 3600, configuredSeconds: 900 }); // { suiteMs: 900_000, candidateMs: 360_000 }
 */
export function runTimeouts(options: { maxTimeSeconds: number; runTimeoutSeconds?: number; configuredSeconds?: number }): RunTimeouts {
  if (options.runTimeoutSeconds !== undefined) {
    const ms = options.runTimeoutSeconds * 1000;
    return { suiteMs: ms, candidateMs: ms };
  }
  const suite = options.configuredSeconds ?? options.maxTimeSeconds;
  const candidate = Math.min(suite, Math.max(60, options.maxTimeSeconds / 10));
  return { suiteMs: Math.round(suite * 1000), candidateMs: Math.round(candidate * 1000) };
}

/** Epoch-ms deadlines of generation and validation within one run's budget. */
export interface PhaseDeadlines {
  /** No new generation after it. */
  generation: number;
  /** No new candidate validated after it. */
  validation: number;
}

/**
 * The generation and validation deadlines, set when generation starts from the time then left
 * (not from the run's start: a suite whose first coverage run took most of a fixed share left
 * no generation time). `suiteMs` is how long the analyser's whole-suite run took: the validator
 * runs the suite twice more (its baseline, its final run), so that much (and a fifth more for the
 * final run) is set aside; generation gets half of the rest, and validation stops in time for
 * the final run (at least 15 % of the time left).
 *
 * @example
 * phaseDeadlines(10_000, 90_000, 3_000); // { generation: 46_700, validation: 78_000 }
 */
export function phaseDeadlines(now: number, runEnd: number, suiteMs: number): PhaseDeadlines {
  const left = Math.max(0, runEnd - now);
  const suite = Math.max(0, suiteMs);
  return {
    generation: Math.round(now + Math.max(0, left - 2.2 * suite) / 2),
    validation: Math.round(runEnd - Math.min(left, Math.max(1.2 * suite, 0.15 * left))),
  };
}

/**
 * Types and small helpers shared by the TypeScript and Python type checks.
 *
 * @module
 */
import type { RunCommandResult } from '../../core/run-command.js';
import type { ToolUsed } from '../types.js';
import type { TypeDiagnostic } from './type-output.js';

/** The outcome of one type checker (TypeScript or Python). */
export type TypeCheckOutcome =
  | {
      language: 'typescript' | 'python';
      status: 'measured';
      errors: TypeDiagnostic[];
      tool: ToolUsed;
      note?: string;
    }
  | { language: 'typescript' | 'python'; status: 'not_measured'; reason: string; fix: string }
  | { language: 'typescript' | 'python'; status: 'not_applicable'; reason: string };

/** Options of `checkTypes`. */
export interface TypeCheckOptions {
  signal?: AbortSignal;
  /** Deadline of each checker run, default 300 s. */
  timeoutMs?: number;
  /** PATH used to look for pyright and mypy (default `process.env.PATH`). */
  envPath?: string;
}

/** Default deadline of one checker run. */
export const DEFAULT_TYPE_CHECK_TIMEOUT_MS = 300_000;

/**
 * The "not measured" outcome of a checker run that timed out or was aborted, or null when it
 * finished.
 *
 * @example
 * unfinishedOutcome('typescript', 'tsc', run, 300_000)?.reason; // 'type errors: tsc timed out after 300 s'
 */
export function unfinishedOutcome(
  language: TypeCheckOutcome['language'],
  tool: string,
  run: RunCommandResult,
  timeoutMs: number,
): TypeCheckOutcome | null {
  const why = run.timedOut
    ? `${tool} timed out after ${Number((timeoutMs / 1000).toFixed(3))} s`
    : run.aborted
      ? `${tool} was aborted`
      : null;
  return why === null
    ? null
    : {
        language,
        status: 'not_measured',
        reason: `type errors: ${why}`,
        fix: 'run again with a longer deadline',
      };
}

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
 * Why a checker run that timed out or was aborted gave no figure, or null when it finished.
 *
 * @example
 * unfinishedReason('tsc', run, 300_000); // 'tsc timed out after 300 s' when run.timedOut
 */
export function unfinishedReason(tool: string, run: RunCommandResult, timeoutMs: number): string | null {
  if (run.timedOut) return `${tool} timed out after ${Number((timeoutMs / 1000).toFixed(3))} s`;
  if (run.aborted) return `${tool} was aborted`;
  return null;
}

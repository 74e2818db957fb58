/**
 * Parallel strategy (A || B || C): every agent runs at once (up to `concurrency` at a time)
 * with the same initial context. `success` is true only when every agent succeeded.
 *
 * `aggregated_output`: `{ results: { [key]: output }, succeeded: [keys], failed: [keys],
 * avg_confidence }` (key = agent id, `id#2` for a repeated id).
 *
 * @module
 */
import type { ExecutionContext, StrategyResult } from '../../types.js';
import type { AgentSpec } from '../agents/define-agent.js';
import type { Execution } from './helpers.js';
import {
  ResultKeys,
  TeamStrategy,
  checkConcurrency,
  finish,
  meanConfidence,
  runConcurrently,
} from './helpers.js';
import type { StrategyOptions } from './types.js';

/**
 * Runs agents concurrently and aggregates their outputs.
 *
 * @example
 * const result = await new ParallelStrategy({ concurrency: 4 }).execute(
 *   [getTemplate('security_auditor'), getTemplate('test_coverage_analyzer')],
 *   { path: '.' },
 * );
 * result.aggregatedOutput['failed']; // keys of the agents that failed
 */
export class ParallelStrategy extends TeamStrategy {
  /** The registry name of this strategy. */
  readonly name = 'parallel';

  /** @param options runner, limits and thresholds; invalid values throw a `UserError`. */
  constructor(options: StrategyOptions = {}) {
    super(options, { min: 1, shape: 'at least one agent' });
    checkConcurrency(options.concurrency);
  }

  /** Runs the team at once and collects the outputs (see the module notes). */
  protected async run(
    team: AgentSpec[],
    context: ExecutionContext,
    execution: Execution,
  ): Promise<StrategyResult> {
    const outputs = await runConcurrently(execution, team, context);
    const keys = new ResultKeys();
    const results: Record<string, unknown> = {};
    const succeeded: string[] = [];
    const failed: string[] = [];
    for (const result of outputs) {
      const key = keys.next(result.agentId);
      results[key] = result.output;
      (result.success ? succeeded : failed).push(key);
    }
    return finish(execution, failed.length === 0, outputs, {
      results,
      succeeded,
      failed,
      avg_confidence: meanConfidence(outputs),
    });
  }
}

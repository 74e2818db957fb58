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
import type { AgentSpec } from '../define-agent.js';
import {
  ResultKeys,
  beginExecution,
  checkConcurrency,
  checkTeam,
  finish,
  meanConfidence,
  runConcurrently,
} from './helpers.js';
import type { Strategy, StrategyExecuteOptions, StrategyOptions } from './types.js';

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
export class ParallelStrategy implements Strategy {
  /** The registry name of this strategy. */
  readonly name = 'parallel';
  readonly #options: StrategyOptions;

  /** @param options runner, limits and thresholds; invalid values throw a `UserError`. */
  constructor(options: StrategyOptions = {}) {
    checkConcurrency(options.concurrency);
    this.#options = options;
  }

  /** Runs the team; resolves even when agents fail, time out or are aborted (see the module notes). */
  async execute(
    agents: AgentSpec[],
    context: ExecutionContext,
    options?: StrategyExecuteOptions,
  ): Promise<StrategyResult> {
    const team = checkTeam(this.name, agents, 1, 'at least one agent');
    const execution = beginExecution(this.#options, options);
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

/**
 * Teaching strategy (junior -> expert validation): the junior (usually CHEAP) runs first; its
 * work is kept when it succeeded with `confidence >= qualityThreshold` (default 0.7), outcome
 * `junior_success`. Otherwise the expert (CAPABLE/PREMIUM) runs with the junior's work in its
 * context (`junior_output`, `junior_result`), outcome `expert_takeover`.
 *
 * `success`: true for `junior_success`; for `expert_takeover`, whether the expert succeeded
 * (an expert that rescues a failed junior makes the team succeed; the junior's error still
 * appears in `errors`).
 *
 * `aggregated_output`: `{ outcome, quality_threshold, junior, expert, junior_output,
 * junior_confidence, expert_output (only when the expert ran), final_output, reason }`.
 *
 * @module
 */
import type { AgentResult, ExecutionContext, StrategyResult } from '../../types.js';
import type { AgentSpec } from '../define-agent.js';
import { beginExecution, checkTeam, checkThreshold, finish } from './helpers.js';
import type { Strategy, StrategyExecuteOptions, StrategyOptions } from './types.js';

/** The spec's default quality threshold of the teaching strategy. */
export const DEFAULT_QUALITY_THRESHOLD = 0.7;

/**
 * Lets a cheap junior try first and an expert take over when the junior is not good enough.
 *
 * @example
 * const strategy = new TeachingStrategy({ qualityThreshold: 0.7 });
 * const result = await strategy.execute([juniorWriter, expertReviewer], context);
 * result.aggregatedOutput['outcome']; // 'junior_success' or 'expert_takeover'
 */
export class TeachingStrategy implements Strategy {
  /** The registry name of this strategy. */
  readonly name = 'teaching';
  /** The junior's minimum confidence. */
  readonly qualityThreshold: number;
  readonly #options: StrategyOptions;

  /** @param options runner, limits and thresholds; invalid values throw a `UserError`. */
  constructor(options: StrategyOptions = {}) {
    this.qualityThreshold = checkThreshold(
      options.qualityThreshold,
      'qualityThreshold',
      DEFAULT_QUALITY_THRESHOLD,
    );
    this.#options = options;
  }

  /** Runs the team; resolves even when agents fail, time out or are aborted (see the module notes). */
  async execute(
    agents: AgentSpec[],
    context: ExecutionContext,
    options?: StrategyExecuteOptions,
  ): Promise<StrategyResult> {
    const [junior, expert] = checkTeam(this.name, agents, 2, 'exactly two agents: [junior, expert]', 2) as [
      AgentSpec,
      AgentSpec,
    ];
    const execution = beginExecution(this.#options, options);
    const threshold = this.qualityThreshold;
    const juniorResult = await execution.runner.run(junior, context, { signal: execution.signal });
    const base = {
      quality_threshold: threshold,
      junior: juniorResult.agentId,
      junior_output: juniorResult.output,
      junior_confidence: juniorResult.confidence,
    };

    if (juniorResult.success && juniorResult.confidence >= threshold) {
      return finish(execution, true, [juniorResult], {
        outcome: 'junior_success',
        ...base,
        expert: null,
        final_output: juniorResult.output,
        reason: `junior succeeded with confidence ${juniorResult.confidence} >= ${threshold}`,
      });
    }

    const reason = juniorResult.success
      ? `junior confidence ${juniorResult.confidence} < ${threshold}`
      : `junior failed: ${juniorResult.error ?? 'unknown error'}`;
    const expertResult: AgentResult = await execution.runner.run(
      expert,
      { ...context, junior_output: juniorResult.output, junior_result: juniorResult },
      { signal: execution.signal },
    );
    return finish(execution, expertResult.success, [juniorResult, expertResult], {
      outcome: 'expert_takeover',
      ...base,
      expert: expertResult.agentId,
      expert_output: expertResult.output,
      final_output: expertResult.success ? expertResult.output : null,
      reason,
    });
  }
}

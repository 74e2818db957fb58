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
import type { AgentSpec } from '../agents/define-agent.js';
import type { Execution } from './helpers.js';
import { TeamStrategy, checkThreshold, finish, runAgent } from './helpers.js';
import type { StrategyOptions } from './types.js';

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
export class TeachingStrategy extends TeamStrategy {
  /** The registry name of this strategy. */
  readonly name = 'teaching';
  /** The junior's minimum confidence. */
  readonly qualityThreshold: number;

  /** @param options runner, limits and thresholds; invalid values throw a `UserError`. */
  constructor(options: StrategyOptions = {}) {
    super(options, { min: 2, max: 2, shape: 'exactly two agents: [junior, expert]' });
    this.qualityThreshold = checkThreshold(
      options.qualityThreshold,
      'qualityThreshold',
      DEFAULT_QUALITY_THRESHOLD,
    );
  }

  /** Runs the junior, then the expert if needed (see the module notes). */
  protected async run(
    team: AgentSpec[],
    context: ExecutionContext,
    execution: Execution,
  ): Promise<StrategyResult> {
    const [junior, expert] = team as [AgentSpec, AgentSpec];
    const threshold = this.qualityThreshold;
    const juniorResult = await runAgent(execution, junior, context);
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
    const expertResult: AgentResult = await runAgent(execution, expert, {
      ...context,
      junior_output: juniorResult.output,
      junior_result: juniorResult,
    });
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

/**
 * Adaptive strategy (classifier -> specialist): the classifier (usually CHEAP) runs first.
 * When it succeeds with confidence above `routingThreshold` (default 0.8, the spec's routing)
 * the task is `simple` and goes to the cheapest-tier specialist; otherwise (low confidence, or
 * a failed classifier) it is `complex` and goes to the highest-tier specialist. Ties go to the
 * first in team order. Only the selected specialist runs; it gets `classification` in its context.
 *
 * `success` = the selected specialist succeeded (a failed classifier is routed to the
 * strongest specialist and still appears in `errors`).
 *
 * `aggregated_output`: `{ classification: { complexity, confidence, classifier, classifier_success,
 * classifier_output }, selected_specialist, specialist_tier, specialist_output, routing_reason }`.
 *
 * @module
 */
import { TIERS } from '../../types.js';
import type { ExecutionContext, StrategyResult } from '../../types.js';
import { templateOf, type AgentSpec } from '../agents/define-agent.js';
import type { Execution } from './helpers.js';
import { TeamStrategy, checkThreshold, finish, runAgent } from './helpers.js';
import type { StrategyOptions } from './types.js';

/** The spec's routing threshold: classifier confidence above it means a simple task. */
export const DEFAULT_ROUTING_THRESHOLD = 0.8;

function tierRank(agent: AgentSpec): number {
  const rank = TIERS.indexOf(templateOf(agent).tierPreference);
  return rank < 0 ? TIERS.length : rank;
}

/** Picks the cheapest (`simple`) or the highest-tier (`complex`) specialist; ties go to the first. */
export function pickSpecialist(
  specialists: readonly AgentSpec[],
  complexity: 'simple' | 'complex',
): AgentSpec {
  let best = specialists[0] as AgentSpec;
  for (const candidate of specialists) {
    const better =
      complexity === 'simple' ? tierRank(candidate) < tierRank(best) : tierRank(candidate) > tierRank(best);
    if (better) best = candidate;
  }
  return best;
}

/**
 * Right-sizes the work: a classifier decides how hard the task is, one specialist does it.
 *
 * @example
 * const result = await new AdaptiveStrategy().execute([classifier, cheapSpecialist, premiumSpecialist], context);
 * result.aggregatedOutput['selected_specialist'];
 */
export class AdaptiveStrategy extends TeamStrategy {
  /** The registry name of this strategy. */
  readonly name = 'adaptive';
  /** Classifier confidence above which a task is simple. */
  readonly routingThreshold: number;

  /** @param options runner, limits and thresholds; invalid values throw a `UserError`. */
  constructor(options: StrategyOptions = {}) {
    super(options, {
      min: 2,
      shape: 'a classifier and at least one specialist: [classifier, ...specialists]',
    });
    this.routingThreshold = checkThreshold(
      options.routingThreshold,
      'routingThreshold',
      DEFAULT_ROUTING_THRESHOLD,
    );
  }

  /** Runs the classifier, then the chosen specialist (see the module notes). */
  protected async run(
    team: AgentSpec[],
    context: ExecutionContext,
    execution: Execution,
  ): Promise<StrategyResult> {
    const [classifier, ...specialists] = team as [AgentSpec, ...AgentSpec[]];
    const classified = await runAgent(execution, classifier, context);
    const simple = classified.success && classified.confidence > this.routingThreshold;
    const complexity = simple ? 'simple' : 'complex';
    const classification = {
      complexity,
      confidence: classified.confidence,
      classifier: classified.agentId,
      classifier_success: classified.success,
      classifier_output: classified.output,
    };
    const routingReason = simple
      ? `classifier confidence ${classified.confidence} > ${this.routingThreshold}: simple task, cheapest specialist`
      : classified.success
        ? `classifier confidence ${classified.confidence} <= ${this.routingThreshold}: complex task, highest-tier specialist`
        : `classifier failed (${classified.error ?? 'unknown error'}): treated as complex, highest-tier specialist`;

    const specialist = pickSpecialist(specialists, complexity);
    const result = await runAgent(execution, specialist, { ...context, classification });
    return finish(execution, result.success, [classified, result], {
      classification,
      selected_specialist: result.agentId,
      specialist_tier: result.tier,
      specialist_output: result.output,
      routing_reason: routingReason,
    });
  }
}

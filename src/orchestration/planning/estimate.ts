/**
 * Cost and duration estimates of a plan.
 *
 * - **Tokens**: each agent's budget is its `resourceRequirements.maxTokens` (upper estimate)
 *   and `minTokens` (lower estimate), split {@link INPUT_TOKEN_SHARE} input / rest output.
 * - **Dollars**: tokens at the tier's price from the price table (`pricing.ts`). Offline runs
 *   make no model calls and cost $0; the figure is what a model-backed run would cost.
 * - **Duration**: each agent's deadline (`timeoutSeconds`) is its longest run, so the
 *   estimate is an upper bound in seconds.
 * - **By strategy** (worst case throughout): sequential, refinement and teaching add every
 *   agent up (teaching's worst case is junior plus expert takeover); parallel takes the
 *   slowest agent and pays for all; debate takes the slowest debater plus the synthesis,
 *   which is a local merge of the opinions (no model call: 0 s, $0); adaptive counts the
 *   classifier plus the most expensive (for cost) and slowest (for time) specialist, since
 *   only one specialist runs.
 *
 * @module
 */
import type { AgentTemplate, StrategyName, Tier } from '../../types.js';
import {
  DEFAULT_PRICE_TABLE,
  INPUT_TOKEN_SHARE,
  TIER_UNITS,
  tokenCostUsd,
  type PriceTable,
} from './pricing.js';

/** Seconds the debate's synthesis step adds: it merges opinions locally, without a model call. */
export const DEBATE_SYNTHESIS_SECONDS = 0;

/** The estimate of one agent of a plan. */
export interface AgentCostEstimate {
  agentId: string;
  tier: Tier;
  /** The model the tier maps to in the price table used. */
  model: string;
  /** Input and output tokens of the upper estimate (from `maxTokens`). */
  inputTokens: number;
  outputTokens: number;
  /** US dollars of the upper estimate (`maxTokens`). */
  usd: number;
  /** US dollars of the lower estimate (`minTokens`). */
  minUsd: number;
  tierUnits: number;
  /** Deadline of the agent, in seconds. */
  seconds: number;
  /** False when the strategy's worst case does not run this agent (adaptive's cheaper specialists). */
  counted: boolean;
}

/** What a plan would cost with models (worst case of its strategy). */
export interface CostEstimate {
  /** US dollars, upper estimate (every counted agent uses its whole `maxTokens` budget). */
  usd: number;
  /** US dollars, lower estimate (every counted agent uses only `minTokens`). */
  minUsd: number;
  /** Sum of the counted agents' tier units (CHEAP 1, CAPABLE 3, PREMIUM 5). */
  tierUnits: number;
  /** One entry per agent, in plan order. */
  breakdown: AgentCostEstimate[];
}

const round6 = (n: number): number => Math.round(n * 1e6) / 1e6;

function split(tokens: number): { input: number; output: number } {
  const input = Math.round(tokens * INPUT_TOKEN_SHARE);
  return { input, output: tokens - input };
}

/** Index of the largest value of `values` (the last one on ties), or -1 when empty. */
function argmax(values: number[]): number {
  let best = -1;
  values.forEach((v, i) => {
    if (best < 0 || v >= (values[best] ?? -Infinity)) best = i;
  });
  return best;
}

/**
 * The cost estimate of `agents` run with `strategy`.
 *
 * @example
 * estimateCost([getTemplate('security_auditor')], 'parallel').usd; // 0.288 (25.6k in x $5/M + 6.4k out x $25/M)
 */
export function estimateCost(
  agents: readonly AgentTemplate[],
  strategy: StrategyName,
  table: PriceTable = DEFAULT_PRICE_TABLE,
): CostEstimate {
  const breakdown: AgentCostEstimate[] = agents.map((agent) => {
    const tier = agent.tierPreference;
    const max = split(agent.resourceRequirements.maxTokens);
    const min = split(agent.resourceRequirements.minTokens);
    return {
      agentId: agent.id,
      tier,
      model: table[tier].model,
      inputTokens: max.input,
      outputTokens: max.output,
      usd: round6(tokenCostUsd(tier, max.input, max.output, table)),
      minUsd: round6(tokenCostUsd(tier, min.input, min.output, table)),
      tierUnits: TIER_UNITS[tier],
      seconds: agent.resourceRequirements.timeoutSeconds,
      counted: true,
    };
  });
  if (strategy === 'adaptive' && breakdown.length > 2) {
    const worst = 1 + argmax(breakdown.slice(1).map((b) => b.usd));
    breakdown.forEach((b, i) => (b.counted = i === 0 || i === worst));
  }
  const counted = breakdown.filter((b) => b.counted);
  const sum = (pick: (b: AgentCostEstimate) => number) =>
    round6(counted.reduce((total, b) => total + pick(b), 0));
  return {
    usd: sum((b) => b.usd),
    minUsd: sum((b) => b.minUsd),
    tierUnits: sum((b) => b.tierUnits),
    breakdown,
  };
}

/**
 * Upper bound of the wall time of `agents` run with `strategy`, in seconds (see the module
 * notes for each strategy's rule).
 *
 * @example
 * estimateDuration([a300, b600], 'sequential'); // 900
 * estimateDuration([a300, b600], 'parallel');   // 600
 */
export function estimateDuration(agents: readonly AgentTemplate[], strategy: StrategyName): number {
  const seconds = agents.map((a) => a.resourceRequirements.timeoutSeconds);
  if (seconds.length === 0) return 0;
  const max = (values: number[]) => (values.length === 0 ? 0 : Math.max(...values));
  const sum = (values: number[]) => values.reduce((total, s) => total + s, 0);
  switch (strategy) {
    case 'parallel':
      return max(seconds);
    case 'debate':
      return max(seconds) + DEBATE_SYNTHESIS_SECONDS;
    case 'adaptive':
      return (seconds[0] ?? 0) + max(seconds.slice(1));
    case 'sequential':
    case 'teaching':
    case 'refinement':
      return sum(seconds);
  }
}

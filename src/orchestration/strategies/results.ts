/**
 * Small helpers that build and normalise {@link AgentResult} values: usage accounting,
 * confidence clamping, and failed results. Shared by the agent runner and the strategies.
 *
 * @module
 */
import type { AgentResult, MeansOutput, Tier, Usage } from '../../types.js';

/** Usage of a run that called no model: zero tokens, zero calls, zero dollars. */
export function emptyUsage(): Usage {
  return { inputTokens: 0, outputTokens: 0, calls: 0, costUsd: 0 };
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * Normalises the usage a means reported. Missing counts are 0. A missing cost is 0 only
 * when no model work was reported; when tokens or calls were reported without a price
 * the cost is `null` ("cost unknown"), never a made-up 0.
 */
export function normaliseUsage(reported: Partial<Usage> | undefined): Usage {
  if (!reported) return emptyUsage();
  const usage: Usage = {
    inputTokens: count(reported.inputTokens),
    outputTokens: count(reported.outputTokens),
    calls: count(reported.calls),
    costUsd: 0,
  };
  const cost = reported.costUsd;
  if (typeof cost === 'number' && Number.isFinite(cost) && cost >= 0) usage.costUsd = cost;
  else if (cost === null || usage.calls > 0 || usage.inputTokens > 0 || usage.outputTokens > 0)
    usage.costUsd = null;
  return usage;
}

/** Adds two usages; an unknown (`null`) cost makes the sum's cost unknown. */
export function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    calls: a.calls + b.calls,
    costUsd: a.costUsd === null || b.costUsd === null ? null : a.costUsd + b.costUsd,
  };
}

/** Clamps a confidence to 0..1; anything that is not a finite number is 0. */
export function clampConfidence(value: unknown): number {
  if (typeof value !== 'number' || Number.isNaN(value)) return 0;
  return value < 0 ? 0 : value > 1 ? 1 : value;
}

/** A failed result with a non-empty error message. */
export function failedResult(
  agentId: string,
  tier: Tier,
  error: string,
  durationSeconds = 0,
  usage: Usage = emptyUsage(),
): AgentResult {
  return {
    agentId,
    success: false,
    output: {},
    confidence: 0,
    durationSeconds,
    error: error.trim() === '' ? `agent ${agentId} failed without a message` : error,
    tier,
    usage,
  };
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Turns what a means (or a defined agent) returned into an {@link AgentResult}. An answer
 * without an `output` object is a failure, never an empty success.
 */
export function resultFromMeansOutput(
  agentId: string,
  tier: Tier,
  answer: MeansOutput,
  durationSeconds: number,
): AgentResult {
  if (!isPlainRecord(answer) || !isPlainRecord(answer.output)) {
    return failedResult(
      agentId,
      tier,
      `agent ${agentId} returned no output object (a means must resolve to { output: {...}, confidence })`,
      durationSeconds,
    );
  }
  const success = answer.success !== false;
  let error: string | null = null;
  if (!success) {
    error =
      typeof answer.error === 'string' && answer.error.trim() !== ''
        ? answer.error
        : `agent ${agentId} reported a failure without a message`;
  }
  return {
    agentId,
    success,
    output: answer.output,
    confidence: clampConfidence(answer.confidence),
    durationSeconds,
    error,
    tier,
    usage: normaliseUsage(answer.usage),
  };
}

/** An agent result in its wire form (the spec's snake_case names), for JSON reports. */
export function agentResultToJSON(result: AgentResult): Record<string, unknown> {
  return {
    agent_id: result.agentId,
    success: result.success,
    tier: result.tier,
    confidence: result.confidence,
    duration_seconds: result.durationSeconds,
    error: result.error,
    usage: {
      input_tokens: result.usage.inputTokens,
      output_tokens: result.usage.outputTokens,
      calls: result.usage.calls,
      cost_usd: result.usage.costUsd,
    },
    output: result.output,
  };
}

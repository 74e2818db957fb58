/**
 * Small helpers that build and normalise {@link AgentResult} values: confidence clamping,
 * failed results, the wire form. Shared by the agent runner and the strategies. Usage
 * arithmetic is `core/usage.ts`.
 *
 * @module
 */
import { emptyUsage, normaliseUsage } from '../../core/usage.js';
import type { AgentResult, MeansOutput, Tier, Usage } from '../../types.js';

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

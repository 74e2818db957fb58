/**
 * Usage arithmetic: the tokens, calls and dollars of model work, as agents, providers and
 * test generation add them up. A cost is a number of US dollars or `null` ("cost unknown",
 * e.g. a model with no price); an unknown cost is never replaced by a made-up 0.
 *
 * @module
 */
import type { Usage } from '../types.js';

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
 *
 * @example
 * normaliseUsage({ inputTokens: 10 }); // { inputTokens: 10, outputTokens: 0, calls: 0, costUsd: null }
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

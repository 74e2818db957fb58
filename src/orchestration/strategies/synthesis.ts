/**
 * The built-in synthesis of a debate: merges the outputs of the participants that
 * succeeded, key by key, into what they agree on and what they dispute.
 *
 * @module
 */
import type { AgentResult } from '../../types.js';

/** One disputed key: each participant's value, and number statistics when all values are numbers. */
export interface DisputedKey {
  values: Record<string, unknown>;
  min?: number;
  max?: number;
  mean?: number;
  /** Mean weighted by each participant's confidence (plain mean when all confidences are 0). */
  weighted_mean?: number;
}

/** The merged view of a debate (snake_case wire names). */
export interface MergedSynthesis {
  method: 'merge';
  /** Participants whose outputs were merged (those that succeeded). */
  sources: string[];
  /** Keys every source reported with the same value. */
  agreed: Record<string, unknown>;
  /** Keys the sources disagree on or that only some of them reported. */
  disputed: Record<string, DisputedKey>;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  try {
    return JSON.stringify(a) === JSON.stringify(b);
  } catch {
    return false;
  }
}

function numberStats(values: Record<string, unknown>, weights: Record<string, number>): Partial<DisputedKey> {
  const entries = Object.entries(values);
  if (entries.length === 0 || !entries.every(([, v]) => typeof v === 'number' && Number.isFinite(v)))
    return {};
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let weighted = 0;
  let weightSum = 0;
  for (const [key, value] of entries as [string, number][]) {
    min = Math.min(min, value);
    max = Math.max(max, value);
    sum += value;
    const weight = weights[key] ?? 0;
    weighted += weight * value;
    weightSum += weight;
  }
  const mean = sum / entries.length;
  return { min, max, mean, weighted_mean: weightSum > 0 ? weighted / weightSum : mean };
}

/**
 * Merges the outputs of successful participants.
 *
 * @param results the participants' results, in team order
 * @param keys the unique key of each result (same order)
 */
export function mergeOpinions(results: readonly AgentResult[], keys: readonly string[]): MergedSynthesis {
  const sources: string[] = [];
  const weights: Record<string, number> = {};
  const byField = new Map<string, Record<string, unknown>>();
  results.forEach((result, index) => {
    if (!result.success) return;
    const key = keys[index] ?? result.agentId;
    sources.push(key);
    weights[key] = result.confidence;
    for (const [field, value] of Object.entries(result.output)) {
      let values = byField.get(field);
      if (!values) byField.set(field, (values = {}));
      values[key] = value;
    }
  });
  const agreed: Record<string, unknown> = {};
  const disputed: Record<string, DisputedKey> = {};
  for (const [field, values] of byField) {
    const reported = Object.values(values);
    const first = reported[0];
    if (reported.length === sources.length && reported.every((value) => sameValue(value, first))) {
      agreed[field] = first;
    } else {
      disputed[field] = { values, ...numberStats(values, weights) };
    }
  }
  return { method: 'merge', sources, agreed, disputed };
}

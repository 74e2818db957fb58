/**
 * How the model generator's calls show in a test-coverage result: added to the usage of the
 * agent they were made for, and summed up in one note (calls, cost, budget, skipped, failed).
 *
 * @module
 */
import { addUsage } from '../../core/usage.js';
import type { ModelRuntime } from '../../providers/runtime.js';
import type { AgentResult } from '../../types.js';

/**
 * Adds the model calls recorded for each agent to that agent's usage.
 *
 * @example
 * buildResult({ ...input, outputs: withModelUsage(strategy.outputs, runtime) });
 */
export function withModelUsage(
  outputs: AgentResult[],
  runtime: ModelRuntime | null | undefined,
): AgentResult[] {
  if (!runtime) return outputs;
  const perAgent = runtime.usage().perAgent;
  return outputs.map((o) => {
    const extra = perAgent[o.agentId];
    return extra ? { ...o, usage: addUsage(o.usage, extra) } : o;
  });
}

/**
 * One line on the run's model calls, or null without a runtime.
 *
 * @example
 * modelUsageNote(runtime); // 'model anthropic: 2 call(s), $0.0123 (--max-cost $0.5); 0 skipped, 0 failed'
 */
export function modelUsageNote(runtime: ModelRuntime | null | undefined): string | null {
  if (!runtime) return null;
  const { total, skipped, failed } = runtime.usage();
  const budget = runtime.budget();
  const cost = total.costUsd === null ? 'unknown cost' : `$${total.costUsd.toFixed(4)}`;
  const limit = budget.maxCostUsd === null ? 'no --max-cost' : `--max-cost $${budget.maxCostUsd}`;
  return `model ${runtime.settings.name}: ${total.calls} call(s), ${cost} (${limit}); ${skipped.length} skipped, ${failed.length} failed`;
}

/**
 * The usage ledger of one run: tokens, calls and dollars per agent, per tier and in total,
 * and every call that was skipped or failed, for the report.
 *
 * @module
 */
import { addUsage, emptyUsage } from '../core/usage.js';
import type { Tier, Usage } from '../types.js';
import type { ModelCallOutcome, SkipReason } from './types.js';

/** A call that was not made, or failed after its retries. */
export interface CallProblem {
  agentId: string;
  tier: Tier;
  model: string;
  /** `failed`, or the skip reason. */
  kind: SkipReason | 'failed';
  message: string;
}

/** The ledger's figures. */
export interface UsageSummary {
  total: Usage;
  perAgent: Record<string, Usage>;
  perTier: Partial<Record<Tier, Usage>>;
  skipped: CallProblem[];
  failed: CallProblem[];
}

/** Records the outcome of every model call of a run. */
export class UsageLedger {
  #total: Usage = emptyUsage();
  readonly #perAgent = new Map<string, Usage>();
  readonly #perTier = new Map<Tier, Usage>();
  readonly #skipped: CallProblem[] = [];
  readonly #failed: CallProblem[] = [];

  /** Adds one outcome. */
  record(agentId: string, outcome: ModelCallOutcome): void {
    if (outcome.status === 'skipped') {
      this.#skipped.push({
        agentId,
        tier: outcome.tier,
        model: outcome.model,
        kind: outcome.reason,
        message: outcome.message,
      });
      return;
    }
    if (outcome.status === 'failed')
      this.#failed.push({
        agentId,
        tier: outcome.tier,
        model: outcome.model,
        kind: 'failed',
        message: outcome.message,
      });
    this.#total = addUsage(this.#total, outcome.usage);
    this.#perAgent.set(agentId, addUsage(this.#perAgent.get(agentId) ?? emptyUsage(), outcome.usage));
    this.#perTier.set(outcome.tier, addUsage(this.#perTier.get(outcome.tier) ?? emptyUsage(), outcome.usage));
  }

  /** The figures so far. */
  summary(): UsageSummary {
    return {
      total: { ...this.#total },
      perAgent: Object.fromEntries([...this.#perAgent].map(([k, v]) => [k, { ...v }])),
      perTier: Object.fromEntries([...this.#perTier].map(([k, v]) => [k, { ...v }])),
      skipped: [...this.#skipped],
      failed: [...this.#failed],
    };
  }
}

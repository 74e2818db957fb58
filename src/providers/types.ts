/**
 * Types of the model providers layer: provider names, the tier -> model map, prices,
 * one model call and its outcome.
 *
 * @module
 */
import type { Tier, Usage } from '../types.js';
import type { TokenPrice } from '../core/model-prices.js';

/** The providers we speak to (explicit registry in `provider-registry.ts`). */
export type ProviderName = 'anthropic' | 'openai' | 'openai-compatible';

/** All provider names. */
export const PROVIDER_NAMES: readonly ProviderName[] = ['anthropic', 'openai', 'openai-compatible'];

/** Price of one model, US dollars per million tokens (the one price table is `core/model-prices.ts`). */
export type { TokenPrice };

/** Model id per tier. */
export type TierModels = Record<Tier, string>;

/** Resolved settings of the active provider (never holds the key itself in printable form). */
export interface ProviderSettings {
  name: ProviderName;
  /** Base URL, or `null` for the provider's default. */
  baseURL: string | null;
  models: TierModels;
  /** Prices keyed by model id; a model without an entry has an unknown cost. */
  prices: Record<string, TokenPrice>;
  /** Budget of one run in US dollars, or `null` for no limit. */
  maxCostUsd: number | null;
  /** Deadline of one HTTP attempt, in seconds. */
  timeoutSeconds: number;
  /** Most calls in flight at once to this provider. */
  concurrency: number;
  /** Rate limit of each tier's model, in requests per minute (enforced on `--queue` runs, across workers). */
  requestsPerMinute?: Partial<Record<Tier, number>>;
  /** Retries after a 429/5xx/network failure (attempts = retries + 1). */
  maxRetries: number;
  /** Consecutive failed attempts that open the circuit breaker. */
  breakerThreshold: number;
  /** Seconds the breaker stays open before one trial call. */
  breakerCooldownSeconds: number;
  /** Extra glob patterns whose files are never sent to the provider. */
  exclude: string[];
  /** Where the key comes from, for display: `env:ANTHROPIC_API_KEY`, `config`, or `null` (not set). */
  keySource: string | null;
}

/** One model call. */
export interface ModelCallRequest {
  tier: Tier;
  /** Instructions (system prompt). */
  system: string;
  /** The user message. */
  prompt: string;
  /** Hard cap on output tokens (also the worst case the budget assumes). */
  maxOutputTokens: number;
  /** The agent the call is made for (usage per agent). */
  agentId: string;
  signal?: AbortSignal;
}

/** Why a call was not made. */
export type SkipReason = 'budget' | 'breaker' | 'unknown_price' | 'aborted';

/** The outcome of one model call (after retries). */
export type ModelCallOutcome =
  | {
      status: 'ok';
      text: string;
      model: string;
      tier: Tier;
      usage: Usage;
      /** Wall time including retries, in milliseconds. */
      latencyMs: number;
      attempts: number;
    }
  | { status: 'skipped'; reason: SkipReason; message: string; tier: Tier; model: string }
  | { status: 'failed'; message: string; tier: Tier; model: string; usage: Usage; attempts: number };

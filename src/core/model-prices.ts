/**
 * The one table of model prices: the providers' published standard list prices of the
 * default models, in US dollars per million input / output tokens (no batch or cache
 * discounts), and the arithmetic of a cost. The providers layer starts from it (config may
 * override or add prices; a model with no price is "cost unknown", never a guessed price) and
 * the orchestration estimates derive their per-tier prices from it (`planning/pricing.ts`).
 * It lives at the bottom layer because both read it.
 *
 * @module
 */
import type { Tier } from '../types.js';

/** US dollars per million tokens. */
export interface TokenPrice {
  inputPerMillion: number;
  outputPerMillion: number;
}

/** The price of the model a tier maps to. */
export interface ModelPrice extends TokenPrice {
  /** Model id the tier maps to. */
  model: string;
}

/** One price per tier. */
export type PriceTable = Readonly<Record<Tier, ModelPrice>>;

/**
 * The default model of each tier for Anthropic, the default provider (and the models the
 * plan estimates are priced at): Claude Haiku / Sonnet / Opus 4.5.
 */
export const ANTHROPIC_TIER_MODELS: Readonly<Record<Tier, string>> = Object.freeze({
  CHEAP: 'claude-haiku-4-5',
  CAPABLE: 'claude-sonnet-4-5',
  PREMIUM: 'claude-opus-4-5',
});

/** The default model of each tier for OpenAI (chat completions). */
export const OPENAI_TIER_MODELS: Readonly<Record<Tier, string>> = Object.freeze({
  CHEAP: 'gpt-4o-mini',
  CAPABLE: 'gpt-4.1',
  PREMIUM: 'gpt-5',
});

/**
 * List prices by provider and model id. Anthropic's 4.5 family (published Oct-Nov 2025):
 * Haiku $1 / $5, Sonnet $3 / $15, Opus $5 / $25. OpenAI: gpt-4o-mini $0.15 / $0.60,
 * gpt-4.1 $2 / $8, gpt-5 $1.25 / $10. An OpenAI-compatible server has none.
 */
export const MODEL_LIST_PRICES: Readonly<
  Record<'anthropic' | 'openai' | 'openai-compatible', Readonly<Record<string, Readonly<TokenPrice>>>>
> = Object.freeze({
  anthropic: Object.freeze({
    [ANTHROPIC_TIER_MODELS.CHEAP]: Object.freeze({ inputPerMillion: 1, outputPerMillion: 5 }),
    [ANTHROPIC_TIER_MODELS.CAPABLE]: Object.freeze({ inputPerMillion: 3, outputPerMillion: 15 }),
    [ANTHROPIC_TIER_MODELS.PREMIUM]: Object.freeze({ inputPerMillion: 5, outputPerMillion: 25 }),
  }),
  openai: Object.freeze({
    [OPENAI_TIER_MODELS.CHEAP]: Object.freeze({ inputPerMillion: 0.15, outputPerMillion: 0.6 }),
    [OPENAI_TIER_MODELS.CAPABLE]: Object.freeze({ inputPerMillion: 2, outputPerMillion: 8 }),
    [OPENAI_TIER_MODELS.PREMIUM]: Object.freeze({ inputPerMillion: 1.25, outputPerMillion: 10 }),
  }),
  'openai-compatible': Object.freeze({}),
});

/**
 * US dollars of `inputTokens` + `outputTokens` at `price`.
 *
 * @example
 * tokensCostUsd({ inputPerMillion: 3, outputPerMillion: 15 }, 1000, 200); // 0.006
 */
export function tokensCostUsd(price: TokenPrice, inputTokens: number, outputTokens: number): number {
  return (inputTokens * price.inputPerMillion + outputTokens * price.outputPerMillion) / 1_000_000;
}

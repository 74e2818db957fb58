/**
 * Costs from the price table: the cost of reported usage, the worst-case cost of a call
 * before it is made, and the bridge to the orchestration estimates' per-tier table. The prices themselves are the one table of
 * `core/model-prices.ts`.
 *
 * @module
 */
import { tokensCostUsd, type ModelPrice, type PriceTable } from '../core/model-prices.js';
import { TIERS, type Tier } from '../types.js';
import type { ProviderSettings, TokenPrice } from './types.js';

/** Tokens the provider may add around a prompt (roles, message framing), counted in the worst case. */
export const PROMPT_OVERHEAD_TOKENS = 64;

/** The price of `model`, or `null` when the table has none ("cost unknown"). */
export function priceOf(settings: Pick<ProviderSettings, 'prices'>, model: string): TokenPrice | null {
  return Object.hasOwn(settings.prices, model) ? (settings.prices[model] ?? null) : null;
}

/**
 * US dollars of `inputTokens` + `outputTokens` at `price`, or `null` when the price is unknown.
 *
 * @example
 * costUsd({ inputPerMillion: 3, outputPerMillion: 15 }, 1000, 200); // 0.006
 */
export function costUsd(price: TokenPrice | null, inputTokens: number, outputTokens: number): number | null {
  if (!price) return null;
  return tokensCostUsd(price, inputTokens, outputTokens);
}

/**
 * An upper bound of the input tokens of a prompt: its UTF-8 bytes (no tokenizer emits more
 * than one token per byte) plus {@link PROMPT_OVERHEAD_TOKENS}. Deliberately pessimistic: the
 * budget must never be exceeded.
 */
export function worstCaseInputTokens(...texts: string[]): number {
  return texts.reduce((sum, text) => sum + Buffer.byteLength(text, 'utf8'), 0) + PROMPT_OVERHEAD_TOKENS;
}

/** Worst-case dollars of one call: every input byte a token, and the full output cap used. */
export function worstCaseCostUsd(
  price: TokenPrice | null,
  system: string,
  prompt: string,
  maxOutputTokens: number,
): number | null {
  return costUsd(price, worstCaseInputTokens(system, prompt), maxOutputTokens);
}

/**
 * The per-tier price table of the orchestration estimates (`pricing.ts`) for the active
 * provider's tier map. Tiers whose model has no price keep the default entry's prices but
 * are listed in `unknown` so callers can say "cost unknown".
 */
export function tierPriceTable(
  settings: Pick<ProviderSettings, 'models' | 'prices'>,
  fallback: PriceTable,
): { table: PriceTable; unknown: Tier[] } {
  const table = {} as Record<Tier, ModelPrice>;
  const unknown: Tier[] = [];
  for (const tier of TIERS) {
    const model = settings.models[tier];
    const price = priceOf(settings, model);
    if (!price) unknown.push(tier);
    table[tier] = price ? { model, ...price } : { ...fallback[tier], model };
  }
  return { table, unknown };
}

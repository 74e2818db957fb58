/**
 * The per-tier prices used to estimate what a plan would cost when a model provider reasons
 * over each agent's measurements (a tier is a budget: the model class, and so the price, an
 * agent may use).
 *
 * The defaults are derived from the one model price table (`core/model-prices.ts`): each
 * tier's default Anthropic model at its list price. Options may override them per tier (the
 * providers layer owns model ids and prices at run time); prices are never guessed.
 *
 * An offline run (no provider configured) makes no model calls and really costs $0; the
 * estimate is what the same plan would cost with the models below.
 *
 * @module
 */
import {
  ANTHROPIC_TIER_MODELS,
  MODEL_LIST_PRICES,
  tokensCostUsd,
  type ModelPrice,
  type PriceTable,
} from '../../core/model-prices.js';
import { UserError } from '../../errors.js';
import { TIERS, type Tier } from '../../types.js';

export type { ModelPrice, PriceTable } from '../../core/model-prices.js';

/**
 * Default per-tier prices: each tier's default Anthropic model at its list price, both from
 * the one model price table (`core/model-prices.ts`): CHEAP = Claude Haiku 4.5 ($1 / $5),
 * CAPABLE = Claude Sonnet 4.5 ($3 / $15), PREMIUM = Claude Opus 4.5 ($5 / $25).
 */
export const DEFAULT_PRICE_TABLE: PriceTable = Object.freeze(
  Object.fromEntries(
    TIERS.map((tier) => {
      const model = ANTHROPIC_TIER_MODELS[tier];
      const price = MODEL_LIST_PRICES.anthropic[model]!;
      return [tier, Object.freeze({ model, ...price })];
    }),
  ) as Record<Tier, ModelPrice>,
);

/**
 * Relative cost of one run per tier, in "tier units" (CHEAP = 1): the ratio of the default
 * tiers' input prices (Haiku : Sonnet : Opus = 1 : 3 : 5, the same ratio as their output
 * prices). Unlike dollars they do not move when a price table is overridden: they compare
 * compositions, not invoices.
 */
export const TIER_UNITS: Readonly<Record<Tier, number>> = Object.freeze(
  Object.fromEntries(
    TIERS.map((tier) => [
      tier,
      DEFAULT_PRICE_TABLE[tier].inputPerMillion / DEFAULT_PRICE_TABLE.CHEAP.inputPerMillion,
    ]),
  ) as Record<Tier, number>,
);

/**
 * Share of an agent's token budget assumed to be input (prompt: instructions plus the
 * measurements it reasons over); the rest is output. Analysis agents read much more than
 * they write.
 */
export const INPUT_TOKEN_SHARE = 0.8;

/**
 * Dollars for `inputTokens` + `outputTokens` at `tier`'s price.
 *
 * @example
 * tokenCostUsd('CAPABLE', 12_800, 3_200); // 0.0864 (12.8k x $3/M + 3.2k x $15/M)
 */
export function tokenCostUsd(
  tier: Tier,
  inputTokens: number,
  outputTokens: number,
  table: PriceTable = DEFAULT_PRICE_TABLE,
): number {
  return tokensCostUsd(table[tier], inputTokens, outputTokens);
}

/**
 * Validates a (partial) price table override and merges it over the defaults.
 * Throws a {@link UserError} on an unknown tier or a negative or non-finite price.
 */
export function resolvePriceTable(overrides?: Partial<Record<string, Partial<ModelPrice>>>): PriceTable {
  if (!overrides) return DEFAULT_PRICE_TABLE;
  const merged: Record<string, ModelPrice> = {};
  for (const [key, value] of Object.entries(overrides)) {
    if (!(TIERS as readonly string[]).includes(key)) {
      throw new UserError(`unknown tier "${key}" in price table; known tiers: ${TIERS.join(', ')}`);
    }
    for (const field of ['inputPerMillion', 'outputPerMillion'] as const) {
      const price = value?.[field];
      if (price !== undefined && (!Number.isFinite(price) || price < 0)) {
        throw new UserError(`price table ${key}.${field} must be a number >= 0, got ${String(price)}`);
      }
    }
  }
  for (const tier of TIERS) {
    merged[tier] = Object.freeze({ ...DEFAULT_PRICE_TABLE[tier], ...overrides[tier] });
  }
  return Object.freeze(merged as Record<Tier, ModelPrice>);
}

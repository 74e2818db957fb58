/**
 * The default price table used to estimate what a plan would cost when a model provider
 * reasons over each agent's measurements (DESIGN section 3: a tier is a budget).
 *
 * These are **defaults**: Anthropic's published list prices (US dollars per million
 * tokens, standard API, no batch or cache discounts) for the model class each tier maps
 * to by default. Configuration may override the table later (the providers layer owns
 * model ids and prices at run time); prices are never guessed at run time.
 *
 * An offline run (no provider configured) makes no model calls and really costs $0; the
 * estimate is what the same plan would cost with the models below.
 *
 * @module
 */
import { UserError } from '../../errors.js';
import { TIERS, type Tier } from '../../types.js';

/** Price of one model, in US dollars per million tokens. */
export interface ModelPrice {
  /** Model id the tier maps to by default. */
  model: string;
  /** US dollars per million input tokens. */
  inputPerMillion: number;
  /** US dollars per million output tokens. */
  outputPerMillion: number;
}

/** One price per tier. */
export type PriceTable = Readonly<Record<Tier, ModelPrice>>;

/**
 * Default prices (Anthropic list prices for the 4.5 model family, published Oct-Nov 2025):
 * CHEAP = Claude Haiku 4.5 ($1 / $5), CAPABLE = Claude Sonnet 4.5 ($3 / $15),
 * PREMIUM = Claude Opus 4.5 ($5 / $25).
 */
export const DEFAULT_PRICE_TABLE: PriceTable = Object.freeze({
  CHEAP: Object.freeze({ model: 'claude-haiku-4-5', inputPerMillion: 1, outputPerMillion: 5 }),
  CAPABLE: Object.freeze({ model: 'claude-sonnet-4-5', inputPerMillion: 3, outputPerMillion: 15 }),
  PREMIUM: Object.freeze({ model: 'claude-opus-4-5', inputPerMillion: 5, outputPerMillion: 25 }),
});

/**
 * Relative cost of one run per tier, in "tier units" (CHEAP = 1). They match the ratio of
 * the default prices (Haiku : Sonnet : Opus = 1 : 3 : 5) and, unlike dollars, do not move
 * when a price table is overridden: they compare compositions, not invoices.
 */
export const TIER_UNITS: Readonly<Record<Tier, number>> = Object.freeze({ CHEAP: 1, CAPABLE: 3, PREMIUM: 5 });

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
  const price = table[tier];
  return (inputTokens * price.inputPerMillion + outputTokens * price.outputPerMillion) / 1_000_000;
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

/**
 * Defaults of the providers layer: the tier -> model map of each provider and the price
 * table of the default models (US dollars per million input / output tokens, the
 * providers' published standard list prices; no batch or cache discounts). Config
 * overrides both; a model with no price is "cost unknown", never a guessed price.
 *
 * @module
 */
import { ANTHROPIC_TIER_MODELS, MODEL_LIST_PRICES, OPENAI_TIER_MODELS } from '../core/model-prices.js';
import type { ProviderName, TierModels, TokenPrice } from './types.js';

/**
 * Default tier maps. Anthropic: Haiku / Sonnet / Opus 4.5 (the models the plan estimates are
 * priced at). OpenAI: gpt-4o-mini / gpt-4.1 / gpt-5 (chat completions). An OpenAI-compatible
 * server (Ollama, vLLM, LM Studio) has no defaults: its models must be configured.
 */
export const DEFAULT_TIER_MODELS: Readonly<Record<ProviderName, Readonly<TierModels> | null>> = Object.freeze(
  { anthropic: ANTHROPIC_TIER_MODELS, openai: OPENAI_TIER_MODELS, 'openai-compatible': null },
);

/** Default prices per provider and model id (US dollars per million tokens): the one table of `core/model-prices.ts`. */
export const DEFAULT_MODEL_PRICES: Readonly<Record<ProviderName, Readonly<Record<string, TokenPrice>>>> =
  MODEL_LIST_PRICES;

/** Environment variable holding the key of each provider (OpenAI-compatible servers often need none). */
export const KEY_ENV_VARS: Readonly<Record<ProviderName, string>> = Object.freeze({
  anthropic: 'ANTHROPIC_API_KEY',
  openai: 'OPENAI_API_KEY',
  'openai-compatible': 'OPENAI_COMPATIBLE_API_KEY',
});

/** Defaults of the limits (overridable in config). */
export const DEFAULT_LIMITS = Object.freeze({
  timeoutSeconds: 120,
  concurrency: 4,
  maxRetries: 3,
  breakerThreshold: 5,
  breakerCooldownSeconds: 30,
});

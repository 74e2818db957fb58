/**
 * Defaults of the providers layer: the tier -> model map of each provider and the price
 * table of the default models (US dollars per million input / output tokens, the
 * providers' published standard list prices; no batch or cache discounts). Config
 * overrides both; a model with no price is "cost unknown", never a guessed price.
 *
 * @module
 */
import { DEFAULT_PRICE_TABLE } from '../orchestration/planning/pricing.js';
import type { ProviderName, TierModels, TokenPrice } from './types.js';

/**
 * Default tier maps. Anthropic: Haiku / Sonnet / Opus 4.5 (the same models as
 * `DEFAULT_PRICE_TABLE` of the orchestration estimates). OpenAI: gpt-4o-mini / gpt-4.1 /
 * gpt-5 (chat completions). An OpenAI-compatible server (Ollama, vLLM, LM Studio) has no
 * defaults: its models must be configured.
 */
export const DEFAULT_TIER_MODELS: Readonly<Record<ProviderName, Readonly<TierModels> | null>> = Object.freeze(
  {
    anthropic: Object.freeze({
      CHEAP: DEFAULT_PRICE_TABLE.CHEAP.model,
      CAPABLE: DEFAULT_PRICE_TABLE.CAPABLE.model,
      PREMIUM: DEFAULT_PRICE_TABLE.PREMIUM.model,
    }),
    openai: Object.freeze({ CHEAP: 'gpt-4o-mini', CAPABLE: 'gpt-4.1', PREMIUM: 'gpt-5' }),
    'openai-compatible': null,
  },
);

/** Default prices per provider and model id (US dollars per million tokens). */
export const DEFAULT_MODEL_PRICES: Readonly<Record<ProviderName, Readonly<Record<string, TokenPrice>>>> =
  Object.freeze({
    anthropic: Object.freeze({
      [DEFAULT_PRICE_TABLE.CHEAP.model]: price(DEFAULT_PRICE_TABLE.CHEAP),
      [DEFAULT_PRICE_TABLE.CAPABLE.model]: price(DEFAULT_PRICE_TABLE.CAPABLE),
      [DEFAULT_PRICE_TABLE.PREMIUM.model]: price(DEFAULT_PRICE_TABLE.PREMIUM),
    }),
    openai: Object.freeze({
      'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6 },
      'gpt-4.1': { inputPerMillion: 2, outputPerMillion: 8 },
      'gpt-5': { inputPerMillion: 1.25, outputPerMillion: 10 },
    }),
    'openai-compatible': Object.freeze({}),
  });

function price(p: TokenPrice): TokenPrice {
  return Object.freeze({ inputPerMillion: p.inputPerMillion, outputPerMillion: p.outputPerMillion });
}

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

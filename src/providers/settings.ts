/**
 * Provider settings: the `provider` key of the configuration file, the command-line flags
 * (`--provider`, `--model-cheap`, `--model-capable`, `--model-premium`, `--max-cost`) and
 * the environment (keys), merged and validated into {@link ProviderSettings}.
 *
 * Flags win over config, config over defaults. No provider named anywhere means offline:
 * {@link resolveProviderSettings} returns `null` and no model is ever called.
 *
 * @module
 */
import { z } from 'zod';
import { UserError } from '../errors.js';
import { TIERS } from '../types.js';
import { DEFAULT_LIMITS, DEFAULT_MODEL_PRICES, DEFAULT_TIER_MODELS, KEY_ENV_VARS } from './defaults.js';
import { PROVIDER_NAMES, type ProviderName, type ProviderSettings, type TierModels } from './types.js';

const price = z.strictObject({
  inputPerMillion: z.number().nonnegative(),
  outputPerMillion: z.number().nonnegative(),
});

/**
 * Schema of the `provider` key of the configuration file (strict). The config-file schema
 * embeds it as `provider: providerConfigSchema.optional()`.
 *
 * @example
 * // empathy.config.json
 * { "provider": { "name": "anthropic", "models": { "PREMIUM": "claude-sonnet-4-5" }, "maxCostUsd": 0.5 } }
 */
export const providerConfigSchema = z.strictObject({
  name: z.enum(['anthropic', 'openai', 'openai-compatible']),
  baseURL: z.url().optional(),
  /** Name of the environment variable that holds the key (default: the provider's usual one). */
  apiKeyEnv: z.string().min(1).optional(),
  /** The key itself (discouraged: prefer the environment). */
  apiKey: z.string().min(1).optional(),
  models: z
    .strictObject({ CHEAP: z.string().min(1), CAPABLE: z.string().min(1), PREMIUM: z.string().min(1) })
    .partial()
    .optional(),
  prices: z.record(z.string().min(1), price).optional(),
  maxCostUsd: z.number().nonnegative().optional(),
  timeoutSeconds: z.number().positive().optional(),
  concurrency: z.number().int().positive().optional(),
  /** The provider's rate limit per tier's model, in requests per minute (held across the workers of a `--queue` run). */
  requestsPerMinute: z
    .strictObject({ CHEAP: z.number().int().positive(), CAPABLE: z.number().int().positive(), PREMIUM: z.number().int().positive() })
    .partial()
    .optional(),
  maxRetries: z.number().int().min(0).max(10).optional(),
  breakerThreshold: z.number().int().positive().optional(),
  breakerCooldownSeconds: z.number().positive().optional(),
  /** Globs of files never sent to the provider (added to the config's top-level `exclude`). */
  exclude: z.array(z.string()).optional(),
});

/** The `provider` key of the configuration file. */
export type ProviderConfig = z.infer<typeof providerConfigSchema>;

/** Command-line overrides. */
export interface ProviderFlags {
  provider?: string;
  modelCheap?: string;
  modelCapable?: string;
  modelPremium?: string;
  /** `--max-cost USD`. */
  maxCost?: number;
  baseURL?: string;
}

/** Settings plus the key (kept apart so settings can be printed). */
export interface ResolvedProvider {
  settings: ProviderSettings;
  /** The API key, or `null` when none is set. Never print or log it. */
  apiKey: string | null;
}

function checkName(name: string, where: string): ProviderName {
  if (!(PROVIDER_NAMES as readonly string[]).includes(name)) {
    throw new UserError(`${where}: unknown provider "${name}"; known: ${PROVIDER_NAMES.join(', ')}`);
  }
  return name as ProviderName;
}

/** Validates a raw `provider` config value; `source` names the file in errors. */
export function parseProviderConfig(raw: unknown, source = 'config'): ProviderConfig {
  const parsed = providerConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = ['provider', ...(issue?.path ?? []).map(String)].join('.');
  throw new UserError(`${source}: ${where}: ${issue?.message ?? 'invalid'}`);
}

/**
 * Merges config, flags and environment. Returns `null` when no provider is named (offline).
 *
 * @throws UserError on an unknown provider, a negative `--max-cost`, an OpenAI-compatible
 *   provider without a base URL or without models for every tier.
 * @example
 * const resolved = resolveProviderSettings({ name: 'anthropic' }, { maxCost: 0.5 }, process.env);
 * resolved?.settings.models.CHEAP; // 'claude-haiku-4-5'
 */
export function resolveProviderSettings(
  config: ProviderConfig | undefined,
  flags: ProviderFlags = {},
  env: Record<string, string | undefined> = {},
): ResolvedProvider | null {
  const named = flags.provider ?? config?.name;
  if (named === undefined) return null;
  const name = checkName(named, flags.provider !== undefined ? '--provider' : 'provider.name');
  // Config values of another provider (e.g. models) do not apply when --provider switches provider.
  const own = config && config.name === name ? config : undefined;
  const defaults = DEFAULT_TIER_MODELS[name];
  const models: Partial<TierModels> = { ...defaults, ...own?.models };
  if (flags.modelCheap) models.CHEAP = flags.modelCheap;
  if (flags.modelCapable) models.CAPABLE = flags.modelCapable;
  if (flags.modelPremium) models.PREMIUM = flags.modelPremium;
  const missing = TIERS.filter((tier) => !models[tier]);
  if (missing.length > 0) {
    throw new UserError(
      `provider ${name} has no default models: set ${missing.map((t) => `--model-${t.toLowerCase()}`).join(', ')} or provider.models in the config`,
    );
  }
  const baseURL = flags.baseURL ?? own?.baseURL ?? null;
  if (name === 'openai-compatible' && baseURL === null) {
    throw new UserError(
      'provider openai-compatible needs a base URL: set provider.baseURL (e.g. http://127.0.0.1:11434/v1 for Ollama)',
    );
  }
  const maxCost = flags.maxCost ?? own?.maxCostUsd ?? null;
  if (maxCost !== null && (!Number.isFinite(maxCost) || maxCost < 0)) {
    throw new UserError(`--max-cost must be a number of US dollars >= 0, got ${String(maxCost)}`);
  }
  const keyEnv = own?.apiKeyEnv ?? KEY_ENV_VARS[name];
  const envKey = env[keyEnv];
  const apiKey = envKey !== undefined && envKey !== '' ? envKey : (own?.apiKey ?? null);
  const keySource = envKey !== undefined && envKey !== '' ? `env:${keyEnv}` : own?.apiKey ? 'config' : null;
  return {
    apiKey,
    settings: {
      name,
      baseURL,
      models: models as TierModels,
      prices: { ...DEFAULT_MODEL_PRICES[name], ...own?.prices },
      maxCostUsd: maxCost,
      timeoutSeconds: own?.timeoutSeconds ?? DEFAULT_LIMITS.timeoutSeconds,
      concurrency: own?.concurrency ?? DEFAULT_LIMITS.concurrency,
      ...(own?.requestsPerMinute ? { requestsPerMinute: own.requestsPerMinute } : {}),
      maxRetries: own?.maxRetries ?? DEFAULT_LIMITS.maxRetries,
      breakerThreshold: own?.breakerThreshold ?? DEFAULT_LIMITS.breakerThreshold,
      breakerCooldownSeconds: own?.breakerCooldownSeconds ?? DEFAULT_LIMITS.breakerCooldownSeconds,
      exclude: own?.exclude ?? [],
      keySource,
    },
  };
}

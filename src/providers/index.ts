/**
 * Model providers: tiers on real models (Anthropic, OpenAI, OpenAI-compatible servers via
 * the Vercel AI SDK v6), the price table, the run budget, retries, the circuit breaker,
 * the concurrency limit, redaction, structured output and model-backed agents.
 *
 * Entry point: {@link createModelRuntime}; `null` means offline (tools only).
 *
 * @example
 * const runtime = createModelRuntime(config, { provider: 'anthropic', maxCost: 0.5 }, process.env);
 * const registry = runtime ? runtime.wrapRegistry(createAnalysisRegistry()) : createAnalysisRegistry();
 *
 * @module
 */
export {
  createModelRuntime,
  type ModelRunReport,
  type ModelRuntime,
  type RuntimeConfig,
  type RuntimeHooks,
} from './runtime.js';
export {
  parseProviderConfig,
  providerConfigSchema,
  resolveProviderSettings,
  type ProviderConfig,
  type ProviderFlags,
  type ResolvedProvider,
} from './settings.js';
export { DEFAULT_LIMITS, DEFAULT_MODEL_PRICES, DEFAULT_TIER_MODELS, KEY_ENV_VARS } from './defaults.js';
export {
  costUsd,
  priceOf,
  tierPriceTable,
  worstCaseCostUsd,
  worstCaseInputTokens,
  PROMPT_OVERHEAD_TOKENS,
} from './prices.js';
export { Budget, type BudgetReport, type BudgetReservation } from './budget.js';
export { CircuitBreaker, type BreakerReport, type BreakerState } from './circuit-breaker.js';
export { ConcurrencyLimit } from './concurrency.js';
export { backoffDelayMs, classifyFailure, retryAfterMs, type RetryOptions } from './retry.js';
export { ModelClient, type ModelClientOptions } from './model-client.js';
export {
  PROVIDERS,
  defineProvider,
  type ProviderConnection,
  type ProviderDefinition,
} from './provider-registry.js';
export {
  DATA_NOTICE,
  SECRET_FILE_GLOBS,
  frameAsData,
  isSecretFile,
  redactSecrets,
  type Redacted,
} from './redaction.js';
export {
  callStructured,
  jsonInstructions,
  parseJsonAnswer,
  type StructuredAttempt,
  type StructuredOutcome,
  type StructuredRequest,
} from './structured.js';
export {
  modelBackedMeans,
  modelNotesSchema,
  wrapRegistryWithModel,
  type ModelMeansOptions,
  type ModelNotes,
} from './model-means.js';
export { buildAgentPrompt, outputTokensFor, type BuiltPrompt } from './prompt-builder.js';
export { UsageLedger, type CallProblem, type UsageSummary } from './usage-ledger.js';
export {
  PROVIDER_NAMES,
  type ModelCallOutcome,
  type ModelCallRequest,
  type ProviderName,
  type ProviderSettings,
  type SkipReason,
  type TierModels,
  type TokenPrice,
} from './types.js';

/**
 * The one entry point the workflows and the CLI call: {@link createModelRuntime} turns the
 * config, flags and environment into a model runtime (client, registry wrapper, usage and
 * budget report), or `null` when no provider is configured (offline: tools only).
 *
 * @module
 */
import { UserError } from '../errors.js';
import type { MeansRegistry } from '../orchestration/agents/means-registry.js';
import type { Tier } from '../types.js';
import type { LanguageModel } from 'ai';
import type { BudgetReport } from './budget.js';
import type { BreakerReport } from './circuit-breaker.js';
import { KEY_ENV_VARS } from './defaults.js';
import { ModelClient, type ModelClientOptions } from './model-client.js';
import { wrapRegistryWithModel } from './model-means.js';
import { PROVIDERS } from './provider-registry.js';
import { parseProviderConfig, resolveProviderSettings, type ProviderFlags } from './settings.js';
import type { ProviderSettings } from './types.js';
import type { UsageSummary } from './usage-ledger.js';

/** The parts of the loaded configuration the runtime reads. */
export interface RuntimeConfig {
  /** The `provider` key (validated here). */
  provider?: unknown;
  /** Top-level excludes: those files are never sent to a provider either. */
  exclude?: string[];
}

/** Test and embedding hooks. */
export interface RuntimeHooks {
  /** Builds the SDK model of a tier (tests: `ScriptedModel.factory`). */
  languageModel?: (tier: Tier, modelId: string) => LanguageModel;
  fetch?: typeof globalThis.fetch;
  retry?: ModelClientOptions['retry'];
  now?: () => number;
}

/** The model part of a run report (wire names snake_case). */
export interface ModelRunReport {
  provider: string;
  models: Record<Tier, string>;
  usage: { input_tokens: number; output_tokens: number; calls: number; cost_usd: number | null };
  per_agent: Record<
    string,
    { input_tokens: number; output_tokens: number; calls: number; cost_usd: number | null }
  >;
  budget: { max_cost_usd: number | null; spent_usd: number; skipped_calls: number };
  breaker: { state: string; opened: number; last_failure: string | null };
  skipped: { agent_id: string; tier: Tier; model: string; reason: string; message: string }[];
  failed: { agent_id: string; tier: Tier; model: string; message: string }[];
}

/** A configured model runtime for one run. */
export interface ModelRuntime {
  settings: ProviderSettings;
  client: ModelClient;
  /** Globs of files never sent to the provider besides the provider's own (the config's `exclude`). */
  exclude: readonly string[];
  /** A registry whose means run their tools, then the model (the original is not changed). */
  wrapRegistry(registry: MeansRegistry): MeansRegistry;
  usage(): UsageSummary;
  budget(): BudgetReport;
  breaker(): BreakerReport;
  /** The usage, budget and breaker figures for the run report. */
  report(): ModelRunReport;
}

function wireUsage(u: { inputTokens: number; outputTokens: number; calls: number; costUsd: number | null }) {
  return { input_tokens: u.inputTokens, output_tokens: u.outputTokens, calls: u.calls, cost_usd: u.costUsd };
}

/**
 * Creates the model runtime of a run, or `null` when no provider is named in flags or config.
 *
 * @throws UserError on invalid provider config or flags, or a provider that needs a key without one.
 * @example
 * const runtime = createModelRuntime(loaded.config, { provider: flags.provider, maxCost: flags.maxCost }, process.env);
 * const registry = runtime ? runtime.wrapRegistry(createAnalysisRegistry()) : createAnalysisRegistry();
 * // ... run the team ...
 * report.model = runtime?.report() ?? null;
 */
export function createModelRuntime(
  config: RuntimeConfig | undefined,
  flags: ProviderFlags = {},
  env: Record<string, string | undefined> = {},
  hooks: RuntimeHooks = {},
): ModelRuntime | null {
  const providerConfig = config?.provider === undefined ? undefined : parseProviderConfig(config.provider);
  const resolved = resolveProviderSettings(providerConfig, flags, env);
  if (!resolved) return null;
  const { settings, apiKey } = resolved;
  if (PROVIDERS[settings.name].needsKey && apiKey === null && !hooks.languageModel) {
    const variable = providerConfig?.apiKeyEnv ?? KEY_ENV_VARS[settings.name];
    throw new UserError(
      `provider ${settings.name} needs an API key: set ${variable} (or run without --provider for tools only)`,
    );
  }
  const client = new ModelClient({ settings, apiKey, ...hooks });
  const exclude = config?.exclude ?? [];
  return {
    settings,
    client,
    exclude,
    wrapRegistry: (registry) => wrapRegistryWithModel(registry, { client, exclude }),
    usage: () => client.ledger.summary(),
    budget: () => client.budget.report(),
    breaker: () => client.breaker.report(),
    report(): ModelRunReport {
      const usage = client.ledger.summary();
      const budget = client.budget.report();
      const breaker = client.breaker.report();
      return {
        provider: settings.name,
        models: { ...settings.models },
        usage: wireUsage(usage.total),
        per_agent: Object.fromEntries(Object.entries(usage.perAgent).map(([k, v]) => [k, wireUsage(v)])),
        budget: {
          max_cost_usd: budget.maxCostUsd,
          spent_usd: budget.spentUsd,
          skipped_calls: budget.skippedCalls,
        },
        breaker: { state: breaker.state, opened: breaker.opened, last_failure: breaker.lastFailure },
        skipped: usage.skipped.map((s) => ({
          agent_id: s.agentId,
          tier: s.tier,
          model: s.model,
          reason: s.kind,
          message: s.message,
        })),
        failed: usage.failed.map((f) => ({
          agent_id: f.agentId,
          tier: f.tier,
          model: f.model,
          message: f.message,
        })),
      };
    },
  };
}

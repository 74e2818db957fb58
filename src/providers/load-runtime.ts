/**
 * Loads the model runtime only when a provider is configured, so a run without a model never
 * loads the AI SDK (about 0.2 s of every command's start).
 *
 * @module
 */
import type { ModelRuntime, RuntimeConfig } from './runtime.js';
import { parseProviderConfig, resolveProviderSettings, type ProviderFlags } from './settings.js';

/**
 * The run's model runtime (`createModelRuntime`), or null when no provider is configured.
 *
 * @throws UserError on a bad provider configuration or a missing API key.
 * @example
 * const runtime = await loadModelRuntime({ provider: config.provider }, providerFlagsFrom(values), process.env);
 */
export async function loadModelRuntime(
  config: RuntimeConfig | undefined,
  flags: ProviderFlags = {},
  env: Record<string, string | undefined> = {},
): Promise<ModelRuntime | null> {
  const providerConfig = config?.provider === undefined ? undefined : parseProviderConfig(config.provider);
  if (!resolveProviderSettings(providerConfig, flags, env)) return null;
  return (await import('./runtime.js')).createModelRuntime(config, flags, env);
}

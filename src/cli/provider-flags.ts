/**
 * The model-provider options of the commands that can use a model (`providers`, `orchestrate
 * run`, `orchestrate release-prep`, `orchestrate test-coverage`). Kept apart from the provider
 * code so that a command run without a model never loads the AI SDK.
 *
 * @module
 */
import type { ProviderFlags } from '../providers/settings.js';
import { parseNumber } from './args.js';

/** The model-provider options shared by `providers`, `orchestrate run` and `orchestrate release-prep`. */
export const PROVIDER_OPTIONS = {
  provider: { type: 'string' },
  'model-cheap': { type: 'string' },
  'model-capable': { type: 'string' },
  'model-premium': { type: 'string' },
  'base-url': { type: 'string' },
  'max-cost': { type: 'string' },
} as const;

/** Help lines of {@link PROVIDER_OPTIONS}. */
export const PROVIDER_HELP = `  --provider NAME          Use a model: anthropic, openai or openai-compatible (default: none, offline)
  --model-cheap ID         Model of the CHEAP tier (likewise --model-capable, --model-premium)
  --base-url URL           Provider base URL (openai-compatible servers such as Ollama, vLLM)
  --max-cost USD           Budget of the run's model calls in US dollars (never exceeded)
`;

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Reads the provider flags of a command's parsed values (shared with `orchestrate`). */
export function providerFlagsFrom(values: Record<string, unknown>): ProviderFlags {
  const flags: ProviderFlags = {};
  const provider = str(values['provider']);
  if (provider !== undefined) flags.provider = provider;
  const cheap = str(values['model-cheap']);
  if (cheap !== undefined) flags.modelCheap = cheap;
  const capable = str(values['model-capable']);
  if (capable !== undefined) flags.modelCapable = capable;
  const premium = str(values['model-premium']);
  if (premium !== undefined) flags.modelPremium = premium;
  const baseURL = str(values['base-url']);
  if (baseURL !== undefined) flags.baseURL = baseURL;
  const maxCost = str(values['max-cost']);
  if (maxCost !== undefined) flags.maxCost = parseNumber('--max-cost', maxCost, { min: 0 });
  return flags;
}

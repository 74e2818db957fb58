/**
 * The explicit registry of model providers, each on the Vercel AI SDK v6: Anthropic
 * (Messages API), OpenAI (chat completions) and any OpenAI-compatible server (Ollama, vLLM,
 * LM Studio) by base URL. A provider turns a model id into an SDK language model.
 *
 * @module
 */
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import { UserError } from '../errors.js';
import type { ProviderName } from './types.js';

/** What a provider needs to build its models. */
export interface ProviderConnection {
  /** The key, or `null` (the SDK must then not look for one itself: we always pass it). */
  apiKey: string | null;
  /** Base URL, or `null` for the provider's default. */
  baseURL: string | null;
  /** A custom fetch (tests, proxies). */
  fetch?: typeof globalThis.fetch;
}

/** One provider of the registry. */
export interface ProviderDefinition {
  name: ProviderName;
  /** One line for `empathy providers`. */
  description: string;
  /** Whether calls need a key. */
  needsKey: boolean;
  /** A factory of language models for this connection. */
  connect(connection: ProviderConnection): (modelId: string) => LanguageModel;
}

/** Creates a validated {@link ProviderDefinition}. */
export function defineProvider(definition: ProviderDefinition): ProviderDefinition {
  if (typeof definition.connect !== 'function')
    throw new UserError(`provider ${definition.name} needs connect()`);
  return definition;
}

function optional(value: string | null): string | undefined {
  return value === null ? undefined : value;
}

/** The built-in providers. */
export const PROVIDERS: Readonly<Record<ProviderName, ProviderDefinition>> = Object.freeze({
  anthropic: defineProvider({
    name: 'anthropic',
    description: 'Anthropic Messages API (Claude models)',
    needsKey: true,
    connect: ({ apiKey, baseURL, fetch }) => {
      // An empty string rather than undefined: the SDK would otherwise read the environment itself.
      const provider = createAnthropic({ apiKey: apiKey ?? '', baseURL: optional(baseURL), fetch });
      return (modelId) => provider(modelId);
    },
  }),
  openai: defineProvider({
    name: 'openai',
    description: 'OpenAI chat completions API',
    needsKey: true,
    connect: ({ apiKey, baseURL, fetch }) => {
      const provider = createOpenAI({ apiKey: apiKey ?? '', baseURL: optional(baseURL), fetch });
      return (modelId) => provider.chat(modelId);
    },
  }),
  'openai-compatible': defineProvider({
    name: 'openai-compatible',
    description: 'Any OpenAI-compatible chat completions server (Ollama, vLLM, LM Studio) by base URL',
    needsKey: false,
    connect: ({ apiKey, baseURL, fetch }) => {
      if (baseURL === null)
        throw new UserError('provider openai-compatible needs a base URL (provider.baseURL)');
      const provider = createOpenAICompatible({
        name: 'openai-compatible',
        baseURL,
        apiKey: optional(apiKey),
        fetch,
        includeUsage: true,
      });
      return (modelId) => provider.chatModel(modelId);
    },
  }),
});

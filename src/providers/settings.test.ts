import { describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { createModelRuntime } from './runtime.js';
import { parseProviderConfig, resolveProviderSettings } from './settings.js';

describe('resolveProviderSettings', () => {
  it('is offline (null) when no provider is named, even with a key in the environment', () => {
    expect(resolveProviderSettings(undefined, {}, { ANTHROPIC_API_KEY: 'k' })).toBeNull();
    expect(createModelRuntime({}, {}, { OPENAI_API_KEY: 'k' })).toBeNull();
  });
  it('merges defaults, config and flags (flags win)', () => {
    const resolved = resolveProviderSettings(
      { name: 'anthropic', models: { CAPABLE: 'claude-x' }, maxCostUsd: 2 },
      { modelPremium: 'claude-y', maxCost: 0.5 },
      { ANTHROPIC_API_KEY: 'secret' },
    )!;
    expect(resolved.settings.models).toEqual({
      CHEAP: 'claude-haiku-4-5',
      CAPABLE: 'claude-x',
      PREMIUM: 'claude-y',
    });
    expect(resolved.settings.maxCostUsd).toBe(0.5);
    expect(resolved.settings.keySource).toBe('env:ANTHROPIC_API_KEY');
    expect(resolved.apiKey).toBe('secret');
    expect(JSON.stringify(resolved.settings)).not.toContain('secret');
  });
  it("--provider switches provider and ignores the other provider's config", () => {
    const resolved = resolveProviderSettings(
      { name: 'anthropic', models: { CHEAP: 'claude-x' } },
      { provider: 'openai' },
      {},
    )!;
    expect(resolved.settings.models.CHEAP).toBe('gpt-4o-mini');
    expect(resolved.settings.prices['gpt-4o-mini']).toEqual({ inputPerMillion: 0.15, outputPerMillion: 0.6 });
  });
  it.each([
    [
      () => resolveProviderSettings(undefined, { provider: 'gemini' }),
      /--provider: unknown provider "gemini"/,
    ],
    [
      () => resolveProviderSettings({ name: 'openai-compatible' }, {}),
      /openai-compatible has no default models/,
    ],
    [
      () =>
        resolveProviderSettings(
          { name: 'openai-compatible', models: { CHEAP: 'a', CAPABLE: 'b', PREMIUM: 'c' } },
          {},
        ),
      /needs a base URL/,
    ],
    [() => resolveProviderSettings({ name: 'openai' }, { maxCost: -1 }), /--max-cost must be/],
    [
      () => parseProviderConfig({ name: 'openai', concurency: 2 }, 'empathy.config.json'),
      /empathy.config.json: provider: Unrecognized key/,
    ],
    [
      () => createModelRuntime({ provider: { name: 'anthropic' } }, {}, {}),
      /needs an API key: set ANTHROPIC_API_KEY/,
    ],
  ])('rejects bad input with a UserError (%#)', (call, message) => {
    expect(call).toThrow(UserError);
    expect(call).toThrow(message);
  });
  it('gives a model without a price an unknown cost, and refuses to call it under --max-cost', async () => {
    const runtime = createModelRuntime(
      {
        provider: {
          name: 'openai-compatible',
          baseURL: 'http://127.0.0.1:9/v1',
          models: { CHEAP: 'llama', CAPABLE: 'llama', PREMIUM: 'llama' },
          maxCostUsd: 1,
        },
      },
      {},
      {},
    )!;
    const outcome = await runtime.client.call({
      tier: 'CHEAP',
      system: 's',
      prompt: 'p',
      maxOutputTokens: 10,
      agentId: 'a',
    });
    expect(outcome).toMatchObject({ status: 'skipped', reason: 'unknown_price' });
    expect(runtime.budget().skippedCalls).toBe(1);
  });
});

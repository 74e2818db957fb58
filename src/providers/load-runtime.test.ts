import { describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { loadModelRuntime } from './load-runtime.js';

describe('loadModelRuntime', () => {
  it('is null without a provider in the config, the flags or the environment', async () => {
    expect(await loadModelRuntime(undefined, {}, {})).toBeNull();
    expect(await loadModelRuntime({ exclude: ['secrets/**'] }, {}, { PATH: '/usr/bin' })).toBeNull();
  });

  it('creates the runtime of a configured provider, and fails on a missing key', async () => {
    const runtime = await loadModelRuntime(
      undefined,
      { provider: 'anthropic' },
      { ANTHROPIC_API_KEY: 'sk-test' },
    );
    expect(runtime?.settings.name).toBe('anthropic');
    await expect(loadModelRuntime(undefined, { provider: 'openai' }, {})).rejects.toThrow(UserError);
  });
});

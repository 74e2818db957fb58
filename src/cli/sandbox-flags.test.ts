import { afterEach, describe, expect, it } from 'vitest';
import { configureSandbox, sandboxPolicy } from '../core/sandbox/index.js';
import { applySandboxFlags } from './sandbox-flags.js';

afterEach(() => {
  configureSandbox({ mode: 'auto' });
});

describe('applySandboxFlags', () => {
  it('defaults to auto with no extra variables, and sets the process-wide policy', async () => {
    expect(await applySandboxFlags({}, {})).toEqual({ mode: 'auto', env: { keep: [], drop: [] } });
    expect(sandboxPolicy().mode).toBe('auto');
  });

  it('takes --sandbox over EMPATHY_SANDBOX, and comma lists or repeated --keep-env/--drop-env', async () => {
    expect((await applySandboxFlags({}, { EMPATHY_SANDBOX: 'off' })).mode).toBe('off');
    const policy = await applySandboxFlags({ sandbox: 'off', 'keep-env': ['A,B', 'C'], 'drop-env': ['LANG'] }, { EMPATHY_SANDBOX: 'auto' });
    expect(policy).toEqual({ mode: 'off', env: { keep: ['A', 'B', 'C'], drop: ['LANG'] } });
    expect(sandboxPolicy()).toEqual(policy);
  });

  it('rejects an unknown mode with a one-line usage error', async () => {
    await expect(applySandboxFlags({ sandbox: 'none' }, {})).rejects.toThrow('--sandbox must be one of auto, require, off, got "none"');
    await expect(applySandboxFlags({}, { EMPATHY_SANDBOX: 'strict' })).rejects.toThrow(/got "strict"/);
  });
});

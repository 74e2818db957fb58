import { describe, expect, it } from 'vitest';
import { addUsage, emptyUsage, normaliseUsage } from './usage.js';

describe('usage arithmetic', () => {
  it('normalises reported usage: missing counts are 0, model work without a price is cost unknown', () => {
    expect(normaliseUsage(undefined)).toEqual(emptyUsage());
    expect(normaliseUsage({ inputTokens: 10, outputTokens: -3, calls: Number.NaN })).toEqual({
      inputTokens: 10,
      outputTokens: 0,
      calls: 0,
      costUsd: null,
    });
    expect(normaliseUsage({ calls: 1, costUsd: 0.25 })).toEqual({
      inputTokens: 0,
      outputTokens: 0,
      calls: 1,
      costUsd: 0.25,
    });
    expect(normaliseUsage({ costUsd: -1 })).toEqual(emptyUsage());
  });

  it('adds usages, and an unknown cost makes the sum unknown', () => {
    const a = { inputTokens: 1, outputTokens: 2, calls: 1, costUsd: 0.5 };
    expect(addUsage(a, a)).toEqual({ inputTokens: 2, outputTokens: 4, calls: 2, costUsd: 1 });
    expect(addUsage(a, { ...a, costUsd: null }).costUsd).toBeNull();
  });
});

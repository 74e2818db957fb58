import { describe, expect, it } from 'vitest';
import { APICallError } from 'ai';
import { Budget } from './budget.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { ConcurrencyLimit } from './concurrency.js';
import { backoffDelayMs, classifyFailure, retryAfterMs } from './retry.js';
import { costUsd, worstCaseCostUsd, worstCaseInputTokens } from './prices.js';

describe('Budget', () => {
  it('refuses a reservation that would cross the limit, counting it as skipped', () => {
    const budget = new Budget(1);
    const a = budget.reserve(0.6)!;
    expect(budget.reserve(0.5)).toBeNull(); // 0.6 reserved + 0.5 > 1
    a.settle(0.2);
    const b = budget.reserve(0.5)!;
    b.release();
    expect(budget.report()).toEqual({ maxCostUsd: 1, spentUsd: 0.2, skippedCalls: 1 });
  });
  it('has no limit when maxCostUsd is null', () => {
    expect(new Budget(null).reserve(1e9)).not.toBeNull();
  });
});

describe('CircuitBreaker', () => {
  it('opens after the threshold, lets one trial through after the cooldown, closes on success', () => {
    let now = 0;
    const breaker = new CircuitBreaker(2, 1000, () => now);
    breaker.failure('a');
    expect(breaker.allow()).toBe(true);
    breaker.failure('b');
    expect(breaker.report()).toMatchObject({ state: 'open', opened: 1, lastFailure: 'b' });
    expect(breaker.allow()).toBe(false);
    now = 1000;
    expect(breaker.allow()).toBe(true); // the trial
    expect(breaker.allow()).toBe(false); // only one at a time
    breaker.failure('c');
    expect(breaker.report()).toMatchObject({ state: 'open', opened: 2 });
    now = 2000;
    expect(breaker.allow()).toBe(true);
    breaker.success();
    expect(breaker.report().state).toBe('closed');
  });
});

describe('ConcurrencyLimit', () => {
  it('never runs more than the limit at once', async () => {
    const limit = new ConcurrencyLimit(2);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        limit.run(async () => {
          active += 1;
          peak = Math.max(peak, active);
          await new Promise((r) => setTimeout(r, 2));
          active -= 1;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(limit.peak).toBe(2);
  });
});

describe('retry', () => {
  const error = (status: number, headers: Record<string, string> = {}) =>
    new APICallError({
      message: 'x',
      url: 'u',
      requestBodyValues: {},
      statusCode: status,
      responseHeaders: headers,
    });
  it('parses Retry-After seconds, HTTP dates and retry-after-ms', () => {
    expect(retryAfterMs({ 'Retry-After': '3' })).toBe(3000);
    expect(retryAfterMs({ 'retry-after': new Date(10_000).toUTCString() }, 4000)).toBe(6000);
    expect(retryAfterMs({ 'retry-after-ms': '250', 'retry-after': '9' })).toBe(250);
    expect(retryAfterMs({ 'retry-after': 'soon' })).toBeNull();
  });
  it('retries 429, 408 and 5xx, not other 4xx or malformed answers', () => {
    expect(classifyFailure(error(429), false).retryable).toBe(true);
    expect(classifyFailure(error(503), false).retryable).toBe(true);
    expect(classifyFailure(error(400), false).retryable).toBe(false);
    expect(classifyFailure(error(401), false).retryable).toBe(false);
    expect(classifyFailure(new Error('bad json'), false).retryable).toBe(false);
    expect(classifyFailure(new Error('aborted'), true)).toMatchObject({
      retryable: true,
      message: 'timed out',
    });
  });
  it('backs off exponentially with jitter, and waits at least Retry-After', () => {
    const failure = classifyFailure(error(500), false);
    const delays = [0, 1, 2].map((r) =>
      backoffDelayMs(r, failure, { maxRetries: 3, baseDelayMs: 100, random: () => 0 }),
    );
    expect(delays).toEqual([50, 100, 200]);
    expect(backoffDelayMs(0, failure, { maxRetries: 3, baseDelayMs: 100, random: () => 0.999 })).toBeCloseTo(
      99.95,
    );
    expect(
      backoffDelayMs(5, failure, { maxRetries: 9, baseDelayMs: 100, maxDelayMs: 1000, random: () => 1 }),
    ).toBe(1000);
    const limited = classifyFailure(error(429, { 'retry-after': '2' }), false);
    expect(backoffDelayMs(0, limited, { maxRetries: 3, baseDelayMs: 100 })).toBe(2000);
  });
});

describe('prices', () => {
  it('costs tokens at dollars per million, unknown without a price', () => {
    expect(costUsd({ inputPerMillion: 3, outputPerMillion: 15 }, 1000, 200)).toBeCloseTo(0.006, 12);
    expect(costUsd(null, 1000, 200)).toBeNull();
  });
  it('takes one token per input byte plus overhead and the full output cap as the worst case', () => {
    expect(worstCaseInputTokens('abc', 'é')).toBe(3 + 2 + 64);
    expect(worstCaseCostUsd({ inputPerMillion: 1e6, outputPerMillion: 1e6 }, 'ab', 'c', 10)).toBe(
      3 + 64 + 10,
    );
  });
});

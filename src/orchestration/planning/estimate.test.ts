import { describe, expect, it } from 'vitest';
import { UserError } from '../../errors.js';
import type { AgentTemplate, Tier } from '../../types.js';
import { estimateCost, estimateDuration } from './estimate.js';
import { DEFAULT_PRICE_TABLE, TIER_UNITS, resolvePriceTable, tokenCostUsd } from './pricing.js';
import { createTemplate } from '../agents/template-registry.js';

const agent = (
  id: string,
  tier: Tier,
  timeoutSeconds: number,
  maxTokens = 10_000,
  minTokens = 1_000,
): AgentTemplate =>
  createTemplate({
    id,
    role: id,
    capabilities: ['x'],
    tierPreference: tier,
    defaultInstructions: 'test agent',
    resourceRequirements: { timeoutSeconds, maxTokens, minTokens },
  });

const a = agent('a', 'CHEAP', 300);
const b = agent('b', 'CAPABLE', 600);
const c = agent('c', 'PREMIUM', 900);

describe('estimateDuration', () => {
  it.each([
    ['sequential', 1800],
    ['refinement', 1800],
    ['teaching', 1800],
    ['parallel', 900],
    ['debate', 900],
    ['adaptive', 300 + 900],
  ] as const)('%s over 300/600/900 s deadlines -> %i s', (strategy, seconds) => {
    expect(estimateDuration([a, b, c], strategy)).toBe(seconds);
  });

  it('adaptive takes the classifier plus the slowest specialist, wherever it is', () => {
    expect(estimateDuration([b, c, a], 'adaptive')).toBe(600 + 900);
    expect(estimateDuration([a, b], 'adaptive')).toBe(900);
  });

  it('is 0 for no agents', () => {
    expect(estimateDuration([], 'parallel')).toBe(0);
    expect(estimateDuration([], 'sequential')).toBe(0);
  });
});

describe('estimateCost', () => {
  // 10,000-token budget: 8,000 in, 2,000 out. CHEAP $1/$5, CAPABLE $3/$15, PREMIUM $5/$25 per million.
  const cheap = (8_000 * 1 + 2_000 * 5) / 1e6; // 0.018
  const capable = (8_000 * 3 + 2_000 * 15) / 1e6; // 0.054
  const premium = (8_000 * 5 + 2_000 * 25) / 1e6; // 0.09

  it('prices each agent from its token budget and tier', () => {
    const cost = estimateCost([a, b, c], 'sequential');
    expect(cost.breakdown.map((x) => x.usd)).toEqual([cheap, capable, premium]);
    expect(cost.breakdown[0]).toMatchObject({
      agentId: 'a',
      tier: 'CHEAP',
      model: 'claude-haiku-4-5',
      inputTokens: 8_000,
      outputTokens: 2_000,
      minUsd: (800 * 1 + 200 * 5) / 1e6,
      tierUnits: 1,
      seconds: 300,
      counted: true,
    });
    expect(cost.usd).toBeCloseTo(cheap + capable + premium, 9);
    expect(cost.tierUnits).toBe(1 + 3 + 5);
  });

  it.each(['sequential', 'parallel', 'debate', 'teaching', 'refinement'] as const)(
    '%s pays for every agent',
    (strategy) => {
      expect(estimateCost([a, b, c], strategy).usd).toBeCloseTo(cheap + capable + premium, 9);
    },
  );

  it('adaptive pays for the classifier and the most expensive specialist only', () => {
    const cost = estimateCost([a, b, c], 'adaptive');
    expect(cost.usd).toBeCloseTo(cheap + premium, 9);
    expect(cost.tierUnits).toBe(TIER_UNITS.CHEAP + TIER_UNITS.PREMIUM);
    expect(cost.breakdown.map((x) => x.counted)).toEqual([true, false, true]);
  });

  it('uses an overridden price table', () => {
    const table = resolvePriceTable({ CHEAP: { inputPerMillion: 10, outputPerMillion: 10, model: 'local' } });
    const cost = estimateCost([a], 'sequential', table);
    expect(cost.usd).toBeCloseTo((10_000 * 10) / 1e6, 9);
    expect(cost.breakdown[0]?.model).toBe('local');
    expect(table.CAPABLE).toEqual(DEFAULT_PRICE_TABLE.CAPABLE);
  });
});

describe('pricing', () => {
  it('computes token costs per tier', () => {
    expect(tokenCostUsd('CAPABLE', 12_800, 3_200)).toBeCloseTo(0.0864, 9);
    expect(tokenCostUsd('PREMIUM', 1_000_000, 0)).toBe(5);
  });

  it('rejects bad overrides', () => {
    expect(() => resolvePriceTable({ GOLD: { inputPerMillion: 1 } })).toThrow(UserError);
    expect(() => resolvePriceTable({ CHEAP: { inputPerMillion: -1 } })).toThrow(
      /CHEAP.inputPerMillion must be a number >= 0/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { compareByEvidence, wilsonLowerBound } from './wilson.js';

describe('wilsonLowerBound', () => {
  it('matches hand-computed 95% bounds', () => {
    // p = 1, n = 1: (1 + z²/2 - z·sqrt(z²/4)) / (1 + z²) = 1 / (1 + z²)
    expect(wilsonLowerBound(1, 1)).toBeCloseTo(1 / (1 + 1.959963984540054 ** 2), 12);
    expect(wilsonLowerBound(1, 1)).toBeCloseTo(0.2065, 4);
    expect(wilsonLowerBound(50, 51)).toBeCloseTo(0.897, 3);
    expect(wilsonLowerBound(3, 3)).toBeCloseTo(0.4385, 4);
    expect(wilsonLowerBound(4, 5)).toBeCloseTo(0.3755, 4);
  });

  it('is 0 without trials or successes, and clamps impossible counts', () => {
    expect(wilsonLowerBound(0, 0)).toBe(0);
    expect(wilsonLowerBound(0, 10)).toBe(0);
    expect(wilsonLowerBound(12, 10)).toBe(wilsonLowerBound(10, 10));
    expect(wilsonLowerBound(-1, 10)).toBe(0);
  });

  it('grows with evidence at the same rate', () => {
    expect(wilsonLowerBound(8, 10)).toBeLessThan(wilsonLowerBound(80, 100));
    expect(wilsonLowerBound(80, 100)).toBeLessThan(wilsonLowerBound(800, 1000));
    expect(wilsonLowerBound(800, 1000)).toBeLessThan(0.8);
  });
});

describe('compareByEvidence', () => {
  const rec = (id: string, successCount: number, usageCount: number, avgQualityScore = 50) => ({
    id,
    successCount,
    usageCount,
    avgQualityScore,
  });

  it('puts 50/51 before 1/1 and breaks ties by quality, uses, then id', () => {
    const sorted = [
      rec('lucky', 1, 1, 100),
      rec('proven', 50, 51),
      rec('z', 5, 5, 60),
      rec('a', 5, 5, 60),
      rec('better', 5, 5, 70),
    ].sort(compareByEvidence);
    expect(sorted.map((r) => r.id)).toEqual(['proven', 'better', 'a', 'z', 'lucky']);
  });
});

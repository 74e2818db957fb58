import { describe, expect, it } from 'vitest';
import { complexityMinutes, debtRatioPct, scoreFromRatio } from './score.js';

describe('quality score mapping', () => {
  it.each([
    [0, 10],
    [5, 8.5],
    [10, 7],
    [20, 5],
    [50, 2],
    [100, 0],
    [150, 0],
    // between the points: linear
    [2.5, 9.25],
    [15, 6],
    [35, 3.5],
    [75, 1],
  ])('ratio %d%% -> %d', (ratio, score) => {
    expect(scoreFromRatio(ratio)).toBe(score);
  });

  it('is monotonic and rejects invalid ratios', () => {
    let previous = 11;
    for (let ratio = 0; ratio <= 120; ratio += 0.5) {
      const score = scoreFromRatio(ratio);
      expect(score).toBeLessThanOrEqual(previous);
      previous = score;
    }
    expect(() => scoreFromRatio(-1)).toThrow(RangeError);
    expect(() => scoreFromRatio(Number.NaN)).toThrow(RangeError);
  });

  it('computes the debt ratio over LOC x 30 minutes', () => {
    expect(debtRatioPct(150, 100)).toBe(5);
    expect(() => debtRatioPct(1, 0)).toThrow(RangeError);
  });

  it('charges complexity over 15 as 5 min + 1 per point', () => {
    expect(complexityMinutes(15)).toBe(0);
    expect(complexityMinutes(16)).toBe(6);
    expect(complexityMinutes(23)).toBe(13);
  });
});
